// Encoder–decoders beyond BART/T5 proper (encoderDecoder.ts): Whisper (its text decoder alone as
// WhisperForCausalLM, or the whole speech-to-text model with its audio encoder from registry/towers),
// TrOCR's decoder, and fairseq-style relatives. Layers are fairseq's: biased q/k/v/out projections
// (Whisper's k_proj has no bias), LayerNorms with bias, fc1/fc2. Encoder layers are numbered
// 0…E−1 and decoder layers E…E+D−1; a *ForCausalLM is the decoder alone (its cross-attention
// weights exist but do not run without encoder states).
import { attentionOfType, fairseqSummary, gatedMlp, headKind, layerTypes, selfAttention } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader, isRecord, type Json } from '../registry/configReader';
import { readShape } from '../registry/decoder';
import { MAX_LAYERS } from '../registry/configReader';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';
import { SIGLIP_VISION_DEFAULTS, siglipVisionEncoder, whisperEncoder } from '../registry/towers';

export interface FairseqLayerOptions {
  readonly d: number;
  readonly heads: number;
  readonly ffn: number;
  /** Decoder layers: causal self-attention cached, plus cross-attention. */
  readonly decoder: boolean;
  /** Cross-attention runs (false for a standalone *ForCausalLM decoder). */
  readonly crossRuns?: boolean;
  /** Width of the encoder states cross-attention reads (TrOCR's cross_attention_hidden_size). */
  readonly crossDim?: number;
  /** Whisper: k_proj without bias. */
  readonly kBias?: boolean;
  readonly bias?: boolean;
  /** Biases on the attention projections (default: `bias`; PEGASUS-X has none there but keeps the MLP's). */
  readonly attentionBias?: boolean;
  /** Declares the self-attention's weights instead of q/k/v/out_proj (LED's Longformer attention). */
  readonly selfAttention?: (prefix: string) => void;
  /** Runs after the self-attention's LayerNorm, before it attends (PEGASUS-X's global-token norm and FLOPs). */
  readonly afterSelfNorm?: () => void;
  /** Attended pairs at length s when not s² (windows, blocks). */
  readonly pairsAt?: (s: number) => number;
}

/** One fairseq Transformer layer (self-attention, cross-attention in the decoder, fc1/fc2 MLP). */
export function fairseqLayer(b: InventoryBuilder, p: string, l: number, o: FairseqLayerOptions): void {
  const { d } = o;
  const bias = o.bias ?? true;
  const attentionBias = o.attentionBias ?? bias;
  const attention = (a: string, runs: boolean, kv: number) => {
    b.tensor(`${a}.k_proj.weight`, [d, kv], 'attention', { layer: l, matmul: runs });
    if (attentionBias && o.kBias !== false) b.tensor(`${a}.k_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.v_proj.weight`, [d, kv], 'attention', { layer: l, matmul: runs });
    if (attentionBias) b.tensor(`${a}.v_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.q_proj.weight`, [d, d], 'attention', { layer: l, matmul: runs });
    if (attentionBias) b.tensor(`${a}.q_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.out_proj.weight`, [d, d], 'attention', { layer: l, matmul: runs });
    if (attentionBias) b.tensor(`${a}.out_proj.bias`, [d], 'attention', { layer: l });
  };
  if (o.selfAttention) o.selfAttention(`${p}.self_attn`);
  else attention(`${p}.self_attn`, true, d);
  b.norm(`${p}.self_attn_layer_norm`, d, true, l);
  o.afterSelfNorm?.();
  b.attend(l, o.decoder ? 'full' : 'bidirectional', { heads: o.heads, qkDim: d / o.heads, cachePerToken: o.decoder ? 2 * d : 0, ...(o.pairsAt ? { pairsAt: o.pairsAt } : {}) });
  if (o.decoder) {
    const runs = o.crossRuns ?? true;
    attention(`${p}.encoder_attn`, runs, o.crossDim ?? d);
    b.norm(`${p}.encoder_attn_layer_norm`, d, true, l);
    if (runs) b.attend(l, 'cross', { heads: o.heads, qkDim: d / o.heads, cachePerToken: 2 * d });
  }
  b.linear(`${p}.fc1`, o.ffn, d, bias, 'mlp', l).linear(`${p}.fc2`, d, o.ffn, bias, 'mlp', l);
  b.norm(`${p}.final_layer_norm`, d, true, l);
}

const causalNote = (ctx: BuildContext) => ctx.assume(`${ctx.architecture}: the decoder alone; its cross-attention weights are counted as parameters but do not run without encoder states`);

// Whisper: WhisperForCausalLM (decoder alone, head proj_out), WhisperForConditionalGeneration and
// WhisperModel (audio encoder + decoder). Positions are learned tables (source 1500, target 448).
const whisper = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const d = c.int('d_model', 'model width');
  const V = c.int('vocab_size', 'vocabulary size');
  const E = c.int('encoder_layers', 'number of encoder layers', undefined, MAX_LAYERS);
  const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
  const eh = c.int('encoder_attention_heads', 'encoder heads');
  const dh = c.int('decoder_attention_heads', 'decoder heads');
  const target = c.int('max_target_positions', 'decoder context length');
  const tied = c.bool('tie_word_embeddings', true);
  const causalOnly = /ForCausalLM$/.test(ctx.architecture);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'model.';
  const offset = causalOnly ? 0 : E;
  if (causalOnly) causalNote(ctx);
  else {
    whisperEncoder(b, `${prefix}encoder`, { hidden: d, layers: E, heads: eh, ffn: c.int('encoder_ffn_dim', 'encoder MLP width'), melBins: c.int('num_mel_bins', 'mel bins'), positions: c.int('max_source_positions', 'audio positions') }, { matmul: true, layerOffset: 0 });
    ctx.assume('the encoder reads max_source_positions (1500) audio frames after its two convolutions; the convolutions are not counted as matmul FLOPs');
  }
  const dec = `${prefix}decoder`;
  b.embedding(`${dec}.embed_tokens`, V, d);
  b.embedding(`${dec}.embed_positions`, target, d, 'positions');
  const ffn = c.int('decoder_ffn_dim', 'decoder MLP width');
  for (let i = 0; i < D; i++) fairseqLayer(b, `${dec}.layers.${i}`, offset + i, { d, heads: dh, ffn, decoder: true, crossRuns: !causalOnly, kBias: false });
  b.norm(`${dec}.layer_norm`, d, true);
  if (kind === 'lm') b.head('proj_out', V, d, tied ? `${dec}.embed_tokens.weight` : undefined);
  else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole model without a task head`);
  return fairseqSummary(c, ctx.architecture, { hidden: d, layers: D, heads: dh, vocab: V, maxPositions: target, mlpWidth: ffn, encoderLayers: E, tied: tied });
};

// TrOCR's text decoder (TrOCRForCausalLM): learned positions with BART's offset of 2 (or a
// sinusoidal buffer), an optional embedding LayerNorm, no final norm; head output_projection.
const trocr = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const d = c.int('d_model', 'model width');
  const V = c.int('vocab_size', 'vocabulary size');
  const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
  const heads = c.int('decoder_attention_heads', 'decoder heads');
  const ffn = c.int('decoder_ffn_dim', 'decoder MLP width');
  const maxPos = c.int('max_position_embeddings', 'context length');
  const tied = c.bool('tie_word_embeddings', true);
  causalNote(ctx);
  const p = 'model.decoder';
  b.embedding(`${p}.embed_tokens`, V, d);
  if (c.bool('use_learned_position_embeddings', true)) b.embedding(`${p}.embed_positions`, maxPos + 2, d, 'positions');
  if (c.bool('layernorm_embedding', true)) b.norm(`${p}.layernorm_embedding`, d, true);
  const crossDim = c.optInt('cross_attention_hidden_size', 'encoder width');
  for (let i = 0; i < D; i++) fairseqLayer(b, `${p}.layers.${i}`, i, { d, heads, ffn, decoder: true, crossRuns: false, ...(crossDim !== undefined ? { crossDim } : {}) });
  b.head('output_projection', V, d, tied ? `${p}.embed_tokens.weight` : undefined);
  return { attentionKind: 'causal', hidden: d, layers: D, heads, kvHeads: heads, headDim: d / heads, vocab: V, maxPositions: maxPos, mlpWidth: ffn, gatedMlp: false, activation: c.str('activation_function', 'gelu'), head: 'lm', tiedEmbeddings: tied };
};

interface LayerNames {
  readonly selfAttn: string;
  readonly selfNorm: string;
  readonly cross: string;
  readonly crossNorm: string;
  readonly ffn: string;
  readonly ffnNorm: string;
}

const FAIRSEQ_NAMES: LayerNames = { selfAttn: 'self_attn', selfNorm: 'self_attn_layer_norm', cross: 'encoder_attn', crossNorm: 'encoder_attn_layer_norm', ffn: '', ffnNorm: 'final_layer_norm' };

interface EncDecOptions {
  /** Base-model prefix of the *ForConditionalGeneration class ('model', 'led', or '' for none). */
  readonly base: string;
  readonly stacks?: readonly [string, string];
  /** The shared embedding's name (under the base), tied into both stacks; null: none. */
  readonly shared?: string | null;
  /** Whether the stacks' embeddings and the head are tied to it. */
  readonly tied: (c: ConfigReader) => boolean;
  readonly vocab?: (c: ConfigReader, stack: 'encoder' | 'decoder') => number;
  /** Rows of a learned position table; undefined: sinusoidal (not a parameter). */
  readonly positions: (c: ConfigReader, stack: 'encoder' | 'decoder') => number | undefined;
  readonly embeddingNorm?: string;
  readonly finalNorm?: string;
  readonly names?: LayerNames;
  readonly attnBias: (c: ConfigReader) => boolean;
  readonly mlpBias: (c: ConfigReader) => boolean;
  /** Replaces the encoder's self-attention projections (BigBird, Longformer names). */
  readonly encoderSelfAttention?: (c: ConfigReader, b: InventoryBuilder, p: string, l: number, d: number) => void;
  /** Replaces a layer's MLP (MoE layers). */
  readonly mlp?: (c: ConfigReader, b: InventoryBuilder, p: string, l: number, d: number, ffn: number, stack: 'encoder' | 'decoder', i: number) => boolean;
  /** The head: 'lm_head' at the top, or a name inside the decoder (FSMT's output_projection). */
  readonly head?: string;
  /** What the *ForCausalLM head is tied to when tied (default the decoder's embed_tokens). */
  readonly causalHeadTied?: (c: ConfigReader) => boolean;
  readonly finalLogitsBias?: boolean;
  /** Without a shared embedding: what the encoder's embedding and the head are tied to (FSMT: the decoder's). */
  readonly tieTo?: string;
  /** Head classes headKind does not know (SeamlessM4T's *ForTextToText). */
  readonly lmClass?: RegExp;
  /** Checks and notes (unsupported options). */
  readonly notes?: (c: ConfigReader, ctx: BuildContext) => void;
}

/** A fairseq-style encoder–decoder (or its decoder alone as *ForCausalLM), declared by its differences. */
const encDec =
  (o: EncDecOptions) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const { b } = ctx;
    const n = o.names ?? FAIRSEQ_NAMES;
    const d = c.int('d_model', 'model width');
    const E = c.int('encoder_layers', 'number of encoder layers', undefined, MAX_LAYERS);
    const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
    const eh = c.int('encoder_attention_heads', 'encoder heads');
    const dh = c.int('decoder_attention_heads', 'decoder heads');
    const eff = c.int('encoder_ffn_dim', 'encoder MLP width');
    const dff = c.int('decoder_ffn_dim', 'decoder MLP width');
    const vocab = (s: 'encoder' | 'decoder') => (o.vocab ? o.vocab(c, s) : c.int('vocab_size', 'vocabulary size'));
    const V = vocab('decoder');
    const tied = o.tied(c);
    const attnBias = o.attnBias(c);
    const mlpBias = o.mlpBias(c);
    const causalOnly = /ForCausalLM$/.test(ctx.architecture);
    const kind = o.lmClass?.test(ctx.architecture) ? 'lm' : headKind(ctx.architecture);
    const root = kind === 'base' || !o.base ? '' : `${o.base}.`;
    const [encName, decName] = o.stacks ?? ['encoder', 'decoder'];
    o.notes?.(c, ctx);
    const attention = (p: string, l: number, runs: boolean) => {
      for (const m of ['k_proj', 'v_proj', 'q_proj', 'out_proj']) {
        b.tensor(`${p}.${m}.weight`, [d, d], 'attention', { layer: l, matmul: runs });
        if (attnBias) b.tensor(`${p}.${m}.bias`, [d], 'attention', { layer: l });
      }
    };
    const layer = (p: string, l: number, stack: 'encoder' | 'decoder', i: number) => {
      const decoder = stack === 'decoder';
      const heads = decoder ? dh : eh;
      const ffn = decoder ? dff : eff;
      if (!decoder && o.encoderSelfAttention) o.encoderSelfAttention(c, b, `${p}.${n.selfAttn}`, l, d);
      else attention(`${p}.${n.selfAttn}`, l, true);
      b.norm(`${p}.${n.selfNorm}`, d, true, l);
      b.attend(l, decoder ? 'full' : 'bidirectional', { heads, qkDim: d / heads, cachePerToken: decoder ? 2 * d : 0 });
      if (decoder) {
        attention(`${p}.${n.cross}`, l, !causalOnly);
        b.norm(`${p}.${n.crossNorm}`, d, true, l);
        if (!causalOnly) b.attend(l, 'cross', { heads, qkDim: d / heads, cachePerToken: 2 * d });
      }
      const f = n.ffn ? `${p}.${n.ffn}` : p;
      if (!o.mlp?.(c, b, f, l, d, ffn, stack, i)) b.linear(`${f}.fc1`, ffn, d, mlpBias, 'mlp', l).linear(`${f}.fc2`, d, ffn, mlpBias, 'mlp', l);
      b.norm(`${p}.${n.ffnNorm}`, d, true, l);
    };
    const sharedName = o.shared === null ? undefined : `${root}${o.shared ?? 'shared'}.weight`;
    const tieName = sharedName ?? (o.tieTo ? `${root}${o.tieTo}` : undefined);
    const stack = (s: 'encoder' | 'decoder', name: string, count: number, offset: number) => {
      const p = `${root}${name}`;
      const embed = `${p}.embed_tokens.weight`;
      b.tensor(embed, [vocab(s), d], 'embedding', tied && tieName && tieName !== embed && !causalOnly ? { tiedTo: tieName } : {});
      const rows = o.positions(c, s);
      if (rows !== undefined) b.embedding(`${p}.embed_positions`, rows, d, 'positions');
      for (let i = 0; i < count; i++) layer(`${p}.layers.${i}`, offset + i, s, i);
      if (o.embeddingNorm) b.norm(`${p}.${o.embeddingNorm}`, d, true);
      if (o.finalNorm) b.norm(`${p}.${o.finalNorm}`, d, true);
    };
    if (causalOnly) {
      causalNote(ctx);
      stack('decoder', decName, D, 0);
      const headTied = o.causalHeadTied ? o.causalHeadTied(c) : tied;
      b.head('lm_head', V, d, headTied ? `${root}${decName}.embed_tokens.weight` : undefined);
    } else {
      if (sharedName) b.embedding(sharedName.slice(0, -'.weight'.length), V, d);
      stack('encoder', encName, E, 0);
      stack('decoder', decName, D, E);
      if (kind === 'lm') {
        const head = o.head ?? 'lm_head';
        const headName = head === 'lm_head' ? 'lm_head' : `${root}${decName}.${head}`;
        b.head(headName, V, d, tied ? (tieName ?? `${root}${decName}.embed_tokens.weight`) : undefined);
        if (o.finalLogitsBias) b.buffer('final_logits_bias', [1, V]);
      } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole encoder–decoder without a task head`);
    }
    return fairseqSummary(c, ctx.architecture, { hidden: d, layers: D, heads: dh, vocab: V, maxPositions: o.positions(c, 'decoder') ?? c.int('max_position_embeddings', 'context length', 1024), mlpWidth: dff, encoderLayers: E, tied: tied });
  };

// T5Gemma: a Gemma 2 encoder (bidirectional, sliding and full layers) and a Gemma 2 decoder with
// cross-attention after self-attention (k/v read the encoder's width), each from its own sub-config;
// sandwich norms around every sub-layer; head lm_head.out_proj, tied to the decoder's embedding.
const T5GEMMA_MODULE: Json = { vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, sliding_window: 4096, max_position_embeddings: 8192, attention_bias: false };

const t5gemma = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const root = kind === 'base' ? '' : 'model.';
  const sub = (f: string) => new ConfigReader(isRecord(c.raw[f]) ? (c.raw[f] as Json) : {}, T5GEMMA_MODULE, {}, f);
  const enc = sub('encoder');
  const dec = sub('decoder');
  const es = readShape(enc);
  const ds = readShape(dec);
  const tied = c.bool('tie_word_embeddings', true);
  const E = es.layers;
  const stack = (name: 'encoder' | 'decoder', r: ConfigReader, s: ReturnType<typeof readShape>, offset: number) => {
    const p = `${root}${name}`;
    b.embedding(`${p}.embed_tokens`, s.vocab, s.hidden);
    b.norm(`${p}.norm`, s.hidden, false);
    const window = r.optInt('sliding_window', 'sliding window');
    const types = layerTypes(r, s.layers, (i) => ((i + 1) % 2 ? 'sliding_attention' : 'full_attention'));
    const width = r.int('intermediate_size', 'MLP width');
    const bias = r.bool('attention_bias', false);
    for (let i = 0; i < s.layers; i++) {
      const l = offset + i;
      const q = `${p}.layers.${i}`;
      const k = attentionOfType(types[i] as string, window);
      selfAttention(b, `${q}.self_attn`, l, s, { qkvBias: bias, oBias: bias, bidirectional: name === 'encoder' }, k.kind, k.window);
      b.norm(`${q}.pre_self_attn_layernorm`, s.hidden, false, l).norm(`${q}.post_self_attn_layernorm`, s.hidden, false, l);
      gatedMlp(b, `${q}.mlp`, l, s.hidden, width);
      b.norm(`${q}.pre_feedforward_layernorm`, s.hidden, false, l).norm(`${q}.post_feedforward_layernorm`, s.hidden, false, l);
      if (name === 'decoder') {
        const x = r.int('cross_attention_hidden_size', 'encoder width', es.hidden);
        const kv = s.kvHeads * s.headDim;
        b.linear(`${q}.cross_attn.q_proj`, s.heads * s.headDim, s.hidden, bias, 'attention', l);
        b.linear(`${q}.cross_attn.k_proj`, kv, x, bias, 'attention', l);
        b.linear(`${q}.cross_attn.v_proj`, kv, x, bias, 'attention', l);
        b.linear(`${q}.cross_attn.o_proj`, s.hidden, s.heads * s.headDim, bias, 'attention', l);
        b.norm(`${q}.pre_cross_attn_layernorm`, s.hidden, false, l).norm(`${q}.post_cross_attn_layernorm`, s.hidden, false, l);
        b.attend(l, 'cross', { heads: s.heads, qkDim: s.headDim, cachePerToken: 2 * kv });
      }
    }
  };
  stack('encoder', enc, es, 0);
  stack('decoder', dec, ds, E);
  if (kind === 'lm') b.head('lm_head.out_proj', ds.vocab, ds.hidden, tied ? `${root}decoder.embed_tokens.weight` : undefined);
  else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole encoder–decoder without a task head`);
  return { attentionKind: 'causal', hidden: ds.hidden, layers: ds.layers, heads: ds.heads, kvHeads: ds.kvHeads, headDim: ds.headDim, vocab: ds.vocab, maxPositions: dec.int('max_position_embeddings', 'context length'), mlpWidth: dec.int('intermediate_size', 'MLP width'), gatedMlp: true, activation: dec.str('hidden_activation', 'gelu_pytorch_tanh'), encoderDecoder: { encoderLayers: E }, head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: tied };
};

// T5Gemma 2: a Gemma 3 encoder (bidirectional, q/k norms, with a SigLIP vision tower and Gemma 3's
// projector) and a Gemma 3 decoder with merged attention: each decoder layer's self-attention also
// attends to the encoder states, projected by the same k_proj/v_proj (no separate cross-attention
// weights). Embeddings carry an end-of-image vector (eoi_embedding); tied across stacks and head.
const T5GEMMA2_TEXT: Json = { vocab_size: 262208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, sliding_window: 4096, max_position_embeddings: 131072, attention_bias: false };

const t5gemma2 = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const root = kind === 'base' ? '' : 'model.';
  const encRaw = isRecord(c.raw.encoder) ? (c.raw.encoder as Json) : {};
  const enc = new ConfigReader(isRecord(encRaw.text_config) ? (encRaw.text_config as Json) : {}, T5GEMMA2_TEXT, {}, 'encoder.text_config');
  const vis = new ConfigReader(isRecord(encRaw.vision_config) ? (encRaw.vision_config as Json) : {}, SIGLIP_VISION_DEFAULTS, {}, 'encoder.vision_config');
  const dec = new ConfigReader(isRecord(c.raw.decoder) ? (c.raw.decoder as Json) : {}, T5GEMMA2_TEXT, {}, 'decoder');
  const es = readShape(enc);
  const ds = readShape(dec);
  const tied = c.bool('tie_word_embeddings', true);
  const E = es.layers;
  const encEmbed = `${root}encoder.text_model.embed_tokens`;
  const layers = (p: string, r: ConfigReader, s: ReturnType<typeof readShape>, offset: number, decoder: boolean) => {
    const window = r.optInt('sliding_window', 'sliding window');
    const types = layerTypes(r, s.layers, (i) => ((i + 1) % 6 ? 'sliding_attention' : 'full_attention'));
    const width = r.int('intermediate_size', 'MLP width');
    const bias = r.bool('attention_bias', false);
    for (let i = 0; i < s.layers; i++) {
      const l = offset + i;
      const q = `${p}.layers.${i}`;
      const k = attentionOfType(types[i] as string, window);
      selfAttention(b, `${q}.self_attn`, l, s, { qkvBias: bias, oBias: bias, qkNorm: 'head', bidirectional: !decoder }, k.kind, k.window);
      b.norm(`${q}.pre_self_attn_layernorm`, s.hidden, false, l).norm(`${q}.post_self_attn_layernorm`, s.hidden, false, l);
      gatedMlp(b, `${q}.mlp`, l, s.hidden, width);
      b.norm(`${q}.pre_feedforward_layernorm`, s.hidden, false, l).norm(`${q}.post_feedforward_layernorm`, s.hidden, false, l);
      if (decoder) {
        const kv = s.kvHeads * s.headDim;
        // Merged attention: the encoder states go through this layer's k_proj and v_proj once per
        // source token (counted with the encoder's tokens) and are cached like cross-attention.
        b.sharedUse(E - 1, 2 * kv * s.hidden);
        b.attend(l, 'cross', { heads: s.heads, qkDim: s.headDim, cachePerToken: 2 * kv });
      }
    }
  };
  b.embedding(encEmbed, es.vocab, es.hidden);
  b.tensor(`${encEmbed}.eoi_embedding`, [es.hidden], 'embedding');
  b.norm(`${root}encoder.text_model.norm`, es.hidden, false);
  layers(`${root}encoder.text_model`, enc, es, 0, false);
  const vh = vis.int('hidden_size', 'vision width');
  siglipVisionEncoder(b, `${root}encoder.vision_tower`, { hidden: vh, layers: vis.int('num_hidden_layers', 'vision layers'), ffn: vis.int('intermediate_size', 'vision MLP width'), imageSize: vis.int('image_size', 'image size'), patch: vis.int('patch_size', 'patch size'), channels: vis.int('num_channels', 'image channels'), head: vis.bool('vision_use_head', true) });
  b.tensor(`${root}encoder.multi_modal_projector.mm_input_projection_weight`, [vh, es.hidden], 'mlp');
  b.norm(`${root}encoder.multi_modal_projector.mm_soft_emb_norm`, vh, false);
  const decEmbed = `${root}decoder.embed_tokens`;
  b.tensor(`${decEmbed}.weight`, [ds.vocab, ds.hidden], 'embedding', tied ? { tiedTo: `${encEmbed}.weight` } : {});
  b.tensor(`${decEmbed}.eoi_embedding`, [ds.hidden], 'embedding', tied ? { tiedTo: `${encEmbed}.eoi_embedding` } : {});
  b.norm(`${root}decoder.norm`, ds.hidden, false);
  layers(`${root}decoder`, dec, ds, E, true);
  if (kind === 'lm') b.head('lm_head.out_proj', ds.vocab, ds.hidden, tied ? `${encEmbed}.weight` : undefined);
  else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole encoder–decoder without a task head`);
  ctx.assume('FLOPs and KV cache are for text; the SigLIP vision tower (counted in the parameters) runs once per image');
  return { attentionKind: 'causal', hidden: ds.hidden, layers: ds.layers, heads: ds.heads, kvHeads: ds.kvHeads, headDim: ds.headDim, vocab: ds.vocab, maxPositions: dec.int('max_position_embeddings', 'context length'), mlpWidth: dec.int('intermediate_size', 'MLP width'), gatedMlp: true, activation: dec.str('hidden_activation', 'gelu_pytorch_tanh'), encoderDecoder: { encoderLayers: E }, head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: tied };
};

const BART_ALIASES = { num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers'] };

export const SEQ2SEQ: FamilyModule = {
  mvp: {
    defaultArchitecture: 'MvpForConditionalGeneration',
    defaults: { vocab_size: 50267, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, activation_function: 'gelu', d_model: 1024, use_prompt: false, prompt_length: 100, prompt_mid_dim: 800, tie_word_embeddings: true },
    aliases: BART_ALIASES,
    build: encDec({
      base: 'model',
      tied: (c) => c.bool('tie_word_embeddings', true),
      positions: (c) => c.int('max_position_embeddings', 'context length') + 2,
      embeddingNorm: 'layernorm_embedding',
      attnBias: () => true,
      mlpBias: () => true,
      finalLogitsBias: true,
      notes: (c, ctx) => {
        if (c.bool('use_prompt', false)) ctx.leaveOut("MVP's prompt modules (use_prompt: prompt embeddings and their MLPs in every layer) are not counted");
      },
    }),
  },
  bigbird_pegasus: {
    defaultArchitecture: 'BigBirdPegasusForConditionalGeneration',
    defaults: { vocab_size: 96103, max_position_embeddings: 4096, encoder_layers: 16, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 16, decoder_ffn_dim: 4096, decoder_attention_heads: 16, activation_function: 'gelu_new', d_model: 1024, attention_type: 'block_sparse', block_size: 64, num_random_blocks: 3, use_bias: false, tie_word_embeddings: true },
    aliases: BART_ALIASES,
    build: encDec({
      base: 'model',
      tied: (c) => c.bool('tie_word_embeddings', true),
      causalHeadTied: () => false,
      positions: (c) => c.int('max_position_embeddings', 'context length'),
      finalNorm: 'layernorm_embedding',
      attnBias: (c) => c.bool('use_bias', false),
      mlpBias: () => true,
      finalLogitsBias: true,
      encoderSelfAttention: (c, b, p, l, d) => {
        const bias = c.bool('use_bias', false);
        for (const m of ['self.query', 'self.key', 'self.value', 'output']) b.linear(`${p}.${m}`, d, d, bias, 'attention', l);
      },
      notes: (c, ctx) => {
        if (c.str('attention_type', 'block_sparse') === 'block_sparse') ctx.assume('block-sparse encoder attention counted as full attention (what transformers runs for inputs shorter than (5 + 2 × num_random_blocks) × block_size tokens); longer inputs compute fewer query–key pairs');
      },
    }),
  },

  whisper: { defaultArchitecture: 'WhisperForCausalLM', defaults: { vocab_size: 51865, num_mel_bins: 80, encoder_layers: 4, encoder_attention_heads: 6, decoder_layers: 4, decoder_attention_heads: 6, decoder_ffn_dim: 1536, encoder_ffn_dim: 1536, activation_function: 'gelu', d_model: 384, max_source_positions: 1500, max_target_positions: 448, tie_word_embeddings: true }, aliases: { num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers'] }, build: whisper },
  trocr: { defaultArchitecture: 'TrOCRForCausalLM', defaults: { vocab_size: 50265, d_model: 1024, decoder_layers: 12, decoder_attention_heads: 16, decoder_ffn_dim: 4096, activation_function: 'gelu', max_position_embeddings: 512, use_learned_position_embeddings: true, layernorm_embedding: true, tie_word_embeddings: true }, aliases: { num_attention_heads: ['decoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['decoder_layers'] }, build: trocr },
  fsmt: {
    defaultArchitecture: 'FSMTForConditionalGeneration',
    defaults: { src_vocab_size: 42024, tgt_vocab_size: 42024, activation_function: 'relu', d_model: 1024, max_position_embeddings: 1024, encoder_ffn_dim: 4096, encoder_layers: 12, encoder_attention_heads: 16, decoder_ffn_dim: 4096, decoder_layers: 12, decoder_attention_heads: 16, tie_word_embeddings: false, pad_token_id: 1 },
    aliases: { ...BART_ALIASES, vocab_size: ['tgt_vocab_size'] },
    build: encDec({
      base: 'model',
      shared: null,
      tieTo: 'decoder.embed_tokens.weight',
      tied: (c) => c.bool('tie_word_embeddings', false),
      vocab: (c, s) => (s === 'encoder' ? c.int('src_vocab_size', 'source vocabulary size') : c.int('tgt_vocab_size', 'target vocabulary size')),
      // fairseq's sinusoidal table, stored as an embedding weight: max_position_embeddings + padding_idx + 1 rows
      positions: (c) => c.int('max_position_embeddings', 'context length') + c.count('pad_token_id', 'padding id', 1) + 1,
      attnBias: () => true,
      mlpBias: () => true,
      head: 'output_projection',
    }),
  },
  ...Object.fromEntries(
    (['seamless_m4t', 'seamless_m4t_v2'] as const).map((type) => [
      type,
      {
        defaultArchitecture: type === 'seamless_m4t' ? 'SeamlessM4TForTextToText' : 'SeamlessM4Tv2ForTextToText',
        defaults: { vocab_size: 256102, hidden_size: 1024, max_position_embeddings: 1024, activation_function: 'relu', encoder_layers: 24, encoder_ffn_dim: 8192, encoder_attention_heads: 16, decoder_layers: 24, decoder_ffn_dim: 8192, decoder_attention_heads: 16, tie_word_embeddings: true },
        aliases: { d_model: ['hidden_size'] },
        build: encDec({
          base: '',
          stacks: ['text_encoder', 'text_decoder'],
          lmClass: /ForTextToText$/,
          tied: (c) => c.bool('tie_word_embeddings', true),
          positions: () => undefined,
          finalNorm: 'layer_norm',
          names: { selfAttn: 'self_attn', selfNorm: 'self_attn_layer_norm', cross: 'cross_attention', crossNorm: 'cross_attention_layer_norm', ffn: 'ffn', ffnNorm: 'ffn_layer_norm' },
          attnBias: () => true,
          mlpBias: () => true,
        }),
      },
    ]),
  ),
  'nllb-moe': {
    defaultArchitecture: 'NllbMoeForConditionalGeneration',
    defaults: { vocab_size: 128112, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, activation_function: 'relu', d_model: 1024, router_bias: false, num_experts: 128, expert_capacity: 64, encoder_sparse_step: 4, decoder_sparse_step: 4, second_expert_policy: 'all', tie_word_embeddings: true },
    aliases: BART_ALIASES,
    build: encDec({
      base: 'model',
      tied: (c) => c.bool('tie_word_embeddings', true),
      positions: () => undefined,
      finalNorm: 'layer_norm',
      names: { selfAttn: 'self_attn', selfNorm: 'self_attn_layer_norm', cross: 'cross_attention', crossNorm: 'cross_attention_layer_norm', ffn: 'ffn', ffnNorm: 'ff_layer_norm' },
      attnBias: () => true,
      mlpBias: () => true,
      mlp: (c, b, p, l, d, ffn, stack, i) => {
        const step = c.count(`${stack}_sparse_step`, 'sparse step', 4);
        if (step <= 0 || (i + 1) % step !== 0) return false;
        // Top-2 routing; at inference every token reaches both experts (capacity = all tokens).
        const E = c.int('num_experts', 'number of experts');
        b.linear(`${p}.router.classifier`, E, d, c.bool('router_bias', false), 'router', l);
        for (let e = 0; e < E; e++) {
          b.linear(`${p}.experts.expert_${e}.fc1`, ffn, d, true, 'mlp', l, Math.min(2, E) / E);
          b.linear(`${p}.experts.expert_${e}.fc2`, d, ffn, true, 'mlp', l, Math.min(2, E) / E);
        }
        return true;
      },
    }),
  },
  t5gemma: { defaultArchitecture: 'T5GemmaForConditionalGeneration', defaults: { tie_word_embeddings: true }, build: t5gemma },
  t5gemma2: { defaultArchitecture: 'T5Gemma2ForConditionalGeneration', defaults: { tie_word_embeddings: true }, build: t5gemma2 },
};
