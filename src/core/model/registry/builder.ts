// Collects an Inventory tensor by tensor. Blocks (blocks.ts) and families call these few methods;
// nothing else creates tensors.
import type { AttentionKind, Component, FixedState, Inventory, LayerAttention, MixerFlops, ParamTensor } from './inventory';

export interface TensorOptions {
  readonly layer?: number;
  readonly share?: number;
  readonly matmul?: boolean;
  readonly tiedTo?: string;
}

export class InventoryBuilder {
  private readonly tensors: ParamTensor[] = [];
  private readonly attention: LayerAttention[] = [];
  private readonly fixed: FixedState[] = [];
  private readonly buffers: { name: string; shape: number[] }[] = [];
  private readonly shared: { layer: number; weights: number }[] = [];
  private readonly mixers: MixerFlops[] = [];

  tensor(name: string, shape: readonly number[], component: Component, o?: TensorOptions): this {
    // Hot path (thousands of tensors per estimate): one plain object, optional fields set only when present.
    let elements = 1;
    for (const d of shape) elements *= d;
    const t: { -readonly [K in keyof ParamTensor]: ParamTensor[K] } = { name, shape, elements, component, activeShare: o?.share ?? 1, matmul: o?.matmul ?? false };
    if (o?.layer !== undefined) t.layer = o.layer;
    if (o?.tiedTo) t.tiedTo = o.tiedTo;
    this.tensors.push(t);
    return this;
  }

  /** A Linear layer: `${name}.weight` [out, in] (a matmul), `${name}.bias` [out] when biased. */
  linear(name: string, out: number, inp: number, bias: boolean, component: Component, layer?: number, share = 1): this {
    this.tensor(`${name}.weight`, [out, inp], component, { layer, share, matmul: true });
    if (bias) this.tensor(`${name}.bias`, [out], component, { layer, share });
    return this;
  }

  /** GPT-2's Conv1D: the weight is stored transposed, [in, out]. */
  conv1d(name: string, out: number, inp: number, component: Component, layer?: number): this {
    this.tensor(`${name}.weight`, [inp, out], component, { layer, matmul: true });
    return this.tensor(`${name}.bias`, [out], component, { layer });
  }

  norm(name: string, dim: number, bias: boolean, layer?: number, component: Component = 'norm'): this {
    this.tensor(`${name}.weight`, [dim], component, { layer });
    if (bias) this.tensor(`${name}.bias`, [dim], component, { layer });
    return this;
  }

  embedding(name: string, rows: number, cols: number, component: Component = 'embedding'): this {
    return this.tensor(`${name}.weight`, [rows, cols], component);
  }

  /** An LM head: its own weight, or the input embedding's when tied (listed, counted once, still a matmul). */
  head(name: string, vocab: number, hidden: number, tiedTo: string | undefined, bias = false): this {
    this.tensor(`${name}.weight`, [vocab, hidden], 'head', { matmul: true, ...(tiedTo ? { tiedTo } : {}) });
    if (bias) this.tensor(`${name}.bias`, [vocab], 'head');
    return this;
  }

  attend(layer: number, kind: AttentionKind, a: { heads: number; qkDim: number; vDim?: number; window?: number; cachePerToken: number; cache?: LayerAttention['cache']; pairsAt?: (s: number) => number }): this {
    this.attention.push({ layer, kind, heads: a.heads, qkDim: a.qkDim, vDim: a.vDim ?? a.qkDim, ...(a.window !== undefined ? { window: a.window } : {}), cachePerToken: a.cachePerToken, cache: a.cache ?? (a.cachePerToken > 0 ? 'kv' : 'none'), ...(a.pairsAt ? { pairsAt: a.pairsAt } : {}) });
    return this;
  }

  /** Every sequence is padded up to a multiple of `m` before the layers run (Longformer). */
  padSequence(m: number): this {
    this.sequenceMultiple = m;
    return this;
  }

  /** Every layer runs over `n` positions ahead of the input tokens (CPM-Ant's prompt); see Inventory.prefixPositions. */
  prefix(n: number): this {
    this.prefixPositions = n;
    return this;
  }

  private prefixPositions = 0;
  private streams: Inventory['decoderStreams'];

  /** ProphetNet: decoder layers over `layers`·s positions, the head over `head`·s; see Inventory.decoderStreams. */
  decoderStreams(layers: number, head: number): this {
    this.streams = { layers, head };
    return this;
  }
  private sequenceMultiple: number | undefined;
  private perSequence = 0;

  /** Matmul FLOPs once per sequence (a pooler's dense layer on the first token). */
  perSequenceFlops(flops: number): this {
    this.perSequence += flops;
    return this;
  }

  fixedState(layer: number, elements: number, what: string): this {
    this.fixed.push({ layer, elements, what });
    return this;
  }

  /** Token-mixer FLOPs of layer `layer` besides its weights (SSM scan, linear attention, convolution); see MixerFlops. */
  mixerFlops(m: MixerFlops): this {
    this.mixers.push(m);
    return this;
  }

  /** Layer `layer` multiplies through `weights` shared weights (counted in FLOPs, not in parameters). */
  sharedUse(layer: number, weights: number): this {
    this.shared.push({ layer, weights });
    return this;
  }

  buffer(name: string, shape: number[]): this {
    this.buffers.push({ name, shape });
    return this;
  }

  build(): Inventory {
    return {
      tensors: this.tensors,
      attention: this.attention,
      fixedState: this.fixed,
      sharedUses: this.shared,
      buffers: this.buffers,
      ...(this.mixers.length ? { mixerFlops: this.mixers } : {}),
      ...(this.sequenceMultiple ? { sequenceMultiple: this.sequenceMultiple } : {}),
      ...(this.perSequence ? { perSequenceFlops: this.perSequence } : {}),
      ...(this.prefixPositions ? { prefixPositions: this.prefixPositions } : {}),
      ...(this.streams ? { decoderStreams: this.streams } : {}),
    };
  }
}
