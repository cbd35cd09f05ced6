// Tensor statistics in one streaming pass, fed chunk by chunk (a file is never held in memory).
// Two accumulators share one result type (RawStatistics):
// - StatisticsAccumulator (here): decoded values (fp32, fp64, 32/64-bit integers, dequantized
//   data): counts, moments (merged per chunk, Chan et al.), NaN/Inf positions, the counts the range
//   checks need and a uniform reservoir sample (percentiles, histogram, bf16 collisions);
// - PatternAccumulator (patternStatistics.ts): dtypes of ≤ 16 bits, counted into a table of bit
//   patterns from which every statistic, percentile and the histogram follow exactly.
// Tensors with rows add per-row / per-column summaries, row softmax statistics and a sample of
// rows (rowStatistics.ts). A range of a tensor analysed elsewhere (another thread) merges in with
// `absorb(state())`.
import { seededUniform } from '../attention/random';
import { ChunkScan, type NumericView } from './chunkScan';
import { decode, type Dtype, ITEM_SIZE, LITTLE_ENDIAN_HOST } from './dtypes';
import * as limits from './ranges';
import { addRanges, emptyRanges, type RangeCounts } from './ranges';
import { mergeReservoirs, RowAccumulator, type AxisSummary, type RowSoftmax, type RowState } from './rowStatistics';

export type { AxisSummary, RowSoftmax, RangeCounts };
export { countRanges, emptyRanges } from './ranges';

export interface StatisticsOptions {
  /** Values kept for percentiles and the histogram (exact below this count). */
  readonly sampleSize?: number;
  /** Rows and columns summarised individually up to this many. */
  readonly maxSummaries?: number;
  /** Whole tensors up to this many elements are kept (heatmap, exact 2-D checks). */
  readonly keepElements?: number;
  readonly seed?: number;
  /**
   * Flat index of the first element pushed, when this accumulator sees one range of the tensor
   * (whole rows) and another range is merged in with absorb(). Default 0.
   */
  readonly start?: number;
}

export type AccumulatorOptions = StatisticsOptions & {
  softmaxSaturation?: number;
  softmaxUniform?: number;
  softmax?: boolean;
  sampleRows?: boolean;
  /** The element type pushBytes decodes (default float64). */
  dtype?: Dtype;
};

export interface RawStatistics {
  readonly count: number;
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
  readonly nanIndices: readonly number[];
  readonly infIndices: readonly number[];
  readonly finite: number;
  readonly zeros: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sum of squared deviations of the finite values. */
  readonly m2: number;
  readonly absMax: number;
  readonly ranges: RangeCounts;
  /** Uniform sample of the finite values, sorted (empty when `distribution` is given). */
  readonly sample: Float64Array;
  readonly sampled: boolean;
  /**
   * Every distinct finite value, ascending, with how often it occurs (≤ 16-bit dtypes): percentiles
   * and the histogram are then exact over all values.
   */
  readonly distribution?: { readonly values: Float64Array; readonly counts: Float64Array };
  readonly rows?: AxisSummary;
  readonly cols?: AxisSummary;
  readonly softmax?: RowSoftmax;
  /** Up to 256 whole rows, sampled uniformly (2-D). */
  readonly sampleRows?: readonly Float64Array[];
  /** The whole tensor (small tensors only). */
  readonly values?: Float64Array;
}

export interface FloatState {
  readonly kind: 'float';
  readonly n: number;
  readonly nan: number;
  readonly posInf: number;
  readonly negInf: number;
  readonly nanIdx: number[];
  readonly infIdx: number[];
  readonly finite: number;
  readonly zeros: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly m2: number;
  readonly absMax: number;
  readonly ranges: RangeCounts;
  readonly sample: Float64Array;
  readonly seen: number;
  readonly rows: RowState;
  /** A small tensor's values (kept for the heatmap). */
  readonly values?: Float64Array;
  /** Blocks of rows (beginBlock): each block's moments, merged in block order at finish (finite, mean and m2 above are then 0). */
  readonly moments?: BlockMoments[];
}

/** One block's finite count, mean and sum of squared deviations (blocks of rows shared between threads). */
export interface BlockMoments {
  readonly index: number;
  readonly finite: number;
  readonly mean: number;
  readonly m2: number;
}

// Module constants, not imported bindings: a transpiled import is a property read (or a getter)
// in the hot loop.
const { E4M3_TINY, E5M2_TINY, EXP_FP16, EXP_FP32, FP16_MAX, FP16_NORMAL, FP16_TINY } = limits;

/** First `k` of two ascending index lists. */
export const firstIndices = (a: readonly number[], b: readonly number[], k = 5): number[] => [...a, ...b].sort((x, y) => x - y).slice(0, k);

/** Sample positions drawn up front, ascending. */
type Positions = Float64Array | Uint32Array;

/**
 * Drops repeats from the sorted `all` in place; returns how many distinct values lead it. A function
 * of its own: in planSample the loop was entered through on-stack replacement and the optimised code
 * bailed out after it (decision 0023).
 */
function dropRepeats(all: Positions): number {
  let m = 1;
  for (let i = 1; i < all.length; i++) if (all[i] !== all[m - 1]) all[m++] = all[i] as number;
  return m;
}

/** Values decoded (as float64) at a time by pushBytes: 2 MiB. */
const DECODE_BATCH = 1 << 18;

export class StatisticsAccumulator {
  private n = 0;
  private nan = 0;
  private posInf = 0;
  private negInf = 0;
  private nanIdx: number[] = [];
  private infIdx: number[] = [];
  private finite = 0;
  private zeros = 0;
  private min = Infinity;
  private max = -Infinity;
  private mean = 0;
  private m2 = 0;
  private absMax = 0;
  private readonly ranges: RangeCounts = emptyRanges();
  private sample: Float64Array;
  private sampleFill = 0;
  private seen = 0;
  private nextKeep = 0;
  /** Sample positions drawn in advance (planSample), ascending, counted from this accumulator's first value. */
  private plan: Positions | undefined;
  private planAt = 0;
  private w = 1;
  private readonly random: () => number;
  private readonly rows: RowAccumulator;
  private readonly values?: Float64Array;
  private readonly start: number;
  private batch: Float64Array | undefined;
  /** Flat index of the next value pushed: start + n, unless blocks of rows come out of order (beginBlock). */
  private at: number;
  /** The block of rows being pushed (beginBlock), -1 outside block mode. */
  private block = -1;
  /** Block mode: the moments of each block pushed here or absorbed, folded in block order at finish. */
  private moments: BlockMoments[] | undefined;
  private readonly count: number;
  private readonly dtype: Dtype;
  /** The fast chunk loop (pushView), when nothing needs a value-by-value pass (softmax, kept values). */
  private readonly fast: boolean;
  private scan: ChunkScan | undefined;

  constructor(
    readonly shape: readonly number[],
    options: AccumulatorOptions = {},
  ) {
    const count = shape.reduce((a, b) => a * b, 1);
    this.sample = new Float64Array(Math.min(options.sampleSize ?? 16_384, Math.max(count, 1)));
    this.random = seededUniform((options.seed ?? 12345) + (options.start ?? 0));
    this.w = Math.exp(Math.log(this.random()) / this.sample.length);
    this.start = options.start ?? 0;
    this.at = this.start;
    this.count = count;
    this.dtype = options.dtype ?? 'float64';
    this.rows = new RowAccumulator(shape, count, options, this.random);
    if (count <= (options.keepElements ?? 65_536)) this.values = new Float64Array(count);
    this.fast = !this.values && this.rows.scannable;
  }

  /**
   * Adds the next `length` values through the fast loop (chunkScan.ts): one pass, committed when
   * the chunk's sum is finite; a chunk holding NaN or ±Inf goes through push() instead.
   */
  pushView(v: NumericView, length = v.length): void {
    if (!this.fast || length === 0) {
      this.push(v, length);
      return;
    }
    const start = this.at;
    const rows = this.rows;
    const scan = (this.scan ??= new ChunkScan(rows.summaries ? rows.rowLength : 0));
    if (rows.summaries) scan.scanRows(v, length, start);
    else scan.scanFlat(v, length);
    if (!scan.finite) {
      if (rows.summaries) scan.clearColumns(start, length);
      this.push(v, length);
      return;
    }
    this.commitScan(scan, length, (i) => v[i] as number);
    if (rows.active) rows.addScan(scan, v, length, start);
    this.reservoir(v, length, true);
    this.n += length;
    this.at += length;
  }

  /**
   * Adds the next `length` values without decoding them: `fill` scans them into a ChunkScan as
   * scanRows/scanFlat would (block-quantized codes, blockScan.ts), `valueAt(i)` gives value i of
   * them for the few the samples keep. False (nothing added) when this accumulator needs every
   * value (small tensor, row softmax): the caller decodes and pushes them instead.
   */
  pushScanned(length: number, fill: (scan: ChunkScan, start: number) => void, valueAt: (i: number) => number): boolean {
    if (!this.fast) return false;
    if (length === 0) return true;
    const start = this.at;
    const rows = this.rows;
    const scan = (this.scan ??= new ChunkScan(rows.summaries ? rows.rowLength : 0));
    fill(scan, start);
    this.commitScan(scan, length, valueAt);
    if (rows.active) rows.addScanAt(scan, valueAt, length, start);
    this.reservoirAt(valueAt, length);
    this.n += length;
    this.at += length;
    return true;
  }

  /** Commits a finite chunk's scan: moments, min, max, zeros and range counts. */
  private commitScan(scan: ChunkScan, length: number, valueAt: (i: number) => number): void {
    // Moments of the chunk from its sums; where the sums cancel (a mean far from 0 against the
    // spread) the chunk, still in cache, is summed again around its mean (two-pass).
    const mean = scan.sum / length;
    let m2 = scan.sq - scan.sum * mean;
    if (!(m2 >= scan.sq * 2 ** -20)) {
      m2 = 0;
      for (let i = 0; i < length; i++) {
        const d = valueAt(i) - mean;
        m2 += d * d;
      }
    }
    this.mergeMoments(length, mean, m2);
    if (scan.min < this.min) this.min = scan.min;
    if (scan.max > this.max) this.max = scan.max;
    this.absMax = Math.max(this.absMax, -scan.min, scan.max);
    const rare = scan.rare;
    this.zeros += rare.zeros;
    addRanges(this.ranges, rare);
    this.ranges.e4m3Underflow += scan.e4m3Below;
  }

  /** Chan et al.'s merge of a part's finite count, mean and sum of squared deviations. */
  private mergeMoments(count: number, mean: number, m2: number): void {
    const total = this.finite + count;
    const delta = mean - this.mean;
    this.m2 += m2 + (delta * delta * this.finite * count) / total;
    this.mean += (delta * count) / total;
    this.finite = total;
  }

  /** Adds the next `length` values (in storage order) of the tensor, value by value (the careful path). */
  push(chunk: ArrayLike<number>, length = chunk.length): void {
    const start = this.at;
    // Chunk moments (two passes over the chunk, which is in cache), merged into the running ones.
    // Counters live in locals: property writes in this loop cost more than the arithmetic.
    let cCount = 0;
    let cSum = 0;
    let min = this.min;
    let max = this.max;
    let absMax = this.absMax;
    let zeros = 0;
    let fp16Overflow = 0;
    let fp16Underflow = 0;
    let fp16Subnormal = 0;
    let e4m3Overflow = 0;
    let e5m2Overflow = 0;
    let e4m3Underflow = 0;
    let e5m2Underflow = 0;
    let exp16 = 0;
    let exp32 = 0;
    let nonFinite = 0;
    for (let i = 0; i < length; i++) {
      const x = chunk[i] as number;
      if (x - x !== 0) {
        nonFinite++;
        continue;
      }
      cCount++;
      cSum += x;
      if (x < min) min = x;
      if (x > max) max = x;
      const a = Math.abs(x); // branch-free: the sign of random data mispredicts half the time
      if (a > absMax) absMax = a;
      // Below e4m3's smallest subnormal is common in real weights (|x| < 2⁻⁹) and unpredictable:
      // counted without a branch (zeros are taken back below). Everything else is rare and sits
      // behind one well-predicted test.
      e4m3Underflow += +(a < E4M3_TINY);
      if (a < FP16_NORMAL || a > EXP_FP16) {
        if (a === 0) {
          zeros++;
          e4m3Underflow--;
          continue;
        }
        if (a < FP16_NORMAL) {
          if (a < FP16_TINY) fp16Underflow++;
          else fp16Subnormal++;
          if (a < E5M2_TINY) e5m2Underflow++;
        } else {
          if (a > 448) {
            e4m3Overflow++;
            if (a > FP16_MAX) fp16Overflow++;
            if (a > 57344) e5m2Overflow++;
          }
          if (x > EXP_FP16) {
            exp16++;
            if (x > EXP_FP32) exp32++;
          }
        }
      }
    }
    if (nonFinite > 0) {
      for (let i = 0; i < length; i++) {
        const x = chunk[i] as number;
        if (x !== x) {
          this.nan++;
          if (this.nanIdx.length < 5) this.nanIdx.push(start + i);
        } else if (x === Infinity || x === -Infinity) {
          if (x > 0) this.posInf++;
          else this.negInf++;
          if (this.infIdx.length < 5) this.infIdx.push(start + i);
        }
      }
    }
    const r = this.ranges;
    r.fp16Overflow += fp16Overflow;
    r.fp16Underflow += fp16Underflow;
    r.fp16Subnormal += fp16Subnormal;
    r.e4m3Overflow += e4m3Overflow;
    r.e5m2Overflow += e5m2Overflow;
    r.e4m3Underflow += e4m3Underflow;
    r.e5m2Underflow += e5m2Underflow;
    r.expOverflowFp16 += exp16;
    r.expOverflowFp32 += exp32;
    if (cCount > 0) {
      const cMean = cSum / cCount;
      let cM2 = 0;
      if (nonFinite === 0) {
        for (let i = 0; i < length; i++) {
          const d = (chunk[i] as number) - cMean;
          cM2 += d * d;
        }
      } else {
        for (let i = 0; i < length; i++) {
          const x = chunk[i] as number;
          if (x - x === 0) cM2 += (x - cMean) * (x - cMean);
        }
      }
      this.mergeMoments(cCount, cMean, cM2);
    }
    this.min = min;
    this.max = max;
    this.absMax = absMax;
    this.zeros += zeros;
    this.reservoir(chunk, length, cCount === length);
    if (this.values) for (let i = 0; i < length && start + i < this.values.length; i++) this.values[start + i] = chunk[i] as number;
    if (this.rows.active) this.rows.push(chunk, length, start);
    this.n += length;
    this.at += length;
  }

  /**
   * Adds `count` encoded elements: read in place through a typed-array view where the layout
   * allows (fp32, fp64, int32, uint32 in host byte order, aligned), else decoded a batch at a time
   * into one reused Float64Array; then the fast loop (pushView).
   */
  pushBytes(bytes: Uint8Array, count: number, littleEndian: boolean): void {
    const dtype = this.dtype;
    const view = littleEndian === LITTLE_ENDIAN_HOST ? viewOf(dtype, bytes, count) : undefined;
    if (view) {
      this.pushView(view, count);
      return;
    }
    const size = ITEM_SIZE[dtype];
    this.batch ??= new Float64Array(Math.min(DECODE_BATCH, Math.max(1, count)));
    const out = this.batch;
    for (let first = 0; first < count; first += out.length) {
      const k = Math.min(out.length, count - first);
      decode(dtype, bytes.subarray(first * size, (first + k) * size), k, littleEndian, out);
      this.pushView(out, k);
    }
  }

  /**
   * The next `length` values are the last this accumulator is pushed (before absorbing other
   * ranges): the sample's k positions are drawn now, uniformly without replacement, and a chunk
   * reads only the values at them. Algorithm L, not knowing the count, replaces k·ln(n/k) values
   * (125,000 for 32 Mi values), each read one at a time for a scanned chunk (pushScanned,
   * reservoirAt) and most of them in the first chunk, before the code is optimized.
   */
  planSample(length: number): void {
    const k = this.sample.length;
    // Blocks of rows (beginBlock) take their values from one plan over the whole tensor, drawn
    // alike on every thread (the same seed): each position lies in one block, read by one thread.
    if (this.block >= 0) length = this.count - this.start;
    if (this.plan || this.n > 0 || this.sampleFill > 0 || length <= k) return;
    // Draws with replacement, sorted, duplicates dropped, the missing ones drawn again: each new
    // position is uniform among those not yet chosen, so the set is a uniform k-subset.
    // Positions below 2³² sort as Uint32Array (the float64 sort costs ~2–15× more).
    const wide = length > 2 ** 32;
    let plan: Positions = wide ? new Float64Array(0) : new Uint32Array(0);
    let state = Math.floor(this.random() * 4294967296) | 1;
    while (plan.length < k) {
      const all = wide ? new Float64Array(k) : new Uint32Array(k);
      all.set(plan);
      state = drawPositions(all, plan.length, k, length, state);
      all.sort();
      plan = all.subarray(0, dropRepeats(all));
    }
    this.plan = plan;
    this.planAt = 0;
  }

  /** Planned positions within the next `length` values (from this.at): `get(i)` is value i, NaN/±Inf not kept. */
  private takePlanned(plan: Positions, length: number, get: (i: number) => number): void {
    const base = this.at - this.start;
    const sample = this.sample;
    let p = this.planAt;
    while (p < plan.length && (plan[p] as number) < base) p++; // positions in blocks another thread took
    for (; p < plan.length && (plan[p] as number) < base + length; p++) {
      const x = get((plan[p] as number) - base);
      if (x - x === 0) sample[this.sampleFill++] = x;
    }
    this.planAt = p;
  }

  /** The sample over `length` finite values read one at a time (the positions Algorithm L keeps, or the planned ones). */
  private reservoirAt(valueAt: (i: number) => number, length: number): void {
    if (this.plan) {
      this.takePlanned(this.plan, length, valueAt);
      this.seen += length;
      return;
    }
    const k = this.sample.length;
    const sample = this.sample;
    let i = 0;
    for (; i < length && this.sampleFill < k; i++) {
      sample[this.sampleFill++] = valueAt(i);
      this.seen++;
      if (this.sampleFill === k) this.nextKeep = this.seen + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
    }
    if (i >= length) return;
    const base = this.seen - i;
    for (;;) {
      const at = this.nextKeep - base;
      if (at >= length) break;
      sample[Math.floor(this.random() * k)] = valueAt(at);
      this.w *= Math.exp(Math.log(this.random()) / k);
      this.nextKeep += 1 + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
    }
    this.seen = base + length;
  }

  /** Algorithm L (Li 1994): a uniform sample of the finite values with O(k log(n/k)) random draws. */
  private reservoir(chunk: ArrayLike<number>, length: number, allFinite: boolean): void {
    if (this.plan) {
      this.takePlanned(this.plan, length, (i) => chunk[i] as number);
      if (allFinite) this.seen += length;
      else for (let i = 0; i < length; i++) if ((chunk[i] as number) - (chunk[i] as number) === 0) this.seen++;
      return;
    }
    const k = this.sample.length;
    const sample = this.sample;
    let i = 0;
    // Fill phase.
    for (; i < length && this.sampleFill < k; i++) {
      const x = chunk[i] as number;
      if (x - x !== 0) continue; // NaN or ±Inf
      sample[this.sampleFill++] = x;
      this.seen++;
      if (this.sampleFill === k) this.nextKeep = this.seen + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
    }
    if (i >= length) return;
    if (allFinite) {
      // Jump straight to the kept positions: the finite count equals the index.
      const base = this.seen - i;
      for (;;) {
        const at = this.nextKeep - base;
        if (at >= length) break;
        sample[Math.floor(this.random() * k)] = chunk[at] as number;
        this.w *= Math.exp(Math.log(this.random()) / k);
        this.nextKeep += 1 + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
      }
      this.seen = base + length;
      return;
    }
    for (; i < length; i++) {
      const x = chunk[i] as number;
      if (x - x !== 0) continue;
      if (this.seen === this.nextKeep) {
        sample[Math.floor(this.random() * k)] = x;
        this.w *= Math.exp(Math.log(this.random()) / k);
        this.nextKeep += 1 + Math.floor(Math.log(this.random()) / Math.log(1 - this.w));
      }
      this.seen++;
    }
  }

  /**
   * Whether blocks of whole rows may be pushed in any order (beginBlock) with the same result: the
   * fast loop (no softmax, no kept values) and no row sample (it keeps rows in their order).
   */
  get blockable(): boolean {
    return this.fast && !this.rows.sampleRows;
  }

  /** Bytes each block's partial sums take (files/rowBlocks.ts bounds the number of blocks by it). */
  get blockBytes(): number {
    return this.rows.blockBytes;
  }

  /**
   * The next values pushed are block `index` of the tensor's blocks of rows, from flat index `at`
   * (blockable only; files/rowBlocks.ts). Counts, extremes and the planned sample do not depend on
   * the order; the moments (Chan's merge rounds differently in another order) and the column sums
   * are kept per block and folded in block order, so the report never depends on which thread
   * took which block.
   */
  beginBlock(index: number, at: number): void {
    this.closeBlock();
    this.moments ??= [];
    this.block = index;
    this.at = at;
    this.rows.beginBlock(index);
  }

  /** Files the current block's moments (block mode) and starts the next from zero. */
  private closeBlock(): void {
    if (this.block < 0 || !this.moments) return;
    if (this.finite > 0) this.moments.push({ index: this.block, finite: this.finite, mean: this.mean, m2: this.m2 });
    this.finite = 0;
    this.mean = 0;
    this.m2 = 0;
  }

  /** Block mode: every block's moments merged in block order. */
  private foldMoments(): void {
    if (!this.moments) return;
    this.closeBlock();
    const blocks = this.moments.sort((a, b) => a.index - b.index);
    this.moments = undefined;
    this.block = -1;
    for (const b of blocks) this.mergeMoments(b.finite, b.mean, b.m2);
  }

  state(): FloatState {
    this.closeBlock();
    return { kind: 'float', n: this.n, nan: this.nan, posInf: this.posInf, negInf: this.negInf, nanIdx: this.nanIdx, infIdx: this.infIdx, finite: this.finite, zeros: this.zeros, min: this.min, max: this.max, mean: this.mean, m2: this.m2, absMax: this.absMax, ranges: this.ranges, sample: this.sample.slice(0, Math.min(this.sampleFill, this.sample.length)), seen: this.seen, rows: this.rows.state(), ...(this.values ? { values: this.values } : {}), ...(this.moments ? { moments: this.moments } : {}) };
  }

  /** Merges another range's state (whole rows; small tensors, which keep their values, are never split). Push nothing after. */
  absorb(o: FloatState): void {
    this.n += o.n;
    this.nan += o.nan;
    this.posInf += o.posInf;
    this.negInf += o.negInf;
    this.nanIdx = firstIndices(this.nanIdx, o.nanIdx);
    this.infIdx = firstIndices(this.infIdx, o.infIdx);
    this.zeros += o.zeros;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
    this.absMax = Math.max(this.absMax, o.absMax);
    addRanges(this.ranges, o.ranges);
    if (o.finite > 0) this.mergeMoments(o.finite, o.mean, o.m2);
    if (o.moments) {
      this.closeBlock();
      this.block = -1;
      (this.moments ??= []).push(...o.moments);
    }
    const mine = Array.from(this.sample.subarray(0, Math.min(this.sampleFill, this.sample.length)));
    const merged = mergeReservoirs(mine, this.seen, Array.from(o.sample), o.seen, this.sample.length, this.random);
    this.sample = Float64Array.from(merged);
    this.sampleFill = merged.length;
    this.seen += o.seen;
    this.rows.absorb(o.rows);
    if (this.values && o.values) for (let i = 0; i < o.values.length; i++) if (!Object.is(o.values[i], 0)) this.values[i] = o.values[i] as number; // the other range leaves +0 where it saw nothing
  }

  finish(): RawStatistics {
    this.foldMoments();
    const k = Math.min(this.sampleFill, this.sample.length);
    const sample = this.sample.slice(0, k).sort();
    return {
      count: this.n,
      nan: this.nan,
      posInf: this.posInf,
      negInf: this.negInf,
      nanIndices: this.nanIdx,
      infIndices: this.infIdx,
      finite: this.finite,
      zeros: this.zeros,
      min: this.finite ? this.min : NaN,
      max: this.finite ? this.max : NaN,
      mean: this.finite ? this.mean : NaN,
      m2: this.m2,
      absMax: this.finite ? this.absMax : NaN,
      ranges: this.ranges,
      sample,
      sampled: this.seen > k,
      ...this.rows.finish(this.start + this.n),
      ...(this.values ? { values: this.values } : {}),
    };
  }
}

/**
 * Uniform positions in [0, length) into out[from, to) from xorshift32 (Marsaglia 2003) started at
 * `state` (non-zero); returns the state to continue from. Integer steps only: this runs once per
 * range, mostly interpreted, where the seeded generator's closure cost ~1 µs a draw (16 ms for a
 * 16,384-value sample).
 */
function drawPositions(out: Positions, from: number, to: number, length: number, state: number): number {
  let x = state | 0;
  for (let i = from; i < to; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = Math.floor(((x >>> 0) / 4294967296) * length);
  }
  return x;
}

/** The elements as a typed array over the same bytes, when the dtype has one and the bytes are aligned. */
function viewOf(dtype: Dtype, bytes: Uint8Array, count: number): NumericView | undefined {
  const size = ITEM_SIZE[dtype];
  if (bytes.byteOffset % size !== 0) return undefined;
  switch (dtype) {
    case 'float32':
      return new Float32Array(bytes.buffer, bytes.byteOffset, count);
    case 'float64':
      return new Float64Array(bytes.buffer, bytes.byteOffset, count);
    case 'int32':
      return new Int32Array(bytes.buffer, bytes.byteOffset, count);
    case 'uint32':
      return new Uint32Array(bytes.buffer, bytes.byteOffset, count);
    default:
      return undefined;
  }
}

/** Percentile p (0–100) of sorted values, linear interpolation as numpy's default. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return lerp(sorted[lo] as number, sorted[hi] as number, pos - lo);
}

/** numpy's _lerp: a + (b − a)·t, computed from b's side when t ≥ ½ (so t = 1 gives b exactly). */
export function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Percentile p (0–100) of all values given as distinct ascending values with counts (exact). */
export function percentileOfCounts(values: Float64Array, counts: Float64Array, p: number): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i] as number;
  if (n === 0) return NaN;
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  // The values at ranks lo and hi: walk the cumulative counts.
  let a = NaN;
  let b = NaN;
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    cum += counts[i] as number;
    if (Number.isNaN(a) && lo < cum) a = values[i] as number;
    if (hi < cum) {
      b = values[i] as number;
      break;
    }
  }
  return lerp(a, b, pos - lo);
}
