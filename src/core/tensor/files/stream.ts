// Streams one tensor's bytes into its statistics accumulator, chunk by chunk (raw or inflated),
// with progress and cancellation; memory stays at a few chunks whatever the file size. The next
// chunk is read while the current one is counted, and a big raw tensor can be split in two ranges
// of whole rows, the second analysed by a helper (another thread) and merged.
import { Inflate } from 'fflate';
import { accumulatorFor, type AccumulatorState, type TensorAccumulator } from '../accumulate';
import { ITEM_SIZE, LITTLE_ENDIAN_HOST } from '../dtypes';
import { buildReport, looksLikeEmbedding, looksLikeLogits, type TensorReport, type Thresholds } from '../report';
import type { AccumulatorOptions } from '../statistics';
import { TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { BLOCK_SCANNERS } from '../blockScan';
import { ggmlTypeByName } from './ggml';
import { stridedChunks } from './strided';

export const DEFAULT_CHUNK_BYTES = 2 << 20;
/** Read size for block-quantized tensors (see accumulateRange). */
const QUANTIZED_CHUNK_BYTES = 1 << 20;
/** Tensors at least this big are split between this thread and a helper (when one is given). */
export const DEFAULT_SPLIT_BYTES = 32 << 20;

/**
 * Analyses elements [start, end) of `entry` elsewhere (another thread) and resolves with the
 * accumulator state of that range; `onProgress` gets the bytes done in the range.
 */
export type RangeHelper = (entry: TensorEntry, start: number, end: number, onProgress: (bytes: number) => void) => { readonly state: Promise<AccumulatorState>; cancel(): void };

export interface StreamOptions {
  readonly chunkBytes?: number;
  /** Called with bytes processed so far for this tensor. */
  readonly onProgress?: (bytes: number) => void;
  /** Checked between chunks; true stops with a CancelledError. */
  readonly cancelled?: () => boolean;
  readonly thresholds?: Partial<Thresholds>;
  /** Name for the heuristics of an unnamed tensor (the .npy file's name). */
  readonly nameHint?: string;
  /** Runs the second half of a big raw tensor on another thread. */
  readonly helper?: RangeHelper;
  /** Split tensors of at least this many bytes when a helper is given. */
  readonly splitBytes?: number;
  /**
   * This thread's head start when splitting: it takes about this many bytes more than the helper
   * (a freshly started helper thread begins tens of ms later). Default 0: halves.
   */
  readonly helperLeadBytes?: number;
  /** Below the split size, neighbouring tensors of at least this many bytes run on both threads (analyzeAll). */
  readonly pairBytes?: number;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Bytes [from, to) of a raw tensor in chunks, double-buffered: the read of the next chunk is in
 * flight while the consumer works on the current one (the consumer is done with a chunk before it
 * asks for the next, so two buffers suffice).
 */
async function* rawChunks(src: ByteSource, offset: number, from: number, to: number, chunk: number): AsyncGenerator<Uint8Array> {
  if (to <= from) return;
  const size = Math.min(chunk, to - from);
  const buffers = [new Uint8Array(size), new Uint8Array(Math.min(size, Math.max(0, to - from - size)))];
  let k = 0;
  let pending: Promise<Uint8Array> | undefined = src.read(offset + from, Math.min(chunk, to - from), buffers[0]);
  for (let at = from; at < to; at += chunk) {
    const current: Uint8Array = await (pending as Promise<Uint8Array>);
    const next = at + chunk;
    k ^= 1;
    pending = next < to ? src.read(offset + next, Math.min(chunk, to - next), buffers[k]) : undefined;
    yield current;
  }
}

/** The tensor's data bytes [from, to), in order, in chunks of about `chunk` bytes. */
async function* dataChunks(src: ByteSource, entry: TensorEntry, chunk: number, from = 0, to = entry.byteLength): AsyncGenerator<Uint8Array> {
  const loc = entry.location;
  if (entry.view) {
    yield* stridedChunks(src, entry, chunk);
    return;
  }
  if (loc.kind === 'raw') {
    yield* rawChunks(src, loc.offset, from, to, chunk);
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

/** Values decoded (as float64) at a time from block-quantized storage: 2 MiB. */
const DECODE_BATCH = 1 << 18;

/** The dequantizer of a block-quantized entry (GGUF Q4_K, …), undefined for plain dtypes. */
function blockDecoder(entry: TensorEntry): { size: number; per: number; decode: (bytes: Uint8Array, units: number, out: Float64Array) => void } | undefined {
  const s = entry.storage;
  if (!s || s.blockValues <= 1) return undefined;
  const decodeBlocks = ggmlTypeByName(s.name)?.decode;
  if (!decodeBlocks) throw new TensorFileError(`statistics of ${s.name} tensors are not supported yet (${entry.name ?? 'tensor'}); its size and bits per weight are exact`);
  return { size: s.blockBytes, per: s.blockValues, decode: decodeBlocks };
}

/** Whether analyzeEntry can compute this entry's statistics (every GGUF type has a size, not every one a dequantizer). */
export const canAnalyze = (entry: TensorEntry): boolean => !entry.storage || entry.storage.blockValues === 1 || ggmlTypeByName(entry.storage.name)?.decode !== undefined;

/**
 * The accumulator of an entry (or of its range from `start`): block-quantized storage is
 * dequantized to float64 first, so its accumulator takes float64 bytes; plain dtypes take their
 * own bytes (a bit-pattern table for ≤ 16-bit dtypes).
 */
export function entryAccumulator(entry: TensorEntry, options: Pick<StreamOptions, 'thresholds' | 'nameHint'>, start = 0): TensorAccumulator {
  const quantized = entry.storage !== undefined && entry.storage.blockValues > 1;
  return accumulatorFor(quantized ? 'float64' : entry.dtype, entry.shape, accumulatorOptions(entry, options, start));
}

/** The accumulator options for an entry: row softmax only for logits, row samples for embeddings. */
export function accumulatorOptions(entry: TensorEntry, options: Pick<StreamOptions, 'thresholds' | 'nameHint'>, start = 0): AccumulatorOptions {
  const t = options.thresholds;
  // Row softmax costs an exp per value: only for tensors that look like logits; the row sample
  // (anisotropy) only for embeddings and unnamed tensors.
  const name = entry.name ?? options.nameHint ?? null;
  return {
    ...(t?.softmaxSaturation ? { softmaxSaturation: t.softmaxSaturation } : {}),
    ...(t?.softmaxUniform ? { softmaxUniform: t.softmaxUniform } : {}),
    softmax: looksLikeLogits(name),
    sampleRows: name === null || looksLikeEmbedding(name),
    start,
  };
}

/**
 * Streams elements [start, end) of an entry into `acc` (from entryAccumulator). Plain raw entries
 * can start anywhere; block-quantized ones at a block boundary; deflated and strided ones only at 0
 * (splitPoint never splits them).
 */
export async function accumulateRange(src: ByteSource, entry: TensorEntry, acc: TensorAccumulator, start: number, end: number, options: Pick<StreamOptions, 'chunkBytes' | 'cancelled' | 'onProgress'> = {}): Promise<void> {
  const blocks = blockDecoder(entry);
  const size = blocks ? blocks.size : ITEM_SIZE[entry.dtype];
  const per = blocks ? blocks.per : 1;
  if (start % per !== 0 || (end % per !== 0 && end !== entry.count)) throw new TensorFileError(`${entry.name ?? 'tensor'}: range ${start}–${end} is not whole ${entry.storage?.name ?? ''} blocks`);
  // Block-quantized bytes hold ~2 values each (Q4_K): 1 MiB reads keep batches big and the two
  // read buffers small (peak memory against the file's size is what the bench bounds).
  const scanner = blocks && entry.storage ? BLOCK_SCANNERS[entry.storage.name] : undefined;
  // A scanned type sums four whole rows at a time: reads and batches of whole groups of four rows
  // (a range starts at a row boundary, splitPoint) keep every batch on that path.
  const rowBlocks = scanner && entry.shape.length === 2 ? (entry.shape[1] as number) / per : 0;
  const group = rowBlocks > 0 && Number.isInteger(rowBlocks) && start % (4 * rowBlocks * per) === 0 ? 4 * rowBlocks : 1;
  const target = options.chunkBytes ?? (blocks ? QUANTIZED_CHUNK_BYTES : DEFAULT_CHUNK_BYTES);
  const unit = target >= group * size ? group * size : size;
  const chunk = Math.max(size, Math.floor(target / unit) * unit);
  // Block-quantized data is dequantized in batches (a float64 per value would otherwise take
  // several times the chunk's bytes), then counted as float64.
  const byGroups = Math.floor(DECODE_BATCH / per / group) * group;
  const batchUnits = blocks ? Math.max(1, Math.min(byGroups > 0 ? byGroups : Math.floor(DECODE_BATCH / per), Math.ceil(chunk / size) + 1)) : 0;
  // Types with a scanner (Q4_K) are counted from their codes, a batch at a time (blockScan.ts);
  // the float64 batch is only allocated for blocks that must be dequantized after all.
  // The sample's positions are drawn up front (the range's length is known): a chunk reads only
  // the values at them (scanned values are read one at a time anyway), where Algorithm L replaced
  // k·ln(n/k) values with three random draws each, most of them in the first chunk before the code
  // is optimised (~20–50 ms per thread for 64 Mi fp32 values). A scanner is primed first: its scan
  // is compiled on another thread while the plan is drawn (blockScan.ts).
  if (scanner) scanner.prime();
  acc.planSample?.(end - start);
  let values: Float64Array | undefined;
  let valueBytes: Uint8Array | undefined;
  let at = start;
  let carry = new Uint8Array(0);
  let done = 0;
  const from = (start / per) * size;
  const to = end === entry.count ? entry.byteLength : (end / per) * size;
  for await (const bytes of dataChunks(src, entry, chunk, from, to)) {
    if (options.cancelled?.()) throw new CancelledError();
    let data = bytes;
    if (carry.length) {
      data = new Uint8Array(carry.length + bytes.length);
      data.set(carry);
      data.set(bytes, carry.length);
    }
    const whole = Math.floor(data.length / size);
    if (blocks) {
      // A scanned batch is the whole chunk (no float64 batch to bound); dequantized ones are
      // decoded batchUnits blocks at a time.
      const step = scanner ? Math.max(batchUnits, whole) : batchUnits;
      for (let first = 0; first < whole; first += step) {
        const k = Math.min(step, whole - first);
        const part = data.subarray(first * size, (first + k) * size);
        // The last block of a tensor may hold fewer values than a whole block (count is exact).
        const n = Math.min(k * per, end - at);
        at += n;
        if (scanner && n === k * per && scanner.scannable(part, k) && acc.pushScanned?.(n, (scan, s) => scanner.scan(scan, part, k, s), (i) => scanner.valueAt(part, i))) continue;
        values ??= new Float64Array(batchUnits * per);
        valueBytes ??= new Uint8Array(values.buffer);
        for (let f = 0; f < k; f += batchUnits) {
          const u = Math.min(batchUnits, k - f);
          blocks.decode(part.subarray(f * size, (f + u) * size), u, values);
          acc.pushBytes(valueBytes, u * per, LITTLE_ENDIAN_HOST);
        }
      }
    } else acc.pushBytes(data, whole, entry.littleEndian);
    carry = data.slice(whole * size);
    done += bytes.length;
    options.onProgress?.(done);
  }
}

/** Where a tensor splits in two ranges of whole rows (0: not split). */
export function splitPoint(entry: TensorEntry, options: Pick<StreamOptions, 'helper' | 'splitBytes' | 'helperLeadBytes'>): number {
  // Strided views are gathered whole: not split. Block-quantized (GGUF) rows are whole blocks, so a
  // split at a row boundary is a block boundary: the helper dequantizes its half.
  if (!options.helper || entry.location.kind !== 'raw' || entry.view || entry.byteLength < (options.splitBytes ?? DEFAULT_SPLIT_BYTES)) return 0;
  const row = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : 1;
  const rows = row > 0 ? entry.count / row : 0;
  if (rows < 2 || (entry.storage && entry.storage.blockValues > 1 && row % entry.storage.blockValues !== 0)) return 0;
  const lead = Math.round((options.helperLeadBytes ?? 0) / (entry.byteLength / rows));
  const mine = Math.floor((rows + lead) / 2);
  return mine < rows ? mine * row : 0;
}

/** The report of an entry whose whole range was accumulated elsewhere (a helper thread). */
export function reportFromState(entry: TensorEntry, state: AccumulatorState, options: Pick<StreamOptions, 'thresholds' | 'nameHint'> = {}): TensorReport {
  const t = options.thresholds;
  const acc = entryAccumulator(entry, options);
  acc.absorb(state);
  const report = buildReport({ name: entry.name, dtype: entry.dtype, shape: entry.shape, stats: acc.finish(), order: entry.order, ...(t ? { thresholds: t } : {}), ...(options.nameHint ? { nameHint: options.nameHint } : {}) });
  return entry.storage ? { ...report, storage: entry.storage.name } : report;
}

/** Computes the report of one tensor entry without holding it in memory. */
export async function analyzeEntry(src: ByteSource, entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
  const t = options.thresholds;
  const acc = entryAccumulator(entry, options);
  const mid = splitPoint(entry, options);
  if (mid > 0 && options.helper) {
    // This thread takes [0, mid), the helper [mid, count); reading overlaps counting on both.
    let mine = 0;
    let theirs = 0;
    const report = () => options.onProgress?.(mine + theirs);
    const other = options.helper(entry, mid, entry.count, (b) => {
      theirs = b;
      report();
    });
    // A failure on this side must not leave the helper's rejection unhandled.
    other.state.catch(() => undefined);
    try {
      await accumulateRange(src, entry, acc, 0, mid, {
        ...options,
        onProgress: (b) => {
          mine = b;
          report();
        },
      });
    } catch (err) {
      other.cancel();
      throw err;
    }
    acc.absorb(await other.state);
  } else {
    await accumulateRange(src, entry, acc, 0, entry.count, options);
  }
  const report = buildReport({ name: entry.name, dtype: entry.dtype, shape: entry.shape, stats: acc.finish(), order: entry.order, ...(t ? { thresholds: t } : {}), ...(options.nameHint ? { nameHint: options.nameHint } : {}) });
  return entry.storage ? { ...report, storage: entry.storage.name } : report;
}
