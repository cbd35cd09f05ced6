// DeepSeek-V2/V3 (multi-head latent attention, shared + routed experts after dense first layers)
// and gpt-oss (attention sinks, alternating sliding/full layers, biased experts stored transposed).
import { gatedMlp, routedExperts } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigError } from '../spec';
import type { ConfigReader } from '../registry/configReader';
import { attentionBias, decoderLM, everyLayerMoe, everyNthFull, moeCounts, type MoeRule } from '../registry/decoder';
import type { FamilyModule } from '../registry/family';

/** MLA of one layer: low-rank queries (or a direct q_proj), a compressed KV latent with its own norm. */
export function mla(c: ConfigReader, b: InventoryBuilder, p: string, l: number, s: { hidden: number; heads: number }): void {
  const bias = c.bool('attention_bias', false);
  const qRank = c.optInt('q_lora_rank', 'query rank');
  const kvRank = c.int('kv_lora_rank', 'KV latent rank');
  const nope = c.int('qk_nope_head_dim', 'non-rotary query/key head size');
  const rope = c.int('qk_rope_head_dim', 'rotary query/key head size');
  const v = c.int('v_head_dim', 'value head size');
  const H = s.heads;
  if (qRank === undefined) b.linear(`${p}.q_proj`, H * (nope + rope), s.hidden, false, 'attention', l);
  else {
    b.linear(`${p}.q_a_proj`, qRank, s.hidden, bias, 'attention', l).norm(`${p}.q_a_layernorm`, qRank, false, l);
    b.linear(`${p}.q_b_proj`, H * (nope + rope), qRank, false, 'attention', l);
  }
  b.linear(`${p}.kv_a_proj_with_mqa`, kvRank + rope, s.hidden, bias, 'attention', l).norm(`${p}.kv_a_layernorm`, kvRank, false, l);
  b.linear(`${p}.kv_b_proj`, H * (nope + v), kvRank, false, 'attention', l);
  b.linear(`${p}.o_proj`, s.hidden, H * v, bias, 'attention', l);
  b.attend(l, 'latent', { heads: H, qkDim: nope + rope, vDim: v, cachePerToken: kvRank + rope, cache: 'latent' });
}

/**
 * DeepSeek Sparse Attention's indexer (DeepSeek-V3.2, GLM-5): wq_b [Hi·D, q_lora_rank], wk [D, h], k_norm
 * (LayerNorm with bias), weights_proj [Hi, h]. It scores every query–key pair (q·k over Hi heads of size D,
 * then a weighted sum over heads: 2·Hi·(D + 1) FLOPs per pair) and caches one D-wide key per token.
 */
export function dsaIndexer(c: ConfigReader, b: InventoryBuilder, p: string, l: number, hidden: number): void {
  const Hi = c.int('index_n_heads', 'indexer heads');
  const D = c.int('index_head_dim', 'indexer head size');
  b.linear(`${p}.indexer.wq_b`, Hi * D, c.int('q_lora_rank', 'query rank'), false, 'attention', l);
  b.linear(`${p}.indexer.wk`, D, hidden, false, 'attention', l);
  b.norm(`${p}.indexer.k_norm`, D, true, l);
  b.linear(`${p}.indexer.weights_proj`, Hi, hidden, false, 'attention', l);
  // Its own key cache beside the MLA latent (cache 'kv': not a latent to decompress).
  b.attend(l, 'latent', { heads: Hi, qkDim: D, vDim: 1, cachePerToken: D, cache: 'kv' });
}

/** DeepSeek MoE: dense for the first first_k_dense_replace layers, then every moe_layer_freq-th layer sparse. */
const deepseekMoe: MoeRule = {
  sparse: (c, l) => c.count('n_routed_experts', 'routed experts', 0) > 0 && l >= c.count('first_k_dense_replace', 'dense layers first', 0) && l % c.int('moe_layer_freq', 'MoE layer period', 1) === 0,
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
    b.linear(`${p}.gate`, experts, hidden, false, 'router', l);
    // noaux_tc routing keeps a per-expert bias: a persistent buffer in transformers, stored in checkpoints.
    if (c.str('topk_method', '') === 'noaux_tc' || c.modelType === 'deepseek_v3') b.buffer(`${p}.gate.e_score_correction_bias`, [experts]);
    const shared = c.count('n_shared_experts', 'shared experts', 0);
    if (shared > 0) gatedMlp(b, `${p}.shared_experts`, l, hidden, expertWidth * shared);
  },
  summary: (c) => {
    const m = moeCounts(c);
    return { ...m, sharedWidth: m.expertWidth * c.count('n_shared_experts', 'shared experts', 0) };
  },
};

const deepseek = decoderLM({
  customAttention: (c, b, p, l, s) => mla(c, b, p, l, s),
  moe: deepseekMoe,
  notes: (c, ctx) => {
    const mtp = c.count('num_nextn_predict_layers', 'multi-token-prediction layers', 0);
    if (c.modelType === 'deepseek_v2' && !c.has('num_experts_per_tok') && c.count('n_routed_experts', 'routed experts', 0) > 0) ctx.assume('num_experts_per_tok not given (DeepseekV2Config leaves it None): active parameters and FLOPs assume min(6, n_routed_experts) experts per token, 6 being DeepSeek-V2\'s published value');
    if (mtp > 0) ctx.assume(`num_nextn_predict_layers = ${mtp}: the multi-token-prediction module (used in training, stored in the checkpoint as extra layers) is not part of the model transformers builds and is not counted`);
  },
});

/** glm_moe_dsa: "full" layers run their own indexer, "shared" ones reuse the previous layer's top-k (no indexer). */
function indexerTypes(c: ConfigReader, layers: number): readonly unknown[] {
  const given = c.list('indexer_types');
  if (given) {
    if (given.length !== layers) throw new ConfigError(`"indexer_types" lists ${given.length} layers but the model has ${layers}`, 'indexer_types');
    return given;
  }
  const pattern = c.get('index_topk_pattern');
  if (typeof pattern === 'string') return [...pattern].map((ch) => (ch === 'S' ? 'shared' : 'full'));
  if (Array.isArray(pattern)) return pattern;
  const freq = Math.max(c.num('index_topk_freq', 1), 1);
  const offset = c.num('index_skip_topk_offset', 2);
  return Array.from({ length: layers }, (_, i) => (Math.max(i - offset + 1, 0) % freq === 0 ? 'full' : 'shared'));
}

const dsaNote = (c: ConfigReader, ctx: { assume(t: string): void }): void => {
  ctx.assume(`DeepSeek Sparse Attention: each query attends at most index_topk = ${c.int('index_topk', 'indexer top-k', 2048)} keys chosen by the indexer; the attention core is counted over every causal key (exact up to that many tokens, an upper bound beyond), the indexer over every key`);
};

const dsa = decoderLM({
  customAttention: (c, b, p, l, s) => {
    mla(c, b, p, l, s);
    const types = c.has('indexer_types') || c.has('index_topk_pattern') || c.has('index_topk_freq') ? indexerTypes(c, c.int('num_hidden_layers', 'number of layers')) : undefined;
    if (!types || types[l] !== 'shared') dsaIndexer(c, b, p, l, s.hidden);
  },
  layerType: () => 'full_attention',
  moe: { ...deepseekMoe, sparse: (c, l, layers) => {
    const t = c.list('mlp_layer_types');
    if (t) {
      if (t.length !== layers) throw new ConfigError(`"mlp_layer_types" lists ${t.length} layers but the model has ${layers}`, 'mlp_layer_types');
      return t[l] === 'sparse';
    }
    return l >= c.count('first_k_dense_replace', 'dense layers first', 3);
  } },
  notes: (c, ctx) => {
    dsaNote(c, ctx);
    const mtp = c.count('num_nextn_predict_layers', 'multi-token-prediction layers', 0);
    if (mtp > 0) ctx.assume(`num_nextn_predict_layers = ${mtp}: the multi-token-prediction module (used in training, stored in the checkpoint as extra layers) is not part of the model transformers builds and is not counted`);
  },
});

/** mlp_layer_types ("dense"/"sparse" per layer) when given, else dense for the first `first_k_dense_replace`. */
const mlpTypesOr = (dense: number) => (c: ConfigReader, l: number, layers: number): boolean => {
  const t = c.list('mlp_layer_types');
  if (t) {
    if (t.length !== layers) throw new ConfigError(`"mlp_layer_types" lists ${t.length} layers but the model has ${layers}`, 'mlp_layer_types');
    return t[l] === 'sparse';
  }
  return l >= c.count('first_k_dense_replace', 'dense layers first', dense) && l % c.int('moe_layer_freq', 'MoE layer period', 1) === 0;
};

/** A.X-K2's gated RMSNorm: RMSNorm, then a low-rank sigmoid gate fc2(silu(fc1(y))) of rank gated_norm_rank. */
function gatedNorm(c: ConfigReader, b: InventoryBuilder, p: string, l: number, hidden: number): void {
  const r = c.int('gated_norm_rank', 'gated norm rank');
  b.norm(`${p}.norm`, hidden, false, l).linear(`${p}.mlp.fc1`, r, hidden, false, 'norm', l).linear(`${p}.mlp.fc2`, hidden, r, false, 'norm', l);
}

/**
 * A.X-K2: MLA without q_b_proj — one fused q_gate_proj [H·(d_qk + d_v), 2·q_lora_rank] over the normed and raw
 * query latents gives the queries and a sigmoid gate on the attention output — plus the DSA indexer, and gated
 * RMSNorms (input; post-attention on MoE layers).
 */
const axk2Moe = { ...deepseekMoe, sparse: mlpTypesOr(1) };
const axk2 = decoderLM({
  customAttention: (c, b, p, l, s) => {
    const bias = c.bool('attention_bias', false);
    const qRank = c.int('q_lora_rank', 'query rank');
    const kvRank = c.int('kv_lora_rank', 'KV latent rank');
    const nope = c.int('qk_nope_head_dim', 'non-rotary query/key head size');
    const rope = c.int('qk_rope_head_dim', 'rotary query/key head size');
    const v = c.int('v_head_dim', 'value head size');
    const H = s.heads;
    b.linear(`${p}.q_a_proj`, qRank, s.hidden, bias, 'attention', l).norm(`${p}.q_a_layernorm`, qRank, false, l);
    b.linear(`${p}.q_gate_proj`, H * (nope + rope + v), 2 * qRank, false, 'attention', l);
    b.linear(`${p}.kv_a_proj_with_mqa`, kvRank + rope, s.hidden, bias, 'attention', l).norm(`${p}.kv_a_layernorm`, kvRank, false, l);
    b.linear(`${p}.kv_b_proj`, H * (nope + v), kvRank, false, 'attention', l);
    b.linear(`${p}.o_proj`, s.hidden, H * v, bias, 'attention', l);
    b.attend(l, 'latent', { heads: H, qkDim: nope + rope, vDim: v, cachePerToken: kvRank + rope, cache: 'latent' });
    dsaIndexer(c, b, p, l, s.hidden);
  },
  layerType: () => 'full_attention',
  norms: [],
  extraLayer: (c, b, p, l, s) => {
    gatedNorm(c, b, `${p}.input_layernorm`, l, s.hidden);
    if (axk2Moe.sparse(c, l, c.int('num_hidden_layers', 'number of layers'))) gatedNorm(c, b, `${p}.post_attention_layernorm`, l, s.hidden);
    else b.norm(`${p}.post_attention_layernorm`, s.hidden, false, l);
  },
  moe: axk2Moe,
  notes: (c, ctx) => dsaNote(c, ctx),
});

/**
 * Hunyuan V4: MLA with attention sinks and an output gate (gate_proj [H·d_v, h]), the DSA indexer on "full"
 * layers only (default: layer 0 and every 4th from layer 1), and hyper-connections: hc_mult residual streams,
 * mixed per layer by attn_hc / ffn_hc (fn [2·hc, hc·h], a matmul per token; base, scale) and collapsed by
 * hc_head before the final norm.
 */
const hyV4Indexers = (c: ConfigReader, layers: number): readonly unknown[] => {
  const given = c.list('indexer_types');
  if (given) {
    if (given.length !== layers) throw new ConfigError(`"indexer_types" lists ${given.length} layers but the model has ${layers}`, 'indexer_types');
    return given;
  }
  return Array.from({ length: layers }, (_, l) => (l === 0 || (l - 1) % 4 === 0 ? 'full' : 'shared'));
};
const hyV4 = decoderLM({
  customAttention: (c, b, p, l, s) => {
    mla(c, b, p, l, s);
    b.linear(`${p}.gate_proj`, s.heads * c.int('v_head_dim', 'value head size'), s.hidden, false, 'attention', l);
    b.tensor(`${p}.sinks`, [s.heads], 'attention', { layer: l });
    if (hyV4Indexers(c, c.int('num_hidden_layers', 'number of layers'))[l] !== 'shared') dsaIndexer(c, b, p, l, s.hidden);
  },
  layerType: () => 'full_attention',
  extraEmbedding: (c, b, prefix, hidden) => {
    const hc = c.int('hc_mult', 'hyper-connection streams');
    b.tensor(`${prefix}hc_head.hc_fn`, [hc, hc * hidden], 'norm', { matmul: true }).tensor(`${prefix}hc_head.hc_base`, [hc], 'norm').tensor(`${prefix}hc_head.hc_scale`, [1], 'norm');
  },
  extraLayer: (c, b, p, l, s) => {
    const hc = c.int('hc_mult', 'hyper-connection streams');
    for (const n of ['attn_hc', 'ffn_hc']) b.tensor(`${p}.${n}.fn`, [2 * hc, hc * s.hidden], 'norm', { layer: l, matmul: true }).tensor(`${p}.${n}.base`, [2 * hc], 'norm', { layer: l }).tensor(`${p}.${n}.scale`, [2], 'norm', { layer: l });
  },
  moe: {
    sparse: mlpTypesOr(1),
    build: (c, b, p, l, hidden) => {
      const { experts, topK, expertWidth } = moeCounts(c);
      b.linear(`${p}.gate`, experts, hidden, false, 'router', l);
      b.buffer(`${p}.gate.e_score_correction_bias`, [experts]);
      routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
      const shared = c.count('n_shared_experts', 'shared experts', 0);
      if (shared > 0) gatedMlp(b, `${p}.shared_experts`, l, hidden, expertWidth * shared);
    },
    summary: deepseekMoe.summary,
  },
  notes: (c, ctx) => dsaNote(c, ctx),
});

export const DEEPSEEK: FamilyModule = {
  deepseek_v2: { defaultArchitecture: 'DeepseekV2ForCausalLM', defaults: {num_experts_per_tok: 6, vocab_size: 102400, hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, hidden_act: 'silu', max_position_embeddings: 2048, pretraining_tp: 1, tie_word_embeddings: false, attention_bias: false, mlp_bias: false, first_k_dense_replace: 0, kv_lora_rank: 512, q_lora_rank: 1536, n_routed_experts: 64, n_shared_experts: 2, qk_nope_head_dim: 128, qk_rope_head_dim: 64, topk_method: 'greedy', norm_topk_prob: false, v_head_dim: 128, moe_intermediate_size: 1407}, aliases: {num_experts: ['n_routed_experts']}, build: deepseek },
  deepseek_v3: { defaultArchitecture: 'DeepseekV3ForCausalLM', defaults: {vocab_size: 129280, hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128, n_shared_experts: 1, n_routed_experts: 256, kv_lora_rank: 512, q_lora_rank: 1536, v_head_dim: 128, qk_nope_head_dim: 128, qk_rope_head_dim: 64, n_group: 8, topk_group: 4, num_experts_per_tok: 8, first_k_dense_replace: 3, norm_topk_prob: true, hidden_act: 'silu', max_position_embeddings: 4096, pretraining_tp: 1, tie_word_embeddings: false, attention_bias: false, num_mtp_layers: 1}, aliases: {num_local_experts: ['n_routed_experts'], num_mtp_layers: ['num_nextn_predict_layers']}, build: deepseek },
  deepseek_v32: { defaultArchitecture: 'DeepseekV32ForCausalLM', defaults: { vocab_size: 129280, hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 128, num_key_value_heads: 128, n_shared_experts: 1, n_routed_experts: 256, kv_lora_rank: 512, q_lora_rank: 1536, v_head_dim: 128, qk_nope_head_dim: 128, qk_rope_head_dim: 64, num_experts_per_tok: 8, hidden_act: 'silu', max_position_embeddings: 163840, tie_word_embeddings: false, attention_bias: false, index_topk: 2048, index_head_dim: 128, index_n_heads: 64, first_k_dense_replace: 3, topk_method: 'noaux_tc' }, aliases: { num_local_experts: ['n_routed_experts'] }, build: dsa },
  glm_moe_dsa: { defaultArchitecture: 'GlmMoeDsaForCausalLM', defaults: { vocab_size: 154880, hidden_size: 6144, intermediate_size: 12288, moe_intermediate_size: 2048, num_hidden_layers: 78, num_attention_heads: 64, num_key_value_heads: 64, n_shared_experts: 1, n_routed_experts: 256, kv_lora_rank: 512, q_lora_rank: 2048, v_head_dim: 256, qk_nope_head_dim: 192, qk_rope_head_dim: 64, num_experts_per_tok: 8, hidden_act: 'silu', max_position_embeddings: 202752, tie_word_embeddings: false, attention_bias: false, index_topk: 2048, index_head_dim: 128, index_n_heads: 32, first_k_dense_replace: 3, topk_method: 'noaux_tc' }, aliases: { num_local_experts: ['n_routed_experts'] }, build: dsa },
  axk2: { defaultArchitecture: 'AXK2ForCausalLM', defaults: { vocab_size: 163840, hidden_size: 2048, intermediate_size: 5120, moe_intermediate_size: 512, num_hidden_layers: 48, num_attention_heads: 32, num_key_value_heads: 32, n_shared_experts: 1, n_routed_experts: 128, kv_lora_rank: 128, q_lora_rank: 384, v_head_dim: 64, qk_nope_head_dim: 64, qk_rope_head_dim: 32, num_experts_per_tok: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, index_topk: 2048, index_head_dim: 128, index_n_heads: 16, gated_norm_rank: 16, topk_method: 'noaux_tc' }, aliases: { num_local_experts: ['n_routed_experts'] }, build: axk2 },
  hy_v4: { defaultArchitecture: 'HYV4ForCausalLM', defaults: { vocab_size: 120832, hidden_size: 2816, intermediate_size: 6912, moe_intermediate_size: 768, num_hidden_layers: 34, num_attention_heads: 32, num_key_value_heads: 32, hidden_act: 'silu', max_position_embeddings: 262144, tie_word_embeddings: false, attention_bias: false, n_routed_experts: 256, n_shared_experts: 1, num_experts_per_tok: 8, q_lora_rank: 1536, kv_lora_rank: 512, qk_nope_head_dim: 192, qk_rope_head_dim: 64, v_head_dim: 256, index_topk: 2048, index_head_dim: 128, index_n_heads: 16, hc_mult: 4 }, aliases: { num_local_experts: ['n_routed_experts'] }, build: hyV4 },
  gpt_oss: { defaultArchitecture: 'GptOssForCausalLM', defaults: {num_hidden_layers: 36, num_local_experts: 128, vocab_size: 201088, hidden_size: 2880, intermediate_size: 2880, head_dim: 64, num_attention_heads: 64, num_key_value_heads: 8, sliding_window: 128, tie_word_embeddings: false, hidden_act: 'silu', max_position_embeddings: 131072, num_experts_per_tok: 4, attention_bias: true}, aliases: {num_experts: ['num_local_experts']}, build: decoderLM({ attention: (c) => ({ ...attentionBias(c), sinks: true }), layerType: everyNthFull(2), moe: everyLayerMoe({ router: 'router', routerBias: true, transposed: true, expertBias: true }) }) },
};
