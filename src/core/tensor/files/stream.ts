// Streams one tensor's bytes through the decoder into the statistics, chunk by chunk (raw or
// inflated), with progress and cancellation; memory stays at a few chunks whatever the file size.
import { Inflate } from 'fflate';
import { decode, ITEM_SIZE } from '../dtypes';
import { buildReport, looksLikeEmbedding, looksLikeLogits, type TensorReport, type Thresholds } from '../report';
import { StatisticsAccumulator } from '../statistics';
import { TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { ggmlTypeByName } from './ggml';
import { stridedChunks } from './strided';

export const DEFAULT_CHUNK_BYTES = 4 << 20;
/** Values decoded (as float64) at a time: 2 MiB. */
const DECODE_BATCH = 1 << 18;

export interface StreamOptions {
  readonly chunkBytes?: number;
  /** Called with bytes processed so far for this tensor. */
  readonly onProgress?: (bytes: number) => void;
  /** Checked between chunks; true stops with a CancelledError. */
  readonly cancelled?: () => boolean;
  readonly thresholds?: Partial<Thresholds>;
  /** Name for the heuristics of an unnamed tensor (the .npy file's name). */
  readonly nameHint?: string;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** The tensor's data bytes, in order, in chunks of about `chunk` bytes. */
async function* dataChunks(src: ByteSource, entry: TensorEntry, chunk: number): AsyncGenerator<Uint8Array> {
  const loc = entry.location;
  if (entry.view) {
    yield* stridedChunks(src, entry, chunk);
    return;
  }
  if (loc.kind === 'raw') {
    // One buffer for every chunk: the consumer is done with a chunk before it asks for the next.
    const scratch = new Uint8Array(Math.min(chunk, entry.byteLength));
    for (let at = 0; at < entry.byteLength; at += chunk) yield await src.read(loc.offset + at, Math.min(chunk, entry.byteLength - at), scratch);
    return;
  }
  let skip = loc.skip;
  let remaining = entry.byteLength;
  const ready: Uint8Array[] = [];
  const inflater = new Inflate((out) => {
    let part = out;
    if (skip > 0) {
      const s = Math.min(skip, part.length);
      part = part.subarray(s);
      skip -= s;
    }
    if (part.length > remaining) part = part.subarray(0, remaining);
    remaining -= part.length;
    if (part.length) ready.push(part);
  });
  for (let at = 0; at < loc.compressedSize && remaining > 0; at += chunk) {
    const len = Math.min(chunk, loc.compressedSize - at);
    inflater.push(await src.read(loc.offset + at, len), at + len >= loc.compressedSize);
    while (ready.length) yield ready.shift() as Uint8Array;
  }
  while (ready.length) yield ready.shift() as Uint8Array;
}

/**
 * How to turn the entry's bytes into values: `size` bytes at a time into `per` values. Plain dtypes
 * are one element per unit; GGUF block types one block (their dequantizer from ggml.ts).
 */
function unitDecoder(entry: TensorEntry): { size: number; per: number; decode: (bytes: Uint8Array, units: number, out: Float64Array) => void } {
  const s = entry.storage;
  if (s && s.blockValues > 1) {
    const decodeBlocks = ggmlTypeByName(s.name)?.decode;
    if (!decodeBlocks) throw new TensorFileError(`statistics of ${s.name} tensors are not supported yet (${entry.name ?? 'tensor'}); its size and bits per weight are exact`);
    return { size: s.blockBytes, per: s.blockValues, decode: decodeBlocks };
  }
  return { size: ITEM_SIZE[entry.dtype], per: 1, decode: (bytes, units, out) => decode(entry.dtype, bytes, units, entry.littleEndian, out) };
}

/** Whether analyzeEntry can compute this entry's statistics (every GGUF type has a size, not every one a dequantizer). */
export const canAnalyze = (entry: TensorEntry): boolean => !entry.storage || entry.storage.blockValues === 1 || ggmlTypeByName(entry.storage.name)?.decode !== undefined;

/** Computes the report of one tensor entry without holding it in memory. */
export async function analyzeEntry(src: ByteSource, entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
  const unit = unitDecoder(entry);
  const size = unit.size;
  const chunk = Math.max(size, Math.floor((options.chunkBytes ?? DEFAULT_CHUNK_BYTES) / size) * size);
  const t = options.thresholds;
  // Row softmax costs an exp per value: only for tensors that look like logits; the row sample
  // (anisotropy) only for embeddings and unnamed tensors.
  const name = entry.name ?? options.nameHint ?? null;
  const acc = new StatisticsAccumulator(entry.shape, {
    ...(t?.softmaxSaturation ? { softmaxSaturation: t.softmaxSaturation } : {}),
    ...(t?.softmaxUniform ? { softmaxUniform: t.softmaxUniform } : {}),
    softmax: looksLikeLogits(name),
    sampleRows: name === null || looksLikeEmbedding(name),
  });
  // Decoded in batches: a float64 per value would otherwise take 2–8× the chunk's bytes.
  const batchUnits = Math.max(1, Math.min(Math.floor(DECODE_BATCH / unit.per), Math.ceil(chunk / size) + 1));
  const values = new Float64Array(batchUnits * unit.per);
  let carry = new Uint8Array(0);
  let done = 0;
  for await (const bytes of dataChunks(src, entry, chunk)) {
    if (options.cancelled?.()) throw new CancelledError();
    let data = bytes;
    if (carry.length) {
      data = new Uint8Array(carry.length + bytes.length);
      data.set(carry);
      data.set(bytes, carry.length);
    }
    const whole = Math.floor(data.length / size);
    for (let first = 0; first < whole; first += batchUnits) {
      const k = Math.min(batchUnits, whole - first);
      unit.decode(data.subarray(first * size, (first + k) * size), k, values);
      acc.push(values, k * unit.per);
    }
    carry = data.slice(whole * size);
    done += bytes.length;
    options.onProgress?.(done);
  }
  const report = buildReport({ name: entry.name, dtype: entry.dtype, shape: entry.shape, stats: acc.finish(), order: entry.order, ...(t ? { thresholds: t } : {}), ...(options.nameHint ? { nameHint: options.nameHint } : {}) });
  return entry.storage ? { ...report, storage: entry.storage.name } : report;
}
