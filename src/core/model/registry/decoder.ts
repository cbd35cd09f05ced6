// The pre-norm decoder-only Transformer most families are (Llama and its many relatives): embeddings,
// L layers of attention + MLP (or MoE) with their norms, a final norm and an LM head. A family
// declares how it differs (names, biases, q/k norms, extra norms, per-layer types, MoE) as data.
import { ConfigError } from '../spec';
import type { InventoryBuilder } from './builder';
import { attentionOfType, decoderHead, gatedMlp, layerTypes, plainMlp, routedExperts, selfAttention, type AttentionOptions, type AttentionShape, type MlpNames } from './blocks';
import type { ConfigReader } from './configReader';
import { MAX_LAYERS } from './configReader';
import type { BuildContext, Summary } from './family';

/** One layer's MLP: built by a MoE rule, or undefined for the dense MLP. */
export interface MoeRule {
  /** Whether layer l is sparse. */
  readonly sparse: (c: ConfigReader, l: number, layers: number) => boolean;
  readonly build: (c: ConfigReader, b: InventoryBuilder, p: string, l: number, hidden: number) => void;
  readonly summary: (c: ConfigReader) => { experts: number; topK: number; expertWidth: number; sharedWidth: number };
}

export interface DecoderVariant {
  readonly base?: string;
  readonly embed?: string;
  readonly layersPath?: string;
  readonly finalNorm?: string | null;
  /** Norms of each layer, in order (default: input_layernorm, post_attention_layernorm). */
  readonly norms?: readonly string[];
  readonly normBias?: boolean | ((c: ConfigReader) => boolean);
  readonly attnPath?: string;
  readonly mlpPath?: string;
  readonly attention?: (c: ConfigReader) => AttentionOptions;
  /** Replaces standard attention (MLA): adds tensors and attend() for layer l. */
  readonly customAttention?: (c: ConfigReader, b: InventoryBuilder, p: string, l: number, s: AttentionShape, kind: ReturnType<typeof attentionOfType>) => void;
  readonly mlp?: 'gated' | 'plain';
  readonly mlpNames?: MlpNames & { up?: string; down?: string };
  readonly mlpBias?: (c: ConfigReader) => boolean;
  /** Layer type when the config has no layer_types (the class's __init__ rule). */
  readonly layerType?: (c: ConfigReader, i: number, layers: number) => string;
  readonly moe?: MoeRule;
  readonly headBias?: boolean;
  /** Name of the LM head (default lm_head; Llama 4's multimodal wrapper: language_model.lm_head). */
  readonly headPath?: string;
  /** MLP width when intermediate_size is absent and the class derives it. */
  readonly width?: (c: ConfigReader, hidden: number) => number;
  /** Width of the dense (non-MoE) layers' MLP when the class reads another field than intermediate_size (Llama 4: intermediate_size_mlp). */
  readonly denseWidth?: (c: ConfigReader, hidden: number) => number;
  /** The sliding window, when the class gates it (Qwen2: use_sliding_window); default sliding_window. */
  readonly window?: (c: ConfigReader) => number | undefined;
  /** Odd per-layer parameters (DiffLlama's lambdas, BitNet's sub-norms), after the MLP. */
  readonly extraLayer?: (c: ConfigReader, b: InventoryBuilder, p: string, l: number, s: AttentionShape, width: number) => void;
  /** Masked-LM encoders built like decoders (EuroBERT): bidirectional, no cache. */
  readonly bidirectional?: boolean;
  /** Notes and buffers that depend on the config (e.g. DeepSeek's multi-token-prediction layer). */
  readonly notes?: (c: ConfigReader, ctx: BuildContext) => void;
  /** Extra tensors after the embedding (e.g. an embedding norm). */
  readonly extraEmbedding?: (c: ConfigReader, b: InventoryBuilder, prefix: string, hidden: number) => void;
}

export const attentionBias = (c: ConfigReader): AttentionOptions => {
  const bias = c.bool('attention_bias', false);
  return { qkvBias: bias, oBias: bias };
};

/** Common shape fields of decoder configs. */
export function readShape(c: ConfigReader): AttentionShape & { layers: number; vocab: number } {
  const hidden = c.int('hidden_size', 'hidden size');
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.get('multi_query') === true ? 1 : c.int('num_key_value_heads', 'number of key/value heads', heads);
  if (heads % kvHeads !== 0) throw new ConfigError(`num_attention_heads (${heads}) must be a multiple of num_key_value_heads (${kvHeads})`, 'num_key_value_heads');
  let headDim = c.optInt('head_dim', 'head dimension');
  if (headDim === undefined) {
    if (hidden % heads !== 0) throw new ConfigError(`hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}); give "head_dim"`, 'head_dim');
    headDim = hidden / heads;
  }
  const vocab = c.int('vocab_size', 'vocabulary size');
  return { hidden, layers, heads, kvHeads, headDim, vocab };
}

export function maxPositions(c: ConfigReader, ctx: BuildContext, fallback = 2048): number {
  const v = c.optInt('max_position_embeddings', 'context length');
  if (v !== undefined) return v;
  ctx.assume(`no max_position_embeddings: assumed a ${fallback}-token context`);
  return fallback;
}

export function decoderLM(v: DecoderVariant = {}): (c: ConfigReader, ctx: BuildContext) => Summary {
  return (c, ctx) => {
    const { b } = ctx;
    const s = readShape(c);
    const { hidden, layers } = s;
    const width = v.denseWidth ? v.denseWidth(c, hidden) : c.has('intermediate_size') || !v.width ? c.int('intermediate_size', 'MLP width') : v.width(c, hidden);
    const tied = c.bool('tie_word_embeddings', true);
    const normBias = typeof v.normBias === 'function' ? v.normBias(c) : !!v.normBias;
    const { prefix, lmHead } = decoderHead(ctx.architecture, v.base ?? 'model', ctx.leaveOut, v.bidirectional);
    const embed = `${prefix}${v.embed ?? 'embed_tokens'}`;
    b.embedding(embed, s.vocab, hidden);
    v.extraEmbedding?.(c, b, prefix, hidden);
    const window = v.window ? v.window(c) : c.optInt('sliding_window', 'sliding window');
    const chunk = c.optInt('attention_chunk_size', 'attention chunk');
    const types = layerTypes(c, layers, (i) => (v.layerType ? v.layerType(c, i, layers) : window !== undefined ? 'sliding_attention' : 'full_attention'));
    const attnOptions = { ...(v.attention ? v.attention(c) : attentionBias(c)), ...(v.bidirectional ? { bidirectional: true } : {}) };
    const mlpBias = v.mlpBias ? v.mlpBias(c) : c.bool('mlp_bias', false);
    let slidingLayers = 0;
    for (let l = 0; l < layers; l++) {
      const p = `${prefix}${v.layersPath ?? 'layers'}.${l}`;
      const kind = attentionOfType(types[l] as string, window, chunk);
      if (kind.kind === 'sliding') slidingLayers++;
      if (v.customAttention) v.customAttention(c, b, `${p}.${v.attnPath ?? 'self_attn'}`, l, s, kind);
      else selfAttention(b, `${p}.${v.attnPath ?? 'self_attn'}`, l, s, attnOptions, kind.kind, kind.window);
      const mp = `${p}.${v.mlpPath ?? 'mlp'}`;
      if (v.moe && v.moe.sparse(c, l, layers)) v.moe.build(c, b, mp, l, hidden);
      else if (v.mlp === 'plain') plainMlp(b, mp, l, hidden, width, { up: v.mlpNames?.up ?? 'up_proj', down: v.mlpNames?.down ?? 'down_proj', bias: mlpBias });
      else gatedMlp(b, mp, l, hidden, width, { ...v.mlpNames, bias: mlpBias });
      v.extraLayer?.(c, b, p, l, s, width);
      for (const n of v.norms ?? ['input_layernorm', 'post_attention_layernorm']) b.norm(`${p}.${n}`, hidden, normBias, l);
    }
    if (v.finalNorm !== null) b.norm(`${prefix}${v.finalNorm ?? 'norm'}`, hidden, normBias);
    if (lmHead) b.head(v.headPath ?? 'lm_head', s.vocab, hidden, tied ? `${embed}.weight` : undefined, v.headBias);
    v.notes?.(c, ctx);
    const moe = v.moe ? v.moe.summary(c) : undefined;
    return {
      attentionKind: v.bidirectional ? 'bidirectional' : 'causal',
      hidden,
      layers,
      heads: s.heads,
      kvHeads: s.kvHeads,
      headDim: s.headDim,
      vocab: s.vocab,
      maxPositions: maxPositions(c, ctx),
      mlpWidth: width,
      gatedMlp: v.mlp !== 'plain',
      activation: c.str('hidden_act', c.str('hidden_activation', 'silu')),
      ...(moe ? { moe } : {}),
      head: lmHead ? 'lm' : 'none',
      tiedEmbeddings: tied,
      ...(window !== undefined && slidingLayers > 0 ? { slidingWindow: window, slidingLayers } : {}),
    };
  };
}

/** Mixtral-style MoE on every layer: router `gate` [E, h] and fused experts. */
export const everyLayerMoe = (o: { router?: string; experts?: string; routerBias?: boolean; transposed?: boolean; expertBias?: boolean } = {}): MoeRule => ({
  sparse: () => true,
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    b.linear(`${p}.${o.router ?? 'gate'}`, experts, hidden, !!o.routerBias, 'router', l);
    routedExperts(b, `${p}.${o.experts ?? 'experts'}`, l, { experts, topK, hidden, width: expertWidth, transposed: !!o.transposed, bias: !!o.expertBias });
  },
  summary: (c) => ({ ...moeCounts(c), sharedWidth: 0 }),
});

export function moeCounts(c: ConfigReader): { experts: number; topK: number; expertWidth: number } {
  const experts = c.int('num_local_experts', 'number of experts', c.optInt('num_experts', 'number of experts') ?? c.optInt('n_routed_experts', 'number of experts'));
  // A declared default (not the file) is clamped to the experts there are.
  const topK = c.has('num_experts_per_tok') ? c.int('num_experts_per_tok', 'experts per token') : Math.min(experts, c.int('num_experts_per_tok', 'experts per token'));
  if (topK > experts) throw new ConfigError(`num_experts_per_tok (${topK}) exceeds the number of experts (${experts})`, 'num_experts_per_tok');
  const expertWidth = c.has('moe_intermediate_size') || c.get('moe_intermediate_size') !== undefined ? c.int('moe_intermediate_size', 'expert MLP width') : c.int('intermediate_size', 'MLP width');
  return { experts, topK, expertWidth };
}

/** Qwen2/3-MoE style: sparse where (l + 1) % decoder_sparse_step == 0 and l not in mlp_only_layers. */
export const steppedMoe = (o: { shared?: boolean; router?: string } = {}): MoeRule => ({
  sparse: (c, l) => {
    const only = c.list('mlp_only_layers') ?? [];
    const step = c.int('decoder_sparse_step', 'sparse step', 1);
    const experts = c.count('num_experts', 'number of experts', 0);
    return !only.includes(l) && experts > 0 && (l + 1) % step === 0;
  },
  build: (c, b, p, l, hidden) => {
    const { experts, topK, expertWidth } = moeCounts(c);
    b.linear(`${p}.${o.router ?? 'gate'}`, experts, hidden, false, 'router', l);
    routedExperts(b, `${p}.experts`, l, { experts, topK, hidden, width: expertWidth });
    if (o.shared) {
      const w = c.count('shared_expert_intermediate_size', 'shared expert width');
      if (w > 0) {
        gatedMlp(b, `${p}.shared_expert`, l, hidden, w);
        b.linear(`${p}.shared_expert_gate`, 1, hidden, false, 'router', l);
      }
    }
  },
  summary: (c) => ({ ...moeCounts(c), sharedWidth: o.shared ? c.count('shared_expert_intermediate_size', 'shared expert width') : 0 }),
});

/** Qwen2's rule: sliding_window only when use_sliding_window; layers from max_window_layers on slide. */
export const qwenWindow = (c: ConfigReader): number | undefined => (c.bool('use_sliding_window', false) ? c.optInt('sliding_window', 'sliding window') : undefined);
export const qwenLayerType = (c: ConfigReader, i: number): string => (qwenWindow(c) !== undefined && i >= c.count('max_window_layers', 'full-attention layers', 28) ? 'sliding_attention' : 'full_attention');

/** Every `pattern`-th layer full, the others sliding (Gemma 3: 6, Cohere 2: 4); pattern from sliding_window_pattern when given. */
export const everyNthFull =
  (pattern: number) =>
  (c: ConfigReader, i: number): string =>
    (i + 1) % c.int('sliding_window_pattern', 'sliding window pattern', pattern) !== 0 ? 'sliding_attention' : 'full_attention';
