// Hugging Face config.json → ModelSpec. Families differ in names and defaults (gated MLPs, tied
// heads, biases, head_dim); each rule below cites the field that decides it. A multimodal config's
// nested text_config is read instead; transformers v5 names (dtype, rope_parameters) are accepted.
import { ConfigError, type Family, type ModelSpec, type MoeSpec } from './spec';

type Json = Record<string, unknown>;

const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

function pick(cfg: Json, names: readonly string[]): { name: string; value: unknown } | undefined {
  for (const name of names) if (cfg[name] !== undefined && cfg[name] !== null) return { name, value: cfg[name] };
  return undefined;
}

function int(cfg: Json, names: readonly string[], what: string, fallback?: number, max = MAX_SIZE): number {
  const f = pick(cfg, names);
  if (!f) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(`The config has no ${what} (looked for ${names.map((n) => `"${n}"`).join(', ')}); add it to the config`, names[0]);
  }
  const v = f.value;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`"${f.name}" must be a positive whole number (the ${what}), got ${JSON.stringify(v)}`, f.name);
  if (v > max) throw new ConfigError(`"${f.name}" is ${v.toLocaleString('en-US')}, beyond any real model (at most ${max.toLocaleString('en-US')}); check the ${what}`, f.name);
  return v;
}

/** A config string field; anything else (numbers, objects, even prototype-less ones) as a fallback. */
function text(x: unknown, fallback: string): string {
  return typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' ? String(x) : fallback;
}

/** Sizes beyond this are typos or hostile: the counts they imply overflow exact integers. */
const MAX_SIZE = 2 ** 31;
/** Layers and experts are listed tensor by tensor: bound them (real models: ≤ 200 layers, ≤ 1k experts). */
const MAX_LAYERS = 10_000;
const MAX_EXPERT_TENSORS = 2_000_000;

/** A whole number ≥ 0 that configs may leave out (0 is meaningful: first_k_dense_replace = 0). */
function optionalCount(cfg: Json, names: readonly string[], what: string, max = MAX_SIZE): number | undefined {
  const f = pick(cfg, names);
  if (!f) return undefined;
  if (typeof f.value !== 'number' || !Number.isInteger(f.value) || f.value < 0) throw new ConfigError(`"${f.name}" must be a whole number ≥ 0 (the ${what}), got ${JSON.stringify(f.value)}`, f.name);
  if (f.value > max) throw new ConfigError(`"${f.name}" is ${f.value.toLocaleString('en-US')}, beyond any real model (at most ${max.toLocaleString('en-US')}); check the ${what}`, f.name);
  return f.value;
}

const FAMILIES: Record<string, Family> = {
  llama: 'llama', mistral: 'mistral', mixtral: 'mixtral', qwen2: 'qwen2', qwen2_moe: 'qwen2_moe', gemma: 'gemma', gemma2: 'gemma2',
  phi3: 'phi3', gpt2: 'gpt2', gpt_neox: 'gpt_neox', bert: 'bert', roberta: 'roberta', t5: 't5', mt5: 't5', umt5: 't5', deepseek_v3: 'deepseek_v3', deepseek_v2: 'deepseek_v3',
};

export interface NormalizeOptions {
  /** Where the config came from, for messages. */
  readonly source?: string;
}

export function normalizeConfig(raw: unknown): ModelSpec {
  if (!isRecord(raw)) throw new ConfigError('A model config must be a JSON object like {"model_type": "llama", "hidden_size": 4096, …}');
  const assumptions: string[] = [];
  let cfg = raw;
  if (isRecord(raw.text_config) && raw.hidden_size === undefined) {
    cfg = { ...raw.text_config, architectures: raw.architectures, torch_dtype: raw.torch_dtype ?? raw.dtype, tie_word_embeddings: raw.text_config.tie_word_embeddings ?? raw.tie_word_embeddings };
    assumptions.push('multimodal config: counted the language model in text_config only (no vision tower or projector)');
  }
  const modelType = typeof cfg.model_type === 'string' ? cfg.model_type : '';
  const family: Family = FAMILIES[modelType] ?? 'generic';
  if (family === 'generic') assumptions.push(`model_type "${modelType || '(none)'}" is not a family Model Math knows: read the common field names and assumed a pre-norm decoder`);
  const architecture = Array.isArray(cfg.architectures) && typeof cfg.architectures[0] === 'string' ? cfg.architectures[0] : '';

  const hidden = int(cfg, ['hidden_size', 'n_embd', 'd_model'], 'hidden size');
  const t5 = family === 't5';
  // T5: num_layers is the encoder, num_decoder_layers (default: the same) the decoder.
  const layers = t5 ? int(cfg, ['num_decoder_layers', 'num_layers'], 'number of decoder layers', undefined, MAX_LAYERS) : int(cfg, ['num_hidden_layers', 'n_layer', 'num_layers'], 'number of layers', undefined, MAX_LAYERS);
  const heads = int(cfg, ['num_attention_heads', 'n_head', 'num_heads'], 'number of attention heads');
  let kvHeads = heads;
  if (cfg.multi_query === true) kvHeads = 1;
  else kvHeads = int(cfg, ['num_key_value_heads'], 'number of key/value heads', heads);
  if (heads % kvHeads !== 0) throw new ConfigError(`num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})`, 'num_key_value_heads');
  let headDim = optionalCount(cfg, t5 ? ['d_kv', 'head_dim'] : ['head_dim'], 'head dimension') ?? 0;
  if (!headDim) {
    if (hidden % heads !== 0) throw new ConfigError(`hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}); give "head_dim"`, 'head_dim');
    headDim = hidden / heads;
  }
  const vocab = int(cfg, ['vocab_size', 'n_vocab', 'padded_vocab_size'], 'vocabulary size');
  const maxPositions = int(cfg, ['max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length', 'max_seq_len'], 'context length', 2048);
  if (pick(cfg, ['max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length', 'max_seq_len']) === undefined) assumptions.push('no max_position_embeddings: assumed a 2048-token context');

  const encoder = family === 'bert' || family === 'roberta';
  const gpt2 = family === 'gpt2';
  const neox = family === 'gpt_neox';
  const gemma = family === 'gemma' || family === 'gemma2';
  // Gated MLPs: the Llama lineage, Gemma (gated GELU although hidden_act says gelu) and Phi-3.
  const gatedMlp = t5 ? text(cfg.feed_forward_proj, 'relu').startsWith('gated') : !(encoder || gpt2 || neox || (family === 'generic' && !/silu|swish|swiglu|geglu/i.test(text(cfg.hidden_act, ''))));
  if (family === 'generic') assumptions.push(gatedMlp ? 'gated MLP (3 matrices) because hidden_act is SiLU-like' : 'plain MLP (2 matrices) because hidden_act is not SiLU-like');
  const defaultWidth = gpt2 || encoder || neox ? 4 * hidden : undefined;
  const mlpWidth = int(cfg, ['intermediate_size', 'n_inner', 'd_ff', 'ffn_dim'], 'MLP width', defaultWidth);
  if (gpt2 && (cfg.n_inner === null || cfg.n_inner === undefined)) assumptions.push('n_inner is null: MLP width 4 × hidden (GPT-2 convention)');
  const activation = text(cfg.hidden_act ?? cfg.activation_function ?? cfg.hidden_activation, gatedMlp ? 'silu' : 'gelu');

  let moe: MoeSpec | undefined;
  const experts = pick(cfg, ['num_local_experts', 'num_experts', 'n_routed_experts']);
  if (experts && typeof experts.value === 'number' && experts.value > 1) {
    const topK = int(cfg, ['num_experts_per_tok', 'moe_top_k', 'top_k'], 'experts per token');
    const expertWidth = int(cfg, ['moe_intermediate_size'], 'expert MLP width', mlpWidth);
    const sharedWidth = family === 'qwen2_moe' ? (optionalCount(cfg, ['shared_expert_intermediate_size'], 'shared expert width') ?? 0) : 0;
    const deepseek = family === 'deepseek_v3';
    const shared = deepseek ? (optionalCount(cfg, ['n_shared_experts'], 'shared experts') ?? 0) * expertWidth : sharedWidth;
    moe = {
      experts: experts.value,
      topK,
      expertWidth,
      sharedWidth: shared,
      sharedGate: family === 'qwen2_moe' && sharedWidth > 0,
      sparseStep: int(cfg, ['decoder_sparse_step', 'moe_layer_freq'], 'sparse step', 1),
      firstDense: deepseek ? (optionalCount(cfg, ['first_k_dense_replace'], 'dense layers first') ?? 0) : 0,
      routerBias: deepseek && cfg.topk_method === 'noaux_tc',
    };
    if (topK > experts.value) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts.value})`, 'num_experts_per_tok');
    if (experts.value * layers > MAX_EXPERT_TENSORS) throw new ConfigError(`${experts.name} (${experts.value.toLocaleString('en-US')}) × ${layers.toLocaleString('en-US')} layers is more experts than any real model (at most ${MAX_EXPERT_TENSORS.toLocaleString('en-US')} in all)`, experts.name);
  }

  const qkvBias = encoder || gpt2 || neox || family === 'qwen2' || family === 'qwen2_moe' || cfg.attention_bias === true || cfg.bias === true;
  const allBias = encoder || gpt2 || neox || cfg.bias === true;
  const tieDefault = gpt2 || gemma || encoder || t5;
  const tiedRaw = cfg.tie_word_embeddings;
  const tiedEmbeddings = typeof tiedRaw === 'boolean' ? tiedRaw : neox ? false : tieDefault;
  if (typeof tiedRaw !== 'boolean') assumptions.push(`tie_word_embeddings not given: ${tiedEmbeddings ? 'tied' : 'untied'} (the ${family} default)`);

  let head: ModelSpec['head'] = encoder ? 'pooler' : 'lm';
  if (encoder) {
    if (/ForMaskedLM|ForPreTraining/.test(architecture)) head = 'mlm';
    else if (/Model$/.test(architecture)) head = 'pooler';
    else if (architecture) assumptions.push(`${architecture}: counted the encoder with its pooler; task heads are not counted`);
  } else if (/Model$/.test(architecture) && !/LMHeadModel$/.test(architecture)) {
    head = 'none';
  }
  if (t5 && /EncoderModel$/.test(architecture)) assumptions.push(`${architecture} carries only the encoder; counted the whole encoder–decoder`);

  const sliding = pick(cfg, ['sliding_window']);
  const slidingWindow = typeof sliding?.value === 'number' && cfg.use_sliding_window !== false ? sliding.value : undefined;
  let slidingLayers: number | undefined;
  if (slidingWindow && Array.isArray(cfg.layer_types)) slidingLayers = cfg.layer_types.filter((t) => t === 'sliding_attention').length;
  else if (slidingWindow && family === 'gemma2') slidingLayers = Math.floor(layers / 2);
  else if (slidingWindow && typeof cfg.max_window_layers === 'number' && (family === 'qwen2' || family === 'qwen2_moe')) slidingLayers = Math.max(0, layers - cfg.max_window_layers);

  const prob = (names: string[]) => names.some((n) => typeof cfg[n] === 'number' && (cfg[n] as number) > 0);
  if (family === 'deepseek_v3' && typeof cfg.num_nextn_predict_layers === 'number' && cfg.num_nextn_predict_layers > 0) {
    assumptions.push(`num_nextn_predict_layers = ${cfg.num_nextn_predict_layers}: the multi-token-prediction module (used in training) is not counted`);
  }
  return {
    family,
    architecture,
    attentionKind: encoder ? 'bidirectional' : 'causal',
    hidden,
    layers,
    heads,
    kvHeads,
    headDim,
    vocab,
    maxPositions,
    mlpWidth,
    gatedMlp,
    activation,
    ...(moe ? { moe } : {}),
    ...(family === 'deepseek_v3' && typeof cfg.kv_lora_rank === 'number'
      ? {
          mla: {
            qLoraRank: typeof cfg.q_lora_rank === 'number' ? cfg.q_lora_rank : 0,
            kvLoraRank: int(cfg, ['kv_lora_rank'], 'KV latent rank'),
            qkNopeDim: int(cfg, ['qk_nope_head_dim'], 'non-rotary query/key head size'),
            qkRopeDim: int(cfg, ['qk_rope_head_dim'], 'rotary query/key head size'),
            vDim: int(cfg, ['v_head_dim'], 'value head size'),
          },
        }
      : {}),
    ...(t5 ? { encoderDecoder: { encoderLayers: int(cfg, ['num_layers'], 'number of encoder layers', undefined, MAX_LAYERS), relativeBuckets: int(cfg, ['relative_attention_num_buckets'], 'relative attention buckets', 32) } } : {}),
    bias: { qkv: qkvBias, o: allBias, mlp: allBias, norm: encoder || gpt2 || neox, lmHead: false },
    norm: encoder || gpt2 || neox ? 'layernorm' : 'rmsnorm',
    normsPerLayer: family === 'gemma2' ? 4 : 2,
    positions: encoder || gpt2 ? 'learned' : t5 ? 'none' : 'rope',
    tokenTypes: encoder ? int(cfg, ['type_vocab_size'], 'token types', 2) : 0,
    embeddingNorm: encoder,
    head,
    tiedEmbeddings,
    ...(slidingWindow ? { slidingWindow } : {}),
    ...(slidingLayers !== undefined ? { slidingLayers } : {}),
    dropout: { attention: prob(['attention_probs_dropout_prob', 'attn_pdrop', 'attention_dropout', 'dropout_rate']), hidden: prob(['hidden_dropout_prob', 'resid_pdrop', 'hidden_dropout', 'dropout_rate']) },
    ...(typeof (cfg.torch_dtype ?? cfg.dtype) === 'string' ? { torchDtype: String(cfg.torch_dtype ?? cfg.dtype) } : {}),
    assumptions,
  };
}
