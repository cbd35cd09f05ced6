// More dense decoders of the Llama lineage and their near relatives: GLM / GLM-4 (fused gate_up,
// sandwich norms), Seed-OSS, Jais 2 (LayerNorm, plain biased MLP), Emu3's text model, the MLA
// decoders (MiniCPM3, Youtu) and the DeepSeek-style MoE ones (AXK1, Solar Open), Laguna (gated
// attention, sliding layers, sigmoid-routed MoE), Doge (dynamic-mask attention, learned residual
// scales), HRM-Text (two recurrent modules applied in cycles), ModernBERT-decoder and CPM-Ant (prompt
// positions ahead of the input).
// Defaults: the configuration classes' defaults in transformers 5.17 (scripts/registry/print-defaults.py).
import { attentionOfType, decoderHead, gatedMlp, layerTypes, routedExperts, selfAttention } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader, MAX_LAYERS, isRecord, type Json } from '../registry/configReader';
import { attentionBias, decoderLM, maxPositions, moeCounts, readShape, type MoeRule } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';

/** MLA of one layer (DeepSeek-V2 layout): low-rank or direct queries, a compressed KV latent that is what the cache keeps. */
function mla(c: ConfigReader, b: InventoryBuilder, p: string, l: number, s: { hidden: number; heads: number }): void {
  const bias = c.bool('attention_bias', false);
  const qRank = c.optInt('q_lora_rank', 'query rank');
  const kvRank = c.int('kv_lora_rank', 'KV latent rank');
  const nope = c.int('qk_nope_head_dim', 'non-rotary query/key head size');
  const rope = c.int('qk_rope_head_dim', 'rotary query/key head size');
  const v = c.int('v_head_dim', 'value head size', Math.floor(s.hidden / s.heads));
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
 * A composite config whose *ForCausalLM is its text model alone (transformers builds it from
 * get_text_config()): read text_config with the text config class's defaults.
 */
function fromTextConfig(defaults: Json, build: (c: ConfigReader, ctx: BuildContext) => Summary, aliases?: Readonly<Record<string, readonly string[]>>) {
  return (c: ConfigReader, ctx: BuildContext): Summary => {
    const inner = isRecord(c.raw.text_config) ? c.raw.text_config : {};
    const dtype = c.raw.dtype ?? c.raw.torch_dtype;
    return build(new ConfigReader({ ...(dtype !== undefined && inner.dtype === undefined ? { dtype } : {}), ...inner }, defaults, aliases, String(inner.model_type ?? c.modelType)), ctx);
  };
}

/**
 * DeepSeek-V3-style MoE: routed experts, a sigmoid router whose per-expert correction bias is a
 * persistent buffer (in checkpoints, not a parameter), n_shared_experts × moe width of shared MLP;
 * dense layers before first_k_dense_replace. AXK1 adds a norm on the block's output.
 */
const dsMoe = (o: { postNorm?: boolean } = {}): MoeRule => ({
  sparse: (c, l) => l >= c.count('first_k_dense_replace', 'dense layers first', 0),
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
    b.linear(`${p}.gate`, experts, hidden, false, 'router', l);
    b.buffer(`${p}.gate.e_score_correction_bias`, [experts]);
    const shared = c.count('n_shared_experts', 'shared experts', 0);
    if (shared > 0) gatedMlp(b, `${p}.shared_experts`, l, hidden, expertWidth * shared);
    if (o.postNorm) b.norm(`${p}.post_mlp_layernorm`, hidden, false, l);
  },
  summary: (c) => {
    const m = moeCounts(c);
    return { ...m, sharedWidth: m.expertWidth * c.count('n_shared_experts', 'shared experts', 0) };
  },
});

/** Laguna: per-layer head counts, a softplus output gate per head (g_proj), sliding layers, a sigmoid-routed MoE after dense first layers. */
const laguna = decoderLM({
  customAttention: (c, b, p, l, s, kind) => {
    const perLayer = c.list('num_attention_heads_per_layer');
    const heads = perLayer ? Number(perLayer[l]) : s.heads;
    const shape = { ...s, heads };
    selfAttention(b, p, l, shape, { ...attentionBias(c), qkNorm: 'head' }, kind.kind, kind.window);
    const gating = c.get('gating') ?? true;
    b.linear(`${p}.g_proj`, gating === true || gating === 'per-head' ? heads : heads * s.headDim, s.hidden, false, 'attention', l);
  },
  moe: {
    sparse: (c, l, layers) => String((c.list('mlp_layer_types') ?? ['dense', ...Array<string>(layers - 1).fill('sparse')])[l]) === 'sparse',
    build: (c, b, p, l, hidden) => {
      const { experts, topK, expertWidth } = moeCounts(c);
      routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
      b.linear(`${p}.gate`, experts, hidden, false, 'router', l);
      // A parameter here (requires_grad=False), not a buffer as in DeepSeek-V3.
      b.tensor(`${p}.gate.e_score_correction_bias`, [experts], 'router', { layer: l });
      gatedMlp(b, `${p}.shared_experts`, l, hidden, c.int('shared_expert_intermediate_size', 'shared expert width'));
    },
    summary: (c) => ({ ...moeCounts(c), sharedWidth: c.int('shared_expert_intermediate_size', 'shared expert width') }),
  },
  mlpBias: () => false,
});

/**
 * Doge: q/k norms, a dynamic mask from the values (dt_proj and A per KV head), learned residual
 * scales; with is_moe, a shared MLP plus "cross-domain" experts stored as two embeddings of which
 * each token multiplies through num_experts_per_tok rows.
 */
const doge = decoderLM({
  attention: (c) => ({ ...attentionBias(c), qkNorm: 'head' }),
  extraLayer: (c, b, p, l, s) => {
    const kv = s.kvHeads;
    b.tensor(`${p}.self_attn.A`, [kv], 'attention', { layer: l });
    b.linear(`${p}.self_attn.dt_proj`, kv, kv * s.headDim, c.bool('attention_bias', false), 'attention', l);
    b.tensor(`${p}.input_residual`, [s.hidden], 'norm', { layer: l }).tensor(`${p}.post_attention_residual`, [s.hidden], 'norm', { layer: l });
  },
  moe: {
    sparse: (c) => c.bool('is_moe', false),
    build: (c, b, p, l, hidden) => {
      const experts = c.int('num_experts', 'number of experts');
      const topK = c.int('num_experts_per_tok', 'experts per token');
      gatedMlp(b, p, l, hidden, c.int('intermediate_size', 'MLP width'), { bias: c.bool('mlp_bias', false) });
      b.linear(`${p}.router_gate`, 2 * Math.floor(Math.sqrt(experts)), hidden, false, 'router', l);
      // Gathered rows multiplied in a bmm (torch counts them): matmul weights with the top-k share.
      b.tensor(`${p}.down_embed.weight`, [experts, hidden], 'mlp', { layer: l, share: topK / experts, matmul: true });
      b.tensor(`${p}.up_embed.weight`, [experts, hidden], 'mlp', { layer: l, share: topK / experts, matmul: true });
    },
    summary: (c) => ({ experts: c.int('num_experts', 'number of experts'), topK: c.int('num_experts_per_tok', 'experts per token'), expertWidth: 1, sharedWidth: c.int('intermediate_size', 'MLP width') }),
  },
});

/** ModernBERT-decoder: LayerNorms (bias per norm_bias), fused Wi (gate and up), no attn_norm on layer 0, every third layer global, a dense+norm head before the tied decoder. */
function modernBertDecoder(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const s = readShape(c);
  const width = c.int('intermediate_size', 'MLP width');
  const normBias = c.bool('norm_bias', false);
  const attnBias = c.bool('attention_bias', false);
  const mlpBias = c.bool('mlp_bias', false);
  const tied = c.bool('tie_word_embeddings', true);
  const local = c.optInt('local_attention', 'local attention window');
  const window = c.optInt('sliding_window', 'sliding window') ?? (local !== undefined ? Math.floor(local / 2) : undefined);
  const every = c.int('global_attn_every_n_layers', 'global attention period', 3);
  const types = layerTypes(c, s.layers, (i) => (i % every !== 0 ? 'sliding_attention' : 'full_attention'));
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.embedding(`${prefix}embeddings.tok_embeddings`, s.vocab, s.hidden).norm(`${prefix}embeddings.norm`, s.hidden, normBias);
  let sliding = 0;
  for (let l = 0; l < s.layers; l++) {
    const p = `${prefix}layers.${l}`;
    if (l > 0) b.norm(`${p}.attn_norm`, s.hidden, normBias, l);
    const kind = attentionOfType(types[l] as string, window);
    if (kind.kind === 'sliding') sliding++;
    selfAttention(b, `${p}.attn`, l, s, { qkvBias: attnBias, oBias: attnBias, o: 'Wo' }, kind.kind, kind.window);
    b.norm(`${p}.mlp_norm`, s.hidden, normBias, l);
    b.linear(`${p}.mlp.Wi`, 2 * width, s.hidden, mlpBias, 'mlp', l).linear(`${p}.mlp.Wo`, s.hidden, width, mlpBias, 'mlp', l);
  }
  b.norm(`${prefix}final_norm`, s.hidden, normBias);
  if (lmHead) {
    b.linear('lm_head.dense', s.hidden, s.hidden, c.bool('classifier_bias', false), 'head').norm('lm_head.norm', s.hidden, normBias, undefined, 'head');
    b.head('decoder', s.vocab, s.hidden, tied ? `${prefix}embeddings.tok_embeddings.weight` : undefined, c.bool('decoder_bias', true));
  }
  return { attentionKind: 'causal', hidden: s.hidden, layers: s.layers, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, vocab: s.vocab, maxPositions: maxPositions(c, ctx), mlpWidth: width, gatedMlp: true, activation: c.str('hidden_activation', 'gelu'), head: lmHead ? 'lm' : 'none', tiedEmbeddings: tied, ...(window !== undefined && sliding > 0 ? { slidingWindow: window, slidingLayers: sliding } : {}) };
}

/**
 * CPM-Ant (transformers CpmAntForCausalLM): pre-norm layers (weight-only LayerNorms) with biasless
 * Q/K/V/out projections of heads × dim_head and a GELU-gated FFN (w_0, w_1, w_out). The model
 * prepends prompt_length learned prompt tokens (rows vocab + 2·P … vocab + 3·P of an input embedding
 * of vocab + prompt_types·P rows), runs every layer over n + P positions and drops them before the
 * LM head (never tied: checkpoints ship lm_head.weight). transformers' mask marks every position as
 * context, so the prompt and the input attend to each other both ways; the cache keeps the prompt's
 * K/V as well. Relative positions: one table of buckets + segment_types² segment pairs per head.
 */
function cpmAnt(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const d = c.int('hidden_size', 'hidden size');
  const H = c.int('num_attention_heads', 'number of attention heads');
  const dh = c.int('dim_head', 'head dimension');
  const ff = c.int('dim_ff', 'FFN width');
  const L = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const V = c.int('vocab_size', 'vocabulary size');
  const P = c.count('prompt_length', 'prompt length', 32);
  const segments = c.int('segment_types', 'segment types');
  const inner = H * dh;
  for (let l = 0; l < L; l++) {
    const p = `cpmant.encoder.layers.${l}`;
    b.norm(`${p}.self_att.layernorm_before_attention`, d, false, l);
    for (const n of ['project_q', 'project_k', 'project_v']) b.linear(`${p}.self_att.self_attention.${n}`, inner, d, false, 'attention', l);
    b.linear(`${p}.self_att.self_attention.attention_out`, d, inner, false, 'attention', l);
    b.attend(l, 'bidirectional', { heads: H, qkDim: dh, cachePerToken: 2 * inner, cache: 'kv' });
    if (P > 0) b.fixedState(l, P * 2 * inner, `K/V of the ${P} prompt positions`);
    b.norm(`${p}.ffn.layernorm_before_ffn`, d, false, l);
    b.linear(`${p}.ffn.ffn.w_in.w_0`, ff, d, false, 'mlp', l).linear(`${p}.ffn.ffn.w_in.w_1`, ff, d, false, 'mlp', l).linear(`${p}.ffn.ffn.w_out`, d, ff, false, 'mlp', l);
  }
  b.norm('cpmant.encoder.output_layernorm', d, false);
  b.embedding('cpmant.segment_embedding', segments, d);
  b.embedding('cpmant.input_embedding', V + c.int('prompt_types', 'prompt types') * P, d);
  b.tensor('cpmant.position_bias.relative_attention_bias', [c.int('position_bias_num_buckets', 'position buckets') + segments * segments, H], 'positions');
  b.head('lm_head', V, d, undefined);
  if (P > 0) {
    b.prefix(P);
    ctx.assume(`${P} prompt positions run through every layer ahead of the input (and stay in the KV cache); the LM head sees the input only`);
  }
  ctx.assume("attention over all positions both ways, as transformers' CPM-Ant mask computes it (every position is marked as context)");
  return { attentionKind: 'causal', hidden: d, layers: L, heads: H, kvHeads: H, headDim: dh, vocab: V, maxPositions: c.int('position_bias_max_distance', 'relative position range', 2048), mlpWidth: ff, gatedMlp: true, activation: 'gelu', head: 'lm', tiedEmbeddings: false };
}

/**
 * HRM-Text: two stacks (L and H) of weight-free-norm decoder layers with gated attention output,
 * run as H_cycles × (L_cycles passes of L, then one of H). Each pass is a cache slot; transformers
 * sets num_hidden_layers to the slot count and keeps the per-stack depth in num_layers_per_stack.
 */
function hrmText(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const s = readShape(c);
  const H = c.int('H_cycles', 'high-level cycles', 2);
  const L = c.int('L_cycles', 'low-level cycles', 3);
  const n = c.optInt('num_layers_per_stack', 'layers per stack') ?? s.layers;
  const slots = n * H * (L + 1);
  const width = c.int('intermediate_size', 'MLP width');
  const tied = c.bool('tie_word_embeddings', false);
  const bias = c.bool('attention_bias', false);
  const mlpBias = c.bool('mlp_bias', false);
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  b.tensor(`${prefix}z_L_init`, [s.hidden], 'embedding');
  b.embedding(`${prefix}embed_tokens`, s.vocab, s.hidden);
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  const perLayer = q * s.hidden + 2 * kv * s.hidden + s.hidden * q + q * s.hidden + 3 * width * s.hidden;
  for (const [stack, first] of [['L_module', 0], ['H_module', L * n]] as const) {
    for (let j = 0; j < n; j++) {
      const p = `${prefix}${stack}.layers.${j}`;
      const l = first + j;
      b.linear(`${p}.self_attn.q_proj`, q, s.hidden, bias, 'attention', l).linear(`${p}.self_attn.k_proj`, kv, s.hidden, bias, 'attention', l).linear(`${p}.self_attn.v_proj`, kv, s.hidden, bias, 'attention', l);
      b.linear(`${p}.self_attn.o_proj`, s.hidden, q, bias, 'attention', l).linear(`${p}.self_attn.gate_proj`, q, s.hidden, bias, 'attention', l);
      gatedMlp(b, `${p}.mlp`, l, s.hidden, width, { bias: mlpBias });
    }
  }
  for (let h = 0; h < H; h++) {
    for (let cyc = 0; cyc <= L; cyc++) {
      for (let j = 0; j < n; j++) {
        const slot = (h * (L + 1) + cyc) * n + j;
        if (h > 0 || (cyc > 0 && cyc < L)) b.sharedUse(slot, perLayer);
        b.attend(slot, 'full', { heads: s.heads, qkDim: s.headDim, cachePerToken: 2 * kv });
      }
    }
  }
  if (lmHead) b.head('lm_head', s.vocab, s.hidden, tied ? `${prefix}embed_tokens.weight` : undefined);
  return { attentionKind: 'causal', hidden: s.hidden, layers: slots, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, vocab: s.vocab, maxPositions: maxPositions(c, ctx), mlpWidth: width, gatedMlp: true, activation: c.str('hidden_act', 'silu'), head: lmHead ? 'lm' : 'none', tiedEmbeddings: tied };
}

/**
 * Inkling: every layer attends ("hybrid_sliding": sliding, with its own head count and size;
 * "hybrid": full) with a relative-logit bias mixed per token from a bank of distance profiles
 * (r_proj, rel_logits_proj.proj), and runs four depthwise causal convolutions (on K, V and after
 * attention and MLP) whose last conv_kernel_size inputs are cached as fixed state. MoE layers route
 * over routed + shared experts with one sigmoid router; the shared experts are 3-D parameters.
 * Convolutions are counted as 2·channels·kernel per token; torch's count of the padded convolution
 * adds (kernel − 1) output positions per sequence (under 0.1 % of a forward).
 */
function inkling(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const s = readShape(c);
  const { hidden, layers } = s;
  const tied = c.bool('tie_word_embeddings', false);
  const window = c.int('sliding_window_size', 'sliding window', 512);
  const K = c.int('conv_kernel_size', 'convolution kernel', 4);
  const dRel = c.int('d_rel', 'relative-logit rank', 16);
  const relExtent = c.int('rel_extent', 'relative-logit extent', 1024);
  const local = c.list('local_layer_ids');
  const types = layerTypes(c, layers, (i) => ((local ? local.includes(i) : (i + 1) % 6 !== 0) ? 'hybrid_sliding' : 'hybrid'));
  const mlpTypes = c.list('mlp_layer_types') ?? Array<string>(layers).fill('sparse');
  const width = c.int('intermediate_size', 'MLP width');
  const { prefix, lmHead } = decoderHead(ctx.architecture, 'model', ctx.leaveOut);
  const embed = `${prefix}embed_tokens`;
  b.embedding(embed, s.vocab, hidden).norm(`${prefix}embed_norm`, hidden, false);
  const conv = (name: string, channels: number, l: number, component: 'attention' | 'mlp' = 'attention') => b.tensor(`${name}.conv1d.weight`, [channels, 1, K], component, { layer: l, matmul: true });
  let slidingLayers = 0;
  for (let l = 0; l < layers; l++) {
    const p = `${prefix}layers.${l}`;
    const sliding = types[l] === 'hybrid_sliding';
    if (sliding) slidingLayers++;
    const heads = sliding ? c.int('swa_num_attention_heads', 'sliding-layer heads', 64) : s.heads;
    const kvHeads = sliding ? c.int('swa_num_key_value_heads', 'sliding-layer KV heads', 16) : s.kvHeads;
    const hd = sliding ? c.int('swa_head_dim', 'sliding-layer head size', 128) : s.headDim;
    const extent = sliding ? window : relExtent;
    const a = `${p}.self_attn`;
    b.linear(`${a}.q_proj`, heads * hd, hidden, false, 'attention', l).linear(`${a}.k_proj`, kvHeads * hd, hidden, false, 'attention', l).linear(`${a}.v_proj`, kvHeads * hd, hidden, false, 'attention', l);
    b.linear(`${a}.r_proj`, heads * dRel, hidden, false, 'attention', l).linear(`${a}.o_proj`, hidden, heads * hd, false, 'attention', l);
    conv(`${a}.k_sconv`, kvHeads * hd, l);
    conv(`${a}.v_sconv`, kvHeads * hd, l);
    b.norm(`${a}.q_norm`, hd, false, l).norm(`${a}.k_norm`, hd, false, l);
    // The profile bank multiplies every head's relative state: heads × d_rel × extent per token.
    b.tensor(`${a}.rel_logits_proj.proj`, [dRel, extent], 'attention', { layer: l });
    b.sharedUse(l, heads * dRel * extent);
    b.attend(l, sliding ? 'sliding' : 'full', { heads, qkDim: hd, ...(sliding ? { window } : {}), cachePerToken: 2 * kvHeads * hd });
    const m = `${p}.mlp`;
    if (String(mlpTypes[l]) === 'sparse') {
      const experts = c.int('n_routed_experts', 'routed experts');
      const shared = c.count('n_shared_experts', 'shared experts', 2);
      const w = c.int('moe_intermediate_size', 'expert MLP width');
      b.linear(`${m}.gate`, experts + shared, hidden, false, 'router', l).tensor(`${m}.gate.global_scale`, [1], 'router', { layer: l });
      b.buffer(`${m}.gate.e_score_correction_bias`, [experts]);
      routedExperts(b, `${m}.experts`, l, { experts, topK: c.int('num_experts_per_tok', 'experts per token'), hidden, width: w });
      if (shared > 0) {
        b.tensor(`${m}.shared_experts.gate_proj`, [shared, w, hidden], 'mlp', { layer: l, matmul: true }).tensor(`${m}.shared_experts.up_proj`, [shared, w, hidden], 'mlp', { layer: l, matmul: true });
        b.tensor(`${m}.shared_experts.down_proj`, [shared, hidden, w], 'mlp', { layer: l, matmul: true });
      }
    } else {
      gatedMlp(b, m, l, hidden, width);
      b.tensor(`${m}.global_scale`, [1], 'mlp', { layer: l });
    }
    b.norm(`${p}.input_layernorm`, hidden, false, l).norm(`${p}.post_attention_layernorm`, hidden, false, l);
    conv(`${p}.attn_sconv`, hidden, l);
    conv(`${p}.mlp_sconv`, hidden, l, 'mlp');
    b.fixedState(l, K * (2 * kvHeads * hd + 2 * hidden), `the last ${K} inputs of the layer's four short convolutions`);
  }
  b.norm(`${prefix}norm`, hidden, false);
  if (lmHead) b.head('lm_head', s.vocab, hidden, tied ? `${embed}.weight` : undefined);
  const mlpSparse = mlpTypes.some((t) => String(t) === 'sparse');
  return {
    attentionKind: 'causal', hidden, layers, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, vocab: s.vocab, maxPositions: maxPositions(c, ctx), mlpWidth: width, gatedMlp: true, activation: c.str('hidden_act', 'silu'),
    ...(mlpSparse ? { moe: { experts: c.int('n_routed_experts', 'routed experts'), topK: c.int('num_experts_per_tok', 'experts per token'), expertWidth: c.int('moe_intermediate_size', 'expert MLP width'), sharedWidth: c.count('n_shared_experts', 'shared experts', 2) * c.int('moe_intermediate_size', 'expert MLP width') } } : {}),
    head: lmHead ? 'lm' : 'none', tiedEmbeddings: tied, ...(slidingLayers > 0 ? { slidingWindow: window, slidingLayers } : {}),
  };
}

const glm = decoderLM({ attention: (c) => ({ qkvBias: c.bool('attention_bias', true) }), mlpNames: { fusedGateUp: 'gate_up_proj' }, mlpBias: () => false });
const glm4 = decoderLM({ attention: (c) => ({ qkvBias: c.bool('attention_bias', true) }), mlpNames: { fusedGateUp: 'gate_up_proj' }, mlpBias: () => false, norms: ['input_layernorm', 'post_attention_layernorm', 'post_self_attn_layernorm', 'post_mlp_layernorm'] });
const EMU3_TEXT: Json = { vocab_size: 184622, hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 9216, tie_word_embeddings: false, attention_bias: false, mlp_bias: false };
const plain = decoderLM();

export const DECODERS2: FamilyModule = {
  glm: { defaultArchitecture: 'GlmForCausalLM', defaults: { vocab_size: 151552, hidden_size: 4096, intermediate_size: 13696, num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 2, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: true }, build: glm },
  glm4: { defaultArchitecture: 'Glm4ForCausalLM', defaults: { vocab_size: 151552, hidden_size: 4096, intermediate_size: 13696, num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 2, head_dim: 128, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: true }, build: glm4 },
  seed_oss: { defaultArchitecture: 'SeedOssForCausalLM', defaults: { vocab_size: 155136, hidden_size: 4096, intermediate_size: 27648, num_hidden_layers: 64, num_attention_heads: 80, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 524288, tie_word_embeddings: false, attention_bias: true, attention_out_bias: false, mlp_bias: false, head_dim: 128 }, build: decoderLM({ attention: (c) => ({ qkvBias: c.bool('attention_bias', true), oBias: c.bool('attention_out_bias', false) }) }) },
  // Jais 2: LayerNorm with bias, a plain (ReLU²) MLP with biases.
  jais2: { defaultArchitecture: 'Jais2ForCausalLM', defaults: { vocab_size: 150272, hidden_size: 3328, intermediate_size: 26624, num_hidden_layers: 32, num_attention_heads: 26, hidden_act: 'relu2', max_position_embeddings: 8192, tie_word_embeddings: false, attention_bias: true, mlp_bias: true }, build: decoderLM({ attention: attentionBias, mlp: 'plain', mlpBias: (c) => c.bool('mlp_bias', true), normBias: true }) },
  emu3: { defaultArchitecture: 'Emu3ForCausalLM', defaults: { tie_word_embeddings: false }, build: fromTextConfig(EMU3_TEXT, plain) },
  emu3_text_model: { defaultArchitecture: 'Emu3ForCausalLM', defaults: EMU3_TEXT, build: plain },
  minicpm3: { defaultArchitecture: 'MiniCPM3ForCausalLM', defaults: { vocab_size: 73448, hidden_size: 2560, intermediate_size: 6400, num_hidden_layers: 62, num_attention_heads: 40, num_key_value_heads: 40, hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: true, attention_bias: false, mlp_bias: false, kv_lora_rank: 256, q_lora_rank: 768, qk_nope_head_dim: 64, qk_rope_head_dim: 32 }, build: decoderLM({ customAttention: (c, b, p, l, s) => mla(c, b, p, l, s) }) },
  youtu: { defaultArchitecture: 'YoutuForCausalLM', defaults: { vocab_size: 128256, hidden_size: 2048, intermediate_size: 6144, num_hidden_layers: 32, num_attention_heads: 16, num_key_value_heads: 16, kv_lora_rank: 512, q_lora_rank: 1536, v_head_dim: 128, qk_nope_head_dim: 128, qk_rope_head_dim: 64, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: true, attention_bias: false }, build: decoderLM({ customAttention: (c, b, p, l, s) => mla(c, b, p, l, s), mlpBias: () => false }) },
  axk1: { defaultArchitecture: 'AXK1ForCausalLM', defaults: { vocab_size: 163840, hidden_size: 7168, intermediate_size: 18432, moe_intermediate_size: 2048, num_hidden_layers: 61, num_attention_heads: 64, num_key_value_heads: 64, n_shared_experts: 1, n_routed_experts: 192, kv_lora_rank: 512, q_lora_rank: 1536, v_head_dim: 128, qk_nope_head_dim: 128, qk_rope_head_dim: 64, num_experts_per_tok: 8, first_k_dense_replace: 1, hidden_act: 'silu', max_position_embeddings: 32768, tie_word_embeddings: false, attention_bias: false }, aliases: { num_local_experts: ['n_routed_experts'] }, build: decoderLM({ customAttention: (c, b, p, l, s) => mla(c, b, p, l, s), mlpBias: () => false, moe: dsMoe({ postNorm: true }) }) },
  // Solar Open: GQA attention, every layer MoE (no intermediate_size: the dense width is never used).
  solar_open: { defaultArchitecture: 'SolarOpenForCausalLM', defaults: { vocab_size: 196608, hidden_size: 4096, num_hidden_layers: 48, num_attention_heads: 64, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, attention_bias: false, moe_intermediate_size: 1280, num_experts_per_tok: 8, n_shared_experts: 1, n_routed_experts: 128, head_dim: 128 }, aliases: { num_local_experts: ['n_routed_experts'] }, build: decoderLM({ moe: dsMoe(), width: (c) => c.int('moe_intermediate_size', 'expert MLP width') }) },
  laguna: { defaultArchitecture: 'LagunaForCausalLM', defaults: { vocab_size: 100352, hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 40, num_attention_heads: 48, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false, sliding_window: 512, moe_intermediate_size: 512, shared_expert_intermediate_size: 512, num_experts_per_tok: 8, num_experts: 256, head_dim: 128, attention_bias: false, gating: true }, aliases: { num_local_experts: ['num_experts'] }, build: laguna },
  doge: { defaultArchitecture: 'DogeForCausalLM', defaults: { vocab_size: 32768, hidden_size: 1024, intermediate_size: 2048, num_hidden_layers: 32, hidden_act: 'silu', tie_word_embeddings: false, max_position_embeddings: 2048, num_attention_heads: 8, attention_bias: false, mlp_bias: false, keep_window_size: 2048, is_moe: false, num_experts: 16384, num_experts_per_tok: 64 }, build: doge },
  cpmant: { defaultArchitecture: 'CpmAntForCausalLM', defaults: { vocab_size: 30720, hidden_size: 4096, num_attention_heads: 32, dim_head: 128, dim_ff: 10240, num_hidden_layers: 48, position_bias_num_buckets: 512, position_bias_max_distance: 2048, prompt_types: 32, prompt_length: 32, segment_types: 32, tie_word_embeddings: true }, build: cpmAnt },
  'modernbert-decoder': { defaultArchitecture: 'ModernBertDecoderForCausalLM', defaults: { vocab_size: 50368, hidden_size: 768, intermediate_size: 1152, num_hidden_layers: 22, num_attention_heads: 12, hidden_activation: 'gelu', max_position_embeddings: 8192, norm_bias: false, attention_bias: false, mlp_bias: false, decoder_bias: true, classifier_bias: false, local_attention: 128, tie_word_embeddings: true }, build: modernBertDecoder },
  hrm_text: { defaultArchitecture: 'HrmTextForCausalLM', defaults: { vocab_size: 151808, hidden_size: 1536, intermediate_size: 4096, num_hidden_layers: 16, num_attention_heads: 12, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, attention_bias: false, mlp_bias: false, head_dim: 128, H_cycles: 2, L_cycles: 3 }, build: hrmText },
  inkling_text: { defaultArchitecture: 'InklingForCausalLM', defaults: { vocab_size: 201024, hidden_size: 6144, num_hidden_layers: 66, num_attention_heads: 64, num_key_value_heads: 8, head_dim: 128, swa_num_attention_heads: 64, swa_num_key_value_heads: 16, swa_head_dim: 128, sliding_window_size: 512, d_rel: 16, rel_extent: 1024, max_position_embeddings: 131072, conv_kernel_size: 4, intermediate_size: 24576, hidden_act: 'silu', moe_intermediate_size: 3072, n_routed_experts: 256, num_experts_per_tok: 6, n_shared_experts: 2, tie_word_embeddings: false }, aliases: { conv_kernel_size: ['sconv_kernel_size'], max_position_embeddings: ['model_max_length'], sliding_window_size: ['sliding_window'], n_routed_experts: ['num_local_experts'] }, build: inkling },
};
