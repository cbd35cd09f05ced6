// Cross-check against a model.safetensors.index.json that sits beside the config: its
// metadata.total_size is the bytes of every stored tensor, so total_size / bytes(dtype) should be
// the parameter count (tied weights are stored once).
import type { Dtype } from './memory';
import { bytesPerParam } from './memory';
import { groupDigits } from '../format/number';

export interface CrossCheck {
  readonly indexTotalSize: number;
  readonly dtype: Dtype;
  readonly impliedParams: number;
  readonly counted: number;
  readonly agrees: boolean;
  readonly message: string;
}

/** torch_dtype names → our dtypes (only the ones checkpoints are stored in). */
export function dtypeOfTorch(name: string | undefined): Dtype | undefined {
  switch ((name ?? '').replace(/^torch\./, '')) {
    case 'float32':
      return 'fp32';
    case 'bfloat16':
      return 'bf16';
    case 'float16':
      return 'fp16';
    case 'float8_e4m3fn':
    case 'float8_e5m2':
      return 'fp8';
    default:
      return undefined;
  }
}

export function crossCheckIndex(indexJson: unknown, counted: number, torchDtype: string | undefined): CrossCheck | undefined {
  const total = (indexJson as { metadata?: { total_size?: unknown } } | null)?.metadata?.total_size;
  if (typeof total !== 'number' || !(total > 0)) return undefined;
  const dtype = dtypeOfTorch(torchDtype) ?? 'bf16';
  const implied = total / bytesPerParam(dtype);
  const agrees = implied === counted;
  const diff = implied - counted;
  const message = agrees
    ? `agrees with model.safetensors.index.json (${groupDigits(total)} bytes / ${bytesPerParam(dtype)} = ${groupDigits(counted)})`
    : `model.safetensors.index.json holds ${groupDigits(total)} bytes = ${groupDigits(implied)} ${dtype} params, ${groupDigits(Math.abs(diff))} ${diff > 0 ? 'more' : 'fewer'} than counted (extra buffers, a different head, or mixed dtypes)`;
  return { indexTotalSize: total, dtype, impliedParams: implied, counted, agrees, message };
}

/** A quantized checkpoint's index against the bytes its layout stores (total_size counts packed bytes, not parameters). */
export function crossCheckIndexBytes(indexJson: unknown, expectedBytes: number, how: string): Pick<CrossCheck, 'indexTotalSize' | 'agrees' | 'message'> | undefined {
  const total = (indexJson as { metadata?: { total_size?: unknown } } | null)?.metadata?.total_size;
  if (typeof total !== 'number' || !(total > 0)) return undefined;
  const agrees = total === expectedBytes;
  const diff = total - expectedBytes;
  const message = agrees
    ? `agrees with model.safetensors.index.json: ${total.toLocaleString('en-US')} bytes, the ${how}`
    : `model.safetensors.index.json holds ${total.toLocaleString('en-US')} bytes, ${Math.abs(diff).toLocaleString('en-US')} ${diff > 0 ? 'more' : 'fewer'} than the ${how} (${expectedBytes.toLocaleString('en-US')}): persisted buffers, extra layers (e.g. an MTP layer) or modules quantized differently`;
  return { indexTotalSize: total, agrees, message };
}

// ---------------------------------------------------------------------------------------------
// Tensor by tensor: the inventory (Hugging Face names) against a checkpoint's own list — a
// model.safetensors header (names, shapes) or an index's weight_map (names only).

export interface CheckpointTensor {
  readonly name: string;
  /** Absent when only the index's weight_map is known. */
  readonly shape?: readonly number[];
}

export interface TensorDifference {
  readonly name: string;
  readonly shape?: readonly number[];
  readonly ours?: readonly number[];
}

export interface CheckpointComparison {
  /** Inventory tensors found with the same name (and shape, when the checkpoint gives shapes). */
  readonly matched: number;
  /** Inventory tensors whose storage is tied to another one and that the checkpoint does not store. */
  readonly tiedNotStored: readonly TensorDifference[];
  /** Inventory tensors the checkpoint lacks (not tied). */
  readonly missing: readonly TensorDifference[];
  readonly shapeMismatch: readonly TensorDifference[];
  /** Checkpoint tensors that are buffers of the model (persisted, not parameters). */
  readonly buffers: readonly TensorDifference[];
  /** Quantisation side tensors (scales, zero points, packed weights …). */
  readonly quantization: readonly TensorDifference[];
  /** Per-expert tensors folded into transformers' fused experts (older checkpoints). */
  readonly foldedExperts: number;
  /** Checkpoint tensors the inventory does not know. */
  readonly unknown: readonly TensorDifference[];
  /** Every parameter accounted for: nothing missing, no shape differs, nothing unknown. */
  readonly agrees: boolean;
  readonly summary: string;
}

const QUANT_SIDE = /\.(scales?|qweight|qzeros|g_idx|weight_scale(_inv)?|input_scale|weight_zero_point|absmax|quant_map|quant_state\.[\w.]+|nested_absmax|nested_quant_map|SCB|weight_format|zeros|blocks)$/;

/** Older per-expert names → transformers v5's fused expert tensors (and Mixtral's block_sparse_moe → mlp). */
function fusedName(name: string, known: (n: string) => boolean): string | undefined {
  const candidates: string[] = [];
  const m = /^(.*)\.experts\.(\d+)\.(gate_proj|up_proj|w1|w3|down_proj|w2)\.weight$/.exec(name);
  if (m) {
    const part = m[3] === 'down_proj' || m[3] === 'w2' ? 'down_proj' : 'gate_up_proj';
    candidates.push(`${m[1]}.experts.${part}`, `${(m[1] as string).replace('.block_sparse_moe', '.mlp')}.experts.${part}`);
  }
  if (name.includes('.block_sparse_moe.')) candidates.push(name.replace('.block_sparse_moe.', '.mlp.'));
  return candidates.find(known);
}

export function compareCheckpoint(inventory: { readonly tensors: readonly { readonly name: string; readonly shape: readonly number[]; readonly tiedTo?: string }[]; readonly buffers: readonly { readonly name: string; readonly shape: readonly number[] }[] }, checkpoint: readonly CheckpointTensor[]): CheckpointComparison {
  const ours = new Map(inventory.tensors.map((t) => [t.name, t]));
  const bufferNames = new Set(inventory.buffers.map((b) => b.name));
  const seen = new Set<string>();
  const folded = new Map<string, number>();
  const shapeMismatch: TensorDifference[] = [];
  const buffers: TensorDifference[] = [];
  const quantization: TensorDifference[] = [];
  const unknown: TensorDifference[] = [];
  let foldedExperts = 0;
  let matched = 0;
  for (const t of checkpoint) {
    const o = ours.get(t.name);
    if (o) {
      seen.add(t.name);
      if (t.shape && JSON.stringify(t.shape) !== JSON.stringify(o.shape)) shapeMismatch.push({ name: t.name, shape: t.shape, ours: o.shape });
      else matched++;
      continue;
    }
    const fused = fusedName(t.name, (n) => ours.has(n));
    if (fused) {
      foldedExperts++;
      seen.add(fused);
      if (t.shape) folded.set(fused, (folded.get(fused) ?? 0) + t.shape.reduce((a, b) => a * b, 1));
      continue;
    }
    const entry = { name: t.name, ...(t.shape ? { shape: t.shape } : {}) };
    if (bufferNames.has(t.name) || /\.(inv_freq|position_ids|token_type_ids|embed_scale|masked_bias|attn\.bias|attention\.bias)$/.test(t.name)) buffers.push(entry);
    else if (QUANT_SIDE.test(t.name)) quantization.push(entry);
    else unknown.push(entry);
  }
  // Fused experts assembled from per-expert tensors: their element counts must add up.
  for (const [name, elements] of folded) {
    const o = ours.get(name);
    if (o && elements !== o.shape.reduce((a, b) => a * b, 1)) shapeMismatch.push({ name, ours: o.shape, shape: [elements] });
    else matched++;
  }
  const tiedNotStored: TensorDifference[] = [];
  const missing: TensorDifference[] = [];
  for (const t of inventory.tensors) {
    if (seen.has(t.name)) continue;
    if (t.tiedTo) tiedNotStored.push({ name: t.name, ours: t.shape });
    else missing.push({ name: t.name, ours: t.shape });
  }
  // Quantised checkpoints store packed weights under other names: their "missing" weights are expected.
  const quantised = quantization.length > 0;
  const agrees = shapeMismatch.length === 0 && unknown.length === 0 && (missing.length === 0 || quantised);
  const parts = [`${matched} of ${inventory.tensors.length - tiedNotStored.length} stored tensors match by name${checkpoint.some((t) => t.shape) ? ' and shape' : ''}`];
  if (foldedExperts) parts.push(`${foldedExperts} per-expert tensors folded into fused experts`);
  if (tiedNotStored.length) parts.push(`${tiedNotStored.length} tied (not stored: ${tiedNotStored.slice(0, 2).map((t) => t.name).join(', ')})`);
  if (missing.length) parts.push(`${missing.length} missing from the checkpoint (${missing.slice(0, 3).map((t) => t.name).join(', ')}${missing.length > 3 ? ', …' : ''})`);
  if (shapeMismatch.length) parts.push(`${shapeMismatch.length} with another shape (${shapeMismatch.slice(0, 2).map((t) => `${t.name}: ${JSON.stringify(t.shape)} stored, ${JSON.stringify(t.ours)} expected`).join('; ')})`);
  if (buffers.length) parts.push(`${buffers.length} persisted buffers (${buffers.slice(0, 2).map((t) => t.name).join(', ')})`);
  if (quantization.length) parts.push(`${quantization.length} quantisation side tensors`);
  if (unknown.length) parts.push(`${unknown.length} not in the model transformers builds (${unknown.slice(0, 3).map((t) => t.name).join(', ')}${unknown.length > 3 ? ', …' : ''})`);
  return { matched, tiedNotStored, missing, shapeMismatch, buffers, quantization, foldedExperts, unknown, agrees, summary: parts.join('; ') };
}

/** The tensor list of a model.safetensors.index.json (names only). */
export function indexTensors(indexJson: unknown): CheckpointTensor[] | undefined {
  const map = (indexJson as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return undefined;
  return Object.keys(map).map((name) => ({ name }));
}
