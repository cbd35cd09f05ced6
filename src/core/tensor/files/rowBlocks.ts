// A big tensor shared between two threads by blocks of whole rows (decisions 0024, 0026): the
// tensor is cut into blocks fixed by its shape alone, and each thread claims the next unclaimed
// block from a shared counter until none are left, so a thread that starts late or runs slowly
// simply takes fewer blocks. What each block adds is the same whoever computes it: counts are
// integers, a row lies in one block, and each block's column sums (and, for decoded values, its
// moments) are a partial of their own, summed in block order at the end (rowStatistics.ts,
// statistics.ts). The report never depends on timing. Shared this way: ≤ 16-bit dtypes (counted by
// bit patterns) and block-quantized GGUF tensors (scanned or dequantized, a sample drawn up front).
import type { TensorAccumulator } from '../accumulate';
import { countsPatterns } from '../accumulate';
import { ITEM_SIZE } from '../dtypes';
import type { ByteSource, TensorEntry } from './byteSource';
import { accumulateChunks, canAnalyze, CancelledError, DEFAULT_CHUNK_BYTES, eventLoopTurns, rawChunks, TURN_MS, whileFirstRead, type RangeOptions } from './rangeStream';

/**
 * Block sizes in bytes of data: a quarter of what is left, between these bounds. Big blocks while
 * much is left (few column partials to keep and merge), small ones at the end, so that the thread
 * finishing first waits at most a small block's time for the other.
 */
const MAX_BLOCK_BYTES = 32 << 20;
const MIN_BLOCK_BYTES = 2 << 20;
/** All blocks' column partials together stay below this (each takes 16 bytes per column). */
const PARTIAL_BYTES = 4 << 20;

/** Block k holds elements [starts[k], starts[k + 1]) (the last entry is the tensor's count). */
export type BlockPlan = readonly number[];

/** Whether an entry is block-quantized (GGUF Q4_K, …): its rows are whole blocks of several values. */
const quantized = (entry: TensorEntry): boolean => entry.storage !== undefined && entry.storage.blockValues > 1;

/**
 * Whether blocks can share `entry` between threads: raw contiguous data (no inflate, no strided
 * view), either counted by bit patterns or block-quantized with rows of whole blocks, and an
 * accumulator whose blocks are order-free.
 */
export function blockShareable(entry: TensorEntry, acc: TensorAccumulator): boolean {
  if (entry.location.kind !== 'raw' || entry.view || acc.blocks === undefined) return false;
  if (!quantized(entry)) return countsPatterns(entry.dtype, entry.count);
  const row = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : entry.count;
  return canAnalyze(entry) && row % (entry.storage?.blockValues ?? 1) === 0;
}

/**
 * Bytes a value counts for when sizing blocks: a thread's pace is set by the values it counts, so a
 * block-quantized value (~0.56 bytes in Q4_K, decoded to float32) counts as a bf16 one, whose pace
 * it is close to (decision 0026).
 */
const paceBytes = (entry: TensorEntry): number => (quantized(entry) ? 2 : ITEM_SIZE[entry.dtype]);

/**
 * The blocks of an entry: whole groups of four rows (the kernels' unit), each a quarter of what is
 * left (within MIN/MAX_BLOCK_BYTES); equal blocks instead when that many column partials would
 * take more than PARTIAL_BYTES (none below 8 blocks: the caller then splits in two ranges). Depends on the shape, dtype and `partialBytes` only, never on
 * timing. Fewer than two blocks: not worth sharing (returns []).
 */
export function planBlocks(entry: TensorEntry, partialBytes: number, maxBlockBytes = MAX_BLOCK_BYTES, minBlockBytes = MIN_BLOCK_BYTES): BlockPlan {
  const row = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : 1;
  if (row <= 0 || entry.count === 0) return [];
  const rows = entry.count / row;
  const rowBytes = row * paceBytes(entry);
  const fours = (n: number) => Math.max(4, Math.ceil(n / 4) * 4);
  const most = Math.max(4, Math.floor(maxBlockBytes / rowBytes / 4) * 4);
  const least = Math.min(most, fours(minBlockBytes / rowBytes));
  const maxBlocks = partialBytes > 0 ? Math.floor(PARTIAL_BYTES / partialBytes) : Infinity;
  let starts: number[] = [];
  for (let r = 0; r < rows; r += Math.min(most, Math.max(least, fours((rows - r) / 4)))) starts.push(r);
  if (starts.length > maxBlocks) {
    // Rows so wide that a few partials fill the budget: the fixed split shares these better.
    if (maxBlocks < 8) return [];
    const per = fours(rows / maxBlocks);
    starts = [];
    for (let r = 0; r < rows; r += per) starts.push(r);
  }
  if (starts.length < 2) return [];
  return [...starts.map((r) => r * row), entry.count];
}

/**
 * The shared state of one shared tensor: [next block to claim, whether the helper joined (1) or
 * was shut out (2)]. A SharedArrayBuffer, posted to the helper thread.
 */
export const sharedCounter = (): SharedArrayBuffer => new SharedArrayBuffer(8);

/**
 * Claims the next block of `shared` (Atomics). A `joining` thread (the helper) first records that
 * it joined, unless the owner already finished every block and shut it out (then it claims none).
 */
export function blockClaimer(shared: SharedArrayBuffer, joining: boolean): () => number {
  const s = new Int32Array(shared);
  let joined = !joining;
  return () => {
    if (!joined) {
      if (Atomics.compareExchange(s, 1, 0, 1) === 2) return Infinity;
      joined = true;
    }
    return Atomics.add(s, 0, 1);
  };
}

/**
 * Called by the owner once no block is left: whether the helper joined (then its state must be
 * merged); if it had not, it never will (a helper still starting is not waited for).
 */
export const helperJoined = (shared: SharedArrayBuffer): boolean => Atomics.compareExchange(new Int32Array(shared), 1, 0, 2) !== 0;

/**
 * The bytes of the blocks this thread claims, double-buffered across blocks: the next block is
 * claimed when the last read of the current one is issued, so a read is always in flight.
 */
async function* claimedChunks(src: ByteSource, entry: TensorEntry, plan: BlockPlan, claim: () => number, chunk: number): AsyncGenerator<{ block: number; at: number; bytes: Uint8Array }> {
  const loc = entry.location;
  if (loc.kind !== 'raw') return;
  const size = ITEM_SIZE[entry.dtype];
  const blocks = plan.length - 1;
  const buffers = [new Uint8Array(chunk), new Uint8Array(chunk)];
  let k = 0;
  let block = claim();
  let pos = block < blocks ? (plan[block] as number) * size : 0;
  let end = block < blocks ? (plan[block + 1] as number) * size : 0;
  const issue = () => {
    if (block >= blocks) return undefined;
    const length = Math.min(chunk, end - pos);
    const read = { block, at: pos / size, bytes: src.read(loc.offset + pos, length, buffers[k]) };
    k ^= 1;
    pos += length;
    if (pos >= end) {
      block = claim();
      if (block < blocks) {
        pos = (plan[block] as number) * size;
        end = (plan[block + 1] as number) * size;
      }
    }
    return read;
  };
  let pending = issue();
  while (pending) {
    const bytes = await pending.bytes;
    const current = pending;
    pending = issue();
    yield { block: current.block, at: current.at, bytes };
  }
}

/**
 * Claims blocks of `plan` until none are left and pushes each into `acc` (a TensorAccumulator
 * with `blocks`). Reads are whole groups of four rows when a row is short enough.
 */
export async function accumulateBlocks(src: ByteSource, entry: TensorEntry, acc: TensorAccumulator, plan: BlockPlan, claim: () => number, options: RangeOptions = {}): Promise<void> {
  const blocks = acc.blocks;
  if (!blocks) throw new Error('accumulateBlocks: the accumulator cannot take blocks out of order');
  if (quantized(entry)) return accumulateQuantizedBlocks(src, entry, acc, plan, claim, options);
  const size = ITEM_SIZE[entry.dtype];
  const row = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : 1;
  const target = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const unit = 4 * row * size <= target ? 4 * row * size : size;
  const chunk = Math.max(size, Math.floor(target / unit) * unit);
  let current = -1;
  let done = 0;
  const turns = eventLoopTurns();
  for await (const { block, at, bytes } of whileFirstRead(claimedChunks(src, entry, plan, claim, chunk), () => acc.prepare?.(entry.littleEndian))) {
    await turns.atLeastEvery(TURN_MS);
    if (options.cancelled?.()) throw new CancelledError();
    if (block !== current) {
      blocks.begin(block, at);
      current = block;
    }
    acc.pushBytes(bytes, bytes.length / size, entry.littleEndian);
    done += bytes.length;
    options.onProgress?.(done);
  }
}

/**
 * accumulateBlocks for block-quantized data: each claimed block streams as a range of its own
 * (accumulateChunks: scanned from its codes or dequantized), the sample's positions drawn once over
 * the whole tensor (StatisticsAccumulator.planSample in block mode). A block's first read is not
 * overlapped with the previous block's count: on the streaming threads these reads are synchronous.
 */
async function accumulateQuantizedBlocks(src: ByteSource, entry: TensorEntry, acc: TensorAccumulator, plan: BlockPlan, claim: () => number, options: RangeOptions): Promise<void> {
  const loc = entry.location;
  const blocks = acc.blocks;
  const storage = entry.storage;
  if (loc.kind !== 'raw' || !blocks || !storage) return;
  const bytesAt = (i: number) => (i === entry.count ? entry.byteLength : (i / storage.blockValues) * storage.blockBytes);
  let done = 0;
  let buffers: [Uint8Array, Uint8Array] | undefined;
  const chunks = (chunk: number, from: number, to: number) => {
    if (!buffers || buffers[0].length < chunk) buffers = [new Uint8Array(chunk), new Uint8Array(chunk)];
    return rawChunks(src, loc.offset, from, to, chunk, buffers);
  };
  for (let k = claim(); k < plan.length - 1; k = claim()) {
    const start = plan[k] as number;
    const end = plan[k + 1] as number;
    blocks.begin(k, start);
    await accumulateChunks(chunks, entry, acc, start, end, { ...options, onProgress: (b) => options.onProgress?.(done + b) });
    done += bytesAt(end) - bytesAt(start);
  }
}
