// Parameter counts from the inventory: every tensor counted once (a tied head is listed but shares
// the embedding's storage), active = what one token uses (top-k of the routed experts).
import type { Component, ParamTensor } from './registry/inventory';
import { size } from './registry/inventory';
import type { ModelSpec } from './spec';

export type { Component, ParamTensor };
export { size };

export function parameterTensors(spec: ModelSpec): readonly ParamTensor[] {
  return spec.inventory.tensors;
}

/** Tensors with their own storage (the tied head left out). */
export function storedTensors(spec: ModelSpec): ParamTensor[] {
  return spec.inventory.tensors.filter((t) => !t.tiedTo);
}

export interface ParamCounts {
  readonly total: number;
  /** Parameters one token uses (MoE: top-k of the routed experts). */
  readonly active: number;
  readonly embedding: number;
  readonly nonEmbedding: number;
  readonly byComponent: Readonly<Record<Component, number>>;
  /** Parameters of the largest layer, for per-layer breakdowns. */
  readonly perLayer: number;
}

export function countParameters(spec: ModelSpec): ParamCounts {
  const byComponent: Record<Component, number> = { embedding: 0, positions: 0, attention: 0, mlp: 0, experts: 0, router: 0, norm: 0, head: 0, pooler: 0 };
  const layers: number[] = [];
  let total = 0;
  let active = 0;
  for (const x of spec.inventory.tensors) {
    if (x.tiedTo) continue;
    const n = x.elements;
    total += n;
    active += n * x.activeShare;
    byComponent[x.component] += n;
    if (x.layer !== undefined) layers[x.layer] = (layers[x.layer] ?? 0) + n;
  }
  const embedding = byComponent.embedding + byComponent.positions;
  return { total, active: Math.round(active), embedding, nonEmbedding: total - embedding, byComponent, perLayer: layers.reduce((a, b) => Math.max(a, b ?? 0), 0) };
}
