// Matmul FLOPs with the conventions of references/flops-memory.md: 1 multiply-add = 2 FLOPs; the
// embedding gather costs 0; the LM head is a matmul even when tied; norms, activations, softmax,
// RoPE and residual adds are element-wise and reported apart.
import { isSparseLayer } from './params';
import type { ModelSpec } from './spec';

export type AttentionAccounting = 'causal' | 'full' | 'sliding';
export type Recompute = 'none' | 'selective' | 'full';

/** Weights one token multiplies through in layer `l` (W_layer of the reference). */
export function layerMatmulWeights(spec: ModelSpec, l: number): number {
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const kv = spec.kvHeads * spec.headDim;
  const m = spec.gatedMlp ? 3 : 2;
  let w = h * q + 2 * h * kv + q * h;
  const moe = spec.moe;
  if (moe && isSparseLayer(spec, l)) {
    w += moe.topK * m * h * moe.expertWidth + h * moe.experts;
    if (moe.sharedWidth > 0) w += m * h * moe.sharedWidth + (moe.sharedGate ? h : 0);
  } else {
    w += m * h * spec.mlpWidth;
  }
  return w;
}

/** Weights of the head a token multiplies through (LM head even when tied; MLM adds its transform). */
export function headMatmulWeights(spec: ModelSpec): number {
  if (spec.head === 'lm') return spec.hidden * spec.vocab;
  if (spec.head === 'mlm') return spec.hidden * spec.hidden + spec.hidden * spec.vocab;
  return 0;
}

export function totalMatmulWeights(spec: ModelSpec): number {
  let w = headMatmulWeights(spec);
  for (let l = 0; l < spec.layers; l++) w += layerMatmulWeights(spec, l);
  return w;
}

/** Σ over the s queries of a sequence of the keys each one sees. */
export function keysSeen(s: number, accounting: AttentionAccounting, window?: number): number {
  if (accounting === 'full') return s * s;
  const causal = (n: number) => (n * (n + 1)) / 2;
  if (accounting === 'sliding' && window !== undefined && s > window) return causal(window) + (s - window) * window;
  return causal(s);
}

/** How a model's layers see keys under an accounting: [layers, window?] groups. */
function layerGroups(spec: ModelSpec, accounting: AttentionAccounting): { layers: number; accounting: AttentionAccounting; window?: number }[] {
  if (accounting !== 'sliding' || !spec.slidingWindow) return [{ layers: spec.layers, accounting: accounting === 'sliding' ? 'causal' : accounting }];
  const sliding = spec.slidingLayers ?? spec.layers;
  return [
    { layers: sliding, accounting: 'sliding', window: spec.slidingWindow },
    { layers: spec.layers - sliding, accounting: 'causal' },
  ];
}

export interface SequenceFlops {
  /** 2·s·Σ weights: projections, MLPs, head. */
  readonly linear: number;
  /** QKᵀ and attention·V. */
  readonly attention: number;
  readonly total: number;
}

export function forwardFlops(spec: ModelSpec, s: number, accounting: AttentionAccounting): SequenceFlops {
  const q = spec.heads * spec.headDim;
  const linear = 2 * s * totalMatmulWeights(spec);
  const attention = layerGroups(spec, accounting).reduce((a, g) => a + g.layers * 4 * q * keysSeen(s, g.accounting, g.window), 0);
  return { linear, attention, total: linear + attention };
}

/** Training = forward + backward (2× forward) + recompute (full: 1× forward; selective: attention core). */
export function trainingFlops(spec: ModelSpec, s: number, accounting: AttentionAccounting, recompute: Recompute): number {
  const f = forwardFlops(spec, s, accounting);
  const extra = recompute === 'full' ? f.total : recompute === 'selective' ? f.attention : 0;
  return 3 * f.total + extra;
}

/** One generated token with `cache` tokens already in the KV cache. */
export function decodeStepFlops(spec: ModelSpec, cache: number): number {
  const q = spec.heads * spec.headDim;
  const keys = layerGroups(spec, 'sliding').reduce((a, g) => a + g.layers * Math.min(cache, g.window ?? cache), 0);
  return 2 * totalMatmulWeights(spec) + 4 * q * keys;
}

/** Element-wise work per token (norms, activation, softmax, residuals), an estimate reported apart. */
export function elementwiseFlopsPerToken(spec: ModelSpec, meanKeys: number): number {
  const h = spec.hidden;
  const width = spec.moe ? spec.moe.topK * spec.moe.expertWidth + spec.moe.sharedWidth : spec.mlpWidth;
  const perLayer = spec.normsPerLayer * 5 * h + 8 * width + 5 * spec.heads * meanKeys + 2 * h;
  return spec.layers * perLayer + 5 * h;
}

/** Keys a query must see for the average token (s keys for full attention, (s+1)/2 causal) → s. */
function lengthForKeys(keys: number, accounting: AttentionAccounting): number {
  return accounting === 'full' ? keys : Math.max(1, 2 * keys - 1);
}

/**
 * Sequence length past which the attention block (Q/K/V/O projections + QKᵀ and ·V) costs more than
 * the MLP, per token of a layer (article 8610: n > 2·hidden for BERT's 4h MLP).
 */
export function attentionMlpCrossover(spec: ModelSpec, accounting: AttentionAccounting): number {
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const kv = spec.kvHeads * spec.headDim;
  const m = spec.gatedMlp ? 3 : 2;
  const mlp = spec.moe ? spec.moe.topK * m * h * spec.moe.expertWidth : m * h * spec.mlpWidth;
  const projections = 2 * h * q + 2 * h * kv;
  return lengthForKeys(Math.max(0, (2 * mlp - 2 * projections) / (4 * q)), accounting);
}

/** Sequence length past which QKᵀ and ·V cost more than all of a layer's matmuls with weights (article 8610: n > 6·hidden). */
export function quadraticDominance(spec: ModelSpec, accounting: AttentionAccounting): number {
  const q = spec.heads * spec.headDim;
  let w = 0;
  for (let l = 0; l < spec.layers; l++) w += layerMatmulWeights(spec, l);
  return lengthForKeys((2 * (w / spec.layers)) / (4 * q), accounting);
}
