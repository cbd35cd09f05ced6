// The GPT lineage and other decoders with LayerNorm (with bias) and plain two-matrix MLPs: GPT-2,
// GPT-BigCode (multi-query), GPT-Neo (local layers), GPT-NeoX, GPT-J, CodeGen, Falcon, BLOOM, OPT,
// XGLM, BioGPT, Phi, StarCoder2, Persimmon. Their layouts differ in names and fused projections;
// each builder below lists its tensors in transformers' order.
import { ConfigError } from '../spec';
import { decoderHead, layerTypes } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import { decoderLM, maxPositions } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';

interface Dims {
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
  width: number;
}

function dims(c: ConfigReader, kvHeads?: number, widthField = 'intermediate_size'): Dims {
  const hidden = c.int('hidden_size', 'hidden size');
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const heads = c.int('num_attention_heads', 'number of attention heads');
  if (hidden % heads !== 0) throw new ConfigError(`hidden size ${hidden} is not divisible by ${heads} attention heads`, 'num_attention_heads');
  const width = c.optInt(widthField, 'MLP width') ?? 4 * hidden;
  return { hidden, layers, heads, kvHeads: kvHeads ?? heads, headDim: hidden / heads, vocab: c.int('vocab_size', 'vocabulary size'), width };
}

function summary(c: ConfigReader, ctx: BuildContext, d: Dims, o: { lmHead: boolean; tied: boolean; window?: number; slidingLayers?: number }): Summary {
  return {
    attentionKind: 'causal',
    hidden: d.hidden,
    layers: d.layers,
    heads: d.heads,
    kvHeads: d.kvHeads,
    headDim: d.headDim,
    vocab: d.vocab,
    maxPositions: maxPositions(c, ctx),
    mlpWidth: d.width,
    gatedMlp: false,
    activation: c.str('activation_function', c.str('hidden_act', c.str('activation', 'gelu'))),
    head: o.lmHead ? 'lm' : 'none',
    tiedEmbeddings: o.tied,
    ...(o.window !== undefined && o.slidingLayers ? { slidingWindow: o.window, slidingLayers: o.slidingLayers } : {}),
  };
}

/** The tail every builder here shares: final LayerNorm (with bias), the LM head (tied to the input embedding when tie_word_embeddings), the summary. */
function finish(c: ConfigReader, ctx: BuildContext, d: Dims, o: { prefix: string; lmHead: boolean; tied: boolean; finalNorm: string | null; normBias?: boolean; embed: string; head?: string; headBias?: boolean; window?: number; slidingLayers?: number }): Summary {
  if (o.finalNorm !== null) ctx.b.norm(`${o.prefix}${o.finalNorm}`, d.hidden, o.normBias ?? true);
  if (o.lmHead) ctx.b.head(o.head ?? 'lm_head', d.vocab, d.hidden, o.tied ? `${o.prefix}${o.embed}.weight` : undefined, !!o.headBias);
  return summary(c, ctx, d, o);
}

function causal(b: InventoryBuilder, l: number, d: Dims, window?: number): void {
  b.attend(l, window !== undefined ? 'sliding' : 'full', { heads: d.heads, qkDim: d.headDim, ...(window !== undefined ? { window } : {}), cachePerToken: 2 * d.kvHeads * d.headDim });
}

/** GPT-2 (and GPT-SW3): Conv1D weights stored [in, out], learned positions, tied head. */
function gpt2(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c, undefined, 'n_inner');
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}wte`, d.vocab, d.hidden).embedding(`${prefix}wpe`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.norm(`${p}.ln_1`, d.hidden, true, l);
    b.conv1d(`${p}.attn.c_attn`, 3 * d.hidden, d.hidden, 'attention', l).conv1d(`${p}.attn.c_proj`, d.hidden, d.hidden, 'attention', l);
    b.norm(`${p}.ln_2`, d.hidden, true, l);
    if (c.bool('add_cross_attention', false)) throw new ConfigError('add_cross_attention = true (GPT-2 as a decoder of an encoder–decoder) is not declared', 'add_cross_attention');
    b.conv1d(`${p}.mlp.c_fc`, d.width, d.hidden, 'mlp', l).conv1d(`${p}.mlp.c_proj`, d.hidden, d.width, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'wte' });
}

/** GPT-BigCode (SantaCoder/StarCoder): GPT-2 with nn.Linear and multi-query attention. */
function bigcode(c: ConfigReader, ctx: BuildContext): Summary {
  const mq = c.bool('multi_query', true);
  const d0 = dims(c, undefined, 'n_inner');
  const d = { ...d0, kvHeads: mq ? 1 : d0.heads };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}wte`, d.vocab, d.hidden).embedding(`${prefix}wpe`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.norm(`${p}.ln_1`, d.hidden, true, l);
    b.linear(`${p}.attn.c_attn`, d.hidden + 2 * d.kvHeads * d.headDim, d.hidden, true, 'attention', l).linear(`${p}.attn.c_proj`, d.hidden, d.hidden, true, 'attention', l);
    b.norm(`${p}.ln_2`, d.hidden, true, l);
    b.linear(`${p}.mlp.c_fc`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.mlp.c_proj`, d.hidden, d.width, true, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'wte' });
}

/** GPT-NeoX (Pythia): fused query_key_value, parallel residual, untied embed_out → lm_head. */
function neox(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', false);
  const bias = c.bool('attention_bias', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'gpt_neox', ctx.leaveOut);
  b.embedding(`${prefix}embed_in`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}layers.${l}`;
    b.norm(`${p}.input_layernorm`, d.hidden, true, l).norm(`${p}.post_attention_layernorm`, d.hidden, true, l);
    b.linear(`${p}.attention.query_key_value`, 3 * d.hidden, d.hidden, bias, 'attention', l).linear(`${p}.attention.dense`, d.hidden, d.hidden, bias, 'attention', l);
    b.linear(`${p}.mlp.dense_h_to_4h`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.mlp.dense_4h_to_h`, d.hidden, d.width, true, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'final_layer_norm', embed: 'embed_in' });
}

/** GPT-J and CodeGen: one LayerNorm per layer (parallel attention and MLP), rotary, biased LM head. */
const gptjLike =
  (fusedQkv: boolean) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const d = dims(c, undefined, 'n_inner');
    const { b } = ctx;
    const tied = c.bool('tie_word_embeddings', false);
    const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
    b.embedding(`${prefix}wte`, d.vocab, d.hidden);
    for (let l = 0; l < d.layers; l++) {
      const p = `${prefix}h.${l}`;
      b.norm(`${p}.ln_1`, d.hidden, true, l);
      if (fusedQkv) b.linear(`${p}.attn.qkv_proj`, 3 * d.hidden, d.hidden, false, 'attention', l);
      else for (const n of ['k_proj', 'v_proj', 'q_proj']) b.linear(`${p}.attn.${n}`, d.hidden, d.hidden, false, 'attention', l);
      b.linear(`${p}.attn.out_proj`, d.hidden, d.hidden, false, 'attention', l);
      b.linear(`${p}.mlp.fc_in`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.mlp.fc_out`, d.hidden, d.width, true, 'mlp', l);
      causal(b, l, d);
    }
    return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'wte', headBias: true });
  };

/** Falcon: fused QKV (multi-query in the 7B layout, grouped in the new 40B/180B layout), ALiBi or rotary. */
function falcon(c: ConfigReader, ctx: BuildContext): Summary {
  const newArch = c.bool('new_decoder_architecture', false);
  const d0 = dims(c, undefined, 'ffn_hidden_size');
  const kvHeads = newArch ? c.int('num_kv_heads', 'number of key/value heads', d0.heads) : c.bool('multi_query', true) ? 1 : d0.heads;
  const d = { ...d0, kvHeads };
  const { b } = ctx;
  const bias = c.bool('bias', false);
  const tied = c.bool('tie_word_embeddings', true);
  const parallel = c.bool('parallel_attn', true);
  const lnInParallel = c.get('num_ln_in_parallel_attn') ?? (newArch ? 2 : 1);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}word_embeddings`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.linear(`${p}.self_attention.query_key_value`, (d.heads + 2 * kvHeads) * d.headDim, d.hidden, bias, 'attention', l);
    b.linear(`${p}.self_attention.dense`, d.hidden, d.hidden, bias, 'attention', l);
    b.linear(`${p}.mlp.dense_h_to_4h`, d.width, d.hidden, bias, 'mlp', l).linear(`${p}.mlp.dense_4h_to_h`, d.hidden, d.width, bias, 'mlp', l);
    if (newArch && lnInParallel === 2) b.norm(`${p}.ln_attn`, d.hidden, true, l).norm(`${p}.ln_mlp`, d.hidden, true, l);
    else {
      b.norm(`${p}.input_layernorm`, d.hidden, true, l);
      if (!parallel) b.norm(`${p}.post_attention_layernorm`, d.hidden, true, l);
    }
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'word_embeddings' });
}

/** BLOOM: ALiBi, an embedding LayerNorm, fused query_key_value, 4h MLP, tied head. */
function bloom(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}word_embeddings`, d.vocab, d.hidden).norm(`${prefix}word_embeddings_layernorm`, d.hidden, true);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.norm(`${p}.input_layernorm`, d.hidden, true, l);
    b.linear(`${p}.self_attention.query_key_value`, 3 * d.hidden, d.hidden, true, 'attention', l).linear(`${p}.self_attention.dense`, d.hidden, d.hidden, true, 'attention', l);
    b.norm(`${p}.post_attention_layernorm`, d.hidden, true, l);
    b.linear(`${p}.mlp.dense_h_to_4h`, 4 * d.hidden, d.hidden, true, 'mlp', l).linear(`${p}.mlp.dense_4h_to_h`, d.hidden, 4 * d.hidden, true, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, { ...d, width: 4 * d.hidden }, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'word_embeddings' });
}

/** fairseq-style decoder layers (OPT, XGLM, BioGPT): q/k/v/out_proj with biases, fc1/fc2, two LayerNorms. */
function fairseqLayer(b: InventoryBuilder, p: string, l: number, d: Dims, bias: boolean, affine: boolean): void {
  for (const n of ['k_proj', 'v_proj', 'q_proj', 'out_proj']) b.linear(`${p}.self_attn.${n}`, d.hidden, d.hidden, bias, 'attention', l);
  if (affine) b.norm(`${p}.self_attn_layer_norm`, d.hidden, bias, l);
  b.linear(`${p}.fc1`, d.width, d.hidden, bias, 'mlp', l).linear(`${p}.fc2`, d.hidden, d.width, bias, 'mlp', l);
  if (affine) b.norm(`${p}.final_layer_norm`, d.hidden, bias, l);
  causal(b, l, d);
}

/** OPT: learned positions with an offset of 2, optional project_in/out (350M), final LayerNorm when pre-norm. */
function opt(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c, undefined, 'ffn_dim');
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const bias = c.bool('enable_bias', true);
  const affine = c.bool('layer_norm_elementwise_affine', true);
  const proj = c.int('word_embed_proj_dim', 'embedding width', d.hidden);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  const p0 = `${prefix}decoder`;
  b.embedding(`${p0}.embed_tokens`, d.vocab, proj).embedding(`${p0}.embed_positions`, c.int('max_position_embeddings', 'context length') + 2, d.hidden, 'positions');
  if (c.bool('do_layer_norm_before', true) && !c.bool('_remove_final_layer_norm', false) && affine) b.norm(`${p0}.final_layer_norm`, d.hidden, true);
  if (proj !== d.hidden) b.linear(`${p0}.project_out`, proj, d.hidden, false, 'head').linear(`${p0}.project_in`, d.hidden, proj, false, 'embedding');
  for (let l = 0; l < d.layers; l++) fairseqLayer(b, `${p0}.layers.${l}`, l, d, bias, affine);
  if (lmHead) b.head('lm_head', d.vocab, proj, tied ? `${p0}.embed_tokens.weight` : undefined);
  return summary(c, ctx, d, { lmHead, tied });
}

/** XGLM: sinusoidal positions (a buffer), fairseq layers, final layer_norm. */
function xglm(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c, undefined, 'ffn_dim');
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.embedding(`${prefix}embed_tokens`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) fairseqLayer(b, `${prefix}layers.${l}`, l, d, true, true);
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'layer_norm', embed: 'embed_tokens' });
}

/** BioGPT: learned positions with offset 2, fairseq layers, output_projection as the head. */
function biogpt(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'biogpt', ctx.leaveOut);
  b.embedding(`${prefix}embed_tokens`, d.vocab, d.hidden).embedding(`${prefix}embed_positions`, c.int('max_position_embeddings', 'context length') + 2, d.hidden, 'positions');
  for (let l = 0; l < d.layers; l++) fairseqLayer(b, `${prefix}layers.${l}`, l, d, true, true);
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'layer_norm', embed: 'embed_tokens', head: 'output_projection' });
}

/** GPT-Neo: global and local (windowed) layers from attention_types, learned positions. */
function gptNeo(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const window = c.int('window_size', 'local attention window', 256);
  const kinds = gptNeoLayers(c, d.layers);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}wte`, d.vocab, d.hidden).embedding(`${prefix}wpe`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  let sliding = 0;
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.norm(`${p}.ln_1`, d.hidden, true, l);
    for (const n of ['k_proj', 'v_proj', 'q_proj']) b.linear(`${p}.attn.attention.${n}`, d.hidden, d.hidden, false, 'attention', l);
    b.linear(`${p}.attn.attention.out_proj`, d.hidden, d.hidden, true, 'attention', l);
    b.norm(`${p}.ln_2`, d.hidden, true, l);
    b.linear(`${p}.mlp.c_fc`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.mlp.c_proj`, d.hidden, d.width, true, 'mlp', l);
    const local = kinds[l] === 'local';
    if (local) sliding++;
    causal(b, l, d, local ? window : undefined);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'ln_f', embed: 'wte', window, slidingLayers: sliding });
}

/** attention_types = [[["global", "local"], 12]] expands to global, local, … repeated 12 times. */
function gptNeoLayers(c: ConfigReader, layers: number): string[] {
  const spec = c.list('attention_types') ?? [[['global', 'local'], layers / 2]];
  const out: string[] = [];
  for (const item of spec) {
    if (!Array.isArray(item) || !Array.isArray(item[0]) || typeof item[1] !== 'number') throw new ConfigError('"attention_types" must look like [[["global", "local"], 12]]', 'attention_types');
    for (let r = 0; r < item[1]; r++) for (const t of item[0]) out.push(String(t));
  }
  if (out.length !== layers) return layerTypes(c, layers, (i) => (i % 2 ? 'local' : 'global'));
  return out;
}

/** Phi-1/1.5/2: q/k/v with biases, dense output, one LayerNorm (parallel block), fc1/fc2, biased head. */
function phi(c: ConfigReader, ctx: BuildContext): Summary {
  const hidden = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads', heads);
  const d: Dims = { hidden, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), heads, kvHeads, headDim: hidden / heads, vocab: c.int('vocab_size', 'vocabulary size'), width: c.int('intermediate_size', 'MLP width') };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', false);
  const qkNorm = c.bool('qk_layernorm', false);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.embedding(`${prefix}embed_tokens`, d.vocab, hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}layers.${l}`;
    b.linear(`${p}.self_attn.q_proj`, heads * d.headDim, hidden, true, 'attention', l).linear(`${p}.self_attn.k_proj`, kvHeads * d.headDim, hidden, true, 'attention', l).linear(`${p}.self_attn.v_proj`, kvHeads * d.headDim, hidden, true, 'attention', l);
    b.linear(`${p}.self_attn.dense`, hidden, heads * d.headDim, true, 'attention', l);
    if (qkNorm) b.norm(`${p}.self_attn.q_layernorm`, d.headDim, true, l).norm(`${p}.self_attn.k_layernorm`, d.headDim, true, l);
    b.linear(`${p}.mlp.fc1`, d.width, hidden, true, 'mlp', l).linear(`${p}.mlp.fc2`, hidden, d.width, true, 'mlp', l);
    b.norm(`${p}.input_layernorm`, hidden, true, l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'final_layernorm', embed: 'embed_tokens', headBias: true });
}

/** GPT-1 (openai-gpt): GPT-2's Conv1D layers and learned positions, post-norm, no final norm, no cache. */
function openaiGpt(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}tokens_embed`, d.vocab, d.hidden).embedding(`${prefix}positions_embed`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    b.conv1d(`${p}.attn.c_attn`, 3 * d.hidden, d.hidden, 'attention', l).conv1d(`${p}.attn.c_proj`, d.hidden, d.hidden, 'attention', l);
    b.norm(`${p}.ln_1`, d.hidden, true, l);
    b.conv1d(`${p}.mlp.c_fc`, d.width, d.hidden, 'mlp', l).conv1d(`${p}.mlp.c_proj`, d.hidden, d.width, 'mlp', l);
    b.norm(`${p}.ln_2`, d.hidden, true, l);
    // transformers' OpenAIGPTModel keeps no KV cache.
    b.attend(l, 'full', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0 });
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: null, embed: 'tokens_embed' });
}

/** CTRL: sinusoidal positions (a buffer), q/k/v/dense with biases, ffn.0/ffn.2, biased head tied to w. */
function ctrl(c: ConfigReader, ctx: BuildContext): Summary {
  const d = dims(c, undefined, 'dff');
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}w`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}h.${l}`;
    for (const n of ['Wq', 'Wk', 'Wv', 'dense']) b.linear(`${p}.multi_head_attention.${n}`, d.hidden, d.hidden, true, 'attention', l);
    b.linear(`${p}.ffn.0`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.ffn.2`, d.hidden, d.width, true, 'mlp', l);
    b.norm(`${p}.layernorm1`, d.hidden, true, l).norm(`${p}.layernorm2`, d.hidden, true, l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'layernorm', embed: 'w', headBias: true });
}

/** MPT: ALiBi (no position parameters), fused Wqkv without biases, 4h MLP, LayerNorms without bias. */
function mpt(c: ConfigReader, ctx: BuildContext): Summary {
  const d0 = dims(c);
  const d = { ...d0, width: 4 * d0.hidden };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'transformer', ctx.leaveOut);
  b.embedding(`${prefix}wte`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}blocks.${l}`;
    b.norm(`${p}.norm_1`, d.hidden, false, l);
    b.linear(`${p}.attn.Wqkv`, 3 * d.hidden, d.hidden, false, 'attention', l).linear(`${p}.attn.out_proj`, d.hidden, d.hidden, false, 'attention', l);
    b.norm(`${p}.norm_2`, d.hidden, false, l);
    b.linear(`${p}.ffn.up_proj`, d.width, d.hidden, false, 'mlp', l).linear(`${p}.ffn.down_proj`, d.hidden, d.width, false, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'norm_f', normBias: false, embed: 'wte' });
}

/** GPT-NeoX-Japanese: GPT-NeoX without biases except one dense_bias on the last layer; MLP width hidden × intermediate_multiple_size. */
function neoxJapanese(c: ConfigReader, ctx: BuildContext): Summary {
  const d0 = dims(c);
  const d = { ...d0, width: Math.trunc(d0.hidden * c.num('intermediate_multiple_size', 4)) };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'gpt_neox_japanese', ctx.leaveOut);
  b.embedding(`${prefix}embed_in`, d.vocab, d.hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}layers.${l}`;
    b.norm(`${p}.input_layernorm`, d.hidden, true, l).norm(`${p}.post_attention_layernorm`, d.hidden, true, l);
    b.linear(`${p}.attention.query_key_value`, 3 * d.hidden, d.hidden, false, 'attention', l).linear(`${p}.attention.dense`, d.hidden, d.hidden, false, 'attention', l);
    if (l === d.layers - 1) b.tensor(`${p}.attention.dense_bias`, [d.hidden], 'attention', { layer: l });
    b.linear(`${p}.mlp.dense_h_to_4h`, d.width, d.hidden, false, 'mlp', l).linear(`${p}.mlp.dense_4h_to_h`, d.hidden, d.width, false, 'mlp', l);
    causal(b, l, d);
  }
  return finish(c, ctx, d, { prefix, lmHead, tied, finalNorm: 'final_layer_norm', embed: 'embed_in', head: 'embed_out' });
}

const gptj = gptjLike(false);
const codegen = gptjLike(true);

export const GPT: FamilyModule = {
  'openai-gpt': { defaultArchitecture: 'OpenAIGPTLMHeadModel', defaults: {vocab_size: 40478, n_positions: 512, n_embd: 768, n_layer: 12, n_head: 12, afn: 'gelu', tie_word_embeddings: true}, aliases: {max_position_embeddings: ['n_positions'], hidden_size: ['n_embd'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: openaiGpt },
  ctrl: { defaultArchitecture: 'CTRLLMHeadModel', defaults: {vocab_size: 246534, n_positions: 256, n_embd: 1280, dff: 8192, n_layer: 48, n_head: 16, tie_word_embeddings: true}, aliases: {max_position_embeddings: ['n_positions'], hidden_size: ['n_embd'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: ctrl },
  mpt: { defaultArchitecture: 'MptForCausalLM', defaults: {d_model: 2048, n_heads: 16, n_layers: 24, max_seq_len: 2048, vocab_size: 50368, tie_word_embeddings: true}, aliases: {num_attention_heads: ['n_heads'], hidden_size: ['d_model'], num_hidden_layers: ['n_layers'], max_position_embeddings: ['max_seq_len']}, build: mpt },
  gpt_neox_japanese: { defaultArchitecture: 'GPTNeoXJapaneseForCausalLM', defaults: {vocab_size: 32000, hidden_size: 2560, num_hidden_layers: 32, num_attention_heads: 32, intermediate_multiple_size: 4, hidden_act: 'gelu', max_position_embeddings: 2048, tie_word_embeddings: true}, build: neoxJapanese },
  gpt2: { defaultArchitecture: 'GPT2LMHeadModel', defaults: {vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, activation_function: 'gelu_new', scale_attn_weights: true, scale_attn_by_inverse_layer_idx: false, reorder_and_upcast_attn: false, add_cross_attention: false, tie_word_embeddings: true}, aliases: {hidden_size: ['n_embd'], max_position_embeddings: ['n_positions'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: gpt2 },
  'gpt-sw3': { defaultArchitecture: 'GPT2LMHeadModel', defaults: {vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, activation_function: 'gelu_new', scale_attn_weights: true, scale_attn_by_inverse_layer_idx: false, reorder_and_upcast_attn: false, add_cross_attention: false, tie_word_embeddings: true}, aliases: {hidden_size: ['n_embd'], max_position_embeddings: ['n_positions'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: gpt2 },
  gpt_bigcode: { defaultArchitecture: 'GPTBigCodeForCausalLM', defaults: {vocab_size: 50257, n_positions: 1024, n_embd: 768, n_layer: 12, n_head: 12, activation_function: 'gelu_pytorch_tanh', scale_attn_weights: true, attention_softmax_in_fp32: true, scale_attention_softmax_in_fp32: true, multi_query: true, add_cross_attention: false, tie_word_embeddings: true}, aliases: {hidden_size: ['n_embd'], max_position_embeddings: ['n_positions'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: bigcode },
  gpt_neox: { defaultArchitecture: 'GPTNeoXForCausalLM', defaults: {vocab_size: 50432, hidden_size: 6144, num_hidden_layers: 44, num_attention_heads: 64, intermediate_size: 24576, hidden_act: 'gelu', max_position_embeddings: 2048, tie_word_embeddings: false, use_parallel_residual: true, attention_bias: true, is_decoder: false}, build: neox },
  gptj: { defaultArchitecture: 'GPTJForCausalLM', defaults: {vocab_size: 50400, n_positions: 2048, n_embd: 4096, n_layer: 28, n_head: 16, rotary_dim: 64, activation_function: 'gelu_new', tie_word_embeddings: false}, aliases: {max_position_embeddings: ['n_positions'], hidden_size: ['n_embd'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: gptj },
  codegen: { defaultArchitecture: 'CodeGenForCausalLM', defaults: {vocab_size: 50400, n_positions: 2048, n_ctx: 2048, n_embd: 4096, n_layer: 28, n_head: 16, rotary_dim: 64, activation_function: 'gelu_new', tie_word_embeddings: false}, aliases: {max_position_embeddings: ['n_positions'], hidden_size: ['n_embd'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer']}, build: codegen },
  falcon: { defaultArchitecture: 'FalconForCausalLM', defaults: {vocab_size: 65024, hidden_size: 4544, num_hidden_layers: 32, num_attention_heads: 71, alibi: false, new_decoder_architecture: false, multi_query: true, parallel_attn: true, bias: false, max_position_embeddings: 2048, activation: 'gelu', tie_word_embeddings: true}, build: falcon },
  bloom: { defaultArchitecture: 'BloomForCausalLM', defaults: {vocab_size: 250880, hidden_size: 64, n_layer: 2, n_head: 8, apply_residual_connection_post_layernorm: false, pretraining_tp: 1, slow_but_exact: false, tie_word_embeddings: true}, aliases: { num_hidden_layers: ['n_layer'], num_attention_heads: ['n_head'], hidden_size: ['n_embed'] }, build: bloom },
  opt: { defaultArchitecture: 'OPTForCausalLM', defaults: {vocab_size: 50272, hidden_size: 768, num_hidden_layers: 12, ffn_dim: 3072, max_position_embeddings: 2048, do_layer_norm_before: true, num_attention_heads: 12, activation_function: 'relu', layerdrop: 0.0, init_std: 0.02, enable_bias: true, layer_norm_elementwise_affine: true, tie_word_embeddings: true}, build: opt },
  gpt_neo: { defaultArchitecture: 'GPTNeoForCausalLM', defaults: {vocab_size: 50257, max_position_embeddings: 2048, hidden_size: 2048, num_layers: 24, num_heads: 16, window_size: 256, activation_function: 'gelu_new', tie_word_embeddings: true}, aliases: {num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers']}, build: gptNeo },
  xglm: { defaultArchitecture: 'XGLMForCausalLM', defaults: {vocab_size: 256008, max_position_embeddings: 2048, d_model: 1024, ffn_dim: 4096, num_layers: 24, attention_heads: 16, activation_function: 'gelu', layerdrop: 0.0, init_std: 0.02, scale_embedding: true, add_cross_attention: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['num_layers']}, build: xglm },
  biogpt: { defaultArchitecture: 'BioGptForCausalLM', defaults: {vocab_size: 42384, hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 4096, hidden_act: 'gelu', max_position_embeddings: 1024, scale_embedding: true, layerdrop: 0.0, tie_word_embeddings: true}, build: biogpt },
  phi: { defaultArchitecture: 'PhiForCausalLM', defaults: {vocab_size: 51200, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 24, num_attention_heads: 32, hidden_act: 'gelu_new', max_position_embeddings: 2048, tie_word_embeddings: false, qk_layernorm: false}, build: phi },
  starcoder2: { defaultArchitecture: 'Starcoder2ForCausalLM', defaults: {vocab_size: 49152, hidden_size: 3072, intermediate_size: 12288, num_hidden_layers: 30, num_attention_heads: 24, num_key_value_heads: 2, hidden_act: 'gelu_pytorch_tanh', max_position_embeddings: 4096, use_bias: true, tie_word_embeddings: true}, build: decoderLM({ mlp: 'plain', mlpNames: { up: 'c_fc', down: 'c_proj' }, mlpBias: (c) => c.bool('use_bias', true), attention: (c) => ({ qkvBias: c.bool('use_bias', true), oBias: c.bool('use_bias', true) }), normBias: true }) },
  persimmon: { defaultArchitecture: 'PersimmonForCausalLM', defaults: {vocab_size: 262144, hidden_size: 4096, intermediate_size: 16384, num_hidden_layers: 36, num_attention_heads: 64, hidden_act: 'relu2', max_position_embeddings: 16384, tie_word_embeddings: false, qk_layernorm: true}, build: decoderLM({ mlp: 'plain', mlpNames: { up: 'dense_h_to_4h', down: 'dense_4h_to_h' }, mlpBias: () => true, attention: (c) => ({ fused: 'query_key_value', o: 'dense', qkvBias: true, oBias: true, ...(c.bool('qk_layernorm', true) ? { qkNorm: 'head' as const, qkNormBias: true, qkNormNames: ['q_layernorm', 'k_layernorm'] as const } : {}) }), normBias: true, finalNorm: 'final_layernorm' }) },
};
