// State-space and hybrid models: Mamba, Mamba-2 and the decoders that interleave them (or linear
// attention, or short convolutions) with attention layers. The mixers themselves are in
// registry/ssm.ts; here each model type says which mixer each layer has and how the layer is wrapped.
// SSM / linear-attention layers cache nothing per token: their fixed state (conv window + recurrent
// state) is recorded apart (inventory.fixedState), per sequence.
import { ConfigError } from '../spec';
import { decoderHead, gatedMlp, routedExperts, selfAttention, type AttentionShape } from '../registry/blocks';
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import type { BuildContext, FamilyModule, ModelTypeDecl, Summary } from '../registry/family';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader as Reader, isRecord } from '../registry/configReader';
import { everyLayerMoe, steppedMoe } from '../registry/decoder';
import { depthwiseConv, gatedDeltaNet, lightningAttention, mamba2Mixer, shortConv, mambaMixer, zambaMambaMixer, kimiDeltaAttention, type DeltaNetShape, type Mamba2Shape, type MambaShape } from '../registry/ssm';

/** Context length for "max context" lines: SSMs have none, so it only scales attention layers' caches. */
const context = (c: ConfigReader, fallback = 2048): number => c.optInt('max_position_embeddings', 'context length') ?? fallback;

/** time_step_rank "auto" = ⌈hidden / 16⌉ (Mamba configs' __post_init__). */
function dtRank(c: ConfigReader, hidden: number, field = 'time_step_rank'): number {
  const v = c.get(field);
  if (v === undefined || v === 'auto') return Math.ceil(hidden / 16);
  return c.int(field, 'time-step rank');
}

function mambaShape(c: ConfigReader, hidden: number): MambaShape {
  const inner = c.has('intermediate_size') ? c.int('intermediate_size', 'SSM inner width') : Math.trunc(c.num('expand', 2) * hidden);
  return { hidden, inner, state: c.int('state_size', 'SSM state size'), convKernel: c.int('conv_kernel', 'convolution kernel'), dtRank: dtRank(c, hidden), convBias: c.bool('use_conv_bias', true), projBias: c.bool('use_bias', false) };
}

function ssmSummary(c: ConfigReader, s: { hidden: number; layers: number; vocab: number; inner: number; lmHead: boolean; tied: boolean }): Summary {
  return { attentionKind: 'causal', hidden: s.hidden, layers: s.layers, heads: 0, kvHeads: 0, headDim: 0, vocab: s.vocab, maxPositions: context(c), mlpWidth: s.inner, gatedMlp: false, activation: c.str('hidden_act', 'silu'), head: s.lmHead ? 'lm' : 'none', tiedEmbeddings: s.tied };
}

/**
 * A pure SSM stack: backbone.embeddings, layers of norm + mixer, norm_f, lm_head. Mamba and
 * Mamba-2 differ only in the mixer and in whether the head is tied by default.
 */
function ssmStack<M extends { inner: number }>(
  c: ConfigReader,
  ctx: BuildContext,
  o: { tiedByDefault: boolean; shape: (c: ConfigReader, hidden: number) => M; mixer: (b: BuildContext['b'], prefix: string, layer: number, m: M) => void },
): Summary {
  const { b } = ctx;
  const hidden = c.int('hidden_size', 'hidden size');
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const vocab = c.int('vocab_size', 'vocabulary size');
  const tied = c.bool('tie_word_embeddings', o.tiedByDefault);
  const m = o.shape(c, hidden);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'backbone', ctx.leaveOut);
  b.embedding(`${prefix}embeddings`, vocab, hidden);
  for (let l = 0; l < layers; l++) {
    const p = `${prefix}layers.${l}`;
    b.norm(`${p}.norm`, hidden, false, l);
    o.mixer(b, `${p}.mixer`, l, m);
  }
  b.norm(`${prefix}norm_f`, hidden, false);
  if (lmHead) b.head('lm_head', vocab, hidden, tied ? `${prefix}embeddings.weight` : undefined);
  return ssmSummary(c, { hidden, layers, vocab, inner: m.inner, lmHead, tied });
}

/** Mamba / Falcon-Mamba: lm_head tied by default. */
const mamba = (c: ConfigReader, ctx: BuildContext): Summary => ssmStack(c, ctx, { tiedByDefault: true, shape: mambaShape, mixer: mambaMixer });

function mamba2Shape(c: ConfigReader, hidden: number, o: { heads?: string; headDim?: string; groups?: string; state?: string; conv?: string; convBias?: string; projBias?: string; expand?: string; inner?: number; norm?: boolean } = {}): Mamba2Shape {
  const heads = c.int(o.heads ?? 'num_heads', 'number of SSM heads');
  const headDim = c.int(o.headDim ?? 'head_dim', 'SSM head dimension');
  const inner = o.inner ?? Math.trunc(c.num(o.expand ?? 'expand', 2) * hidden);
  if (inner !== heads * headDim) throw new ConfigError(`Mamba-2 needs expand · hidden_size (${inner}) = SSM heads · head_dim (${heads} · ${headDim})`, o.heads ?? 'num_heads');
  const groups = c.int(o.groups ?? 'n_groups', 'SSM groups');
  return { hidden, inner, heads, headDim, groups, state: c.int(o.state ?? 'state_size', 'SSM state size'), convKernel: c.int(o.conv ?? 'conv_kernel', 'convolution kernel'), convBias: c.bool(o.convBias ?? 'use_conv_bias', true), projBias: c.bool(o.projBias ?? 'use_bias', false), norm: o.norm ?? true };
}

/** Mamba-2: the Mamba-2 mixer (gated RMSNorm inside), lm_head untied by default. */
const mamba2 = (c: ConfigReader, ctx: BuildContext): Summary => ssmStack(c, ctx, { tiedByDefault: false, shape: (r, h) => mamba2Shape(r, h), mixer: mamba2Mixer });

// ── Hybrid decoders: embeddings, layers whose mixer is an SSM or attention, final norm, head ──

interface Frame {
  readonly prefix: string;
  readonly lmHead: boolean;
  readonly hidden: number;
  readonly layers: number;
  readonly vocab: number;
  readonly tied: boolean;
  readonly embed: string;
}

/** Embedding and the head's prefix; `finish` adds the final norm and the head. */
function frame(c: ConfigReader, ctx: BuildContext, o: { embed?: string; layers?: number } = {}): Frame {
  const hidden = c.int('hidden_size', 'hidden size');
  const layers = o.layers ?? c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const vocab = c.int('vocab_size', 'vocabulary size');
  const tied = c.bool('tie_word_embeddings', false);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  const embed = `${prefix}${o.embed ?? 'embed_tokens'}`;
  ctx.b.embedding(embed, vocab, hidden);
  return { prefix, lmHead, hidden, layers, vocab, tied, embed };
}

function finish(ctx: BuildContext, f: Frame, finalNorm: string): void {
  ctx.b.norm(`${f.prefix}${finalNorm}`, f.hidden, false);
  if (f.lmHead) ctx.b.head('lm_head', f.vocab, f.hidden, f.tied ? `${f.embed}.weight` : undefined);
}

function attentionShape(c: ConfigReader, hidden: number): AttentionShape {
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads', heads);
  if (heads % kvHeads !== 0) throw new ConfigError(`num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})`, 'num_key_value_heads');
  const given = c.optInt('head_dim', 'head dimension');
  if (given === undefined && hidden % heads !== 0) throw new ConfigError(`hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}); give "head_dim"`, 'head_dim');
  return { hidden, heads, kvHeads, headDim: given ?? hidden / heads };
}

/** Legacy layer-type names (transformers' remap_legacy_layer_types): mamba/conv → linear_attention, attention → full_attention. */
const LEGACY: Readonly<Record<string, string>> = { mamba: 'linear_attention', conv: 'linear_attention', attention: 'full_attention' };

function typesOf(c: ConfigReader, layers: number, fallback: (i: number) => string, field = 'layer_types'): string[] {
  const given = c.list(field);
  if (given) {
    if (given.length !== layers) throw new ConfigError(`"${field}" lists ${given.length} layers but the model has ${layers}`, field);
    return given.map((t) => LEGACY[String(t)] ?? String(t));
  }
  return Array.from({ length: layers }, (_, i) => fallback(i));
}

function hybridSummary(c: ConfigReader, f: Frame, a: AttentionShape, o: { mlpWidth: number; gated?: boolean; activation?: string; moe?: Summary['moe'] }): Summary {
  return { attentionKind: 'causal', hidden: f.hidden, layers: f.layers, heads: a.heads, kvHeads: a.kvHeads, headDim: a.headDim, vocab: f.vocab, maxPositions: context(c), mlpWidth: o.mlpWidth, gatedMlp: o.gated ?? true, activation: o.activation ?? c.str('hidden_act', 'silu'), ...(o.moe ? { moe: o.moe } : {}), head: f.lmHead ? 'lm' : 'none', tiedEmbeddings: f.tied };
}

/** The Mamba-2 mixer of the Bamba / Granite-4 / Falcon-H1 configs (mamba_* fields; head size "auto" = d_inner / heads). */
function mambaFields(c: ConfigReader, hidden: number, inner?: number): Mamba2Shape {
  const heads = c.int('mamba_n_heads', 'number of SSM heads');
  const d = inner ?? Math.trunc(c.num('mamba_expand', 2) * hidden);
  const given = c.get('mamba_d_head');
  const headDim = given === undefined || given === 'auto' ? Math.floor(d / heads) : c.int('mamba_d_head', 'SSM head dimension');
  if (headDim * heads !== d) throw new ConfigError(`Mamba-2 needs SSM heads · head size (${heads} · ${headDim}) = d_inner (${d})`, 'mamba_d_head');
  return { hidden, inner: d, heads, headDim, groups: c.int('mamba_n_groups', 'SSM groups'), state: c.int('mamba_d_state', 'SSM state size'), convKernel: c.int('mamba_d_conv', 'convolution kernel'), convBias: c.bool('mamba_conv_bias', true), projBias: c.bool('mamba_proj_bias', false), norm: true };
}

/** Bamba: Mamba-2 layers, attention at attn_layer_indices; every layer a gated MLP (feed_forward). */
function bamba(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const m = mambaFields(c, f.hidden);
  const attn = new Set((c.list('attn_layer_indices') ?? []).map(Number));
  const types = typesOf(c, f.layers, (i) => (attn.has(i) ? 'full_attention' : 'linear_attention'));
  const width = c.int('intermediate_size', 'MLP width');
  const bias = c.bool('attention_bias', false);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    if (types[l] === 'full_attention') selfAttention(b, `${p}.self_attn`, l, a, { qkvBias: bias, oBias: bias });
    else mamba2Mixer(b, `${p}.mamba`, l, m);
    gatedMlp(b, `${p}.feed_forward`, l, f.hidden, width, { bias: c.bool('mlp_bias', false) });
    b.norm(`${p}.input_layernorm`, f.hidden, false, l);
    b.norm(`${p}.pre_ff_layernorm`, f.hidden, false, l);
  }
  finish(ctx, f, 'final_layernorm');
  return hybridSummary(c, f, a, { mlpWidth: width });
}

/** Falcon-H1: every layer runs Mamba-2 and attention in parallel, then a gated MLP. */
function falconH1(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const dSsm = c.optInt('mamba_d_ssm', 'SSM inner width');
  const m = { ...mambaFields(c, f.hidden, dSsm), norm: c.bool('mamba_rms_norm', false) };
  const width = c.int('intermediate_size', 'MLP width');
  const bias = c.bool('attention_bias', false);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    gatedMlp(b, `${p}.feed_forward`, l, f.hidden, width, { bias: c.bool('mlp_bias', false) });
    mamba2Mixer(b, `${p}.mamba`, l, m);
    selfAttention(b, `${p}.self_attn`, l, a, { qkvBias: bias, oBias: bias });
    b.norm(`${p}.input_layernorm`, f.hidden, false, l);
    b.norm(`${p}.pre_ff_layernorm`, f.hidden, false, l);
  }
  finish(ctx, f, 'final_layernorm');
  return hybridSummary(c, f, a, { mlpWidth: width });
}

/** Granite-4 hybrid: Mamba-2 or attention per layer_types, MoE (router + fused experts) and a shared MLP on every layer. */
function graniteMoeHybrid(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const m = mambaFields(c, f.hidden);
  const types = typesOf(c, f.layers, () => 'linear_attention');
  const experts = c.count('num_local_experts', 'number of experts', 8);
  const topK = experts > 0 ? c.int('num_experts_per_tok', 'experts per token') : 0;
  if (topK > experts) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts})`, 'num_experts_per_tok');
  const width = c.int('intermediate_size', 'expert MLP width');
  const shared = c.int('shared_intermediate_size', 'shared MLP width');
  const bias = c.bool('attention_bias', false);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    b.norm(`${p}.input_layernorm`, f.hidden, false, l);
    b.norm(`${p}.post_attention_layernorm`, f.hidden, false, l);
    if (experts > 0) {
      b.linear(`${p}.block_sparse_moe.router`, experts, f.hidden, false, 'router', l);
      routedExperts(b, `${p}.block_sparse_moe.experts`, l, { experts, topK, hidden: f.hidden, width });
    }
    b.linear(`${p}.shared_mlp.input_linear`, 2 * shared, f.hidden, false, 'mlp', l);
    b.linear(`${p}.shared_mlp.output_linear`, f.hidden, shared, false, 'mlp', l);
    if (types[l] === 'linear_attention') mamba2Mixer(b, `${p}.mamba`, l, m);
    else selfAttention(b, `${p}.self_attn`, l, a, { qkvBias: bias, oBias: bias });
  }
  finish(ctx, f, 'norm');
  return hybridSummary(c, f, a, { mlpWidth: shared, ...(experts > 0 ? { moe: { experts, topK, expertWidth: width, sharedWidth: shared } } : {}) });
}

const NEMOTRON_PATTERN: Readonly<Record<string, string>> = { M: 'linear_attention', E: 'moe', '*': 'full_attention', '-': 'mlp' };

/** Nemotron-H: one mixer per block (Mamba-2, attention, MLP or MoE) after one norm; layers_block_type decides. */
function nemotronH(c: ConfigReader, ctx: BuildContext): Summary {
  let types = c.list('layer_types')?.map((t) => LEGACY[String(t)] ?? String(t));
  if (!types) {
    const pattern = c.str('hybrid_override_pattern', '');
    types = pattern ? [...pattern].map((ch) => NEMOTRON_PATTERN[ch] ?? `"${ch}"`) : ['linear_attention', 'moe', 'full_attention', 'mlp'];
  }
  const bad = types.find((t) => !['linear_attention', 'moe', 'full_attention', 'mlp'].includes(t));
  if (bad) throw new ConfigError(`layers_block_type has ${bad}; Nemotron-H knows linear_attention (M), moe (E), full_attention (*) and mlp (-)`, 'layers_block_type');
  const { b } = ctx;
  // NemotronHForCausalLM declares no tied weights: its head is its own whatever tie_word_embeddings says.
  const f = { ...frame(c, ctx, { embed: 'embeddings', layers: types.length }), tied: false };
  const a = attentionShape(c, f.hidden);
  const heads = c.int('mamba_num_heads', 'number of SSM heads');
  const headDim = c.int('mamba_head_dim', 'SSM head dimension');
  const m: Mamba2Shape = { hidden: f.hidden, inner: heads * headDim, heads, headDim, groups: c.int('n_groups', 'SSM groups'), state: c.int('ssm_state_size', 'SSM state size'), convKernel: c.int('conv_kernel', 'convolution kernel'), convBias: c.bool('use_conv_bias', true), projBias: c.bool('use_bias', false), norm: true };
  const width = c.int('intermediate_size', 'MLP width');
  const mlpBias = c.bool('mlp_bias', false);
  const hasMoe = types.includes('moe');
  const experts = hasMoe ? c.int('n_routed_experts', 'number of experts') : 0;
  const topK = hasMoe ? c.int('num_experts_per_tok', 'experts per token') : 0;
  if (topK > experts) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts})`, 'num_experts_per_tok');
  const expertWidth = hasMoe ? c.int('moe_intermediate_size', 'expert MLP width') : 0;
  const sharedWidth = hasMoe ? c.count('moe_shared_expert_intermediate_size', 'shared expert width') : 0;
  const latent = c.optInt('moe_latent_size', 'MoE latent size');
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    b.norm(`${p}.norm`, f.hidden, false, l);
    const x = `${p}.mixer`;
    switch (types[l]) {
      case 'linear_attention':
        mamba2Mixer(b, x, l, m);
        break;
      case 'full_attention':
        selfAttention(b, x, l, a, {});
        break;
      case 'mlp':
        b.linear(`${x}.up_proj`, width, f.hidden, mlpBias, 'mlp', l);
        b.linear(`${x}.down_proj`, f.hidden, width, mlpBias, 'mlp', l);
        break;
      default: {
        const inp = latent ?? f.hidden;
        const share = topK / experts;
        b.tensor(`${x}.experts.up_proj`, [experts, expertWidth, inp], 'experts', { layer: l, share, matmul: true });
        b.tensor(`${x}.experts.down_proj`, [experts, inp, expertWidth], 'experts', { layer: l, share, matmul: true });
        b.linear(`${x}.gate`, experts, f.hidden, false, 'router', l);
        b.buffer(`${x}.gate.e_score_correction_bias`, [experts]);
        b.linear(`${x}.shared_experts.up_proj`, sharedWidth, f.hidden, mlpBias, 'mlp', l);
        b.linear(`${x}.shared_experts.down_proj`, f.hidden, sharedWidth, mlpBias, 'mlp', l);
        if (latent !== undefined) {
          b.linear(`${x}.fc1_latent_proj`, latent, f.hidden, mlpBias, 'mlp', l);
          b.linear(`${x}.fc2_latent_proj`, f.hidden, latent, mlpBias, 'mlp', l);
        }
      }
    }
  }
  finish(ctx, f, 'norm_f');
  return hybridSummary(c, f, a, { mlpWidth: width, gated: false, activation: c.str('mlp_hidden_act', 'relu2'), ...(hasMoe ? { moe: { experts, topK, expertWidth, sharedWidth } } : {}) });
}

/** Jamba: Mamba layers (with dt/B/C norms) and attention every attn_layer_period; MoE every expert_layer_period. */
function jamba(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const inner = Math.trunc(c.num('mamba_expand', 2) * f.hidden);
  const m: MambaShape = { hidden: f.hidden, inner, state: c.int('mamba_d_state', 'SSM state size'), convKernel: c.int('mamba_d_conv', 'convolution kernel'), dtRank: dtRank(c, f.hidden, 'mamba_dt_rank'), convBias: c.bool('mamba_conv_bias', true), projBias: c.bool('mamba_proj_bias', false) };
  const ap = c.int('attn_layer_period', 'attention layer period');
  const ao = c.count('attn_layer_offset', 'attention layer offset');
  const ep = c.int('expert_layer_period', 'expert layer period');
  const eo = c.count('expert_layer_offset', 'expert layer offset');
  const experts = c.int('num_experts', 'number of experts');
  const topK = c.int('num_experts_per_tok', 'experts per token');
  if (topK > experts) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts})`, 'num_experts_per_tok');
  const width = c.int('intermediate_size', 'MLP width');
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    if (l % ap === ao) selfAttention(b, `${p}.self_attn`, l, a, {});
    else mambaMixer(b, `${p}.mamba`, l, m, { dtNorms: true });
    if (experts > 1 && l % ep === eo) {
      b.linear(`${p}.feed_forward.router`, experts, f.hidden, false, 'router', l);
      routedExperts(b, `${p}.feed_forward.experts`, l, { experts, topK, hidden: f.hidden, width });
    } else gatedMlp(b, `${p}.feed_forward`, l, f.hidden, width);
    b.norm(`${p}.input_layernorm`, f.hidden, false, l);
    b.norm(`${p}.pre_ff_layernorm`, f.hidden, false, l);
  }
  finish(ctx, f, 'final_layernorm');
  return hybridSummary(c, f, a, { mlpWidth: width, moe: { experts, topK, expertWidth: width, sharedWidth: 0 } });
}

/** Qwen3-Next / Qwen3.5 attention: q_proj also yields an output gate (2·heads·head_dim), q/k norms per head. */
function gatedAttention(b: InventoryBuilder, p: string, l: number, a: AttentionShape, bias: boolean): void {
  const q = a.heads * a.headDim;
  const kv = a.kvHeads * a.headDim;
  b.linear(`${p}.q_proj`, 2 * q, a.hidden, bias, 'attention', l);
  b.linear(`${p}.k_proj`, kv, a.hidden, bias, 'attention', l);
  b.linear(`${p}.v_proj`, kv, a.hidden, bias, 'attention', l);
  b.linear(`${p}.o_proj`, a.hidden, q, bias, 'attention', l);
  b.norm(`${p}.q_norm`, a.headDim, false, l);
  b.norm(`${p}.k_norm`, a.headDim, false, l);
  b.attend(l, 'full', { heads: a.heads, qkDim: a.headDim, cachePerToken: 2 * kv });
}

function deltaNetShape(c: ConfigReader): DeltaNetShape {
  const d = { keyHeads: c.int('linear_num_key_heads', 'linear-attention key heads'), valueHeads: c.int('linear_num_value_heads', 'linear-attention value heads'), keyDim: c.int('linear_key_head_dim', 'linear-attention key head size'), valueDim: c.int('linear_value_head_dim', 'linear-attention value head size'), convKernel: c.int('linear_conv_kernel_dim', 'linear-attention convolution kernel') };
  if (d.valueHeads % d.keyHeads !== 0) throw new ConfigError(`linear_num_value_heads (${d.valueHeads}) must be a multiple of linear_num_key_heads (${d.keyHeads})`, 'linear_num_value_heads');
  return d;
}

/** Qwen3-Next and Qwen3.5: Gated DeltaNet layers with a gated-attention layer every full_attention_interval (4). */
function qwenNext(o: { layout: 'qkvz' | 'split'; mlp: 'stepped' | 'moe' | 'dense' }) {
  return (c: ConfigReader, ctx: BuildContext): Summary => {
    const { b } = ctx;
    const f = frame(c, ctx);
    const a = attentionShape(c, f.hidden);
    const d = deltaNetShape(c);
    const interval = c.int('full_attention_interval', 'full-attention interval', 4);
    const types = typesOf(c, f.layers, (i) => ((i + 1) % interval ? 'linear_attention' : 'full_attention'));
    const bias = c.bool('attention_bias', false);
    const moe = steppedMoe({ shared: true });
    const dense = o.mlp === 'dense' ? c.int('intermediate_size', 'MLP width') : 0;
    for (let l = 0; l < f.layers; l++) {
      const p = `${f.prefix}layers.${l}`;
      if (types[l] === 'linear_attention') gatedDeltaNet(b, `${p}.linear_attn`, l, f.hidden, d, o.layout);
      else gatedAttention(b, `${p}.self_attn`, l, a, bias);
      const sparse = o.mlp === 'moe' || (o.mlp === 'stepped' && moe.sparse(c, l, f.layers));
      if (sparse) moe.build(c, b, `${p}.mlp`, l, f.hidden);
      else gatedMlp(b, `${p}.mlp`, l, f.hidden, o.mlp === 'dense' ? dense : c.int('intermediate_size', 'MLP width'));
      b.norm(`${p}.input_layernorm`, f.hidden, false, l);
      b.norm(`${p}.post_attention_layernorm`, f.hidden, false, l);
    }
    finish(ctx, f, 'norm');
    const m = o.mlp === 'dense' ? undefined : moe.summary(c);
    return hybridSummary(c, f, a, { mlpWidth: dense || (m?.expertWidth ?? 0), ...(m ? { moe: m } : {}) });
  };
}

/** LFM2: gated short-convolution layers and attention layers (full_attn_idxs), SwiGLU w1/w3/w2, embedding_norm as the final norm. */
function lfm2(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = { ...frame(c, ctx), tied: c.bool('tie_word_embeddings', c.bool('tie_embedding', true)) };
  const a = attentionShape(c, f.hidden);
  const idx = c.list('full_attn_idxs');
  const attn = new Set((idx ?? Array.from({ length: f.layers }, (_, i) => i)).map(Number));
  const types = typesOf(c, f.layers, (i) => (attn.has(i) ? 'full_attention' : 'linear_attention'));
  let width = c.int('intermediate_size', 'MLP width');
  if (c.bool('block_auto_adjust_ff_dim', true)) {
    width = Math.trunc((2 * width) / 3);
    const mult = c.get('block_ffn_dim_multiplier');
    if (typeof mult === 'number') {
      const m = c.int('block_multiple_of', 'MLP width multiple');
      width = m * Math.ceil(Math.trunc(mult * width) / m);
    }
  }
  const k = c.int('conv_L_cache', 'short-convolution length');
  const convBias = c.bool('conv_bias', false);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    if (types[l] === 'full_attention') selfAttention(b, `${p}.self_attn`, l, a, { o: 'out_proj', qkNorm: 'head', qkNormNames: ['q_layernorm', 'k_layernorm'] });
    else shortConv(b, `${p}.conv`, l, f.hidden, k, convBias);
    gatedMlp(b, `${p}.feed_forward`, l, f.hidden, width, { gate: 'w1', up: 'w3', down: 'w2' });
    b.norm(`${p}.operator_norm`, f.hidden, false, l);
    b.norm(`${p}.ffn_norm`, f.hidden, false, l);
  }
  finish(ctx, f, 'embedding_norm');
  return hybridSummary(c, f, a, { mlpWidth: width });
}

/** OLMo hybrid: Gated DeltaNet layers (pre-norm) and every 4th layer attention (post-norm, OLMo 2 style q/k norms). */
function olmoHybrid(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const keyHeads = c.int('linear_num_key_heads', 'linear-attention key heads', a.heads);
  const keyDim = c.int('linear_key_head_dim', 'linear-attention key head size', Math.trunc((0.75 * f.hidden) / keyHeads));
  const d: DeltaNetShape = { keyHeads, valueHeads: c.int('linear_num_value_heads', 'linear-attention value heads', a.heads), keyDim, valueDim: c.int('linear_value_head_dim', 'linear-attention value head size', 2 * keyDim), convKernel: c.int('linear_conv_kernel_dim', 'linear-attention convolution kernel') };
  const fallback = Array.from({ length: f.layers }, (_, i) => (i % 4 === 3 ? 'full_attention' : 'linear_attention'));
  if (!fallback.includes('full_attention')) fallback[f.layers - 1] = 'full_attention';
  const types = typesOf(c, f.layers, (i) => fallback[i] as string);
  const width = c.int('intermediate_size', 'MLP width');
  const bias = c.bool('attention_bias', false);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    gatedMlp(b, `${p}.mlp`, l, f.hidden, width);
    if (types[l] === 'linear_attention') {
      b.norm(`${p}.input_layernorm`, f.hidden, false, l);
      b.norm(`${p}.post_attention_layernorm`, f.hidden, false, l);
      gatedDeltaNet(b, `${p}.linear_attn`, l, f.hidden, d, 'olmo');
    } else {
      selfAttention(b, `${p}.self_attn`, l, a, { qkvBias: bias, oBias: bias, qkNorm: 'full' });
      b.norm(`${p}.post_attention_layernorm`, f.hidden, false, l);
      b.norm(`${p}.post_feedforward_layernorm`, f.hidden, false, l);
    }
  }
  finish(ctx, f, 'norm');
  return hybridSummary(c, f, a, { mlpWidth: width });
}

/** MiniMax-01: lightning (linear) attention and softmax attention alternating, MoE on every layer. */
function minimax(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx);
  const a = attentionShape(c, f.hidden);
  const types = typesOf(c, f.layers, (i) => ((i + 1) % 2 ? 'full_attention' : 'linear_attention'));
  const block = c.int('block_size', 'lightning-attention block size');
  const moe = everyLayerMoe();
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    if (types[l] === 'linear_attention') lightningAttention(b, `${p}.self_attn`, l, f.hidden, a.heads, a.headDim, block);
    else selfAttention(b, `${p}.self_attn`, l, a, {});
    moe.build(c, b, `${p}.mlp`, l, f.hidden);
    b.norm(`${p}.input_layernorm`, f.hidden, false, l);
    b.norm(`${p}.post_attention_layernorm`, f.hidden, false, l);
  }
  finish(ctx, f, 'norm');
  const m = moe.summary(c);
  return hybridSummary(c, f, a, { mlpWidth: m.expertWidth, moe: m });
}

/**
 * Zamba2: Mamba-2 layers; "hybrid" layers add a shared transformer block (attention over
 * [hidden, embeddings] of width 2h, gated MLP) and a linear before their Mamba-2 layer. The
 * shared blocks cycle over num_mem_blocks and are tied (one storage, every use multiplies through
 * it); each block holds one LoRA-style adapter per hybrid layer that uses it, run only there.
 */
function zamba2(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = frame(c, ctx, {});
  const f2 = { ...f, tied: c.bool('tie_word_embeddings', true) };
  const h = f.hidden;
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads', heads);
  // Derived in __post_init__ unless given (given kwargs are set after it).
  const ah = c.optInt('attention_hidden_size', 'attention input width') ?? 2 * h;
  const hd = c.optInt('attention_head_dim', 'attention head size') ?? Math.trunc((2 * h) / heads);
  const mHeads = c.int('n_mamba_heads', 'number of SSM heads');
  const inner = Math.trunc(c.num('mamba_expand', 2) * h);
  const m: Mamba2Shape = { hidden: h, inner, heads: mHeads, headDim: c.optInt('mamba_headdim', 'SSM head size') ?? Math.trunc(inner / mHeads), groups: c.int('mamba_ngroups', 'SSM groups'), state: c.int('mamba_d_state', 'SSM state size'), convKernel: c.int('mamba_d_conv', 'convolution kernel'), convBias: c.bool('use_conv_bias', true), projBias: c.bool('add_bias_linear', false), norm: true };
  const width = c.optInt('intermediate_size', 'MLP width') ?? 4 * h;
  const bias = c.bool('add_bias_linear', false);
  const memBlocks = c.int('num_mem_blocks', 'shared blocks');
  const rank = c.int('adapter_rank', 'adapter rank');
  const attnAdapters = c.bool('use_shared_attention_adapter', false);
  const types = zambaTypes(c, f.layers, () => 'linear_attention');
  const hybrids = types.flatMap((t, i) => (t === 'hybrid' ? [i] : []));
  const firstOfBlock: number[] = [];
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    const mp = types[l] === 'hybrid' ? `${p}.mamba_decoder` : p;
    mamba2Mixer(b, `${mp}.mamba`, l, m);
    b.norm(`${mp}.input_layernorm`, h, false, l);
    if (types[l] !== 'hybrid') continue;
    const j = hybrids.indexOf(l);
    const block = j % memBlocks;
    const first = firstOfBlock[block];
    if (first === undefined) firstOfBlock[block] = l;
    const s = `${p}.shared_transformer`;
    // transformers 5.17 applies these ties with the embedding's: tie_word_embeddings false leaves every hybrid layer its own block.
    const tie = (name: string) => (first === undefined || !f2.tied ? {} : { tiedTo: name.replace(s, `${f.prefix}layers.${first}.shared_transformer`) });
    const lin = (name: string, out: number, inp: number, used = true) => {
      b.tensor(`${name}.weight`, [out, inp], 'attention', { layer: l, matmul: used, ...tie(`${name}.weight`) });
      if (bias && used !== undefined && /(gate_up|down)_proj$/.test(name)) b.tensor(`${name}.bias`, [out], 'mlp', { layer: l, ...tie(`${name}.bias`) });
    };
    for (const [n, out] of [['q_proj', heads * hd], ['k_proj', kvHeads * hd], ['v_proj', kvHeads * hd]] as const) lin(`${s}.self_attn.${n}`, out, ah);
    lin(`${s}.self_attn.o_proj`, h, heads * hd);
    b.attend(l, 'full', { heads, qkDim: hd, cachePerToken: 2 * kvHeads * hd });
    for (let i = 0; i < hybrids.length; i++) {
      if (i % memBlocks !== block) continue;
      if (attnAdapters) for (const n of ['q', 'k', 'v']) {
        lin(`${s}.self_attn.linear_${n}_adapter_list.${i}.0`, rank, ah, i === j);
        lin(`${s}.self_attn.linear_${n}_adapter_list.${i}.1`, ah, rank, i === j);
      }
    }
    lin(`${s}.feed_forward.gate_up_proj`, 2 * width, h);
    lin(`${s}.feed_forward.down_proj`, h, width);
    for (let i = 0; i < hybrids.length; i++) {
      if (i % memBlocks !== block) continue;
      lin(`${s}.feed_forward.gate_up_proj_adapter_list.${i}.0`, rank, h, i === j);
      lin(`${s}.feed_forward.gate_up_proj_adapter_list.${i}.1`, 2 * width, rank, i === j);
    }
    b.tensor(`${s}.input_layernorm.weight`, [ah], 'norm', { layer: l, ...tie(`${s}.input_layernorm.weight`) });
    b.tensor(`${s}.pre_ff_layernorm.weight`, [h], 'norm', { layer: l, ...tie(`${s}.pre_ff_layernorm.weight`) });
    b.linear(`${p}.linear`, h, h, false, 'attention', l);
  }
  finish(ctx, f2, 'final_layernorm');
  return hybridSummary(c, f2, { hidden: h, heads, kvHeads, headDim: hd }, { mlpWidth: width, activation: c.str('hidden_act', 'gelu') });
}

/** Zamba: multi-head Mamba layers; hybrid layers add the one shared transformer block (tied) and a linear. */
function zamba(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = { ...frame(c, ctx), tied: c.bool('tie_word_embeddings', true) };
  const h = f.hidden;
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads', heads);
  const ah = c.optInt('attention_hidden_size', 'attention input width') ?? 2 * h;
  const hd = c.optInt('attention_head_dim', 'attention head size') ?? Math.trunc((2 * h) / heads);
  const mHeads = c.int('n_mamba_heads', 'number of SSM heads');
  const m: MambaShape = { hidden: h, inner: Math.trunc(c.num('mamba_expand', 2) * h), state: c.int('mamba_d_state', 'SSM state size'), convKernel: c.int('mamba_d_conv', 'convolution kernel'), dtRank: dtRank(c, h, 'mamba_dt_rank'), convBias: c.bool('mamba_conv_bias', true), projBias: c.bool('mamba_proj_bias', false) };
  if (m.inner % mHeads !== 0) throw new ConfigError(`mamba_expand · hidden_size (${m.inner}) must be divisible by n_mamba_heads (${mHeads})`, 'n_mamba_heads');
  const width = c.int('intermediate_size', 'MLP width');
  const period = c.int('attn_layer_period', 'attention layer period');
  const offset = c.count('attn_layer_offset', 'attention layer offset');
  const types = zambaTypes(c, f.layers, (i) => (i < 3 ? (i === 2 ? 'hybrid' : 'linear_attention') : (i - 3) % period === offset ? 'hybrid' : 'linear_attention'));
  let first: number | undefined;
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    if (types[l] === 'hybrid') {
      const s = `${p}.shared_transf`;
      // transformers 5.17 ties the hybrid layers' shared block to the first one together with the embeddings.
      const tie = (n: string) => (first === undefined || !f.tied ? {} : { tiedTo: n.replace(s, `${f.prefix}layers.${first}.shared_transf`) });
      const w = (n: string, shape: number[], matmul = true, comp: 'attention' | 'mlp' | 'norm' = 'attention') => b.tensor(`${s}.${n}`, shape, comp, { layer: l, matmul, ...tie(`${s}.${n}`) });
      w('self_attn.q_proj.weight', [heads * hd, ah]);
      w('self_attn.k_proj.weight', [kvHeads * hd, ah]);
      w('self_attn.v_proj.weight', [kvHeads * hd, ah]);
      w('self_attn.o_proj.weight', [h, heads * hd]);
      b.attend(l, 'full', { heads, qkDim: hd, cachePerToken: 2 * kvHeads * hd });
      w('feed_forward.gate_proj.weight', [width, h], true, 'mlp');
      w('feed_forward.up_proj.weight', [width, h], true, 'mlp');
      w('feed_forward.down_proj.weight', [h, width], true, 'mlp');
      w('input_layernorm.weight', [ah], false, 'norm');
      w('pre_ff_layernorm.weight', [h], false, 'norm');
      b.linear(`${p}.linear`, h, h, false, 'attention', l);
      first ??= l;
    }
    const mp = types[l] === 'hybrid' ? `${p}.mamba_decoder` : p;
    zambaMambaMixer(b, `${mp}.mamba`, l, m, mHeads);
    b.norm(`${mp}.input_layernorm`, h, false, l);
  }
  finish(ctx, f, 'final_layernorm');
  return hybridSummary(c, f, { hidden: h, heads, kvHeads, headDim: hd }, { mlpWidth: width, activation: c.str('hidden_act', 'gelu') });
}

/** Kimi Linear: Kimi Delta Attention layers and MLA layers (every 4th from layer 4), dense first then MoE with shared experts. */
function kimiLinear(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  // KimiLinearForCausalLM declares no tied weights: its head is its own whatever tie_word_embeddings says.
  const f = { ...frame(c, ctx), tied: false };
  const h = f.hidden;
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const lin = isRecord(c.get('linear_attn_config')) ? (c.get('linear_attn_config') as Record<string, unknown>) : {};
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback);
  const ld = num(lin.head_dim, c.int('linear_head_dim', 'linear-attention head size'));
  const lh = num(lin.num_heads, c.int('linear_num_heads', 'linear-attention heads'));
  const lk = num(lin.short_conv_kernel_size, c.int('linear_conv_kernel_dim', 'linear-attention convolution kernel'));
  let fallback: string[] = Array.from({ length: f.layers }, (_, i) => (i && i % 4 === 0 ? 'full_attention' : 'linear_attention'));
  if (Array.isArray(lin.full_attn_layers) && Array.isArray(lin.kda_layers)) {
    fallback = Array<string>(f.layers).fill('');
    for (const x of lin.full_attn_layers) fallback[Number(x) - 1] = 'full_attention';
    for (const x of lin.kda_layers) fallback[Number(x) - 1] = 'linear_attention';
  }
  const types = typesOf(c, f.layers, (i) => fallback[i] as string);
  const firstDense = c.count('first_k_dense_replace', 'dense layers first', 1);
  const mlpTypes = typesOf(c, f.layers, (i) => (i < firstDense ? 'dense' : 'sparse'), 'mlp_layer_types');
  const qRank = c.optInt('q_lora_rank', 'query rank');
  const kvRank = c.int('kv_lora_rank', 'KV latent rank');
  const nope = c.int('qk_nope_head_dim', 'non-rotary query/key head size');
  const rope = c.int('qk_rope_head_dim', 'rotary query/key head size');
  const v = c.int('v_head_dim', 'value head size');
  const bias = c.bool('attention_bias', false);
  const experts = c.int('num_local_experts', 'number of experts');
  const topK = c.int('num_experts_per_tok', 'experts per token');
  if (topK > experts) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts})`, 'num_experts_per_tok');
  const expertWidth = c.int('moe_intermediate_size', 'expert MLP width');
  const shared = c.count('n_shared_experts', 'shared experts', 1);
  const width = c.int('intermediate_size', 'MLP width');
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    const a = `${p}.self_attn`;
    if (types[l] === 'full_attention') {
      if (qRank === undefined) b.linear(`${a}.q_proj`, heads * (nope + rope), h, false, 'attention', l);
      else {
        b.linear(`${a}.q_a_proj`, qRank, h, bias, 'attention', l).norm(`${a}.q_a_layernorm`, qRank, false, l);
        b.linear(`${a}.q_b_proj`, heads * (nope + rope), qRank, false, 'attention', l);
      }
      b.linear(`${a}.kv_a_proj_with_mqa`, kvRank + rope, h, bias, 'attention', l).norm(`${a}.kv_a_layernorm`, kvRank, false, l);
      b.linear(`${a}.kv_b_proj`, heads * (nope + v), kvRank, false, 'attention', l);
      b.linear(`${a}.o_proj`, h, heads * v, bias, 'attention', l);
      b.attend(l, 'latent', { heads, qkDim: nope + rope, vDim: v, cachePerToken: kvRank + rope, cache: 'latent' });
    } else kimiDeltaAttention(b, a, l, h, lh, ld, lk);
    if (mlpTypes[l] === 'sparse') {
      routedExperts(b, `${p}.mlp.experts`, l, { experts, topK, hidden: h, width: expertWidth });
      b.linear(`${p}.mlp.gate`, experts, h, false, 'router', l);
      b.buffer(`${p}.mlp.gate.e_score_correction_bias`, [experts]);
      if (shared > 0) gatedMlp(b, `${p}.mlp.shared_experts`, l, h, expertWidth * shared);
    } else gatedMlp(b, `${p}.mlp`, l, h, width);
    b.norm(`${p}.input_layernorm`, h, false, l);
    b.norm(`${p}.post_attention_layernorm`, h, false, l);
  }
  finish(ctx, f, 'norm');
  return { ...hybridSummary(c, f, { hidden: h, heads, kvHeads: heads, headDim: nope + rope }, { mlpWidth: width, moe: { experts, topK, expertWidth, sharedWidth: expertWidth * shared } }), mla: { qLoraRank: qRank ?? 0, kvLoraRank: kvRank, qkNopeDim: nope, qkRopeDim: rope, vDim: v } };
}

/**
 * RWKV (v4): blocks of time mixing (key/value/receptance/output with per-channel decay and token
 * shift) and channel mixing, LayerNorms with biases, pre_ln on the first block, head tied by
 * default. The WKV recurrence is element-wise (no matmul torch counts); the state kept per sequence
 * is 2 token-shift vectors [h] and the numerator, denominator and max of the WKV [attention width].
 */
function rwkv(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const h = c.int('hidden_size', 'hidden size');
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const vocab = c.int('vocab_size', 'vocabulary size');
  const ah = c.optInt('attention_hidden_size', 'attention width') ?? h;
  const width = c.optInt('intermediate_size', 'MLP width') ?? 4 * h;
  const tied = c.bool('tie_word_embeddings', false);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'rwkv', ctx.leaveOut);
  b.embedding(`${prefix}embeddings`, vocab, h);
  for (let l = 0; l < layers; l++) {
    const p = `${prefix}blocks.${l}`;
    if (l === 0) b.norm(`${p}.pre_ln`, h, true, l);
    b.norm(`${p}.ln1`, h, true, l);
    b.norm(`${p}.ln2`, h, true, l);
    const a = `${p}.attention`;
    b.tensor(`${a}.time_decay`, [ah], 'attention', { layer: l });
    b.tensor(`${a}.time_first`, [ah], 'attention', { layer: l });
    for (const n of ['key', 'value', 'receptance']) b.tensor(`${a}.time_mix_${n}`, [1, 1, h], 'attention', { layer: l });
    for (const n of ['key', 'value', 'receptance']) b.linear(`${a}.${n}`, ah, h, false, 'attention', l);
    b.linear(`${a}.output`, h, ah, false, 'attention', l);
    const m = `${p}.feed_forward`;
    for (const n of ['key', 'receptance']) b.tensor(`${m}.time_mix_${n}`, [1, 1, h], 'mlp', { layer: l });
    b.linear(`${m}.key`, width, h, false, 'mlp', l);
    b.linear(`${m}.receptance`, h, h, false, 'mlp', l);
    b.linear(`${m}.value`, h, width, false, 'mlp', l);
    b.fixedState(l, 2 * h + 3 * ah, `RWKV state: 2 token shifts ×${h} + WKV numerator, denominator, max ×${ah}`);
  }
  b.norm(`${prefix}ln_out`, h, true);
  if (lmHead) b.head('head', vocab, h, tied ? `${prefix}embeddings.weight` : undefined);
  return { attentionKind: 'causal', hidden: h, layers, heads: 0, kvHeads: 0, headDim: 0, vocab, maxPositions: c.optInt('context_length', 'context length') ?? 1024, mlpWidth: width, gatedMlp: false, activation: 'relu²', head: lmHead ? 'lm' : 'none', tiedEmbeddings: tied };
}

/**
 * RecurrentGemma (Griffin): block_types cycle (recurrent, recurrent, attention). Recurrent blocks:
 * linear_x / linear_y / linear_out with biases, a depthwise conv [lru, 1, w], the RG-LRU with
 * per-head block-diagonal gates [H, lru/H, lru/H] (batched matmuls torch counts); attention blocks
 * keep K/V of the last attention_window_size tokens; MLP width intermediate_size / 2, biased.
 */
function recurrentGemma(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const f = { ...frame(c, ctx), tied: c.bool('tie_word_embeddings', true) };
  const h = f.hidden;
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads', heads);
  const hd = c.optInt('head_dim', 'head dimension') ?? Math.trunc(h / heads);
  const lru = c.optInt('lru_width', 'RG-LRU width') ?? h;
  if (lru % heads !== 0) throw new ConfigError(`lru_width (${lru}) must be divisible by num_attention_heads (${heads})`, 'lru_width');
  const bw = lru / heads;
  const k = c.int('conv1d_width', 'convolution width');
  const window = c.int('attention_window_size', 'attention window');
  const width = Math.trunc(c.int('intermediate_size', 'MLP width') / 2);
  const bias = c.bool('attention_bias', false);
  const cycle = (c.list('block_types') ?? ['recurrent', 'recurrent', 'attention']).map(String);
  for (let l = 0; l < f.layers; l++) {
    const p = `${f.prefix}layers.${l}`;
    const t = `${p}.temporal_block`;
    b.norm(`${p}.temporal_pre_norm`, h, false, l);
    if (cycle[l % cycle.length] === 'attention') {
      b.linear(`${t}.q_proj`, heads * hd, h, bias, 'attention', l);
      b.linear(`${t}.k_proj`, kvHeads * hd, h, bias, 'attention', l);
      b.linear(`${t}.v_proj`, kvHeads * hd, h, bias, 'attention', l);
      b.linear(`${t}.o_proj`, h, heads * hd, true, 'attention', l);
      b.attend(l, 'sliding', { heads, qkDim: hd, window, cachePerToken: 2 * kvHeads * hd });
    } else {
      b.linear(`${t}.linear_y`, lru, h, true, 'attention', l);
      b.linear(`${t}.linear_x`, lru, h, true, 'attention', l);
      b.linear(`${t}.linear_out`, h, lru, true, 'attention', l);
      depthwiseConv(b, `${t}.conv_1d`, l, lru, k, true);
      const g = `${t}.rg_lru`;
      b.tensor(`${g}.recurrent_param`, [lru], 'attention', { layer: l });
      for (const n of ['input_gate', 'recurrent_gate']) {
        b.tensor(`${g}.${n}_weight`, [heads, bw, bw], 'attention', { layer: l, matmul: true });
        b.tensor(`${g}.${n}_bias`, [heads, bw], 'attention', { layer: l });
      }
      b.mixerFlops({ layer: l, perToken: 2 * lru * k, perSequence: 2 * lru * k * (k - 1), what: 'RG-LRU depthwise causal convolution (the recurrence is element-wise)' });
      b.fixedState(l, h * (k - 1) + lru, `RecurrentGemma conv state ${h}×${k - 1} + RG-LRU state ${lru}`);
    }
    b.norm(`${p}.channel_pre_norm`, h, false, l);
    for (const [n, out, inp] of [['gate_proj', width, h], ['up_proj', width, h], ['down_proj', h, width]] as const) b.linear(`${p}.mlp_block.${n}`, out, inp, true, 'mlp', l);
  }
  finish(ctx, f, 'final_norm');
  return { ...hybridSummary(c, f, { hidden: h, heads, kvHeads, headDim: hd }, { mlpWidth: width, activation: c.str('hidden_activation', 'gelu_pytorch_tanh') }), slidingWindow: window, slidingLayers: f.layers - Array.from({ length: f.layers }, (_, l) => cycle[l % cycle.length]).filter((x) => x !== 'attention').length };
}

/** Zamba / Zamba2 layers_block_type ("mamba" / "hybrid", v5 "linear_attention" / "hybrid"). */
function zambaTypes(c: ConfigReader, layers: number, fallback: (i: number) => string): string[] {
  return typesOf(c, layers, fallback, 'layers_block_type');
}

/**
 * A composite (vision + text) config whose *ForCausalLM class is built from text_config, as
 * transformers' Auto classes do: the text model exactly; any other class also has a vision tower,
 * which is left out (said on every surface).
 */
function fromTextConfig(textType: string, decl: () => ModelTypeDecl) {
  return (c: ConfigReader, ctx: BuildContext): Summary => {
    const raw = c.get('text_config');
    const text = isRecord(raw) ? raw : {};
    const d = decl();
    const inner = new Reader({ ...text, tie_word_embeddings: text.tie_word_embeddings ?? c.get('tie_word_embeddings') }, d.defaults, d.aliases, textType);
    if (!/ForCausalLM$/.test(ctx.architecture)) ctx.leaveOut(`${ctx.architecture}: counted the language model (text_config) only; the vision tower and its projector are left out`);
    return d.build(inner, { ...ctx, architecture: /ForCausalLM$/.test(ctx.architecture) ? ctx.architecture : ctx.architecture.replace(/ForConditionalGeneration$/, 'ForCausalLM') });
  };
}

const QWEN3_NEXT = { vocab_size: 151936, hidden_size: 2048, intermediate_size: 5632, num_hidden_layers: 48, num_attention_heads: 16, num_key_value_heads: 2, hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: false, attention_bias: false, head_dim: 256, linear_conv_kernel_dim: 4, linear_key_head_dim: 128, linear_value_head_dim: 128, linear_num_key_heads: 16, linear_num_value_heads: 32, decoder_sparse_step: 1, moe_intermediate_size: 512, shared_expert_intermediate_size: 512, num_experts_per_tok: 10, num_experts: 512 };
const QWEN3_5_TEXT = { vocab_size: 248320, hidden_size: 4096, intermediate_size: 12288, num_hidden_layers: 32, num_attention_heads: 16, num_key_value_heads: 4, hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: false, attention_bias: false, head_dim: 256, linear_conv_kernel_dim: 4, linear_key_head_dim: 128, linear_value_head_dim: 128, linear_num_key_heads: 16, linear_num_value_heads: 32 };
const QWEN3_5_MOE_TEXT = { vocab_size: 248320, hidden_size: 2048, num_hidden_layers: 40, num_attention_heads: 16, num_key_value_heads: 2, hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: false, attention_bias: false, head_dim: 256, linear_conv_kernel_dim: 4, linear_key_head_dim: 128, linear_value_head_dim: 128, linear_num_key_heads: 16, linear_num_value_heads: 32, moe_intermediate_size: 512, shared_expert_intermediate_size: 512, num_experts_per_tok: 8, num_experts: 256 };

const ZAMBA2_LAYERS = ['linear_attention', ...Array.from({ length: 7 }, () => [...Array<string>(5).fill('linear_attention'), 'hybrid']).flat(), ...Array<string>(4).fill('linear_attention'), 'hybrid', ...Array<string>(3).fill('linear_attention'), 'hybrid', 'linear_attention', 'linear_attention'];

const MAMBA_DEFAULTS = { vocab_size: 50280, hidden_size: 768, state_size: 16, num_hidden_layers: 32, expand: 2, conv_kernel: 4, use_bias: false, use_conv_bias: true, hidden_act: 'silu', time_step_rank: 'auto', tie_word_embeddings: true };

export const HYBRID: FamilyModule = {
  mamba: { defaultArchitecture: 'MambaForCausalLM', defaults: MAMBA_DEFAULTS, build: mamba },
  falcon_mamba: { defaultArchitecture: 'FalconMambaForCausalLM', defaults: MAMBA_DEFAULTS, build: mamba },
  mamba2: { defaultArchitecture: 'Mamba2ForCausalLM', defaults: { num_heads: 128, head_dim: 64, vocab_size: 32768, hidden_size: 4096, state_size: 128, num_hidden_layers: 64, expand: 2, conv_kernel: 4, n_groups: 8, use_bias: false, use_conv_bias: true, hidden_act: 'silu', time_step_rank: 'auto', chunk_size: 256, tie_word_embeddings: false }, build: mamba2 },
  bamba: { defaultArchitecture: 'BambaForCausalLM', defaults: { vocab_size: 128000, tie_word_embeddings: false, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 262144, mamba_n_heads: 128, mamba_d_head: 'auto', mamba_n_groups: 1, mamba_d_state: 256, mamba_d_conv: 4, mamba_expand: 2, mamba_chunk_size: 256, mamba_conv_bias: true, mamba_proj_bias: false, attention_bias: false, mlp_bias: false }, aliases: { layer_types: ['layers_block_type'] }, build: bamba },
  falcon_h1: { defaultArchitecture: 'FalconH1ForCausalLM', defaults: { vocab_size: 128000, tie_word_embeddings: false, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 8192, mamba_d_ssm: 1024, mamba_n_heads: 128, mamba_d_head: 'auto', mamba_n_groups: 1, mamba_d_state: 256, mamba_d_conv: 4, mamba_expand: 2, mamba_chunk_size: 256, mamba_conv_bias: true, mamba_proj_bias: false, mamba_norm_before_gate: true, mamba_rms_norm: false, projectors_bias: false, attention_bias: false, mlp_bias: false }, build: falconH1 },
  granitemoehybrid: { defaultArchitecture: 'GraniteMoeHybridForCausalLM', defaults: { vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, attention_bias: false, num_local_experts: 8, num_experts_per_tok: 2, shared_intermediate_size: 1024, mamba_n_heads: 128, mamba_n_groups: 1, mamba_d_state: 256, mamba_d_head: 'auto', mamba_d_conv: 4, mamba_expand: 2, mamba_chunk_size: 256, mamba_conv_bias: true, mamba_proj_bias: false }, aliases: { layer_types: ['layers_block_type'] }, build: graniteMoeHybrid },
  nemotron_h: { defaultArchitecture: 'NemotronHForCausalLM', defaults: { vocab_size: 131072, hidden_size: 4096, tie_word_embeddings: false, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, max_position_embeddings: 4096, attention_bias: false, intermediate_size: 21504, mlp_hidden_act: 'relu2', mlp_bias: false, ssm_state_size: 128, mamba_num_heads: 128, mamba_head_dim: 64, n_groups: 8, conv_kernel: 4, expand: 2, use_conv_bias: true, chunk_size: 128, mamba_proj_bias: false, n_routed_experts: 8, n_shared_experts: 1, moe_intermediate_size: 7688, moe_shared_expert_intermediate_size: 7688, num_experts_per_tok: 2, use_bias: false }, aliases: { layer_types: ['layers_block_type'], n_routed_experts: ['num_local_experts'], n_groups: ['mamba_n_groups'], conv_kernel: ['mamba_d_conv'], expand: ['mamba_expand'], use_conv_bias: ['mamba_conv_bias'] }, build: nemotronH },
  qwen3_next: { defaultArchitecture: 'Qwen3NextForCausalLM', defaults: QWEN3_NEXT, build: qwenNext({ layout: 'qkvz', mlp: 'stepped' }) },
  qwen3_5_text: { defaultArchitecture: 'Qwen3_5ForCausalLM', defaults: QWEN3_5_TEXT, build: qwenNext({ layout: 'split', mlp: 'dense' }) },
  qwen3_5_moe_text: { defaultArchitecture: 'Qwen3_5MoeForCausalLM', defaults: QWEN3_5_MOE_TEXT, build: qwenNext({ layout: 'split', mlp: 'moe' }) },
  qwen3_5: { defaultArchitecture: 'Qwen3_5ForCausalLM', defaults: {}, build: fromTextConfig('qwen3_5_text', () => HYBRID.qwen3_5_text as ModelTypeDecl) },
  qwen3_5_moe: { defaultArchitecture: 'Qwen3_5MoeForCausalLM', defaults: {}, build: fromTextConfig('qwen3_5_moe_text', () => HYBRID.qwen3_5_moe_text as ModelTypeDecl) },
  lfm2: { defaultArchitecture: 'Lfm2ForCausalLM', defaults: { vocab_size: 65536, hidden_size: 2560, intermediate_size: 12288, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, max_position_embeddings: 128000, tie_word_embeddings: true, conv_bias: false, conv_L_cache: 3, block_multiple_of: 256, block_auto_adjust_ff_dim: true }, build: lfm2 },
  olmo_hybrid: { defaultArchitecture: 'OlmoHybridForCausalLM', defaults: { vocab_size: 100352, hidden_size: 3840, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 30, hidden_act: 'silu', max_position_embeddings: 65536, tie_word_embeddings: false, attention_bias: false, linear_conv_kernel_dim: 4 }, build: olmoHybrid },
  minimax: { defaultArchitecture: 'MiniMaxForCausalLM', defaults: { vocab_size: 32000, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, num_experts_per_tok: 2, num_local_experts: 8, block_size: 256 }, aliases: { num_local_experts: ['num_experts'] }, build: minimax },
  zamba2: { defaultArchitecture: 'Zamba2ForCausalLM', defaults: { vocab_size: 32000, max_position_embeddings: 4096, hidden_size: 2560, num_hidden_layers: 54, mamba_d_state: 64, mamba_d_conv: 4, mamba_expand: 2, mamba_ngroups: 1, n_mamba_heads: 8, use_conv_bias: true, chunk_size: 256, add_bias_linear: false, hidden_act: 'gelu', num_attention_heads: 32, num_mem_blocks: 1, use_shared_attention_adapter: false, adapter_rank: 128, tie_word_embeddings: true, layers_block_type: ZAMBA2_LAYERS }, build: zamba2 },
  zamba: { defaultArchitecture: 'ZambaForCausalLM', defaults: { vocab_size: 32000, tie_word_embeddings: true, hidden_size: 3712, intermediate_size: 14848, num_hidden_layers: 76, num_attention_heads: 16, num_key_value_heads: 16, n_mamba_heads: 2, hidden_act: 'gelu', max_position_embeddings: 4096, attn_layer_period: 6, attn_layer_offset: 4, mamba_d_state: 16, mamba_d_conv: 4, mamba_expand: 2, mamba_dt_rank: 'auto', mamba_conv_bias: true, mamba_proj_bias: false }, aliases: { attention_head_dim: ['head_dim'] }, build: zamba },
  kimi_linear: { defaultArchitecture: 'KimiLinearForCausalLM', defaults: { vocab_size: 163840, hidden_size: 2304, intermediate_size: 9216, moe_intermediate_size: 1024, num_hidden_layers: 27, num_attention_heads: 32, num_key_value_heads: 32, n_shared_experts: 1, kv_lora_rank: 512, v_head_dim: 128, qk_nope_head_dim: 128, qk_rope_head_dim: 64, num_experts_per_tok: 8, hidden_act: 'silu', max_position_embeddings: 1048576, tie_word_embeddings: false, attention_bias: false, num_local_experts: 256, linear_head_dim: 128, linear_num_heads: 32, linear_conv_kernel_dim: 4 }, aliases: { max_position_embeddings: ['model_max_length'], num_local_experts: ['num_experts'], num_experts_per_tok: ['num_experts_per_token'], n_shared_experts: ['num_shared_experts'] }, build: kimiLinear },
  rwkv: { defaultArchitecture: 'RwkvForCausalLM', defaults: { vocab_size: 50277, context_length: 1024, hidden_size: 4096, num_hidden_layers: 32, tie_word_embeddings: false }, build: rwkv },
  recurrent_gemma: { defaultArchitecture: 'RecurrentGemmaForCausalLM', defaults: { num_hidden_layers: 26, vocab_size: 256000, hidden_size: 2560, intermediate_size: 7680, num_attention_heads: 10, attention_window_size: 2048, conv1d_width: 4, hidden_activation: 'gelu_pytorch_tanh', attention_bias: false, tie_word_embeddings: true }, aliases: { attention_window_size: ['sliding_window'] }, build: recurrentGemma },
  jamba: { defaultArchitecture: 'JambaForCausalLM', defaults: { vocab_size: 65536, tie_word_embeddings: false, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 262144, num_experts_per_tok: 2, num_experts: 16, expert_layer_period: 2, expert_layer_offset: 1, attn_layer_period: 8, attn_layer_offset: 4, mamba_d_state: 16, mamba_d_conv: 4, mamba_expand: 2, mamba_dt_rank: 'auto', mamba_conv_bias: true, mamba_proj_bias: false }, aliases: { num_experts: ['num_local_experts'] }, build: jamba },
};
