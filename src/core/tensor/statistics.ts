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
const E4M3_TINY = 2 ** -9;
const E5M2_TINY = 2 ** -16;
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
  private readonly rowCountFinite?: Float64Array;
  private readonly colSum?: Float64Array;
  private readonly colSq?: Float64Array;
  /** Non-finite values per column (the finite count is the rows seen minus these). */
  private readonly colNonFinite?: Float64Array;
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
    private readonly options: StatisticsOptions & { softmaxSaturation?: number; softmaxUniform?: number; softmax?: boolean; sampleRows?: boolean } = {},
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
        this.rowCountFinite = new Float64Array(this.rowCount);
      }
      if (this.rowLength <= maxSummaries) {
        this.colSum = new Float64Array(this.rowLength);
        this.colSq = new Float64Array(this.rowLength);
        this.colNonFinite = new Float64Array(this.rowLength);
      }
    }
    if (count <= (options.keepElements ?? 65_536)) this.values = new Float64Array(count);
  }

  /** Adds the next `length` values (in storage order) of the tensor. */
  push(chunk: ArrayLike<number>, length = chunk.length): void {
    const start = this.n;
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

  /** Row segments of the chunk: each (row, column range) is summarised without per-element division. */
  private rowwise(chunk: ArrayLike<number>, length: number, start: number): void {
    const L = this.rowLength;
    const saturation = this.options.softmaxSaturation ?? 0.99;
    const uniformRatio = this.options.softmaxUniform ?? 0.99;
    const softmax = this.options.softmax !== false;
    const rs = this.rowSum;
    const rq = this.rowSq;
    const rc = this.rowCountFinite;
    const cs = this.colSum;
    const cq = this.colSq;
    const cnf = this.colNonFinite;
    let i = 0;
    while (i < length) {
      const index = start + i;
      const row = Math.floor(index / L);
      const col0 = index - row * L;
      const take = Math.min(L - col0, length - i);
      if (col0 === 0) this.startRow();
      let sum = 0;
      let sq = 0;
      let cnt = 0;
      let smMax = this.smMax;
      let s1 = this.smS1;
      let s2 = this.smS2;
      let sx = this.smSX;
      const kept = this.currentKept;
      for (let j = 0; j < take; j++) {
        const x = chunk[i + j] as number;
        const col = col0 + j;
        if (kept) kept[col] = x;
        if (x - x !== 0) {
          this.smBad = true;
          if (cnf) cnf[col] = (cnf[col] as number) + 1;
          continue;
        }
        const x2 = x * x;
        sum += x;
        sq += x2;
        cnt++;
        if (cs && cq) {
          cs[col] = (cs[col] as number) + x;
          cq[col] = (cq[col] as number) + x2;
        }
        if (softmax) {
          // Online softmax: rescale the running sums when the row maximum grows.
          if (x > smMax) {
            const r = smMax === -Infinity ? 0 : Math.exp(smMax - x);
            s1 *= r;
            s2 *= r * r;
            sx *= r;
            smMax = x;
          }
          const e = Math.exp(x - smMax);
          s1 += e;
          s2 += e * e;
          sx += e * x;
        }
      }
      this.smMax = smMax;
      this.smS1 = s1;
      this.smS2 = s2;
      this.smSX = sx;
      if (rs && rq && rc) {
        rs[row] = (rs[row] as number) + sum;
        rq[row] = (rq[row] as number) + sq;
        rc[row] = (rc[row] as number) + cnt;
      }
      if (col0 + take === L && softmax) this.endRow(row, saturation, uniformRatio);
      i += take;
    }
  }

  private startRow(): void {
    this.smMax = -Infinity;
    this.smS1 = 0;
    this.smS2 = 0;
    this.smSX = 0;
    this.smBad = false;
    // Reservoir of whole rows (Algorithm R) for the anisotropy check.
    this.currentKept = undefined;
    if (this.shape.length === 2 && this.rowLength <= 65_536 && this.options.sampleRows !== false) {
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
    const axis = (sum: Float64Array | undefined, sq: Float64Array | undefined, count: (i: number) => number): AxisSummary | undefined => {
      if (!sum || !sq) return undefined;
      const mean = new Float64Array(sum.length);
      const std = new Float64Array(sum.length);
      for (let i = 0; i < sum.length; i++) {
        const c = count(i);
        mean[i] = c ? (sum[i] as number) / c : NaN;
        std[i] = c ? Math.sqrt(Math.max(0, (sq[i] as number) / c - (mean[i] as number) ** 2)) : NaN;
      }
      return { count: sum.length, mean, std };
    };
    const L = this.rowLength;
    const fullRows = L ? Math.floor(this.n / L) : 0;
    const partial = L ? this.n - fullRows * L : 0;
    const rows = axis(this.rowSum, this.rowSq, (i) => this.rowCountFinite?.[i] ?? 0);
    const cols = axis(this.colSum, this.colSq, (i) => (i < partial ? fullRows + 1 : fullRows) - (this.colNonFinite?.[i] ?? 0));
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
