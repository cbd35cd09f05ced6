// Matmul FLOPs with the conventions of references/flops-memory.md: 1 multiply-add = 2 FLOPs; the
// embedding gather costs 0; the LM head is a matmul even when tied; norms, activations, softmax,
// RoPE and residual adds are element-wise and reported apart.
import { attentionShapes, isSparseLayer } from './params';
import type { ModelSpec } from './spec';

export type AttentionAccounting = 'causal' | 'full' | 'sliding';
export type Recompute = 'none' | 'selective' | 'full';

/** Weights one token multiplies through in layer `l` (W_layer of the reference). */
export function layerMatmulWeights(spec: ModelSpec, l: number): number {
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const m = spec.gatedMlp ? 3 : 2;
  let w = attentionShapes(spec).reduce((a, x) => a + x.shape[0] * x.shape[1], 0);
  // Encoder–decoder: a decoder layer also projects each target token's cross-attention query and
  // output (its K/V are projected from the source, see forwardFlops).
  if (spec.encoderDecoder) w += 2 * h * q;
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

/**
 * FLOPs per query per key of QKᵀ and attention·V: 2·heads·(d_qk + d_v), which is 4·n_q·d_h for
 * standard attention; MLA (naive, without weight absorption) uses its own query/key and value sizes.
 */
export function attentionCoreWidth(spec: ModelSpec): number {
  if (spec.mla) return 2 * spec.heads * (spec.mla.qkNopeDim + spec.mla.qkRopeDim + spec.mla.vDim);
  return 4 * spec.heads * spec.headDim;
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
  if (spec.encoderDecoder) return encoderDecoderForward(spec, s);
  const linear = 2 * s * totalMatmulWeights(spec);
  const attention = layerGroups(spec, accounting).reduce((a, g) => a + g.layers * attentionCoreWidth(spec) * keysSeen(s, g.accounting, g.window), 0);
  return { linear, attention, total: linear + attention };
}

/**
 * Encoder–decoder forward with a source and a target of s tokens each: the encoder sees all s keys,
 * decoder self-attention is causal, cross-attention sees the s encoder outputs, whose K/V
 * projections run once per source token.
 */
function encoderDecoderForward(spec: ModelSpec, s: number): SequenceFlops {
  const ed = spec.encoderDecoder;
  if (!ed) throw new Error('not an encoder–decoder');
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const m = spec.gatedMlp ? 3 : 2;
  const encoderW = 4 * h * q + m * h * spec.mlpWidth;
  const decoderW = layerMatmulWeights(spec, 0);
  const crossKv = 2 * h * q;
  const linear = 2 * s * (ed.encoderLayers * encoderW + spec.layers * decoderW + headMatmulWeights(spec)) + 2 * s * spec.layers * crossKv;
  const attention = 4 * q * (ed.encoderLayers * keysSeen(s, 'full') + spec.layers * (keysSeen(s, 'causal') + s * s));
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
  // Encoder–decoder: self-attention over `cache` target tokens, cross-attention over a source of
  // the same length (encoder K/V cached).
  if (spec.encoderDecoder) return 2 * totalMatmulWeights(spec) + 4 * q * spec.layers * 2 * cache;
  const keys = layerGroups(spec, 'sliding').reduce((a, g) => a + g.layers * Math.min(cache, g.window ?? cache), 0);
  return 2 * totalMatmulWeights(spec) + attentionCoreWidth(spec) * keys;
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
  const m = spec.gatedMlp ? 3 : 2;
  const mlp = spec.moe ? spec.moe.topK * m * h * spec.moe.expertWidth : m * h * spec.mlpWidth;
  const projections = attentionShapes(spec).reduce((a, x) => a + x.shape[0] * x.shape[1], 0);
  return lengthForKeys(Math.max(0, (2 * mlp - 2 * projections) / attentionCoreWidth(spec)), accounting);
}

/** Sequence length past which QKᵀ and ·V cost more than all of a layer's matmuls with weights (article 8610: n > 6·hidden). */
export function quadraticDominance(spec: ModelSpec, accounting: AttentionAccounting): number {
  let w = 0;
  for (let l = 0; l < spec.layers; l++) w += layerMatmulWeights(spec, l);
  return lengthForKeys((2 * (w / spec.layers)) / attentionCoreWidth(spec), accounting);
}
