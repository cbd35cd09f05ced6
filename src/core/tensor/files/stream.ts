// Streams one tensor's bytes into its statistics accumulator, chunk by chunk (raw or inflated),
// with progress and cancellation; memory stays at a few chunks whatever the file size. The next
// chunk is read while the current one is counted, and a big raw tensor is shared with a helper
// (another thread): by blocks of rows both claim (bit-pattern counts, rowBlocks.ts), else in two
// ranges of whole rows, the second analysed by the helper; its state is merged.
import { Inflate } from 'fflate';
import { accumulatorFor, type AccumulatorState, type TensorAccumulator } from '../accumulate';
import { buildReport, looksLikeEmbedding, looksLikeLogits, type TensorReport, type Thresholds } from '../report';
import type { AccumulatorOptions } from '../statistics';
import type { ByteSource, TensorEntry } from './byteSource';
import { accumulateChunks, accumulatorDtype, rawChunks, type RangeOptions } from './rangeStream';
import { accumulateBlocks, blockClaimer, blockShareable, helperJoined, planBlocks, sharedCounter, type BlockPlan } from './rowBlocks';
import { stridedChunks } from './strided';

export { CancelledError, canAnalyze, DEFAULT_CHUNK_BYTES } from './rangeStream';

/** Tensors at least this big are split between this thread and a helper (when one is given). */
export const DEFAULT_SPLIT_BYTES = 32 << 20;

/**
 * Analyses elements [start, end) of `entry` elsewhere (another thread) and resolves with the
 * accumulator state of that range; `onProgress` gets the bytes done in the range.
 */
export type RangeHelper = (entry: TensorEntry, start: number, end: number, onProgress: (bytes: number) => void) => { readonly state: Promise<AccumulatorState>; cancel(): void };

/**
 * Claims blocks of `plan` from the `shared` counter (rowBlocks.ts) on another thread until none are
 * left, into an accumulator built with `options`, and resolves with its state; `onProgress` gets
 * that thread's bytes done.
 */
export type BlockHelper = (entry: TensorEntry, options: AccumulatorOptions, plan: BlockPlan, shared: SharedArrayBuffer, onProgress: (bytes: number) => void) => { readonly state: Promise<AccumulatorState>; cancel(): void };

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
  /**
   * Shares a big tensor by blocks with another thread (rowBlocks.ts) when its accumulator allows
   * (bit-pattern counts without softmax or row sample); the others use `helper`.
   */
  readonly blockHelper?: BlockHelper;
  /** Block-quantized tensors of more values than this are shared by blocks (default QUANTIZED_SHARE_VALUES). For tests. */
  readonly quantizedShareValues?: number;
  /** The biggest block when sharing by blocks (default 32 MiB; the smallest is a quarter of it, at most 2 MiB). For tests. */
  readonly blockBytes?: number;
  /** Split tensors of at least this many bytes when a helper is given. */
  readonly splitBytes?: number;
  /**
   * This thread's head start when splitting: it takes about this many values more than the helper
   * (a freshly started helper thread begins tens of ms later). In values, not bytes: a thread's pace
   * is set by the values it counts (a Q4_K byte holds ~1.8, an fp32 byte a quarter). Default 0: halves.
   */
  readonly helperLeadValues?: number;
  /** Below the split size, neighbouring tensors of at least this many bytes run on both threads (analyzeAll). */
  readonly pairBytes?: number;
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

/**
 * The accumulator of an entry (or of its range from `start`): block-quantized storage is
 * dequantized to float64 first, so its accumulator takes float64 bytes; plain dtypes take their
 * own bytes (a bit-pattern table for ≤ 16-bit dtypes).
 */
export function entryAccumulator(entry: TensorEntry, options: Pick<StreamOptions, 'thresholds' | 'nameHint'>, start = 0): TensorAccumulator {
  return accumulatorFor(accumulatorDtype(entry), entry.shape, accumulatorOptions(entry, options, start));
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
export function accumulateRange(src: ByteSource, entry: TensorEntry, acc: TensorAccumulator, start: number, end: number, options: RangeOptions = {}): Promise<void> {
  return accumulateChunks((chunk, from, to) => dataChunks(src, entry, chunk, from, to), entry, acc, start, end, options);
}

/** How many times longer this thread's lead is on a block-quantized tensor (see splitPoint). */
const QUANTIZED_LEAD_FACTOR = 4;

/** Where a tensor splits in two ranges of whole rows (0: not split). */
export function splitPoint(entry: TensorEntry, options: Pick<StreamOptions, 'helper' | 'splitBytes' | 'helperLeadValues'>): number {
  // Strided views are gathered whole: not split. Block-quantized (GGUF) rows are whole blocks, so a
  // split at a row boundary is a block boundary: the helper dequantizes its half.
  if (!options.helper || entry.location.kind !== 'raw' || entry.view || entry.byteLength < (options.splitBytes ?? DEFAULT_SPLIT_BYTES)) return 0;
  const row = entry.shape.length >= 2 ? (entry.shape[entry.shape.length - 1] as number) : 1;
  const rows = row > 0 ? entry.count / row : 0;
  if (rows < 2 || (entry.storage && entry.storage.blockValues > 1 && row % entry.storage.blockValues !== 0)) return 0;
  // A block-quantized scan runs ~2.5× slower on a cold thread than once optimised (decision 0023):
  // the helper's share pays that warm-up, so this thread keeps a longer lead there (decision 0025).
  const quantized = entry.storage !== undefined && entry.storage.blockValues > 1;
  const lead = Math.round(((options.helperLeadValues ?? 0) * (quantized ? QUANTIZED_LEAD_FACTOR : 1)) / row);
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

/**
 * Runs this thread's part while a helper runs its own: progress is the two parts' sum, and a failure
 * here cancels the helper (whose rejection is then not left unhandled). Resolves, once this thread's
 * part is done, with the helper's state still to come (wrapped: an async function returning the
 * promise itself would wait for it, and a helper that never joined is not to be waited for).
 */
async function besideHelper(options: Pick<StreamOptions, 'onProgress'>, startHelper: (onProgress: (bytes: number) => void) => { readonly state: Promise<AccumulatorState>; cancel(): void }, runMine: (onProgress: (bytes: number) => void) => Promise<void>): Promise<{ readonly state: Promise<AccumulatorState> }> {
  let mine = 0;
  let theirs = 0;
  const report = () => options.onProgress?.(mine + theirs);
  const other = startHelper((b) => {
    theirs = b;
    report();
  });
  other.state.catch(() => undefined);
  try {
    await runMine((b) => {
      mine = b;
      report();
    });
  } catch (err) {
    other.cancel();
    throw err;
  }
  return { state: other.state };
}

/**
 * Block-quantized tensors of more values than this are shared by blocks (decision 0026): up to it a
 * second thread's start and warm-up cost more than it saves on two cores. With the WebAssembly Q4_K
 * kernel (decision 0027), fresh process each: 64 Mi values ~150 ms on one thread against 175–235
 * shared; 128 Mi ~270–300 against ~270; 256 Mi ~380 against ~365. The same bound as the split's
 * lead on such tensors (QUANTIZED_LEAD_FACTOR × the helper's lead of 32 Mi values).
 */
export const QUANTIZED_SHARE_VALUES = 128 * 2 ** 20;

/** Whether an entry is big enough to share by blocks, before its accumulator is asked (blockPlan). */
export function bigEnoughToShare(entry: TensorEntry, options: Pick<StreamOptions, 'splitBytes' | 'quantizedShareValues'> = {}): boolean {
  if (entry.byteLength < (options.splitBytes ?? DEFAULT_SPLIT_BYTES)) return false;
  return !(entry.storage && entry.storage.blockValues > 1 && entry.count <= (options.quantizedShareValues ?? QUANTIZED_SHARE_VALUES));
}

/** The blocks of rows a big tensor is shared by with another thread (rowBlocks.ts); [] when it is not. */
export function blockPlan(entry: TensorEntry, acc: TensorAccumulator, options: Pick<StreamOptions, 'splitBytes' | 'blockBytes' | 'quantizedShareValues'> = {}): BlockPlan {
  if (!bigEnoughToShare(entry, options) || !blockShareable(entry, acc)) return [];
  return planBlocks(entry, acc.blocks?.blockBytes ?? 0, ...(options.blockBytes ? [options.blockBytes, Math.min(2 << 20, options.blockBytes / 4)] : []));
}

/** Computes the report of one tensor entry without holding it in memory. */
export async function analyzeEntry(src: ByteSource, entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
  const t = options.thresholds;
  const acc = entryAccumulator(entry, options);
  const plan = options.blockHelper ? blockPlan(entry, acc, options) : [];
  const mid = plan.length ? 0 : splitPoint(entry, options);
  if (plan.length && options.blockHelper) {
    // Both threads claim blocks until none are left; the helper's blocks merge in at the end.
    const blockHelper = options.blockHelper;
    const shared = sharedCounter();
    const other = await besideHelper(
      options,
      (onProgress) => blockHelper(entry, accumulatorOptions(entry, options), plan, shared, onProgress),
      (onProgress) => accumulateBlocks(src, entry, acc, plan, blockClaimer(shared, false), { ...options, onProgress }),
    );
    // A helper that never joined (still starting) is not waited for: it will find no block left.
    if (helperJoined(shared)) acc.absorb(await other.state);
  } else if (mid > 0 && options.helper) {
    // This thread takes [0, mid), the helper [mid, count); reading overlaps counting on both.
    const helper = options.helper;
    const other = await besideHelper(
      options,
      (onProgress) => helper(entry, mid, entry.count, onProgress),
      (onProgress) => accumulateRange(src, entry, acc, 0, mid, { ...options, onProgress }),
    );
    acc.absorb(await other.state);
  } else {
    await accumulateRange(src, entry, acc, 0, entry.count, options);
  }
  const report = buildReport({ name: entry.name, dtype: entry.dtype, shape: entry.shape, stats: acc.finish(), order: entry.order, ...(t ? { thresholds: t } : {}), ...(options.nameHint ? { nameHint: options.nameHint } : {}) });
  return entry.storage ? { ...report, storage: entry.storage.name } : report;
}
