// Matmul FLOPs from the inventory: 2·m·n·k per matmul, attention score and value products included (Kaplan et al. 2020, arxiv.org/abs/2001.08361; kexue.fm/archives/8610).
// 1 multiply-add = 2 FLOPs, so a weight [out, in] applied to s tokens costs 2·s·out·in (routed
// experts: times top-k / experts); the embedding gather costs 0; the LM head is a matmul even when
// tied; attention's two matmuls (QKᵀ and scores·V) cost 2·heads·(d_qk + d_v) per query–key pair.
// This is what torch.utils.flop_counter counts for an eager forward with accounting 'full' (eager
// attention computes every query–key pair and masks afterwards). Norms, activations, softmax, RoPE
// and residual adds are element-wise and reported apart.
import type { LayerAttention, MixerFlops } from './registry/inventory';
import type { ModelSpec } from './spec';

/**
 * causal: token i sees i + 1 keys, or at most its layer's window (each layer its own);
 * full: every query sees every key (bidirectional, or what eager attention computes);
 * sliding: kept for compatibility, the same as causal (windows always apply per layer).
 */
export type AttentionAccounting = 'causal' | 'full' | 'sliding';
export type Recompute = 'none' | 'selective' | 'full';

/** Weights one token multiplies through (active share of routed experts), head included. */
export function totalMatmulWeights(spec: ModelSpec): number {
  let w = 0;
  for (const t of spec.inventory.tensors) if (t.matmul) w += t.elements * t.activeShare;
  for (const u of spec.inventory.sharedUses) w += u.weights;
  return w;
}

/** Weights one token multiplies through in layer `l`. */
export function layerMatmulWeights(spec: ModelSpec, l: number): number {
  let w = 0;
  for (const t of spec.inventory.tensors) if (t.matmul && t.layer === l) w += t.elements * t.activeShare;
  return w;
}

/** Cross-attention K/V projections run once per source token, not per generated token. */
export const CROSS_KV = /(encoder_attn\.(k|v)_proj|EncDecAttention\.(k|v)|cross_attention\.(k|v)_proj|cross_attn\.(k|v|key|value)_proj)\.weight$/;

/** 2·heads·(d_qk + d_v): attention-core FLOPs per query–key pair of one layer. */
export function attentionCoreWidth(a: LayerAttention): number {
  return 2 * a.heads * (a.qkDim + a.vDim);
}

/** FLOPs of a state-space / linear-attention mixer over one sequence of s tokens (see MixerFlops). */
export function mixerSequenceFlops(m: MixerFlops, s: number): number {
  let f = m.perToken * s + m.perSequence;
  if (m.chunk && m.perPaddedToken) f += m.perPaddedToken * Math.ceil(s / m.chunk) * m.chunk;
  if (m.block && m.perPair) f += m.perPair * (Math.floor(s / m.block) * m.block * m.block + (s % m.block) ** 2);
  return f;
}

/** Σ over the s queries of a sequence of the keys each one sees. */
export function keysSeen(s: number, accounting: AttentionAccounting, window?: number): number {
  if (accounting === 'full') return s * s;
  const causal = (n: number) => (n * (n + 1)) / 2;
  if (window !== undefined && s > window) return causal(window) + (s - window) * window;
  return causal(s);
}

function layerKeys(a: LayerAttention, s: number, accounting: AttentionAccounting): number {
  if (a.pairsAt) return a.pairsAt(s);
  if (a.kind === 'bidirectional') return s * s;
  return keysSeen(s, accounting, accounting === 'full' ? undefined : a.window);
}

export interface SequenceFlops {
  /** 2·s·Σ weights: projections, MLPs, head. */
  readonly linear: number;
  /** QKᵀ and attention·V, layer by layer (and the scans/convolutions of state-space and linear-attention mixers). */
  readonly attention: number;
  readonly total: number;
  /** Per layer: [layer, linear, attention]. */
  readonly perLayer: readonly { readonly layer: number; readonly linear: number; readonly attention: number }[];
}

/**
 * Forward FLOPs of one sequence of s tokens. Encoder–decoders: s target tokens and `source` source
 * tokens (default s): encoder layers and cross-attention K/V projections run over the source.
 */
export function forwardFlops(spec: ModelSpec, s: number, accounting: AttentionAccounting, source = s): SequenceFlops {
  // Models that pad every sequence to a multiple (Longformer) run their layers over the padded length (the head sees s);
  // an encoder–decoder pads its source (LED's encoder; the output is cut back, so cross-attention sees `source`).
  const m = spec.inventory.sequenceMultiple;
  const padded = (n: number) => (m ? Math.ceil(n / m) * m : n);
  const encoderLayers = spec.encoderDecoder?.encoderLayers ?? 0;
  const encDec = encoderLayers > 0;
  // Prompt positions ahead of the input (CPM-Ant) run through every layer, not through the head.
  const sl = encDec ? s : padded(s) + (spec.inventory.prefixPositions ?? 0);
  const src = encDec ? padded(source) : source;
  // ProphetNet: decoder layers see every stream, the head the predict streams (see Inventory.decoderStreams).
  const streams = spec.inventory.decoderStreams;
  const layerStreams = streams?.layers ?? 1;
  const headStreams = streams?.head ?? 1;
  // Per-layer sums in arrays indexed by layer (hot path: thousands of tensors per estimate).
  const lin: number[] = [];
  const att: number[] = [];
  let linear = 0;
  for (const t of spec.inventory.tensors) {
    if (!t.matmul) continue;
    const tokens = encDec && CROSS_KV.test(t.name) ? source : encDec && t.layer !== undefined && t.layer < encoderLayers ? src : t.layer !== undefined ? sl * layerStreams : s * headStreams;
    const f = 2 * tokens * t.elements * t.activeShare;
    linear += f;
    if (t.layer !== undefined) lin[t.layer] = (lin[t.layer] ?? 0) + f;
  }
  for (const u of spec.inventory.sharedUses) {
    const f = 2 * (u.layer < encoderLayers ? src : sl) * u.weights;
    linear += f;
    lin[u.layer] = (lin[u.layer] ?? 0) + f;
  }
  linear += spec.inventory.perSequenceFlops ?? 0;
  let attention = 0;
  for (const a of spec.inventory.attention) {
    const f = attentionCoreWidth(a) * (a.kind === 'cross' ? s * source * layerStreams : a.layer < encoderLayers ? layerKeys(a, src, accounting) : layerKeys(a, sl, accounting));
    attention += f;
    att[a.layer] = (att[a.layer] ?? 0) + f;
  }
  // State-space / linear-attention mixers: counted with attention as the layer's token mixing.
  for (const m of spec.inventory.mixerFlops ?? []) {
    const f = mixerSequenceFlops(m, m.layer < encoderLayers ? src : s);
    attention += f;
    att[m.layer] = (att[m.layer] ?? 0) + f;
  }
  const perLayer: { layer: number; linear: number; attention: number }[] = [];
  for (let l = 0; l < Math.max(lin.length, att.length); l++) if (lin[l] !== undefined || att[l] !== undefined) perLayer.push({ layer: l, linear: lin[l] ?? 0, attention: att[l] ?? 0 });
  return { linear, attention, total: linear + attention, perLayer };
}

/** Training = forward + backward (2× forward) + recompute (full: 1× forward; selective: attention core). */
export function trainingFlops(spec: ModelSpec, s: number, accounting: AttentionAccounting, recompute: Recompute, forward?: SequenceFlops): number {
  const f = forward ?? forwardFlops(spec, s, accounting);
  const extra = recompute === 'full' ? f.total : recompute === 'selective' ? f.attention : 0;
  return 3 * f.total + extra;
}

/**
 * One generated token with `cache` tokens already cached: every decoder weight once (not the
 * encoder, not cross-attention K/V, which are computed once per source token) and each layer's
 * attention over min(cache, window) keys (cross-attention: a source of `cache` tokens; CPM-Ant:
 * its prompt positions too).
 */
export function decodeStepFlops(spec: ModelSpec, cache: number): number {
  const encoderLayers = spec.encoderDecoder?.encoderLayers ?? 0;
  // ProphetNet: the new position of every stream runs through the layers, the predict streams through the head.
  const streams = spec.inventory.decoderStreams;
  let w = 0;
  for (const t of spec.inventory.tensors) {
    if (!t.matmul || (t.layer !== undefined && t.layer < encoderLayers) || CROSS_KV.test(t.name)) continue;
    w += t.elements * t.activeShare * (t.layer !== undefined ? (streams?.layers ?? 1) : (streams?.head ?? 1));
  }
  for (const u of spec.inventory.sharedUses) if (u.layer >= encoderLayers) w += u.weights;
  let attention = 0;
  const keys = cache + (spec.inventory.prefixPositions ?? 0);
  for (const a of spec.inventory.attention) {
    if (a.layer < encoderLayers) continue;
    attention += attentionCoreWidth(a) * Math.min(keys, a.window ?? keys) * (streams?.layers ?? 1);
  }
  // A recurrent mixer advances its fixed state by one token: its per-token work (+ its per-call work).
  for (const m of spec.inventory.mixerFlops ?? []) if (m.layer >= encoderLayers) attention += m.decodeStep ?? m.perToken + m.perSequence;
  return 2 * w + attention;
}

/** Element-wise work per token (norms, activation, softmax, residuals), an estimate reported apart. */
export function elementwiseFlopsPerToken(spec: ModelSpec, meanKeys: number): number {
  const h = spec.hidden;
  const width = spec.moe ? spec.moe.topK * spec.moe.expertWidth + spec.moe.sharedWidth : spec.mlpWidth;
  const perLayer = 2 * 5 * h + 8 * width + 5 * spec.heads * meanKeys + 2 * h;
  return spec.layers * perLayer + 5 * h;
}

/** Keys a query must see for the average token (s keys for full attention, (s+1)/2 causal) → s. */
function lengthForKeys(keys: number, accounting: AttentionAccounting): number {
  return accounting === 'full' ? keys : Math.max(1, 2 * keys - 1);
}

/** Per-token weights of attention projections and MLPs (experts at their active share), and the mean core width. */
function perLayerMeans(spec: ModelSpec): { projections: number; mlp: number; all: number; core: number } {
  const layers: boolean[] = [];
  let projections = 0;
  let mlp = 0;
  let all = 0;
  for (const t of spec.inventory.tensors) {
    if (!t.matmul || t.layer === undefined) continue;
    layers[t.layer] = true;
    const w = t.elements * t.activeShare;
    all += w;
    if (t.component === 'attention') projections += w;
    else mlp += w;
  }
  const attn = spec.inventory.attention;
  const core = attn.length ? attn.reduce((a, x) => a + attentionCoreWidth(x), 0) / attn.length : 1;
  const n = Math.max(1, layers.filter(Boolean).length);
  return { projections: projections / n, mlp: mlp / n, all: all / n, core };
}

/**
 * Sequence length past which the attention block (projections + QKᵀ and ·V) costs more than the
 * MLP, per token of a layer (article 8610: n > 2·hidden for BERT's 4h MLP).
 */
export function attentionMlpCrossover(spec: ModelSpec, accounting: AttentionAccounting): number {
  const m = perLayerMeans(spec);
  return lengthForKeys(Math.max(0, (2 * m.mlp - 2 * m.projections) / m.core), accounting);
}

/** Sequence length past which QKᵀ and ·V cost more than all of a layer's matmuls with weights (article 8610: n > 6·hidden). */
export function quadraticDominance(spec: ModelSpec, accounting: AttentionAccounting): number {
  const m = perLayerMeans(spec);
  return lengthForKeys((2 * m.all) / m.core, accounting);
}
