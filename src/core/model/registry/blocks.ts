// Reusable blocks the family modules build models from: attention variants, MLP and MoE variants,
// per-layer attention types, heads chosen by architectures[0]. Each block adds tensors with the
// names transformers gives them and records what each layer's attention sees and caches.
import { ConfigError } from '../spec';
import type { InventoryBuilder } from './builder';
import type { ConfigReader } from './configReader';
import type { AttentionKind, Component } from './inventory';
import type { Summary } from './family';

export interface AttentionShape {
  readonly hidden: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

export interface AttentionNames {
  readonly q?: string;
  readonly k?: string;
  readonly v?: string;
  readonly o?: string;
  /** One fused projection instead of q, k, v (Phi-3's qkv_proj, GPT-NeoX's query_key_value). */
  readonly fused?: string;
}

export interface AttentionOptions extends AttentionNames {
  readonly qkvBias?: boolean;
  readonly oBias?: boolean;
  /** Norms on queries and keys: per head (Qwen3, head_dim wide) or over all heads (OLMo 2). */
  readonly qkNorm?: 'head' | 'full' | 'grid';
  readonly qkNormBias?: boolean;
  readonly qkNormNames?: readonly [string, string];
  /** Helium: o_proj is [hidden, hidden] whatever heads × head_dim is. */
  readonly oFromHidden?: boolean;
  /** Encoders: every token sees every token, nothing is cached. */
  readonly bidirectional?: boolean;
  /** DiffLlama runs attention twice (two value halves over the same scores): 2 passes. */
  readonly passes?: number;
  /** gpt-oss: one learned attention sink per head. */
  readonly sinks?: boolean;
}

/** Standard (MHA/GQA/MQA) self-attention of one layer: projections, optional biases, q/k norms, sinks. */
export function selfAttention(b: InventoryBuilder, p: string, l: number, s: AttentionShape, o: AttentionOptions = {}, kind: AttentionKind = 'full', window?: number): void {
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  if (o.fused) b.linear(`${p}.${o.fused}`, q + 2 * kv, s.hidden, !!o.qkvBias, 'attention', l);
  else {
    b.linear(`${p}.${o.q ?? 'q_proj'}`, q, s.hidden, !!o.qkvBias, 'attention', l);
    b.linear(`${p}.${o.k ?? 'k_proj'}`, kv, s.hidden, !!o.qkvBias, 'attention', l);
    b.linear(`${p}.${o.v ?? 'v_proj'}`, kv, s.hidden, !!o.qkvBias, 'attention', l);
  }
  b.linear(`${p}.${o.o ?? 'o_proj'}`, s.hidden, o.oFromHidden ? s.hidden : q, !!o.oBias, 'attention', l);
  if (o.qkNorm) {
    const [qn, kn] = o.qkNormNames ?? ['q_norm', 'k_norm'];
    if (o.qkNorm === 'grid') {
      // Cohere: one norm weight per head, stored [heads, head_dim]
      b.tensor(`${p}.${qn}.weight`, [s.heads, s.headDim], 'norm', { layer: l });
      b.tensor(`${p}.${kn}.weight`, [s.kvHeads, s.headDim], 'norm', { layer: l });
    } else {
      b.norm(`${p}.${qn}`, o.qkNorm === 'head' ? s.headDim : q, !!o.qkNormBias, l);
      b.norm(`${p}.${kn}`, o.qkNorm === 'head' ? s.headDim : kv, !!o.qkNormBias, l);
    }
  }
  if (o.sinks) b.tensor(`${p}.sinks`, [s.heads], 'attention', { layer: l });
  b.attend(l, o.bidirectional ? 'bidirectional' : kind, { heads: s.heads, qkDim: s.headDim * (o.passes ?? 1), vDim: s.headDim * (o.passes ?? 1), ...(window !== undefined ? { window } : {}), cachePerToken: kind === 'bidirectional' || o.bidirectional ? 0 : 2 * kv });
}

export interface MlpNames {
  readonly gate?: string;
  readonly up?: string;
  readonly down?: string;
  /** gate and up in one matrix [2f, h] (Phi-3's gate_up_proj). */
  readonly fusedGateUp?: string;
}

/** A gated MLP (SwiGLU/GeGLU): gate and up [f, h], down [h, f]. */
export function gatedMlp(b: InventoryBuilder, p: string, l: number, hidden: number, width: number, o: MlpNames & { bias?: boolean } = {}, component: Component = 'mlp'): void {
  if (o.fusedGateUp) b.linear(`${p}.${o.fusedGateUp}`, 2 * width, hidden, !!o.bias, component, l);
  else {
    b.linear(`${p}.${o.gate ?? 'gate_proj'}`, width, hidden, !!o.bias, component, l);
    b.linear(`${p}.${o.up ?? 'up_proj'}`, width, hidden, !!o.bias, component, l);
  }
  b.linear(`${p}.${o.down ?? 'down_proj'}`, hidden, width, !!o.bias, component, l);
}

/** A plain two-matrix MLP: up [f, h], down [h, f]. */
export function plainMlp(b: InventoryBuilder, p: string, l: number, hidden: number, width: number, o: { up: string; down: string; bias: boolean }, component: Component = 'mlp'): void {
  b.linear(`${p}.${o.up}`, width, hidden, o.bias, component, l);
  b.linear(`${p}.${o.down}`, hidden, width, o.bias, component, l);
}

export interface ExpertsOptions {
  readonly experts: number;
  readonly topK: number;
  readonly hidden: number;
  readonly width: number;
  /** gpt-oss stores [E, h, 2f] and [E, f, h] and has per-expert biases. */
  readonly transposed?: boolean;
  readonly bias?: boolean;
}

/** Routed experts as transformers v5 stores them: fused gate_up_proj [E, 2f, h] and down_proj [E, h, f]. */
export function routedExperts(b: InventoryBuilder, p: string, l: number, o: ExpertsOptions): void {
  const share = o.topK / o.experts;
  const E = o.experts;
  b.tensor(`${p}.gate_up_proj`, o.transposed ? [E, o.hidden, 2 * o.width] : [E, 2 * o.width, o.hidden], 'experts', { layer: l, share, matmul: true });
  if (o.bias) b.tensor(`${p}.gate_up_proj_bias`, [E, 2 * o.width], 'experts', { layer: l, share });
  b.tensor(`${p}.down_proj`, o.transposed ? [E, o.width, o.hidden] : [E, o.hidden, o.width], 'experts', { layer: l, share, matmul: true });
  if (o.bias) b.tensor(`${p}.down_proj_bias`, [E, o.hidden], 'experts', { layer: l, share });
}

/** Per-layer attention types: config.layer_types when given, else the class's own rule. */
export function layerTypes(c: ConfigReader, layers: number, fallback: (i: number) => string): string[] {
  const given = c.list('layer_types');
  if (given) {
    if (given.length !== layers) throw new ConfigError(`"layer_types" lists ${given.length} layers but the model has ${layers}`, 'layer_types');
    return given.map((t) => String(t));
  }
  return Array.from({ length: layers }, (_, i) => fallback(i));
}

/** The attention kind and window of a layer type. */
export function attentionOfType(type: string, window: number | undefined, chunk?: number): { kind: AttentionKind; window?: number } {
  if ((type === 'sliding_attention' || type === 'sliding') && window !== undefined) return { kind: 'sliding', window };
  if (type === 'chunked_attention' && chunk !== undefined) return { kind: 'sliding', window: chunk };
  return { kind: 'full' };
}

export type HeadKind = 'lm' | 'mlm' | 'base' | 'other';

/** What architectures[0] puts on top of the base model. */
export function headKind(architecture: string): HeadKind {
  if (/(ForCausalLM|LMHeadModel|ForConditionalGeneration|WithLMHead|MTModel)$/.test(architecture)) return 'lm';
  if (/(ForMaskedLM|ForPreTraining)$/.test(architecture)) return 'mlm';
  if (/(Model|EncoderModel|DecoderModel)$/.test(architecture)) return 'base';
  return 'other';
}

/**
 * The summary of a fairseq-style encoder–decoder (BART, Marian, ProphetNet, Whisper, …): its
 * decoder's shape (MHA, plain MLP, `activation_function`), the encoder's depth unless the class is
 * the decoder alone (*ForCausalLM), and the head by class.
 */
export function fairseqSummary(
  c: ConfigReader,
  architecture: string,
  s: { hidden: number; layers: number; heads: number; vocab: number; maxPositions: number; mlpWidth: number; encoderLayers: number; tied: boolean },
): Summary {
  const causalOnly = /ForCausalLM$/.test(architecture);
  return {
    attentionKind: 'causal',
    hidden: s.hidden,
    layers: s.layers,
    heads: s.heads,
    kvHeads: s.heads,
    headDim: s.hidden / s.heads,
    vocab: s.vocab,
    maxPositions: s.maxPositions,
    mlpWidth: s.mlpWidth,
    gatedMlp: false,
    activation: c.str('activation_function', 'gelu'),
    ...(causalOnly ? {} : { encoderDecoder: { encoderLayers: s.encoderLayers } }),
    head: headKind(architecture) === 'lm' ? 'lm' : 'none',
    tiedEmbeddings: s.tied,
  };
}

/** The head of a decoder-only model and the prefix of its base model ('' for the bare *Model class). */
export function decoderHead(architecture: string, base: string, leaveOut: (s: string) => void, maskedLm = false): { prefix: string; lmHead: boolean } {
  const k = headKind(architecture);
  if (maskedLm && k === 'mlm') return { prefix: `${base}.`, lmHead: true };
  if (k === 'base') return { prefix: '', lmHead: false };
  if (k === 'lm') return { prefix: `${base}.`, lmHead: true };
  leaveOut(`${architecture}: the task head is not counted (counted the base model and no LM head)`);
  return { prefix: `${base}.`, lmHead: false };
}
