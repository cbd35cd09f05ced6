// Mixture-of-experts decoders that are Llama-like around their MoE block: ERNIE 4.5 MoE, EXAONE MoE,
// GLM-4 MoE (and its MLA "lite"), Hunyuan V3, Granite-MoE-shared, Aria's text model, AFMoE, MiMo-V2-Flash,
// MiniMax-M3's text model, JetMoE, Llama 4, LongCat-Flash. Each declares which layers are sparse,
// what the router and the shared experts are called, and its attention quirks.
// Active parameters follow the project's convention: routed experts at top-k / experts (activeShare),
// everything else (attention, shared experts, router, embeddings, head) at 1.
import { ConfigError } from '../spec';
import { decoderHead, gatedMlp, routedExperts, selfAttention, type attentionOfType, type AttentionShape } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader, MAX_LAYERS, type Json } from '../registry/configReader';
import { attentionBias, decoderLM, maxPositions, moeCounts, type MoeRule } from '../registry/decoder';
import type { FamilyModule, ModelTypeDecl } from '../registry/family';
import { mla } from './deepseek';

type Sparse = MoeRule['sparse'];

/** mlp_layer_types when given ("dense"/"sparse" per layer), else the class's rule. */
export const mlpLayerTypes =
  (fallback: Sparse): Sparse =>
  (c, l, layers) => {
    const t = c.list('mlp_layer_types');
    if (!t) return fallback(c, l, layers);
    if (t.length !== layers) throw new ConfigError(`"mlp_layer_types" lists ${t.length} layers but the model has ${layers}`, 'mlp_layer_types');
    return t[l] === 'sparse';
  };
/** Dense for the first `first_k_dense_replace` (or another field's) layers, sparse after. */
const denseFirst =
  (field: string, fallback: number): Sparse =>
  (c, l) =>
    l >= c.count(field, 'dense layers first', fallback);

export interface SparseBlock {
  readonly sparse: Sparse;
  /** Router linear [E, h] under the MLP path (default "gate"). */
  readonly router?: string;
  readonly routerBias?: boolean;
  readonly experts?: string;
  /** Per-expert routing bias: a parameter (stored with the weights) or a persistent buffer. */
  readonly correction?: { readonly name: string; readonly param: boolean; readonly shape?: (experts: number) => number[] };
  /** Width of the shared expert MLP (0: none) and its path. */
  readonly sharedWidth?: (c: ConfigReader, expertWidth: number) => number;
  readonly sharedPath?: string;
  readonly sharedFused?: boolean;
  readonly sharedBias?: boolean | ((c: ConfigReader) => boolean);
  readonly counts?: (c: ConfigReader) => { experts: number; topK: number; expertWidth: number };
}

/** A routed-experts block with optional shared experts and routing bias, fused v5 expert tensors. */
export function sparseMoe(o: SparseBlock): MoeRule {
  const counts = o.counts ?? moeCounts;
  return {
    sparse: o.sparse,
    build: (c, b, p, l, hidden) => {
      const { experts, topK, expertWidth } = counts(c);
      b.linear(`${p}.${o.router ?? 'gate'}`, experts, hidden, !!o.routerBias, 'router', l);
      routedExperts(b, `${p}.${o.experts ?? 'experts'}`, l, { experts, topK, hidden, width: expertWidth });
      if (o.correction) {
        const shape = o.correction.shape ? o.correction.shape(experts) : [experts];
        if (o.correction.param) b.tensor(`${p}.${o.correction.name}`, shape, 'router', { layer: l });
        else b.buffer(`${p}.${o.correction.name}`, shape);
      }
      const w = o.sharedWidth ? o.sharedWidth(c, expertWidth) : 0;
      if (w > 0) gatedMlp(b, `${p}.${o.sharedPath ?? 'shared_experts'}`, l, hidden, w, { ...(o.sharedFused ? { fusedGateUp: 'gate_up_proj' } : {}), bias: typeof o.sharedBias === 'function' ? o.sharedBias(c) : !!o.sharedBias });
    },
    summary: (c) => {
      const m = counts(c);
      return { ...m, sharedWidth: o.sharedWidth ? o.sharedWidth(c, m.expertWidth) : 0 };
    },
  };
}

const sharedTimes = (field: string, fallback = 0) => (c: ConfigReader, expertWidth: number) => expertWidth * c.count(field, 'shared experts', fallback);

/** Standard attention with the quirks these families have: separate q/k and v head sizes, kv heads per layer, sinks, output gate, q/k norms per head. */
interface AttnQuirks {
  readonly qkDim: number;
  readonly vDim: number;
  readonly kvHeads: number;
  readonly qkvBias?: boolean;
  readonly oBias?: boolean;
  readonly qkNorm?: boolean;
  readonly sinks?: boolean;
  /** AFMoE: a sigmoid gate on the attention output, gate_proj [H·d, h]. */
  readonly gate?: boolean;
}
function attention(b: InventoryBuilder, p: string, l: number, s: AttentionShape, q: AttnQuirks, kind: ReturnType<typeof attentionOfType>): void {
  const H = s.heads;
  b.linear(`${p}.q_proj`, H * q.qkDim, s.hidden, !!q.qkvBias, 'attention', l);
  b.linear(`${p}.k_proj`, q.kvHeads * q.qkDim, s.hidden, !!q.qkvBias, 'attention', l);
  b.linear(`${p}.v_proj`, q.kvHeads * q.vDim, s.hidden, !!q.qkvBias, 'attention', l);
  b.linear(`${p}.o_proj`, s.hidden, H * q.vDim, !!q.oBias, 'attention', l);
  if (q.gate) b.linear(`${p}.gate_proj`, H * q.vDim, s.hidden, false, 'attention', l);
  if (q.qkNorm) b.norm(`${p}.q_norm`, q.qkDim, false, l).norm(`${p}.k_norm`, q.qkDim, false, l);
  if (q.sinks) b.tensor(`${p}.sinks`, [H], 'attention', { layer: l });
  b.attend(l, kind.kind, { heads: H, qkDim: q.qkDim, vDim: q.vDim, ...(kind.window !== undefined ? { window: kind.window } : {}), cachePerToken: q.kvHeads * (q.qkDim + q.vDim) });
}

// ---- ERNIE 4.5 MoE: sparse where (l+1) % interval == 0 within [start, end]; routing bias as a [1, E] parameter.
const ernieSparse: Sparse = (c, l, layers) => {
  const end = c.num('moe_layer_end_index', -1);
  return c.count('moe_num_experts', 'experts', 0) > 0 && (l + 1) % c.int('moe_layer_interval', 'MoE layer interval', 1) === 0 && l >= c.count('moe_layer_start_index', 'first MoE layer', 0) && l <= (end === -1 ? layers - 1 : end);
};
// use_bias puts biases on the attention and MLP projections and on the LM head.
const ernieOf = (bias: boolean) =>
  decoderLM({
    attention: () => ({ qkvBias: bias, oBias: bias }),
    mlpBias: () => bias,
    headBias: bias,
    moe: sparseMoe({ sparse: ernieSparse, correction: { name: 'gate.moe_statics.e_score_correction_bias', param: true, shape: (e) => [1, e] }, sharedWidth: sharedTimes('moe_num_shared_experts'), sharedBias: bias }),
  });
const ernieBiased = ernieOf(true);
const ernieUnbiased = ernieOf(false);
const ernie: ModelTypeDecl['build'] = (c, ctx) => (c.bool('use_bias', false) ? ernieBiased : ernieUnbiased)(c, ctx);

// ---- EXAONE MoE: sliding/full per layer_types (every sliding_window_pattern-th layer full), q/k norms per head.
const exaoneMoe = decoderLM({
  attention: () => ({ qkNorm: 'head' }),
  mlpBias: () => false,
  layerType: (c, i) => {
    const n = c.optInt('sliding_window', 'sliding window') === undefined ? 0 : c.count('sliding_window_pattern', 'sliding window pattern', 4);
    return n > 0 && (i + 1) % n !== 0 ? 'sliding_attention' : 'full_attention';
  },
  moe: sparseMoe({ sparse: mlpLayerTypes(denseFirst('first_k_dense_replace', 1)), correction: { name: 'gate.e_score_correction_bias', param: false }, sharedWidth: sharedTimes('num_shared_experts', 1) }),
});

// ---- GLM-4 MoE: dense first layers, biases on q/k/v only, optional q/k norms; the MTP layer is not built.
const mtpNote = (c: ConfigReader, ctx: { assume(t: string): void }): void => {
  const mtp = c.count('num_nextn_predict_layers', 'multi-token-prediction layers', 0);
  if (mtp > 0) ctx.assume(`num_nextn_predict_layers = ${mtp}: the multi-token-prediction module (used in training, stored in the checkpoint as extra layers) is not part of the model transformers builds and is not counted`);
};
const glm4Moe = decoderLM({
  attention: (c) => ({ qkvBias: c.bool('attention_bias', false), ...(c.bool('use_qk_norm', false) ? { qkNorm: 'head' as const } : {}) }),
  moe: sparseMoe({ sparse: denseFirst('first_k_dense_replace', 1), correction: { name: 'gate.e_score_correction_bias', param: false }, sharedWidth: sharedTimes('n_shared_experts', 1) }),
  notes: mtpNote,
});
/** GLM-4 MoE's head_dim defaults to hidden_size // num_attention_heads (floor: 4096 / 96 → 42). */
function floorHeadDim(defaults: Json, aliases: Record<string, string[]>, build: ModelTypeDecl['build']): ModelTypeDecl['build'] {
  return (c, ctx) => {
    if (c.get('head_dim') !== undefined) return build(c, ctx);
    const headDim = Math.floor(c.int('hidden_size', 'hidden size') / c.int('num_attention_heads', 'number of attention heads'));
    return build(new ConfigReader({ ...c.raw, head_dim: headDim }, defaults, aliases, c.modelType), ctx);
  };
}
const GLM4_MOE_DEFAULTS: Json = { vocab_size: 151552, hidden_size: 4096, intermediate_size: 10944, num_hidden_layers: 46, num_attention_heads: 96, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, moe_intermediate_size: 1408, num_experts_per_tok: 8, n_shared_experts: 1, n_routed_experts: 128, first_k_dense_replace: 1, use_qk_norm: false, num_nextn_predict_layers: 1 };
const GLM4_MOE_ALIASES = { num_local_experts: ['n_routed_experts'], num_nextn_predict_layers: ['num_mtp_layers'] };
const glm4MoeLite = decoderLM({
  customAttention: (c, b, p, l, s) => mla(c, b, p, l, s),
  moe: sparseMoe({ sparse: mlpLayerTypes((_c, l) => l >= 1), correction: { name: 'gate.e_score_correction_bias', param: false }, sharedWidth: sharedTimes('n_shared_experts', 1) }),
});

// ---- Hunyuan V3: first layer dense, q/k norms per head, routing bias buffer on the MoE block.
const hyV3 = decoderLM({
  attention: (c) => ({ ...attentionBias(c), qkNorm: 'head' }),
  moe: sparseMoe({ sparse: mlpLayerTypes((_c, l) => l >= 1), correction: { name: 'e_score_correction_bias', param: false }, sharedWidth: sharedTimes('num_shared_experts', 1), sharedBias: (c) => c.bool('mlp_bias', false) }),
});

// ---- Granite-MoE with a shared MLP (input_linear [2s, h], output_linear [h, s]) beside the experts.
const graniteShared: MoeRule = {
  sparse: () => true,
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    b.linear(`${p}.router`, experts, hidden, false, 'router', l);
    routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
    const s = c.count('shared_intermediate_size', 'shared MLP width', 0);
    if (s > 0) {
      const sp = p.replace(/block_sparse_moe$/, 'shared_mlp');
      b.linear(`${sp}.input_linear`, 2 * s, hidden, false, 'mlp', l).linear(`${sp}.output_linear`, hidden, s, false, 'mlp', l);
    }
  },
  summary: (c) => ({ ...moeCounts(c), sharedWidth: c.count('shared_intermediate_size', 'shared MLP width', 0) }),
};

// ---- Aria's text model: every layer MoE; experts as grouped GEMMs fc1 [E, h, 2f], fc2 [E, f, h]; shared experts
// of width intermediate_size · moe_num_shared_experts. The grouped GEMMs multiply each token by its top-k experts
// only (torch counts them), so they are routed-expert tensors at top-k / E like the fused ones.
const ariaMoe: MoeRule = {
  sparse: () => true,
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    b.linear(`${p}.router`, experts, hidden, false, 'router', l);
    const share = topK / experts;
    b.tensor(`${p}.experts.fc1.weight`, [experts, hidden, 2 * expertWidth], 'mlp', { layer: l, share, matmul: true });
    b.tensor(`${p}.experts.fc2.weight`, [experts, expertWidth, hidden], 'mlp', { layer: l, share, matmul: true });
    gatedMlp(b, `${p}.shared_experts`, l, hidden, expertWidth * c.count('moe_num_shared_experts', 'shared experts', 2), { bias: c.bool('mlp_bias', false) });
  },
  summary: (c) => {
    const m = moeCounts(c);
    return { ...m, sharedWidth: m.expertWidth * c.count('moe_num_shared_experts', 'shared experts', 2) };
  },
};

// ---- AFMoE: gated attention output, q/k norms, four norms per layer, routing bias as a parameter.
const afmoe = decoderLM({
  attention: (c) => ({ ...attentionBias(c), qkNorm: 'head' }),
  layerType: (c, i) => ((i + 1) % c.int('global_attn_every_n_layers', 'global attention period', 4) !== 0 ? 'sliding_attention' : 'full_attention'),
  norms: ['input_layernorm', 'post_attention_layernorm', 'pre_mlp_layernorm', 'post_mlp_layernorm'],
  extraLayer: (_c, b, p, l, s) => {
    b.linear(`${p}.self_attn.gate_proj`, s.heads * s.headDim, s.hidden, false, 'attention', l);
  },
  moe: sparseMoe({ sparse: denseFirst('num_dense_layers', 1), router: 'router.gate', correction: { name: 'expert_bias', param: true }, sharedWidth: sharedTimes('num_shared_experts', 2) }),
});

// ---- MiMo-V2-Flash: sliding layers have twice the KV heads and attention sinks; values of v_head_dim.
const mimoLayerType = (_c: ConfigReader, i: number): string => (i === 0 || (i + 1) % 6 === 0 ? 'full_attention' : 'sliding_attention');
const mimoV2Flash = decoderLM({
  layerType: mimoLayerType,
  customAttention: (c, b, p, l, s, kind) => {
    // The layer type decides the KV heads and sinks even when no sliding_window is set.
    const swa = String(c.list('layer_types')?.[l] ?? mimoLayerType(c, l)) === 'sliding_attention';
    attention(b, p, l, s, { qkDim: s.headDim, vDim: c.int('v_head_dim', 'value head size'), kvHeads: swa ? 2 * s.kvHeads : s.kvHeads, qkvBias: c.bool('attention_bias', false), sinks: swa }, kind);
  },
  moe: sparseMoe({ sparse: mlpLayerTypes((_c, l) => l >= 1), correction: { name: 'gate.e_score_correction_bias', param: false } }),
});

// ---- MiniMax-M3 text: q/k norms per head, fused shared expert (gate_up_proj), MoE or dense per mlp_layer_types.
// "minimax_m3_sparse" layers add a lightning indexer: q_proj [Hi·D, h], k_proj [D, h], q/k norms; it scores
// every query–key pair (2·Hi·D FLOPs), max-pools scores per key block, keeps the top blocks, and caches one
// D-wide key per token beside K and V.
const minimaxM3Decoder = decoderLM({
  customAttention: (c, b, p, l, s, kind) => {
    selfAttention(b, p, l, s, { qkNorm: 'head' }, kind.kind, kind.window);
    if (String(c.list('layer_types')?.[l] ?? '') === 'minimax_m3_sparse') {
      const Hi = c.int('index_n_heads', 'indexer heads');
      const D = c.int('index_head_dim', 'indexer head size');
      b.linear(`${p}.indexer.q_proj`, Hi * D, s.hidden, false, 'attention', l).linear(`${p}.indexer.k_proj`, D, s.hidden, false, 'attention', l);
      b.norm(`${p}.indexer.q_norm`, D, false, l).norm(`${p}.indexer.k_norm`, D, false, l);
      b.attend(l, kind.kind, { heads: Hi, qkDim: D, vDim: 0, cachePerToken: D, cache: 'kv' });
    }
  },
  denseWidth: (c) => c.int('dense_intermediate_size', 'dense MLP width'),
  mlpNames: { fusedGateUp: 'gate_up_proj' },
  moe: sparseMoe({ sparse: mlpLayerTypes(() => true), correction: { name: 'gate.e_score_correction_bias', param: false }, sharedWidth: (c) => c.count('shared_intermediate_size', 'shared expert width', 0), sharedFused: true }),
  notes: (c, ctx) => {
    if ((c.list('layer_types') ?? []).includes('minimax_m3_sparse')) ctx.assume(`minimax_m3_sparse layers attend only the top index_topk_blocks = ${c.int('index_topk_blocks', 'indexer top blocks', 16)} key blocks of ${c.int('index_block_size', 'indexer block size', 128)} tokens the indexer picks: their attention core is counted over every causal key (exact up to that many tokens, an upper bound beyond), the indexer over every key`);
  },
});

// ---- JetMoE: mixture of attention heads (MoA) and of MLP experts. Per layer: the attention's query experts
// input_linear [E, kv·d, h] and output_linear [E, h, kv·d] with a router and an output bias, one shared
// kv_proj [2·kv·d, h], no o_proj; each token runs kv heads per chosen expert (kv · top-k heads against the
// kv cached heads). The MLP experts input_linear [E, 2f, h], output_linear [E, h, f], router, output bias.
// Experts run as per-expert F.linear on the routed tokens only: counted at top-k / E.
const jetmoe = (c: ConfigReader, ctx: Parameters<ModelTypeDecl['build']>[1]) => {
  const { b } = ctx;
  const hidden = c.int('hidden_size', 'hidden size');
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const kvHeads = c.int('num_key_value_heads', 'number of key/value heads');
  const d = c.int('kv_channels', 'head dimension');
  const vocab = c.int('vocab_size', 'vocabulary size');
  const f = c.int('intermediate_size', 'MLP width');
  const { experts, topK } = moeCounts(c);
  const tied = c.bool('tie_word_embeddings', true);
  const share = topK / experts;
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.embedding(`${prefix}embed_tokens`, vocab, hidden);
  for (let l = 0; l < layers; l++) {
    const p = `${prefix}layers.${l}`;
    const a = `${p}.self_attention`;
    b.tensor(`${a}.experts.bias`, [hidden], 'attention', { layer: l });
    b.tensor(`${a}.experts.input_linear.weight`, [experts, kvHeads * d, hidden], 'attention', { layer: l, share, matmul: true });
    b.tensor(`${a}.experts.output_linear.weight`, [experts, hidden, kvHeads * d], 'attention', { layer: l, share, matmul: true });
    b.linear(`${a}.experts.router.layer`, experts, hidden, false, 'router', l);
    b.linear(`${a}.kv_proj`, 2 * kvHeads * d, hidden, false, 'attention', l);
    b.attend(l, 'full', { heads: kvHeads * topK, qkDim: d, cachePerToken: 2 * kvHeads * d });
    b.tensor(`${p}.mlp.bias`, [hidden], 'mlp', { layer: l });
    b.tensor(`${p}.mlp.input_linear.weight`, [experts, 2 * f, hidden], 'mlp', { layer: l, share, matmul: true });
    b.tensor(`${p}.mlp.output_linear.weight`, [experts, hidden, f], 'mlp', { layer: l, share, matmul: true });
    b.linear(`${p}.mlp.router.layer`, experts, hidden, false, 'router', l);
    b.norm(`${p}.input_layernorm`, hidden, false, l).norm(`${p}.post_attention_layernorm`, hidden, false, l);
  }
  b.norm(`${prefix}norm`, hidden, false);
  if (lmHead) b.head('lm_head', vocab, hidden, tied ? `${prefix}embed_tokens.weight` : undefined);
  return {
    attentionKind: 'causal' as const,
    hidden,
    layers,
    heads: kvHeads * topK,
    kvHeads,
    headDim: d,
    vocab,
    maxPositions: maxPositions(c, ctx),
    mlpWidth: f,
    gatedMlp: true,
    activation: c.str('activation_function', 'silu'),
    moe: { experts, topK, expertWidth: f, sharedWidth: 0 },
    head: lmHead ? ('lm' as const) : ('none' as const),
    tiedEmbeddings: tied,
  };
};

// ---- Llama 4: MoE on the layers listed in moe_layers (else every interleave_moe_layer_step-th), dense layers
// of width intermediate_size_mlp; chunked attention on the RoPE layers (no_rope_layers[l] = 1), full
// attention without RoPE on the others; q/k L2 norms have no weights; experts stored [E, h, 2f] / [E, f, h].
const llama4Sparse: Sparse = (c, l, layers) => {
  const moe = c.list('moe_layers');
  if (moe) return moe.includes(l);
  const step = c.int('interleave_moe_layer_step', 'MoE layer step', 1);
  return l >= step - 1 && (l - (step - 1)) % step === 0 && l < layers;
};
const llama4Moe: MoeRule = {
  sparse: llama4Sparse,
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    b.linear(`${p}.router`, experts, hidden, false, 'router', l);
    routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth, transposed: true });
    gatedMlp(b, `${p}.shared_expert`, l, hidden, expertWidth);
  },
  summary: (c) => {
    const m = moeCounts(c);
    return { ...m, sharedWidth: m.expertWidth };
  },
};
const llama4LayerType = (c: ConfigReader, i: number): string => {
  const noRope = c.list('no_rope_layers');
  const rope = noRope && noRope.length > 0 ? noRope[i] === 1 || noRope[i] === true : (i + 1) % c.int('no_rope_layer_interval', 'NoPE layer interval', 4) !== 0;
  return rope ? 'chunked_attention' : 'full_attention';
};
const llama4Text = (base: string, headPath?: string) =>
  decoderLM({
    base,
    ...(headPath ? { headPath } : {}),
    mlpPath: 'feed_forward',
    denseWidth: (c) => c.int('intermediate_size_mlp', 'dense MLP width'),
    layerType: llama4LayerType,
    moe: llama4Moe,
  });
const LLAMA4_TEXT_DEFAULTS: Json = { vocab_size: 202048, hidden_size: 5120, intermediate_size: 8192, intermediate_size_mlp: 16384, num_hidden_layers: 48, num_attention_heads: 40, num_key_value_heads: 8, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, num_experts_per_tok: 1, num_local_experts: 16, interleave_moe_layer_step: 1, no_rope_layer_interval: 4, use_qk_norm: true, attention_chunk_size: 8192, attention_bias: false };
const llama4Causal = llama4Text('model');
const llama4Wrapped = llama4Text('language_model.model', 'language_model.lm_head');
/** The multimodal Llama4Config: Llama4ForCausalLM is its text model alone (built from text_config, exact); the
 * vision tower and projector of Llama4ForConditionalGeneration are not counted here (said so). */
const llama4: ModelTypeDecl['build'] = (c, ctx) => {
  const inner = c.raw.text_config;
  const text: Json = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Json) : {};
  const cfg = { ...text, tie_word_embeddings: text.tie_word_embeddings ?? c.raw.tie_word_embeddings ?? false };
  const r = new ConfigReader(cfg, LLAMA4_TEXT_DEFAULTS, {}, 'llama4_text');
  const wrapper = /ForConditionalGeneration$/.test(ctx.architecture);
  if (wrapper) ctx.leaveOut(`${ctx.architecture}: counted its language model (language_model, from text_config) and LM head only; the vision tower (vision_model) and the projector (multi_modal_projector) are left out`);
  return wrapper ? llama4Wrapped(r, ctx) : llama4Causal(r, ctx);
};

// ---- LongCat-Flash: num_layers blocks, each two MLA sub-layers with two dense MLPs, plus one MoE whose output
// joins after the second sub-layer (shortcut MoE). The router picks top-k of n_routed_experts + zero_expert_num
// experts; zero experts are identities (no weights, no compute), yet gate_up_proj holds rows for them.
const longcat = (c: ConfigReader, ctx: Parameters<ModelTypeDecl['build']>[1]) => {
  const { b } = ctx;
  const hidden = c.int('hidden_size', 'hidden size');
  const blocks = c.int('num_layers', 'number of layers', undefined, MAX_LAYERS);
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const vocab = c.int('vocab_size', 'vocabulary size');
  const f = c.int('ffn_hidden_size', 'MLP width');
  const experts = c.count('n_routed_experts', 'routed experts', 0);
  const zero = c.count('zero_expert_num', 'zero-computation experts', 0);
  const topK = c.int('moe_topk', 'experts per token');
  const ef = c.int('expert_ffn_hidden_size', 'expert MLP width');
  const tied = c.bool('tie_word_embeddings', true);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.embedding(`${prefix}embed_tokens`, vocab, hidden);
  for (let l = 0; l < blocks; l++) {
    const p = `${prefix}layers.${l}`;
    const m = `${p}.mlp`;
    b.linear(`${m}.router.classifier`, experts + zero, hidden, false, 'router', 2 * l);
    b.buffer(`${m}.router.e_score_correction_bias`, [experts + zero]);
    if (experts > 0) {
      // At most top-k real experts per token (all top-k may land on real experts): top-k of the gate_up rows' worth.
      b.tensor(`${m}.experts.gate_up_proj`, [experts + zero, 2 * ef, hidden], 'experts', { layer: 2 * l, share: Math.min(topK, experts) / (experts + zero), matmul: true });
      b.tensor(`${m}.experts.down_proj`, [experts, hidden, ef], 'experts', { layer: 2 * l, share: Math.min(topK, experts) / experts, matmul: true });
    }
    for (const i of [0, 1]) {
      mla(c, b, `${p}.self_attn.${i}`, 2 * l + i, { hidden, heads });
      gatedMlp(b, `${p}.mlps.${i}`, 2 * l + i, hidden, f);
      b.norm(`${p}.input_layernorm.${i}`, hidden, false, 2 * l + i).norm(`${p}.post_attention_layernorm.${i}`, hidden, false, 2 * l + i);
    }
  }
  b.norm(`${prefix}norm`, hidden, false);
  if (lmHead) b.head('lm_head', vocab, hidden, tied ? `${prefix}embed_tokens.weight` : undefined);
  if (zero > 0 && experts > 0) ctx.assume(`${zero} zero-computation (identity) experts beside ${experts} routed ones: a token's top-${topK} may pick identities, so its real experts vary with the routing; active parameters and FLOPs count the most, ${Math.min(topK, experts)} real experts per token`);
  return {
    attentionKind: 'causal' as const,
    hidden,
    layers: 2 * blocks,
    heads,
    kvHeads: heads,
    headDim: c.int('qk_nope_head_dim', 'non-rotary query/key head size') + c.int('qk_rope_head_dim', 'rotary query/key head size'),
    vocab,
    maxPositions: maxPositions(c, ctx),
    mlpWidth: f,
    gatedMlp: true,
    activation: c.str('hidden_act', 'silu'),
    moe: { experts, topK, expertWidth: ef, sharedWidth: 0 },
    head: lmHead ? ('lm' as const) : ('none' as const),
    tiedEmbeddings: tied,
  };
};

const minimaxM3 = minimaxM3Decoder;

const DECLS: Record<string, ModelTypeDecl> = {
  ernie4_5_moe: { defaultArchitecture: 'Ernie4_5_MoeForCausalLM', defaults: { vocab_size: 103424, hidden_size: 2560, intermediate_size: 12288, num_hidden_layers: 28, num_attention_heads: 20, num_key_value_heads: 4, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: true, use_bias: false, moe_intermediate_size: 1536, moe_k: 6, moe_num_experts: 64, moe_num_shared_experts: 2, moe_layer_start_index: 1, moe_layer_end_index: -1, moe_layer_interval: 1 }, aliases: { num_experts: ['moe_num_experts'], num_experts_per_tok: ['moe_k'] }, build: ernie },
  exaone_moe: { defaultArchitecture: 'ExaoneMoeForCausalLM', defaults: { vocab_size: 102400, hidden_size: 4096, intermediate_size: 16384, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, sliding_window: 4096, sliding_window_pattern: 4, first_k_dense_replace: 1, moe_intermediate_size: 1024, num_experts: 64, num_experts_per_tok: 8, num_shared_experts: 1 }, build: exaoneMoe },
  glm4_moe: { defaultArchitecture: 'Glm4MoeForCausalLM', defaults: GLM4_MOE_DEFAULTS, aliases: GLM4_MOE_ALIASES, build: floorHeadDim(GLM4_MOE_DEFAULTS, GLM4_MOE_ALIASES, glm4Moe) },
  glm4_moe_lite: { defaultArchitecture: 'Glm4MoeLiteForCausalLM', defaults: { vocab_size: 154880, hidden_size: 2048, intermediate_size: 10240, moe_intermediate_size: 1536, num_hidden_layers: 47, num_attention_heads: 20, num_key_value_heads: 20, n_shared_experts: 1, n_routed_experts: 64, kv_lora_rank: 512, q_lora_rank: 768, qk_rope_head_dim: 64, v_head_dim: 256, qk_nope_head_dim: 192, num_experts_per_tok: 4, hidden_act: 'silu', max_position_embeddings: 202752, tie_word_embeddings: false, attention_bias: false }, aliases: { num_local_experts: ['n_routed_experts'], head_dim: ['qk_rope_head_dim'] }, build: glm4MoeLite },
  hy_v3: { defaultArchitecture: 'HYV3ForCausalLM', defaults: { vocab_size: 120832, hidden_size: 4096, intermediate_size: 13312, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, mlp_bias: false, num_experts: 192, num_experts_per_tok: 8, num_shared_experts: 1, moe_intermediate_size: 1536 }, aliases: { num_local_experts: ['num_experts'] }, build: hyV3 },
  granitemoeshared: { defaultArchitecture: 'GraniteMoeSharedForCausalLM', defaults: { vocab_size: 32000, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, attention_bias: false, num_local_experts: 8, num_experts_per_tok: 2, shared_intermediate_size: 0 }, build: decoderLM({ mlpPath: 'block_sparse_moe', moe: graniteShared }) },
  aria_text: { defaultArchitecture: 'AriaTextForCausalLM', defaults: { vocab_size: 32000, hidden_size: 4096, intermediate_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, attention_bias: false, mlp_bias: false, moe_num_experts: 8, moe_topk: 2, moe_num_shared_experts: 2 }, aliases: { num_experts: ['moe_num_experts'], num_experts_per_tok: ['moe_topk'] }, build: decoderLM({ moe: ariaMoe }) },
  afmoe: { defaultArchitecture: 'AfmoeForCausalLM', defaults: { vocab_size: 200192, hidden_size: 2048, intermediate_size: 6144, moe_intermediate_size: 1408, num_hidden_layers: 32, num_dense_layers: 1, num_attention_heads: 16, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 16384, tie_word_embeddings: false, num_experts: 64, num_experts_per_tok: 6, num_shared_experts: 2, global_attn_every_n_layers: 4, sliding_window: 1024, attention_bias: false }, build: afmoe },
  mimo_v2_flash: { defaultArchitecture: 'MiMoV2FlashForCausalLM', defaults: { vocab_size: 152576, hidden_size: 4096, intermediate_size: 16384, num_hidden_layers: 48, num_attention_heads: 64, num_key_value_heads: 4, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, moe_intermediate_size: 2048, num_experts_per_tok: 8, n_routed_experts: 256, head_dim: 192, v_head_dim: 128, sliding_window: 128 }, aliases: { num_local_experts: ['n_routed_experts'] }, build: mimoV2Flash },
  jetmoe: { defaultArchitecture: 'JetMoeForCausalLM', defaults: { vocab_size: 32000, hidden_size: 2048, num_hidden_layers: 12, num_key_value_heads: 16, kv_channels: 128, intermediate_size: 5632, max_position_embeddings: 4096, activation_function: 'silu', num_local_experts: 8, num_experts_per_tok: 2, tie_word_embeddings: true }, build: jetmoe },
  llama4_text: { defaultArchitecture: 'Llama4ForCausalLM', defaults: LLAMA4_TEXT_DEFAULTS, build: llama4Causal },
  llama4: { defaultArchitecture: 'Llama4ForConditionalGeneration', defaults: { tie_word_embeddings: false }, build: llama4 },
  longcat_flash: { defaultArchitecture: 'LongcatFlashForCausalLM', defaults: { vocab_size: 131072, hidden_size: 6144, num_layers: 28, num_attention_heads: 64, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, ffn_hidden_size: 12288, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, moe_topk: 12, n_routed_experts: 512, zero_expert_num: 256, expert_ffn_hidden_size: 2048 }, aliases: { num_local_experts: ['n_routed_experts'], num_experts_per_tok: ['moe_topk'], intermediate_size: ['ffn_hidden_size'] }, build: longcat },
  minimax_m3_vl_text: { defaultArchitecture: 'MiniMaxM3VLForCausalLM', defaults: { vocab_size: 200064, hidden_size: 6144, intermediate_size: 3072, num_hidden_layers: 60, num_attention_heads: 64, num_key_value_heads: 4, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 524288, tie_word_embeddings: false, num_experts_per_tok: 4, num_local_experts: 128, dense_intermediate_size: 12288, shared_intermediate_size: 3072 }, aliases: { num_experts: ['num_local_experts'] }, build: minimaxM3 },
};

export const MOE: FamilyModule = DECLS;
