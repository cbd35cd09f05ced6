// Exact parameter counts: the model as a list of tensors with shapes (so optimizers that care about
// shapes, like AdaFactor, and cross-checks against safetensors indexes use the same list).
import type { ModelSpec } from './spec';

export type Component = 'embedding' | 'positions' | 'attention' | 'mlp' | 'experts' | 'router' | 'norm' | 'head' | 'pooler';

export interface ParamTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly component: Component;
  /** Layer index, for per-layer breakdowns. */
  readonly layer?: number;
  /** Share of the tensor a token uses (top-k / experts for routed experts, else 1). */
  readonly activeShare: number;
}

export function isSparseLayer(spec: ModelSpec, layer: number): boolean {
  return !!spec.moe && layer >= spec.moe.firstDense && (layer + 1) % spec.moe.sparseStep === 0;
}

/** Attention projection shapes [out, in] of one layer (standard or multi-head latent). */
export function attentionShapes(spec: ModelSpec): { name: string; shape: [number, number] }[] {
  const h = spec.hidden;
  const mla = spec.mla;
  if (mla) {
    const qk = mla.qkNopeDim + mla.qkRopeDim;
    return [
      ...(mla.qLoraRank > 0
        ? [
            { name: 'q_a_proj', shape: [mla.qLoraRank, h] as [number, number] },
            { name: 'q_b_proj', shape: [spec.heads * qk, mla.qLoraRank] as [number, number] },
          ]
        : [{ name: 'q_proj', shape: [spec.heads * qk, h] as [number, number] }]),
      { name: 'kv_a_proj_with_mqa', shape: [mla.kvLoraRank + mla.qkRopeDim, h] },
      { name: 'kv_b_proj', shape: [spec.heads * (mla.qkNopeDim + mla.vDim), mla.kvLoraRank] },
      { name: 'o_proj', shape: [h, spec.heads * mla.vDim] },
    ];
  }
  const q = spec.heads * spec.headDim;
  const kv = spec.kvHeads * spec.headDim;
  return [
    { name: 'q_proj', shape: [q, h] },
    { name: 'k_proj', shape: [kv, h] },
    { name: 'v_proj', shape: [kv, h] },
    { name: 'o_proj', shape: [h, q] },
  ];
}

export function parameterTensors(spec: ModelSpec): ParamTensor[] {
  const t: ParamTensor[] = [];
  const add = (name: string, shape: number[], component: Component, layer?: number, activeShare = 1) => t.push({ name, shape, component, ...(layer !== undefined ? { layer } : {}), activeShare });
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const kv = spec.kvHeads * spec.headDim;
  const norm = (name: string, layer?: number) => {
    add(`${name}.weight`, [h], 'norm', layer);
    if (spec.bias.norm) add(`${name}.bias`, [h], 'norm', layer);
  };
  const mlp = (prefix: string, width: number, component: Component, layer: number, share: number) => {
    if (spec.gatedMlp) add(`${prefix}.gate_proj.weight`, [width, h], component, layer, share);
    add(`${prefix}.up_proj.weight`, [width, h], component, layer, share);
    if (spec.bias.mlp) add(`${prefix}.up_proj.bias`, [width], component, layer, share);
    add(`${prefix}.down_proj.weight`, [h, width], component, layer, share);
    if (spec.bias.mlp) add(`${prefix}.down_proj.bias`, [h], component, layer, share);
  };

  add('embed_tokens.weight', [spec.vocab, h], 'embedding');
  if (spec.encoderDecoder) {
    encoderDecoderTensors(spec, add);
    return t;
  }
  if (spec.positions === 'learned') add('embed_positions.weight', [spec.maxPositions, h], 'positions');
  if (spec.tokenTypes > 0) add('token_type_embeddings.weight', [spec.tokenTypes, h], 'embedding');
  if (spec.embeddingNorm) norm('embeddings.norm');

  for (let l = 0; l < spec.layers; l++) {
    const p = `layers.${l}`;
    for (const a of attentionShapes(spec)) add(`${p}.${a.name}.weight`, a.shape, 'attention', l);
    if (spec.mla) {
      // The latent projections are followed by their own RMSNorms.
      if (spec.mla.qLoraRank > 0) add(`${p}.q_a_layernorm.weight`, [spec.mla.qLoraRank], 'norm', l);
      add(`${p}.kv_a_layernorm.weight`, [spec.mla.kvLoraRank], 'norm', l);
    }
    if (spec.bias.qkv) {
      add(`${p}.q_proj.bias`, [q], 'attention', l);
      add(`${p}.k_proj.bias`, [kv], 'attention', l);
      add(`${p}.v_proj.bias`, [kv], 'attention', l);
    }
    if (spec.bias.o) add(`${p}.o_proj.bias`, [h], 'attention', l);
    for (let n = 0; n < spec.normsPerLayer; n++) norm(`${p}.norm${n + 1}`, l);
    const moe = spec.moe;
    if (moe && isSparseLayer(spec, l)) {
      add(`${p}.router.weight`, [moe.experts, h], 'router', l);
      if (moe.routerBias) add(`${p}.router.e_score_correction_bias`, [moe.experts], 'router', l);
      for (let e = 0; e < moe.experts; e++) mlp(`${p}.experts.${e}`, moe.expertWidth, 'experts', l, moe.topK / moe.experts);
      if (moe.sharedWidth > 0) {
        mlp(`${p}.shared_expert`, moe.sharedWidth, 'mlp', l, 1);
        if (moe.sharedGate) add(`${p}.shared_expert_gate.weight`, [1, h], 'router', l);
      }
    } else {
      mlp(`${p}.mlp`, spec.mlpWidth, 'mlp', l, 1);
    }
  }
  // Pre-norm models end with a final norm; post-norm encoders (BERT) normalise inside each layer.
  if (!spec.embeddingNorm) norm('final_norm');

  switch (spec.head) {
    case 'lm':
      if (!spec.tiedEmbeddings) add('lm_head.weight', [spec.vocab, h], 'head');
      break;
    case 'mlm':
      add('mlm.transform.dense.weight', [h, h], 'head');
      add('mlm.transform.dense.bias', [h], 'head');
      add('mlm.transform.norm.weight', [h], 'head');
      add('mlm.transform.norm.bias', [h], 'head');
      if (!spec.tiedEmbeddings) add('mlm.decoder.weight', [spec.vocab, h], 'head');
      add('mlm.decoder.bias', [spec.vocab], 'head');
      break;
    case 'pooler':
      add('pooler.dense.weight', [h, h], 'pooler');
      add('pooler.dense.bias', [h], 'pooler');
      break;
    case 'none':
      break;
  }
  return t;
}

/**
 * T5-style encoder–decoder: shared embedding; encoder layers (self-attention, MLP, 2 norms);
 * decoder layers (self-attention, cross-attention, MLP, 3 norms); a relative position bias table in
 * the first layer of each stack; a final norm per stack; no biases.
 */
function encoderDecoderTensors(spec: ModelSpec, add: (name: string, shape: number[], component: Component, layer?: number, share?: number) => void): void {
  const ed = spec.encoderDecoder;
  if (!ed) return;
  const h = spec.hidden;
  const q = spec.heads * spec.headDim;
  const attention = (p: string, layer: number) => {
    for (const m of ['q', 'k', 'v']) add(`${p}.${m}.weight`, [q, h], 'attention', layer);
    add(`${p}.o.weight`, [h, q], 'attention', layer);
  };
  const mlp = (p: string, layer: number) => {
    if (spec.gatedMlp) add(`${p}.wi_0.weight`, [spec.mlpWidth, h], 'mlp', layer);
    add(`${p}.wi${spec.gatedMlp ? '_1' : ''}.weight`, [spec.mlpWidth, h], 'mlp', layer);
    add(`${p}.wo.weight`, [h, spec.mlpWidth], 'mlp', layer);
  };
  for (let l = 0; l < ed.encoderLayers; l++) {
    attention(`encoder.${l}.self_attn`, l);
    if (l === 0) add('encoder.relative_attention_bias.weight', [ed.relativeBuckets, spec.heads], 'positions', l);
    mlp(`encoder.${l}.mlp`, l);
    for (let n = 0; n < 2; n++) add(`encoder.${l}.norm${n + 1}.weight`, [h], 'norm', l);
  }
  add('encoder.final_norm.weight', [h], 'norm');
  for (let l = 0; l < spec.layers; l++) {
    const layer = ed.encoderLayers + l;
    attention(`decoder.${l}.self_attn`, layer);
    if (l === 0) add('decoder.relative_attention_bias.weight', [ed.relativeBuckets, spec.heads], 'positions', layer);
    attention(`decoder.${l}.cross_attn`, layer);
    mlp(`decoder.${l}.mlp`, layer);
    for (let n = 0; n < 3; n++) add(`decoder.${l}.norm${n + 1}.weight`, [h], 'norm', layer);
  }
  add('decoder.final_norm.weight', [h], 'norm');
  if (spec.head === 'lm' && !spec.tiedEmbeddings) add('lm_head.weight', [spec.vocab, h], 'head');
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export interface ParamCounts {
  readonly total: number;
  /** Parameters one token uses (MoE: top-k of the routed experts). */
  readonly active: number;
  readonly embedding: number;
  readonly nonEmbedding: number;
  readonly byComponent: Readonly<Record<Component, number>>;
  /** Parameters of layer 0 (and of a sparse layer, for MoE), for per-layer breakdowns. */
  readonly perLayer: number;
}

export function countParameters(spec: ModelSpec): ParamCounts {
  const tensors = parameterTensors(spec);
  const byComponent: Record<Component, number> = { embedding: 0, positions: 0, attention: 0, mlp: 0, experts: 0, router: 0, norm: 0, head: 0, pooler: 0 };
  let total = 0;
  let active = 0;
  let perLayer = 0;
  for (const x of tensors) {
    const n = size(x.shape);
    total += n;
    active += n * x.activeShare;
    byComponent[x.component] += n;
    if (x.layer === (spec.moe ? Math.max(spec.moe.firstDense, spec.moe.sparseStep - 1) : 0)) perLayer += n;
  }
  const embedding = byComponent.embedding + byComponent.positions;
  return { total, active: Math.round(active), embedding, nonEmbedding: total - embedding, byComponent, perLayer };
}
