// More dense decoders of the Llama lineage and their near relatives: GLM / GLM-4 (fused gate_up,
// sandwich norms), Seed-OSS, Jais 2 (LayerNorm, plain biased MLP), Emu3's text model, the MLA
// decoders (MiniCPM3, Youtu) and the DeepSeek-style MoE ones (AXK1, Solar Open), Laguna (gated
// attention, sliding layers, sigmoid-routed MoE), Doge (dynamic-mask attention, learned residual
// scales), HRM-Text (two recurrent modules applied in cycles), ModernBERT-decoder and CPM-Ant.
// Defaults: the configuration classes' defaults in transformers 5.17 (scripts/registry/print-defaults.py).
import { gatedMlp, routedExperts } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader, isRecord, type Json } from '../registry/configReader';
import { attentionBias, decoderLM, moeCounts, type MoeRule } from '../registry/decoder';
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
};
