// One range of a tensor's bytes into its accumulator, chunk by chunk, with progress and
// cancellation: raw reads double-buffered, block-quantized storage dequantized (or scanned) per
// batch. Apart from stream.ts (inflate, reports) so that the helper thread's bundle
// (tensorRangeWorker.ts) carries only what a raw range needs.
import type { TensorAccumulator } from '../accumulate';
import { BLOCK_SCANNERS } from '../blockScan';
import { ITEM_SIZE, LITTLE_ENDIAN_HOST, type Dtype } from '../dtypes';
import { TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { ggmlTypeByName } from './ggml';
import { stridedChunks } from './strided';

export const DEFAULT_CHUNK_BYTES = 2 << 20;
/** Read size for block-quantized tensors (see accumulateChunks). */
const QUANTIZED_CHUNK_BYTES = 1 << 20;
/** Values decoded (as float64) at a time from block-quantized storage: 2 MiB. */
const DECODE_BATCH = 1 << 18;

export interface RangeOptions {
  readonly chunkBytes?: number;
  /** Called with bytes processed so far in this range. */
  readonly onProgress?: (bytes: number) => void;
  /** Checked between chunks; true stops with a CancelledError. */
  readonly cancelled?: () => boolean;
}

/** Bytes [from, to) of an entry's data in chunks of about `chunk` bytes. */
export type ChunkSource = (chunk: number, from: number, to: number) => AsyncIterable<Uint8Array>;

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
export async function* rawChunks(src: ByteSource, offset: number, from: number, to: number, chunk: number, reuse?: readonly [Uint8Array, Uint8Array]): AsyncGenerator<Uint8Array> {
  if (to <= from) return;
  const size = Math.min(chunk, to - from);
  // `reuse`: two buffers of at least `chunk` bytes kept across ranges (fresh ones cost a page fault
  // per 4 KiB on first write, and a collection later).
  const buffers = reuse ? [reuse[0].subarray(0, size), reuse[1].subarray(0, size)] : [new Uint8Array(size), new Uint8Array(Math.min(size, Math.max(0, to - from - size)))];
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

/**
 * The items of `source`, with `work` done once its first item has been asked for: while the first
 * read is in flight (the generator issues it synchronously), the accumulator builds its tables.
 */
export async function* whileFirstRead<T>(source: AsyncIterable<T>, work: () => void): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const first = it.next();
  work();
  for (let r = await first; !r.done; r = await it.next()) yield r.value;
}

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

/** Whether accumulateRawRange reads an entry: stored raw (not deflated), contiguous or a strided view. */
export const rawReadable = (entry: TensorEntry): boolean => entry.location.kind === 'raw';

/** The dtype an entry's accumulator takes: block-quantized storage is dequantized to float64 first. */
export const accumulatorDtype = (entry: TensorEntry): Dtype => (entry.storage !== undefined && entry.storage.blockValues > 1 ? 'float64' : entry.dtype);

/**
 * Elements [start, end) of a raw entry into `acc` (what a helper thread is given; a strided view
 * only whole). Deflated entries need stream.ts's inflater.
 */
export function accumulateRawRange(src: ByteSource, entry: TensorEntry, acc: TensorAccumulator, start: number, end: number, options: RangeOptions = {}): Promise<void> {
  const loc = entry.location;
  if (loc.kind !== 'raw') throw new TensorFileError(`${entry.name ?? 'tensor'}: compressed data is not read by range`);
  const view = entry.view;
  return accumulateChunks((chunk, from, to) => (view ? stridedChunks(src, entry, chunk) : rawChunks(src, loc.offset, from, to, chunk)), entry, acc, start, end, options);
}

/** The longest a range runs without letting its thread's event loop take a turn. */
export const TURN_MS = 50;

/**
 * Turns of the event loop while a range streams. Reads of a blocking source are synchronous (the
 * CLI, the tensor worker's threads), so a loop of them never reaches the event loop: a cancel or a
 * progress message would wait for the tensor's end, and so would timers. atLeastEvery(ms) waits for
 * one macrotask turn when none has happened for `ms`; when reads are asynchronous the loop turns
 * by itself and this costs nothing.
 */
export function eventLoopTurns(): { atLeastEvery(ms: number): Promise<void> | undefined } {
  let turned = false;
  let since = Date.now();
  const mark = () => {
    turned = true;
  };
  setTimeout(mark, 0);
  return {
    atLeastEvery(ms) {
      if (turned) {
        turned = false;
        since = Date.now();
        setTimeout(mark, 0);
        return undefined;
      }
      if (Date.now() - since < ms) return undefined;
      return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
        turned = false;
        since = Date.now();
      });
    },
  };
}

/**
 * Streams elements [start, end) of an entry into `acc`, its bytes from `chunks`. Plain raw entries
 * can start anywhere; block-quantized ones at a block boundary; deflated and strided ones only at 0
 * (splitPoint never splits them).
 */
export async function accumulateChunks(chunks: ChunkSource, entry: TensorEntry, acc: TensorAccumulator, start: number, end: number, options: RangeOptions = {}): Promise<void> {
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
  // is optimised (~20–50 ms per thread for 64 Mi fp32 values). A scanner gets ready first (Q4_K:
  // its WebAssembly kernel is compiled, blockScan.ts).
  if (scanner) scanner.prime();
  acc.planSample?.(end - start);
  let values: Float64Array | undefined;
  let valueBytes: Uint8Array | undefined;
  let at = start;
  let carry = new Uint8Array(0);
  let done = 0;
  const from = (start / per) * size;
  const to = end === entry.count ? entry.byteLength : (end / per) * size;
  const turns = eventLoopTurns();
  for await (const bytes of whileFirstRead(chunks(chunk, from, to), () => acc.prepare?.(entry.littleEndian))) {
    await turns.atLeastEvery(TURN_MS);
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
