// Streams one tensor's bytes through the decoder into the statistics, chunk by chunk (raw or
// inflated), with progress and cancellation; memory stays at a few chunks whatever the file size.
import { Inflate } from 'fflate';
import { decode, ITEM_SIZE } from '../dtypes';
import { buildReport, looksLikeEmbedding, looksLikeLogits, type TensorReport, type Thresholds } from '../report';
import { StatisticsAccumulator } from '../statistics';
import type { ByteSource, TensorEntry } from './byteSource';

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

/** Computes the report of one tensor entry without holding it in memory. */
export async function analyzeEntry(src: ByteSource, entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
  const size = ITEM_SIZE[entry.dtype];
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
  const values = new Float64Array(Math.min(DECODE_BATCH, Math.ceil(chunk / size) + 1));
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
    for (let first = 0; first < whole; first += values.length) {
      const k = Math.min(values.length, whole - first);
      decode(entry.dtype, data.subarray(first * size, (first + k) * size), k, entry.littleEndian, values);
      acc.push(values, k);
    }
    carry = data.slice(whole * size);
    done += bytes.length;
    options.onProgress?.(done);
  }
  return buildReport({ name: entry.name, dtype: entry.dtype, shape: entry.shape, stats: acc.finish(), order: entry.order, ...(t ? { thresholds: t } : {}), ...(options.nameHint ? { nameHint: options.nameHint } : {}) });
}
