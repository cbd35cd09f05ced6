// One streaming pass of tensor statistics: fed chunk by chunk (a file is never held in memory),
// it keeps counts, moments (merged per chunk, Chan et al.), NaN/Inf positions, the counts the
// range checks need, a uniform reservoir sample (percentiles, histogram, bf16 collisions), and for
// tensors with rows: per-row / per-column summaries, row softmax statistics (online log-sum-exp)
// and a sample of rows (embedding anisotropy).
import { seededUniform } from '../attention/random';

export interface StatisticsOptions {
  /** Values kept for percentiles and the histogram (exact below this count). */
  readonly sampleSize?: number;
  /** Rows and columns summarised individually up to this many. */
  readonly maxSummaries?: number;
  /** Whole tensors up to this many elements are kept (heatmap, exact 2-D checks). */
  readonly keepElements?: number;
  readonly seed?: number;
}

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

export interface RowSoftmax {
  readonly rows: number;
  readonly length: number;
  /** Rows whose softmax puts ≥ saturation threshold on one key. */
  readonly saturated: number;
  /** Rows whose entropy is ≥ uniform threshold × log(length). */
  readonly uniform: number;
  readonly meanMaxProb: number;
  readonly meanEntropy: number;
  /** Mean α(1 − Σp²) with α = 1 (kexue.fm 9812). */
  readonly meanGradient: number;
  readonly examples: readonly { readonly row: number; readonly maxProb: number; readonly entropy: number }[];
}

export interface AxisSummary {
  readonly count: number;
  readonly mean: Float64Array;
  readonly std: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
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
  /** Uniform sample of the finite values, sorted. */
  readonly sample: Float64Array;
  readonly sampled: boolean;
  readonly rows?: AxisSummary;
  readonly cols?: AxisSummary;
  readonly softmax?: RowSoftmax;
  /** Up to 256 whole rows, sampled uniformly (2-D). */
  readonly sampleRows?: readonly Float64Array[];
  /** The whole tensor (small tensors only). */
  readonly values?: Float64Array;
}

const FP16_MAX = 65504;
const FP16_TINY = 2 ** -24;
const FP16_NORMAL = 2 ** -14;
// exp(x) rounds to inf from the midpoint above the largest finite value: 65520 in fp16,
// (2 − 2⁻²⁴)·2¹²⁷ in fp32 (ln: 11.0901, 88.7228).
const EXP_FP16 = Math.log(65520);
const EXP_FP32 = Math.log((2 - 2 ** -24) * 2 ** 127);

export class StatisticsAccumulator {
  private n = 0;
  private nan = 0;
  private posInf = 0;
  private negInf = 0;
  private readonly nanIdx: number[] = [];
  private readonly infIdx: number[] = [];
  private finite = 0;
  private zeros = 0;
  private min = Infinity;
  private max = -Infinity;
  private mean = 0;
  private m2 = 0;
  private absMax = 0;
  private readonly ranges: RangeCounts = { fp16Overflow: 0, fp16Underflow: 0, fp16Subnormal: 0, e4m3Overflow: 0, e5m2Overflow: 0, e4m3Underflow: 0, e5m2Underflow: 0, expOverflowFp16: 0, expOverflowFp32: 0 };
  private readonly sample: Float64Array;
  private sampleFill = 0;
  private seen = 0;
  private nextKeep = 0;
  private w = 1;
  private readonly random: () => number;
  // Rows (the last axis) of a tensor with ≥ 2 dimensions.
  private readonly rowLength: number;
  private readonly rowCount: number;
  private readonly rowSum?: Float64Array;
  private readonly rowSq?: Float64Array;
  private readonly rowMin?: Float64Array;
  private readonly rowMax?: Float64Array;
  private readonly colSum?: Float64Array;
  private readonly colSq?: Float64Array;
  private readonly colMin?: Float64Array;
  private readonly colMax?: Float64Array;
  private readonly colCount?: Float64Array;
  private readonly rowCountFinite?: Float64Array;
  // Online softmax of the current row.
  private smMax = -Infinity;
  private smS1 = 0;
  private smS2 = 0;
  private smSX = 0;
  private smBad = false;
  private sm = { rows: 0, saturated: 0, uniform: 0, maxProb: 0, entropy: 0, gradient: 0 };
  private readonly smExamples: { row: number; maxProb: number; entropy: number }[] = [];
  private readonly keepRows: Float64Array[] = [];
  private currentKept: Float64Array | undefined;
  private rowsSeenForSample = 0;
  private readonly values?: Float64Array;

  constructor(
    readonly shape: readonly number[],
    private readonly options: StatisticsOptions & { softmaxSaturation?: number; softmaxUniform?: number } = {},
  ) {
    const count = shape.reduce((a, b) => a * b, 1);
    this.sample = new Float64Array(Math.min(options.sampleSize ?? 16_384, Math.max(count, 1)));
    this.random = seededUniform(options.seed ?? 12345);
    this.w = Math.exp(Math.log(this.random()) / this.sample.length);
    this.rowLength = shape.length >= 2 ? (shape[shape.length - 1] as number) : 0;
    this.rowCount = this.rowLength > 0 ? count / this.rowLength : 0;
    const maxSummaries = options.maxSummaries ?? 1_000_000;
    if (shape.length === 2 && this.rowLength > 0) {
      if (this.rowCount <= maxSummaries) {
        this.rowSum = new Float64Array(this.rowCount);
        this.rowSq = new Float64Array(this.rowCount);
        this.rowMin = new Float64Array(this.rowCount).fill(Infinity);
        this.rowMax = new Float64Array(this.rowCount).fill(-Infinity);
        this.rowCountFinite = new Float64Array(this.rowCount);
      }
      if (this.rowLength <= maxSummaries) {
        this.colSum = new Float64Array(this.rowLength);
        this.colSq = new Float64Array(this.rowLength);
        this.colMin = new Float64Array(this.rowLength).fill(Infinity);
        this.colMax = new Float64Array(this.rowLength).fill(-Infinity);
        this.colCount = new Float64Array(this.rowLength);
      }
    }
    if (count <= (options.keepElements ?? 65_536)) this.values = new Float64Array(count);
  }

  /** Adds the next `length` values (in storage order) of the tensor. */
  push(chunk: ArrayLike<number>, length = chunk.length): void {
    const start = this.n;
    // Chunk moments (two passes over the chunk, which is in cache), merged into the running ones.
    let cCount = 0;
    let cSum = 0;
    let min = this.min;
    let max = this.max;
    let absMax = this.absMax;
    let zeros = 0;
    const r = this.ranges;
    for (let i = 0; i < length; i++) {
      const x = chunk[i] as number;
      if (x !== x) {
        this.nan++;
        if (this.nanIdx.length < 5) this.nanIdx.push(start + i);
        continue;
      }
      if (x === Infinity || x === -Infinity) {
        if (x > 0) this.posInf++;
        else this.negInf++;
        if (this.infIdx.length < 5) this.infIdx.push(start + i);
        continue;
      }
      cCount++;
      cSum += x;
      if (x < min) min = x;
      if (x > max) max = x;
      const a = x < 0 ? -x : x;
      if (a > absMax) absMax = a;
      if (a === 0) {
        zeros++;
        continue;
      }
      if (a > 448) {
        r.e4m3Overflow++;
        if (a > FP16_MAX) r.fp16Overflow++;
        if (a > 57344) r.e5m2Overflow++;
      } else if (a < FP16_NORMAL) {
        if (a < FP16_TINY) r.fp16Underflow++;
        else r.fp16Subnormal++;
        if (a < 2 ** -9) r.e4m3Underflow++;
        if (a < 2 ** -16) r.e5m2Underflow++;
      } else if (a < 2 ** -9) r.e4m3Underflow++;
      if (x > EXP_FP16) {
        r.expOverflowFp16++;
        if (x > EXP_FP32) r.expOverflowFp32++;
      }
    }
    if (cCount > 0) {
      const cMean = cSum / cCount;
      let cM2 = 0;
      for (let i = 0; i < length; i++) {
        const x = chunk[i] as number;
        if (x - x === 0) cM2 += (x - cMean) * (x - cMean);
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
    if (this.rowLength > 0) this.rowwise(chunk, length, start);
    this.n += length;
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

  private rowwise(chunk: ArrayLike<number>, length: number, start: number): void {
    const L = this.rowLength;
    const saturation = this.options.softmaxSaturation ?? 0.99;
    const uniformRatio = this.options.softmaxUniform ?? 0.99;
    const [rs, rq, rmin, rmax, rc] = [this.rowSum, this.rowSq, this.rowMin, this.rowMax, this.rowCountFinite];
    const [cs, cq, cmin, cmax, cc] = [this.colSum, this.colSq, this.colMin, this.colMax, this.colCount];
    for (let i = 0; i < length; i++) {
      const index = start + i;
      const row = Math.floor(index / L);
      const col = index - row * L;
      const x = chunk[i] as number;
      if (col === 0) this.startRow(row);
      const finite = x - x === 0;
      if (finite) {
        if (rs && rq && rmin && rmax && rc) {
          rs[row] = (rs[row] as number) + x;
          rq[row] = (rq[row] as number) + x * x;
          rc[row] = (rc[row] as number) + 1;
          if (x < (rmin[row] as number)) rmin[row] = x;
          if (x > (rmax[row] as number)) rmax[row] = x;
        }
        if (cs && cq && cmin && cmax && cc) {
          cs[col] = (cs[col] as number) + x;
          cq[col] = (cq[col] as number) + x * x;
          cc[col] = (cc[col] as number) + 1;
          if (x < (cmin[col] as number)) cmin[col] = x;
          if (x > (cmax[col] as number)) cmax[col] = x;
        }
        // Online softmax: rescale the running sums when the row maximum grows.
        if (x > this.smMax) {
          const s = this.smMax === -Infinity ? 0 : Math.exp(this.smMax - x);
          this.smS1 *= s;
          this.smS2 *= s * s;
          this.smSX = this.smSX * s;
          this.smMax = x;
        }
        const e = Math.exp(x - this.smMax);
        this.smS1 += e;
        this.smS2 += e * e;
        this.smSX += e * x;
      } else this.smBad = true;
      if (this.currentKept) this.currentKept[col] = x;
      if (col === L - 1) this.endRow(row, saturation, uniformRatio);
    }
  }

  private startRow(row: number): void {
    this.smMax = -Infinity;
    this.smS1 = 0;
    this.smS2 = 0;
    this.smSX = 0;
    this.smBad = false;
    // Reservoir of whole rows (Algorithm R) for the anisotropy check.
    this.currentKept = undefined;
    if (this.shape.length === 2 && this.rowLength <= 65_536) {
      const k = 256;
      if (this.keepRows.length < k) {
        this.currentKept = new Float64Array(this.rowLength);
        this.keepRows.push(this.currentKept);
      } else {
        const j = Math.floor(this.random() * (this.rowsSeenForSample + 1));
        if (j < k) {
          this.currentKept = new Float64Array(this.rowLength);
          this.keepRows[j] = this.currentKept;
        }
      }
      this.rowsSeenForSample++;
    }
    void row;
  }

  private endRow(row: number, saturation: number, uniformRatio: number): void {
    if (this.smBad || this.smS1 === 0 || this.rowLength < 2) return;
    const maxProb = 1 / this.smS1;
    const sumSq = this.smS2 / (this.smS1 * this.smS1);
    // H = log S1 + m − Σ e·x / S1 with e = exp(x − m).
    const entropy = Math.log(this.smS1) + this.smMax - this.smSX / this.smS1;
    const s = this.sm;
    s.rows++;
    s.maxProb += maxProb;
    s.entropy += entropy;
    s.gradient += 1 - sumSq;
    if (maxProb >= saturation) {
      s.saturated++;
      if (this.smExamples.length < 5) this.smExamples.push({ row, maxProb, entropy });
    }
    if (entropy >= uniformRatio * Math.log(this.rowLength)) s.uniform++;
  }

  finish(): RawStatistics {
    const k = Math.min(this.sampleFill, this.sample.length);
    const sample = this.sample.slice(0, k).sort();
    const axis = (sum?: Float64Array, sq?: Float64Array, mn?: Float64Array, mx?: Float64Array, cnt?: Float64Array): AxisSummary | undefined => {
      if (!sum || !sq || !mn || !mx || !cnt) return undefined;
      const mean = new Float64Array(sum.length);
      const std = new Float64Array(sum.length);
      for (let i = 0; i < sum.length; i++) {
        const c = cnt[i] as number;
        mean[i] = c ? (sum[i] as number) / c : NaN;
        std[i] = c ? Math.sqrt(Math.max(0, (sq[i] as number) / c - (mean[i] as number) ** 2)) : NaN;
      }
      return { count: sum.length, mean, std, min: mn, max: mx };
    };
    const rows = axis(this.rowSum, this.rowSq, this.rowMin, this.rowMax, this.rowCountFinite);
    const cols = axis(this.colSum, this.colSq, this.colMin, this.colMax, this.colCount);
    const s = this.sm;
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
      sampled: this.seen > this.sample.length,
      ...(rows ? { rows } : {}),
      ...(cols ? { cols } : {}),
      ...(s.rows > 0 ? { softmax: { rows: s.rows, length: this.rowLength, saturated: s.saturated, uniform: s.uniform, meanMaxProb: s.maxProb / s.rows, meanEntropy: s.entropy / s.rows, meanGradient: s.gradient / s.rows, examples: this.smExamples } } : {}),
      ...(this.keepRows.length ? { sampleRows: this.keepRows } : {}),
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
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
