// Memory: weights per dtype, training states per optimizer (ZeRO and parallel shares), activations
// derived for the model's real attention and MLP shapes, KV cache. Bytes throughout.
import { size, storedTensors } from './params';
import type { ModelSpec } from './spec';

export type Dtype = 'fp32' | 'bf16' | 'fp16' | 'fp8' | 'int8' | 'int4';
export type Optimizer = 'adamw' | 'adam8bit' | 'adafactor' | 'sgd' | 'lion';

/** int4 weights carry one fp16 scale per group of 128 weights. */
export const INT4_GROUP = 128;

export function bytesPerParam(dtype: Dtype): number {
  switch (dtype) {
    case 'fp32':
      return 4;
    case 'bf16':
    case 'fp16':
      return 2;
    case 'fp8':
    case 'int8':
      return 1;
    case 'int4':
      return 0.5 + 2 / INT4_GROUP;
  }
}

/**
 * Bytes per element of a KV cache: fp8 and int8 one byte, int4 half a byte. Per element, not per
 * block: quantized caches keep their scales per head or per tensor (vLLM, TensorRT-LLM), a few
 * bytes per layer, not per group of weights as int4 weights do.
 */
export function kvBytesPerElement(dtype: Dtype): number {
  return dtype === 'int4' ? 0.5 : bytesPerParam(dtype);
}

export interface TrainingStates {
  readonly weights: number;
  readonly gradients: number;
  readonly optimizer: number;
  /** Bytes per parameter of each, for the formula line (optimizer may be approximate for AdaFactor). */
  readonly perParam: { readonly weights: number; readonly gradients: number; readonly optimizer: number };
  readonly note: string;
}

/**
 * Model states for training in `dtype` (bf16/fp16 = mixed precision with an fp32 master copy,
 * ZeRO paper's K = 12 for AdamW; fp32 = no master copy).
 */
export function trainingStates(spec: ModelSpec, params: number, dtype: Dtype, optimizer: Optimizer): TrainingStates {
  const mixed = dtype !== 'fp32';
  const w = mixed ? 2 : 4;
  const master = mixed ? 4 : 0;
  let opt: number;
  let note: string;
  switch (optimizer) {
    case 'adamw':
      opt = master + 8;
      note = mixed ? 'AdamW, mixed precision: fp32 master 4 + m 4 + v 4 = 12 B/param (ZeRO paper K = 12)' : 'AdamW in fp32: m 4 + v 4 = 8 B/param';
      break;
    case 'adam8bit':
      opt = master + 2;
      note = '8-bit Adam: m and v 1 B each' + (mixed ? ' + fp32 master 4 = 6 B/param' : ' = 2 B/param');
      break;
    case 'sgd':
      opt = master + 4;
      note = 'SGD with momentum: momentum 4' + (mixed ? ' + fp32 master 4 = 8 B/param' : ' = 4 B/param');
      break;
    case 'lion':
      opt = master + 4;
      note = 'Lion: one fp32 momentum 4' + (mixed ? ' + fp32 master 4 = 8 B/param' : ' = 4 B/param');
      break;
    case 'adafactor': {
      // Factored second moment: rows + cols per matrix, full for vectors; no first moment.
      const second = storedTensors(spec).reduce((a, t) => a + (t.shape.length >= 2 ? (t.shape[0] as number) + size(t.shape.slice(1)) : size(t.shape)), 0) * 4;
      const total = master * params + second;
      return { weights: w * params, gradients: w * params, optimizer: total, perParam: { weights: w, gradients: w, optimizer: total / params }, note: `AdaFactor: factored second moment (rows + cols per matrix, fp32), no first moment${mixed ? ', + fp32 master 4 B/param' : ''}` };
    }
  }
  return { weights: w * params, gradients: w * params, optimizer: opt * params, perParam: { weights: w, gradients: w, optimizer: opt }, note };
}

export interface Parallelism {
  readonly zero: 0 | 1 | 2 | 3;
  /** Data-parallel size (GPUs / (tp · pp)). */
  readonly dp: number;
  readonly tp: number;
  readonly pp: number;
}

/** Per-GPU model states: tp·pp split everything evenly; ZeRO shards over dp (1: optimizer, 2: + gradients, 3: + weights). */
export function perGpuStates(s: TrainingStates, p: Parallelism): { weights: number; gradients: number; optimizer: number; total: number } {
  const split = p.tp * p.pp;
  const weights = s.weights / split / (p.zero >= 3 ? p.dp : 1);
  const gradients = s.gradients / split / (p.zero >= 2 ? p.dp : 1);
  const optimizer = s.optimizer / split / (p.zero >= 1 ? p.dp : 1);
  return { weights, gradients, optimizer, total: weights + gradients + optimizer };
}

export interface ActivationOptions {
  readonly seq: number;
  readonly batch: number;
  readonly recompute: 'none' | 'selective' | 'full';
  readonly flashAttention: boolean;
  readonly tp: number;
}

/**
 * Activation bytes stored for backward per layer, 16-bit, Korthikanti et al. (2022) term by term,
 * with the model's own widths: q = heads·head_dim, kv = kv_heads·head_dim, MLP width f (gated
 * MLPs keep gate, up and their product), dropout masks only where the config has dropout.
 * For MHA with a 4h plain MLP and dropout this is exactly s·b·h·(34 + 5·a·s/h).
 */
export function activationBytesPerLayer(spec: ModelSpec, o: ActivationOptions): number {
  const { seq: s, batch: b, tp: t } = o;
  const h = spec.hidden;
  if (o.recompute === 'full') return 2 * s * b * h; // only the layer input
  const q = spec.mla ? spec.heads * (spec.mla.qkNopeDim + spec.mla.qkRopeDim) : spec.heads * spec.headDim;
  const kv = spec.mla ? (spec.heads * (spec.mla.qkNopeDim + spec.mla.vDim)) / 2 : spec.kvHeads * spec.headDim;
  const f = spec.moe ? spec.moe.topK * spec.moe.expertWidth + spec.moe.sharedWidth : spec.mlpWidth;
  const drop = spec.dropout;
  // Not split by tensor parallelism: both norm inputs, the attention and MLP inputs, dropout masks.
  const replicated = 2 * s * b * h * 2 + 2 * s * b * h + 2 * s * b * h + (drop.hidden ? 2 * s * b * h : 0);
  // Split by TP: Q, K, V, the attention output (input of o_proj) and the MLP intermediates.
  const mlpInner = spec.gatedMlp ? 3 * 2 * s * b * f : 2 * 2 * s * b * f;
  const split = (2 * s * b * q + 2 * s * b * kv + 2 * s * b * kv + 2 * s * b * q + mlpInner) / t;
  // s² terms: softmax output (2 B), dropout mask (1 B) and dropout output (2 B) per head.
  let quadratic = 0;
  if (o.recompute === 'none' && !o.flashAttention) quadratic = (spec.heads * s * s * b * (2 + (drop.attention ? 3 : 0))) / t;
  // FlashAttention keeps the softmax log-sum-exp (fp32) instead.
  const flashStats = o.flashAttention ? (4 * spec.heads * s * b) / t : 0;
  return replicated + split + quadratic + flashStats;
}

/** Logits for the loss: 2·s·b·V (bf16) + 4·s·b·V (fp32 copy for a stable softmax). */
export function logitsBytes(spec: ModelSpec, seq: number, batch: number): number {
  return spec.head === 'none' || spec.head === 'pooler' ? 0 : 6 * seq * batch * spec.vocab;
}

/**
 * KV-cache bytes per token of one sequence, summed over layers from the inventory: K and V
 * (2 · kv_heads · head_dim) for full and sliding layers, MLA's latent (kv_lora_rank +
 * qk_rope_head_dim), nothing for layers that reuse another layer's cache or hold no cache.
 */
export function kvBytesPerToken(spec: ModelSpec, kvDtype: Dtype): number {
  let elements = 0;
  // Cross-attention K/V grow with the source, not with generated tokens: see crossKvBytesPerSourceToken.
  for (const a of spec.inventory.attention) if (a.kind !== 'cross') elements += a.cachePerToken;
  return elements * kvBytesPerElement(kvDtype);
}

/** Encoder–decoders: cross-attention K/V cached per source token (every decoder layer). */
export function crossKvBytesPerSourceToken(spec: ModelSpec, kvDtype: Dtype): number {
  let elements = 0;
  for (const a of spec.inventory.attention) if (a.kind === 'cross') elements += a.cachePerToken;
  return elements * kvBytesPerElement(kvDtype);
}

/** KV-cache bytes of one sequence at `context` tokens (encoder–decoders: a source of the same length): sliding layers keep at most their window. */
export function kvBytesAtContext(spec: ModelSpec, kvDtype: Dtype, context: number): number {
  let elements = 0;
  // A sliding layer keeps the last window − 1 tokens (transformers' DynamicSlidingWindowLayer): with the new token, its window.
  for (const a of spec.inventory.attention) elements += a.cachePerToken * Math.min(context, a.window !== undefined ? a.window - 1 : context);
  return elements * kvBytesPerElement(kvDtype);
}

/** Per-layer-type KV cache per token (elements), for reports: full, sliding (window), latent, shared, none. */
export function kvByLayerType(spec: ModelSpec): { kind: string; layers: number; elementsPerToken: number; window?: number }[] {
  const groups = new Map<string, { kind: string; layers: number; elementsPerToken: number; window?: number }>();
  for (const a of spec.inventory.attention) {
    const kind = a.cache === 'kv' ? a.kind : a.cache;
    const key = `${kind}:${a.window ?? ''}`;
    const g = groups.get(key) ?? { kind, layers: 0, elementsPerToken: 0, ...(a.window !== undefined ? { window: a.window } : {}) };
    g.layers++;
    g.elementsPerToken += a.cachePerToken;
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Fixed (per-sequence) state of SSM / linear-attention layers: conv windows and recurrent states, in the cache dtype. */
export function fixedStateBytes(spec: ModelSpec, kvDtype: Dtype): number {
  let elements = 0;
  for (const f of spec.inventory.fixedState) elements += f.elements;
  return elements * kvBytesPerElement(kvDtype);
}
