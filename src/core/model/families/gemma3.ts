// Gemma 3n and Gemma 4 text decoders (Gemma 3 itself is families/gemma.ts). What they add to the
// Gemma 2/3 sandwich-norm layout:
// - per-layer inputs (PLE): a second token embedding of num_layers × hidden_size_per_layer_input
//   columns, projected from the hidden state too, gated into every layer;
// - KV sharing: the last num_kv_shared_layers layers have no k/v projections and cache nothing,
//   they attend to the K/V of the last earlier layer of the same type;
// - Gemma 4: wider heads on full-attention layers (per_layer_config, else global_head_dim 512),
//   optional K = V on full layers (attention_k_eq_v), an optional MoE block beside the dense MLP;
// - Gemma 3n: AltUp (several parallel residual streams with small routers) and LAuReL (a low-rank
//   residual), per-layer MLP widths.
// Defaults: the configuration classes' defaults in transformers 5.17.
import { ConfigError } from '../spec';
import { attentionOfType, decoderHead, gatedMlp, layerTypes, routedExperts } from '../registry/blocks';
import type { ConfigReader } from '../registry/configReader';
import { isRecord } from '../registry/configReader';
import { maxPositions, readShape } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';

const SANDWICH = ['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm'];

/** Gemma 4's per-layer overrides: per_layer_config keyed by layer index ("05" or 5), else the class's default for full layers. */
function gemma4LayerOverrides(c: ConfigReader, types: readonly string[]): Map<number, Record<string, unknown>> {
  const out = new Map<number, Record<string, unknown>>();
  const given = c.get('per_layer_config');
  if (isRecord(given)) {
    for (const [k, v] of Object.entries(given)) {
      const l = Number.parseInt(k, 10);
      if (!Number.isInteger(l) || l < 0 || l >= types.length || !isRecord(v)) throw new ConfigError(`"per_layer_config" has an entry "${k}" that is not a layer index with a dict of overrides`, 'per_layer_config');
      out.set(l, v);
    }
    return out;
  }
  // transformers' __post_init__ when the config has no per_layer_config: full layers get global_head_dim (512)
  // and, with attention_k_eq_v, num_global_key_value_heads.
  const head = c.int('global_head_dim', 'full-attention head size', 512);
  const kv = c.bool('attention_k_eq_v', false) ? c.optInt('num_global_key_value_heads', 'full-attention KV heads') : undefined;
  types.forEach((t, l) => {
    if (t === 'full_attention') out.set(l, { head_dim: head, ...(kv !== undefined ? { num_key_value_heads: kv } : {}) });
  });
  return out;
}

function positive(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`"${field}" must be a positive whole number, got ${JSON.stringify(v)}`, field);
  return v;
}

/**
 * The Gemma 3n / 4 text model. `base` is where the text model sits: 'model' for *ForCausalLM,
 * 'model.language_model' inside the multimodal *ForConditionalGeneration (whose towers are declared elsewhere).
 */
export function gemmaPle(variant: '3n' | '4', base = 'model') {
  return (c: ConfigReader, ctx: BuildContext): Summary => {
    const { b } = ctx;
    const s = readShape(c);
    const { hidden, layers } = s;
    const tied = c.bool('tie_word_embeddings', true);
    let window = c.optInt('sliding_window', 'sliding window');
    if (variant === '4' && c.get('use_bidirectional_attention') === 'all') {
      if (window !== undefined) window = Math.floor(window / 2) + 1;
      ctx.assume('use_bidirectional_attention = "all": every token attends both ways (the window halved, as transformers does); FLOPs under causal accounting are a lower bound');
    }
    // Default pattern: Gemma 4 five sliding then one full, Gemma 3n four sliding then one full.
    const period = variant === '4' ? 6 : 5;
    const types = layerTypes(c, layers, (i) => ((i + 1) % period !== 0 ? 'sliding_attention' : 'full_attention'));
    if (variant === '4' && types[layers - 1] !== 'full_attention') types[layers - 1] = 'full_attention';
    const overrides = variant === '4' ? gemma4LayerOverrides(c, types) : new Map<number, Record<string, unknown>>();
    const field = (l: number, name: string, fallback: number): number => {
      const o = overrides.get(l)?.[name];
      return o === undefined || o === null ? fallback : positive(o, `per_layer_config.${l}.${name}`);
    };
    const bias = c.bool('attention_bias', false);
    const shared = c.count('num_kv_shared_layers', 'KV-shared layers', 0);
    const firstShared = layers - shared;
    const kEqV = variant === '4' && c.bool('attention_k_eq_v', false);
    const doubleWide = c.bool('use_double_wide_mlp', false);
    const widths3n = variant === '3n' ? c.get('intermediate_size') : undefined;
    const baseWidth = Array.isArray(widths3n) ? 0 : c.int('intermediate_size', 'MLP width');
    const ple = c.count('hidden_size_per_layer_input', 'per-layer input width', 0);
    const moe = variant === '4' && c.bool('enable_moe_block', false);
    const { prefix, lmHead } = decoderHead(ctx.architecture, base, ctx.leaveOut);
    const embed = `${prefix}embed_tokens`;
    b.embedding(embed, s.vocab, hidden);
    let slidingLayers = 0;
    for (let l = 0; l < layers; l++) {
      const p = `${prefix}layers.${l}`;
      const kind = attentionOfType(types[l] as string, window);
      if (kind.kind === 'sliding') slidingLayers++;
      const headDim = field(l, 'head_dim', s.headDim);
      const kvHeads = field(l, 'num_key_value_heads', s.kvHeads);
      // Gemma 3n shares only when some layers keep their own K/V (first shared index > 0).
      const isShared = l >= firstShared && (variant === '4' || firstShared > 0);
      const a = `${p}.self_attn`;
      b.linear(`${a}.q_proj`, s.heads * headDim, hidden, bias, 'attention', l).norm(`${a}.q_norm`, headDim, false, l);
      if (!isShared) {
        b.linear(`${a}.k_proj`, kvHeads * headDim, hidden, bias, 'attention', l);
        if (!(kEqV && types[l] !== 'sliding_attention')) b.linear(`${a}.v_proj`, kvHeads * headDim, hidden, bias, 'attention', l);
        b.norm(`${a}.k_norm`, headDim, false, l);
      }
      b.linear(`${a}.o_proj`, hidden, s.heads * headDim, bias, 'attention', l);
      b.attend(l, kind.kind, { heads: s.heads, qkDim: headDim, ...(kind.window !== undefined ? { window: kind.window } : {}), cachePerToken: isShared ? 0 : 2 * kvHeads * headDim, cache: isShared ? 'shared' : 'kv' });
      const width = Array.isArray(widths3n) ? positive(widths3n[l], `intermediate_size[${l}]`) : field(l, 'intermediate_size', baseWidth) * (variant === '4' && doubleWide && isShared && firstShared > 0 ? 2 : 1);
      gatedMlp(b, `${p}.mlp`, l, hidden, width);
      for (const n of SANDWICH) b.norm(`${p}.${n}`, hidden, false, l);
      if (variant === '3n') {
        const n = c.int('altup_num_inputs', 'AltUp streams', 4);
        b.tensor(`${p}.altup.correct_output_scale`, [hidden], 'norm', { layer: l });
        b.linear(`${p}.altup.correction_coefs`, n, n, false, 'mlp', l).linear(`${p}.altup.prediction_coefs`, n * n, n, false, 'mlp', l);
        b.linear(`${p}.altup.modality_router`, n, hidden, false, 'router', l).norm(`${p}.altup.router_norm`, hidden, false, l);
        // The router runs twice (predict and correct) and the prediction mixes the n streams ([h, n] × [n, n] per token): torch counts both.
        b.sharedUse(l, hidden * n + hidden * n * n);
        const rank = c.int('laurel_rank', 'LAuReL rank', 64);
        b.linear(`${p}.laurel.linear_left`, rank, hidden, false, 'mlp', l).linear(`${p}.laurel.linear_right`, hidden, rank, false, 'mlp', l).norm(`${p}.laurel.post_laurel_norm`, hidden, false, l);
      }
      if (ple > 0) {
        b.linear(`${p}.per_layer_input_gate`, ple, hidden, false, 'mlp', l).linear(`${p}.per_layer_projection`, hidden, ple, false, 'mlp', l);
        b.norm(`${p}.post_per_layer_input_norm`, hidden, false, l);
      }
      if (moe) {
        const experts = c.int('num_experts', 'number of experts');
        const topK = c.int('top_k_experts', 'experts per token');
        const w = c.int('moe_intermediate_size', 'expert MLP width');
        b.linear(`${p}.router.proj`, experts, hidden, false, 'router', l);
        b.tensor(`${p}.router.scale`, [hidden], 'router', { layer: l }).tensor(`${p}.router.per_expert_scale`, [experts], 'router', { layer: l });
        routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: w });
        for (const n of ['post_feedforward_layernorm_1', 'post_feedforward_layernorm_2', 'pre_feedforward_layernorm_2']) b.norm(`${p}.${n}`, hidden, false, l);
      }
      if (variant === '4') b.buffer(`${p}.layer_scalar`, [1]);
    }
    b.norm(`${prefix}norm`, hidden, false);
    if (ple > 0) {
      b.embedding(`${prefix}embed_tokens_per_layer`, c.int('vocab_size_per_layer_input', 'per-layer input vocabulary'), layers * ple);
      b.linear(`${prefix}per_layer_model_projection`, layers * ple, hidden, false, 'embedding');
      b.norm(`${prefix}per_layer_projection_norm`, ple, false);
    }
    if (variant === '3n') {
      const n = c.int('altup_num_inputs', 'AltUp streams', 4);
      for (let i = 0; i < n - 1; i++) {
        b.linear(`${prefix}altup_projections.${i}`, hidden, hidden, false, 'embedding');
        b.linear(`${prefix}altup_unembed_projections.${i}`, hidden, hidden, false, 'head');
      }
    }
    if (lmHead) b.head('lm_head', s.vocab, hidden, tied ? `${embed}.weight` : undefined);
    return {
      attentionKind: 'causal',
      hidden,
      layers,
      heads: s.heads,
      kvHeads: s.kvHeads,
      headDim: s.headDim,
      vocab: s.vocab,
      maxPositions: maxPositions(c, ctx),
      mlpWidth: baseWidth || positive(Array.isArray(widths3n) ? widths3n[0] : undefined, 'intermediate_size[0]'),
      gatedMlp: true,
      activation: c.str('hidden_activation', 'gelu_pytorch_tanh'),
      ...(moe ? { moe: { experts: c.int('num_experts', 'number of experts'), topK: c.int('top_k_experts', 'experts per token'), expertWidth: c.int('moe_intermediate_size', 'expert MLP width'), sharedWidth: 0 } } : {}),
      head: lmHead ? 'lm' : 'none',
      tiedEmbeddings: tied,
      ...(window !== undefined && slidingLayers > 0 ? { slidingWindow: window, slidingLayers } : {}),
    };
  };
}

export const GEMMA4_TEXT = { vocab_size: 262144, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 30, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 131072, tie_word_embeddings: true, attention_bias: false, sliding_window: 512, vocab_size_per_layer_input: 262144, hidden_size_per_layer_input: 256, attention_k_eq_v: false, num_kv_shared_layers: 0, enable_moe_block: false, use_double_wide_mlp: false };
export const GEMMA4_UNIFIED_TEXT = { vocab_size: 262144, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 30, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 262144, tie_word_embeddings: true, attention_bias: false, sliding_window: 1024, attention_k_eq_v: false, num_kv_shared_layers: 0, use_double_wide_mlp: false, use_bidirectional_attention: 'vision' };

export const GEMMA3: FamilyModule = {
  gemma3n_text: { defaultArchitecture: 'Gemma3nForCausalLM', defaults: { vocab_size: 262400, hidden_size: 2048, intermediate_size: 16384, num_hidden_layers: 35, num_attention_heads: 8, num_key_value_heads: 2, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 32768, tie_word_embeddings: true, attention_bias: false, sliding_window: 512, vocab_size_per_layer_input: 262144, hidden_size_per_layer_input: 256, altup_num_inputs: 4, num_kv_shared_layers: 15, laurel_rank: 64 }, build: gemmaPle('3n') },
  gemma4_text: { defaultArchitecture: 'Gemma4ForCausalLM', defaults: GEMMA4_TEXT, build: gemmaPle('4') },
  gemma4_unified_text: { defaultArchitecture: 'Gemma4UnifiedForCausalLM', defaults: GEMMA4_UNIFIED_TEXT, build: gemmaPle('4') },
};
