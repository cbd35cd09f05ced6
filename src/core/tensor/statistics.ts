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
import { decode, type Dtype, ITEM_SIZE, LITTLE_ENDIAN_HOST } from './dtypes';
import { mergeReservoirs, RowAccumulator, type AxisSummary, type RowSoftmax, type RowState } from './rowStatistics';

export type { AxisSummary, RowSoftmax };

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

export interface RangeCounts {
  /** |x| > 65504: overflows fp16 to ±inf. */
  fp16Overflow: number;
  /** 0 < |x| < 2⁻²⁴ ≈ 5.96e-8: flushes to 0 in fp16. */
  fp16Underflow: number;
  /** 2⁻²⁴ ≤ |x| < 2⁻¹⁴ ≈ 6.10e-5: fp16 subnormal (lost precision). */
  fp16Subnormal: number;
  /** |x| > 448 / 57344: beyond fp8 e4m3fn / e5m2. */
  e4m3Overflow: number;
  e5m2Overflow: number;
  /** 0 < |x| < 2⁻⁹ / 2⁻¹⁶: flush to 0 in e4m3fn / e5m2. */
  e4m3Underflow: number;
  e5m2Underflow: number;
  /** x > 11.0903 (exp overflows fp16) and x > 88.7228 (exp overflows fp32). */
  expOverflowFp16: number;
  expOverflowFp32: number;
}

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
}

export const FP16_MAX = 65504;
export const FP16_TINY = 2 ** -24;
export const FP16_NORMAL = 2 ** -14;
export const E4M3_TINY = 2 ** -9;
export const E5M2_TINY = 2 ** -16;
// exp(x) rounds to inf from the midpoint above the largest finite value: 65520 in fp16,
// (2 − 2⁻²⁴)·2¹²⁷ in fp32 (ln: 11.0901, 88.7228).
export const EXP_FP16 = Math.log(65520);
export const EXP_FP32 = Math.log((2 - 2 ** -24) * 2 ** 127);

export const emptyRanges = (): RangeCounts => ({ fp16Overflow: 0, fp16Underflow: 0, fp16Subnormal: 0, e4m3Overflow: 0, e5m2Overflow: 0, e4m3Underflow: 0, e5m2Underflow: 0, expOverflowFp16: 0, expOverflowFp32: 0 });

/** Adds `c` occurrences of the finite non-zero value `x` to the range counts (the table path). */
export function countRanges(r: RangeCounts, x: number, c: number): void {
  const a = Math.abs(x);
  if (a === 0) return;
  if (a < E4M3_TINY) r.e4m3Underflow += c;
  if (a < FP16_NORMAL) {
    if (a < FP16_TINY) r.fp16Underflow += c;
    else r.fp16Subnormal += c;
    if (a < E5M2_TINY) r.e5m2Underflow += c;
  }
  if (a > 448) r.e4m3Overflow += c;
  if (a > FP16_MAX) r.fp16Overflow += c;
  if (a > 57344) r.e5m2Overflow += c;
  if (x > EXP_FP16) r.expOverflowFp16 += c;
  if (x > EXP_FP32) r.expOverflowFp32 += c;
}

function addRanges(r: RangeCounts, o: RangeCounts): void {
  for (const k of Object.keys(r) as (keyof RangeCounts)[]) r[k] += o[k];
}

/** First `k` of two ascending index lists. */
export const firstIndices = (a: readonly number[], b: readonly number[], k = 5): number[] => [...a, ...b].sort((x, y) => x - y).slice(0, k);

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
  private w = 1;
  private readonly random: () => number;
  private readonly rows: RowAccumulator;
  private readonly values?: Float64Array;
  private readonly start: number;
  private batch: Float64Array | undefined;
  private readonly dtype: Dtype;

  constructor(
    readonly shape: readonly number[],
    options: AccumulatorOptions = {},
  ) {
    const count = shape.reduce((a, b) => a * b, 1);
    this.sample = new Float64Array(Math.min(options.sampleSize ?? 16_384, Math.max(count, 1)));
    this.random = seededUniform((options.seed ?? 12345) + (options.start ?? 0));
    this.w = Math.exp(Math.log(this.random()) / this.sample.length);
    this.start = options.start ?? 0;
    this.dtype = options.dtype ?? 'float64';
    this.rows = new RowAccumulator(shape, count, options, this.random);
    if (count <= (options.keepElements ?? 65_536)) this.values = new Float64Array(count);
  }

  /** Adds the next `length` values (in storage order) of the tensor. */
  push(chunk: ArrayLike<number>, length = chunk.length): void {
    const start = this.start + this.n;
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
      const total = this.finite + cCount;
      const delta = cMean - this.mean;
      this.m2 += cM2 + (delta * delta * this.finite * cCount) / total;
      this.mean += (delta * cCount) / total;
      this.finite = total;
    }
    this.min = min;
    this.max = max;
    this.absMax = absMax;
    this.zeros += zeros;
    this.reservoir(chunk, length, cCount === length);
    if (this.values) for (let i = 0; i < length && start + i < this.values.length; i++) this.values[start + i] = chunk[i] as number;
    if (this.rows.active) this.rows.push(chunk, length, start);
    this.n += length;
  }

  /**
   * Adds `count` encoded elements: decoded a batch at a time into one reused Float64Array (a typed
   * array's native set() where the layout allows), then one accumulation loop per batch.
   */
  pushBytes(bytes: Uint8Array, count: number, littleEndian: boolean): void {
    const dtype = this.dtype;
    const size = ITEM_SIZE[dtype];
    if (dtype === 'float64' && littleEndian && LITTLE_ENDIAN_HOST && bytes.byteOffset % 8 === 0) {
      // Already float64 in place: no copy.
      this.push(new Float64Array(bytes.buffer, bytes.byteOffset, count), count);
      return;
    }
    this.batch ??= new Float64Array(Math.min(DECODE_BATCH, Math.max(1, count)));
    const out = this.batch;
    for (let first = 0; first < count; first += out.length) {
      const k = Math.min(out.length, count - first);
      decode(dtype, bytes.subarray(first * size, (first + k) * size), k, littleEndian, out);
      this.push(out, k);
    }
  }

  /** Algorithm L (Li 1994): a uniform sample of the finite values with O(k log(n/k)) random draws. */
  private reservoir(chunk: ArrayLike<number>, length: number, allFinite: boolean): void {
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

  state(): FloatState {
    return { kind: 'float', n: this.n, nan: this.nan, posInf: this.posInf, negInf: this.negInf, nanIdx: this.nanIdx, infIdx: this.infIdx, finite: this.finite, zeros: this.zeros, min: this.min, max: this.max, mean: this.mean, m2: this.m2, absMax: this.absMax, ranges: this.ranges, sample: this.sample.slice(0, Math.min(this.sampleFill, this.sample.length)), seen: this.seen, rows: this.rows.state(), ...(this.values ? { values: this.values } : {}) };
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
    if (o.finite > 0) {
      const total = this.finite + o.finite;
      const delta = o.mean - this.mean;
      this.m2 += o.m2 + (delta * delta * this.finite * o.finite) / total;
      this.mean += (delta * o.finite) / total;
    }
    const mine = Array.from(this.sample.subarray(0, Math.min(this.sampleFill, this.sample.length)));
    const merged = mergeReservoirs(mine, this.seen, Array.from(o.sample), o.seen, this.sample.length, this.random);
    this.sample = Float64Array.from(merged);
    this.sampleFill = merged.length;
    this.seen += o.seen;
    this.finite += o.finite;
    this.rows.absorb(o.rows);
    if (this.values && o.values) for (let i = 0; i < o.values.length; i++) if (!Object.is(o.values[i], 0)) this.values[i] = o.values[i] as number; // the other range leaves +0 where it saw nothing
  }

  finish(): RawStatistics {
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
