// The fast path of the float accumulator (fp32, fp64, int32, uint32 read in place through a
// typed-array view; other wide dtypes after a decode). Per chunk, with independent accumulators (a
// loop-carried add chain, not the arithmetic, is what bounds a sum):
// - sums and sums of squares; for a 2-D tensor per row and per column, four whole rows at a time
//   (one load and store of each column's sums per four values);
// - min, max and the range counts: below e4m3's smallest subnormal counted without a branch (for
//   fp32 on the bit patterns), the positions of values below fp16's normal range recorded behind
//   one well-predicted test and counted after the loop; values beyond ±448 or above ln 65520 are
//   counted by a third loop only in a chunk whose min or max says it holds some.
// fp32 rows take both in one pass over each four rows (fourRowsF32); other views run the range
// loop over the same four rows right after their sums. Each loop is a small function, primed on a
// few values before the first chunk (see prime()).
// No per-element call and no NaN test: a NaN or ±Inf makes the chunk's sum non-finite, tested
// once per chunk, and then nothing of the chunk is committed and the caller takes the careful path
// (rare: real tensors hold no NaN, or a few chunks do).
import * as ranges from './ranges';
import { countRareRanges, type RangeCounts } from './ranges';

// Module constants, not imported bindings: a transpiled import is a property read (or a getter)
// in the hot loop.
const E4M3_TINY = ranges.E4M3_TINY;
const FP16_NORMAL = ranges.FP16_NORMAL;
const EXP_FP16 = ranges.EXP_FP16;

/** The row sums of the last fourRows call: sum, sum of squares per row. */
const FOUR_SUMS = new Float64Array(8);

/**
 * Four whole rows from v[b] (rows of L): row sums stay in registers, each column's sums are loaded
 * and stored once per four values; the rows' sums go to `out`. A small function of its own, called
 * per four rows: V8 optimises it after a few calls from complete feedback, not by replacing a long
 * method mid-loop.
 */
function fourRows(v: NumericView, b: number, L: number, cs: Float64Array, cq: Float64Array, out: Float64Array): void {
  const b1 = b + L;
  const b2 = b1 + L;
  const b3 = b2 + L;
  let s0 = 0, q0 = 0, s1 = 0, q1 = 0, s2 = 0, q2 = 0, s3 = 0, q3 = 0; // prettier-ignore
  for (let j = 0; j < L; j++) {
    const x0 = v[b + j] as number;
    const x1 = v[b1 + j] as number;
    const x2 = v[b2 + j] as number;
    const x3 = v[b3 + j] as number;
    const y0 = x0 * x0;
    const y1 = x1 * x1;
    const y2 = x2 * x2;
    const y3 = x3 * x3;
    s0 += x0;
    q0 += y0;
    s1 += x1;
    q1 += y1;
    s2 += x2;
    q2 += y2;
    s3 += x3;
    q3 += y3;
    cs[j] = (cs[j] as number) + (x0 + x1 + (x2 + x3));
    cq[j] = (cq[j] as number) + (y0 + y1 + (y2 + y3));
  }
  out[0] = s0;
  out[1] = q0;
  out[2] = s1;
  out[3] = q1;
  out[4] = s2;
  out[5] = q2;
  out[6] = s3;
  out[7] = q3;
}

/** Sum and sum of squares of v[0, length) to out[0], out[1] (two chains each). */
function flatSums(v: NumericView, length: number, out: Float64Array): void {
  let s0 = 0;
  let s1 = 0;
  let q0 = 0;
  let q1 = 0;
  const even = length - (length % 2);
  for (let i = 0; i < even; i += 2) {
    const x0 = v[i] as number;
    const x1 = v[i + 1] as number;
    s0 += x0;
    q0 += x0 * x0;
    s1 += x1;
    q1 += x1 * x1;
  }
  if (even < length) {
    const x = v[even] as number;
    s0 += x;
    q0 += x * x;
  }
  out[0] = s0 + s1;
  out[1] = q0 + q1;
}

/**
 * fourRows and rangeLoopF32 in one pass over four fp32 rows: the four values of a column, loaded
 * once, go to the sums and to min, max and the range counts (into `ro`, as rangeLoopF32). ~20 %
 * less per value than the two loops one after the other: the second pass's loads, bounds checks
 * and loop overhead are gone, and the extra accumulators spill little.
 */
function fourRowsF32(v: Float32Array, u: Int32Array, b: number, L: number, cs: Float64Array, cq: Float64Array, out: Float64Array, small: Int32Array, ro: Float64Array): void {
  const b1 = b + L;
  const b2 = b1 + L;
  const b3 = b2 + L;
  let s0 = 0, q0 = 0, s1 = 0, q1 = 0, s2 = 0, q2 = 0, s3 = 0, q3 = 0; // prettier-ignore
  let mn = ro[0] as number;
  let mx = ro[1] as number;
  let e = 0;
  let n = ro[3] as number;
  const cap = small.length - 4;
  for (let j = 0; j < L; j++) {
    const x0 = v[b + j] as number;
    const x1 = v[b1 + j] as number;
    const x2 = v[b2 + j] as number;
    const x3 = v[b3 + j] as number;
    const y0 = x0 * x0;
    const y1 = x1 * x1;
    const y2 = x2 * x2;
    const y3 = x3 * x3;
    s0 += x0;
    q0 += y0;
    s1 += x1;
    q1 += y1;
    s2 += x2;
    q2 += y2;
    s3 += x3;
    q3 += y3;
    cs[j] = (cs[j] as number) + (x0 + x1 + (x2 + x3));
    cq[j] = (cq[j] as number) + (y0 + y1 + (y2 + y3));
    // Pairs first (one compare each), then one compare per pair against min and max.
    const lo = x1 < x0 ? x1 : x0;
    const hi = x1 > x0 ? x1 : x0;
    const lo2 = x3 < x2 ? x3 : x2;
    const hi2 = x3 > x2 ? x3 : x2;
    if (lo < mn) mn = lo;
    if (hi > mx) mx = hi;
    if (lo2 < mn) mn = lo2;
    if (hi2 > mx) mx = hi2;
    const a0 = (u[b + j] as number) & 0x7fffffff;
    const a1 = (u[b1 + j] as number) & 0x7fffffff;
    const a2 = (u[b2 + j] as number) & 0x7fffffff;
    const a3 = (u[b3 + j] as number) & 0x7fffffff;
    e += ((a0 - E4M3_TINY_BITS) >>> 31) + ((a1 - E4M3_TINY_BITS) >>> 31) + ((a2 - E4M3_TINY_BITS) >>> 31) + ((a3 - E4M3_TINY_BITS) >>> 31);
    if (((a0 - FP16_NORMAL_BITS) | (a1 - FP16_NORMAL_BITS) | (a2 - FP16_NORMAL_BITS) | (a3 - FP16_NORMAL_BITS)) < 0) {
      if (n < cap) {
        small[n] = b + j;
        n += (a0 - FP16_NORMAL_BITS) >>> 31;
        small[n] = b1 + j;
        n += (a1 - FP16_NORMAL_BITS) >>> 31;
        small[n] = b2 + j;
        n += (a2 - FP16_NORMAL_BITS) >>> 31;
        small[n] = b3 + j;
        n += (a3 - FP16_NORMAL_BITS) >>> 31;
      } else n = small.length + 1;
    }
  }
  out[0] = s0;
  out[1] = q0;
  out[2] = s1;
  out[3] = q1;
  out[4] = s2;
  out[5] = q2;
  out[6] = s3;
  out[7] = q3;
  ro[0] = mn;
  ro[1] = mx;
  ro[2] = (ro[2] as number) + e;
  ro[3] = n;
}

/** `take` values from v[i] (a part of a row from column col0): its sums to out[0], out[1], and to the columns'. */
function partRow(v: NumericView, i: number, take: number, col0: number, cs: Float64Array, cq: Float64Array, out: Float64Array): void {
  let s = 0;
  let q = 0;
  for (let j = 0; j < take; j++) {
    const x = v[i + j] as number;
    const y = x * x;
    const col = col0 + j;
    s += x;
    q += y;
    cs[col] = (cs[col] as number) + x;
    cq[col] = (cq[col] as number) + y;
  }
  out[0] = s;
  out[1] = q;
}

/** The views the loop reads (one shape of code per view type; V8 keeps them apart). */
export type NumericView = Float32Array | Float64Array | Int32Array | Uint32Array;

export class ChunkScan {
  sum = 0;
  sq = 0;
  min = Infinity;
  max = -Infinity;
  /** Values below e4m3's smallest subnormal, zeros included (taken back by the rare counts). */
  e4m3Below = 0;
  /** Rare values (below fp16's normal range or above ln 65520) counted as the table path does. */
  readonly rare: RangeCounts & { zeros: number };
  /** Sums per row touched by the chunk (index 0 = the chunk's first row) and their element counts. */
  rowSum = new Float64Array(8);
  rowSq = new Float64Array(8);
  rowN = new Float64Array(8);
  rows = 0;
  firstRow = 0;
  /** Column sums of this chunk (length: the row length; reset after each commit). */
  colSum: Float64Array;
  colSq: Float64Array;

  constructor(readonly rowLength: number) {
    this.rare = { ...emptyRare() };
    this.colSum = new Float64Array(rowLength);
    this.colSq = new Float64Array(rowLength);
  }

  /** Whether the last scan's values were all finite (and their squares did not overflow). */
  get finite(): boolean {
    return this.sum - this.sum === 0 && this.sq - this.sq === 0;
  }

  /** A 1-D (or unsummarised) chunk: moments, min, max, ranges. */
  scanFlat(v: NumericView, length: number): void {
    prime(v);
    flatSums(v, length, FOUR_SUMS);
    this.sum = FOUR_SUMS[0] as number;
    this.sq = FOUR_SUMS[1] as number;
    this.rows = 0;
    this.scanRanges(v, length);
  }

  /** min, max and the range counts of a chunk (see the top of the file). */
  private scanRanges(v: NumericView, length: number): void {
    const u = this.startRanges(v, length);
    // In pieces: once the loop's optimised code is ready, the next piece runs it (a call already
    // running stays interpreted or on its on-stack-replacement code).
    for (let from = 0; from < length; from += RANGE_PIECE) rangePiece(v, u, from, Math.min(length, from + RANGE_PIECE));
    this.endRanges(v, length);
  }

  /** Resets the range loop's accumulators for a chunk; the chunk's bit patterns for an fp32 one. */
  private startRanges(v: NumericView, length: number): Int32Array | undefined {
    const out = RANGE_OUT;
    out[0] = Infinity;
    out[1] = -Infinity;
    out[2] = 0;
    out[3] = 0;
    return v instanceof Float32Array ? new Int32Array(v.buffer, v.byteOffset, length) : undefined;
  }

  /** The chunk's min, max and range counts from the range loop's accumulators. */
  private endRanges(v: NumericView, length: number): void {
    const rare = this.rare;
    for (const k of RARE_KEYS) rare[k] = 0;
    const out = RANGE_OUT;
    const mn = out[0] as number;
    const mx = out[1] as number;
    const small = out[3] as number;
    if (small > 0) countSmallAt(v, SMALL_AT, small, length, rare);
    if (mx > EXP_FP16 || mn < -448) countHigh(v, length, rare);
    this.min = mn;
    this.max = mx;
    this.e4m3Below = out[2] as number;
  }

  /**
   * A chunk of a 2-D tensor starting at flat index `start`: also the sums of each row it touches
   * (rowSum/rowSq/rowN from firstRow) and of each column (colSum/colSq, added to, never reset here).
   */
  scanRows(v: NumericView, length: number, start: number): void {
    prime(v);
    const L = this.rowLength;
    const cs = this.colSum;
    const cq = this.colSq;
    this.firstRow = Math.floor(start / L);
    const need = Math.ceil(length / L) + 2;
    if (this.rowSum.length < need) {
      this.rowSum = new Float64Array(need);
      this.rowSq = new Float64Array(need);
      this.rowN = new Float64Array(need);
    }
    const rs = this.rowSum;
    const rq = this.rowSq;
    const rn = this.rowN;
    const u = this.startRanges(v, length);
    let r = 0;
    let i = 0;
    // The range loop follows the sums over the same rows while they are still in cache.
    while (i < length) {
      const col0 = (start + i) % L;
      if (col0 === 0 && length - i >= 4 * L) {
        if (u) fourRowsF32(v as Float32Array, u, i, L, cs, cq, FOUR_SUMS, SMALL_AT, RANGE_OUT);
        else {
          fourRows(v, i, L, cs, cq, FOUR_SUMS);
          rangePiece(v, u, i, i + 4 * L);
        }
        for (let k = 0; k < 4; k++) {
          rs[r + k] = FOUR_SUMS[2 * k] as number;
          rq[r + k] = FOUR_SUMS[2 * k + 1] as number;
          rn[r + k] = L;
        }
        r += 4;
        i += 4 * L;
        continue;
      }
      // A part of a row, or a whole row of the last few.
      const take = Math.min(L - col0, length - i);
      partRow(v, i, take, col0, cs, cq, FOUR_SUMS);
      rangePiece(v, u, i, i + take);
      rs[r] = FOUR_SUMS[0] as number;
      rq[r] = FOUR_SUMS[1] as number;
      rn[r] = take;
      r++;
      i += take;
    }
    let s = 0;
    let q = 0;
    for (let k = 0; k < r; k++) {
      s += rs[k] as number;
      q += rq[k] as number;
    }
    this.rows = r;
    this.sum = s;
    this.sq = q;
    this.endRanges(v, length);
  }

  /** A non-finite chunk is not committed: clears the column sums it touched. */
  clearColumns(start: number, length: number): void {
    this.eachColumnRange(start, length, (from, to) => {
      this.colSum.fill(0, from, to);
      this.colSq.fill(0, from, to);
    });
  }

  /** Adds the column sums of the last chunk to `cs`/`cq` and clears them for the next. */
  commitColumns(cs: Float64Array, cq: Float64Array, start: number, length: number): void {
    const s = this.colSum;
    const q = this.colSq;
    this.eachColumnRange(start, length, (from, to) => {
      for (let c = from; c < to; c++) {
        cs[c] = (cs[c] as number) + (s[c] as number);
        cq[c] = (cq[c] as number) + (q[c] as number);
      }
      s.fill(0, from, to);
      q.fill(0, from, to);
    });
  }

  /** The columns a chunk of `length` values from flat index `start` touched, as one or two ranges. */
  private eachColumnRange(start: number, length: number, f: (from: number, to: number) => void): void {
    const L = this.rowLength;
    if (length >= L) {
      f(0, L);
      return;
    }
    const col0 = start % L;
    f(col0, Math.min(L, col0 + length));
    if (col0 + length > L) f(0, col0 + length - L);
  }
}

/** The range loop over v[from, to) (`u`: the bit patterns of an fp32 chunk), into RANGE_OUT. */
function rangePiece(v: NumericView, u: Int32Array | undefined, from: number, to: number): void {
  if (u) rangeLoopF32(v as Float32Array, u, from, to, SMALL_AT, RANGE_OUT);
  else rangeLoop(v, from, to, SMALL_AT, RANGE_OUT);
}

/** min, max, e4m3's underflow count and how many values below fp16's normal range of the last range loop. */
const RANGE_OUT = new Float64Array(4);

/**
 * Where the range loop found values below fp16's normal range (zeros included). The loop only
 * records them: counting them there (a call the compiler inlines at each test) made the loop's
 * optimised code several times bigger and its compilation take 20–30 ms, all that time spent in
 * the interpreter. Beyond SMALL_CAP in a chunk (a sparse tensor) the chunk is scanned again.
 */
const SMALL_CAP = 8192;
/** Values per range-loop call. */
const RANGE_PIECE = 1 << 16;
const SMALL_AT = new Int32Array(SMALL_CAP);

/**
 * The min/max/ranges loop, a small function of its own: its callers' code after the loop never
 * runs inside the optimised loop (a method holding both was entered through on-stack replacement
 * and bailed out at the first statement after the loop, ~2.5× slower per value).
 */
function rangeLoop(v: NumericView, from: number, to: number, small: Int32Array, out: Float64Array): void {
  let mn = out[0] as number;
  let mx = out[1] as number;
  let e0 = 0;
  let e1 = 0;
  let n = out[3] as number;
  const cap = small.length;
  const even = to - ((to - from) % 2);
  for (let i = from; i < even; i += 2) {
    const x0 = v[i] as number;
    const x1 = v[i + 1] as number;
    if (x0 < mn) mn = x0;
    if (x0 > mx) mx = x0;
    if (x1 < mn) mn = x1;
    if (x1 > mx) mx = x1;
    const a0 = Math.abs(x0);
    const a1 = Math.abs(x1);
    e0 += +(a0 < E4M3_TINY);
    e1 += +(a1 < E4M3_TINY);
    if (a0 < FP16_NORMAL) {
      if (n < cap) small[n] = i;
      n++;
    }
    if (a1 < FP16_NORMAL) {
      if (n < cap) small[n] = i + 1;
      n++;
    }
  }
  for (let i = even; i < to; i++) {
    const x = v[i] as number;
    if (x < mn) mn = x;
    if (x > mx) mx = x;
    const a = Math.abs(x);
    e0 += +(a < E4M3_TINY);
    if (a < FP16_NORMAL) {
      if (n < cap) small[n] = i;
      n++;
    }
  }
  out[0] = mn;
  out[1] = mx;
  out[2] = (out[2] as number) + e0 + e1;
  out[3] = n;
}

// fp32 bit patterns of the two thresholds (both exact in fp32): for |x| the patterns order as the
// values do, so |x| < t is an integer compare of the pattern without its sign bit.
const E4M3_TINY_BITS = 0x3b000000; // 2⁻⁹: biased exponent 118, mantissa 0
const FP16_NORMAL_BITS = 0x38800000; // 2⁻¹⁴: biased exponent 113

/**
 * rangeLoop for fp32, reading each value's bit pattern too (`u`, an Int32Array over the same
 * bytes): e4m3's underflow count is integer arithmetic on the pattern without its sign bit (a
 * borrow into bit 31, no branch and no boolean), one test per four values finds those below fp16's
 * normal range, and two pairs of min/max accumulators halve the compare chains.
 */
function rangeLoopF32(v: Float32Array, u: Int32Array, from: number, to: number, small: Int32Array, out: Float64Array): void {
  let mn0 = out[0] as number;
  let mx0 = out[1] as number;
  let mn1 = mn0;
  let mx1 = mx0;
  let e0 = 0;
  let e1 = 0;
  let n = out[3] as number;
  const cap = small.length - 4;
  const four = to - ((to - from) % 4);
  for (let i = from; i < four; i += 4) {
    const x0 = v[i] as number;
    const x1 = v[i + 1] as number;
    const x2 = v[i + 2] as number;
    const x3 = v[i + 3] as number;
    if (x0 < mn0) mn0 = x0;
    if (x0 > mx0) mx0 = x0;
    if (x1 < mn1) mn1 = x1;
    if (x1 > mx1) mx1 = x1;
    if (x2 < mn0) mn0 = x2;
    if (x2 > mx0) mx0 = x2;
    if (x3 < mn1) mn1 = x3;
    if (x3 > mx1) mx1 = x3;
    const a0 = (u[i] as number) & 0x7fffffff;
    const a1 = (u[i + 1] as number) & 0x7fffffff;
    const a2 = (u[i + 2] as number) & 0x7fffffff;
    const a3 = (u[i + 3] as number) & 0x7fffffff;
    e0 += ((a0 - E4M3_TINY_BITS) >>> 31) + ((a2 - E4M3_TINY_BITS) >>> 31);
    e1 += ((a1 - E4M3_TINY_BITS) >>> 31) + ((a3 - E4M3_TINY_BITS) >>> 31);
    // Any of the four below fp16's normal range: its difference is negative (sign bit set).
    if (((a0 - FP16_NORMAL_BITS) | (a1 - FP16_NORMAL_BITS) | (a2 - FP16_NORMAL_BITS) | (a3 - FP16_NORMAL_BITS)) < 0) {
      if (n < cap) {
        // Branch-free: each position is written, the count advances past the small ones only.
        small[n] = i;
        n += (a0 - FP16_NORMAL_BITS) >>> 31;
        small[n] = i + 1;
        n += (a1 - FP16_NORMAL_BITS) >>> 31;
        small[n] = i + 2;
        n += (a2 - FP16_NORMAL_BITS) >>> 31;
        small[n] = i + 3;
        n += (a3 - FP16_NORMAL_BITS) >>> 31;
      } else n = small.length + 1; // more than fit: the chunk is scanned again
    }
  }
  for (let i = four; i < to; i++) {
    const x = v[i] as number;
    if (x < mn0) mn0 = x;
    if (x > mx0) mx0 = x;
    const a = (u[i] as number) & 0x7fffffff;
    e0 += (a - E4M3_TINY_BITS) >>> 31;
    if (a < FP16_NORMAL_BITS) {
      if (n < cap) small[n++] = i;
      else n = small.length + 1;
    }
  }
  out[0] = mn0 < mn1 ? mn0 : mn1;
  out[1] = mx0 > mx1 ? mx0 : mx1;
  out[2] = (out[2] as number) + e0 + e1;
  out[3] = n;
}

/** The range counts of the values below fp16's normal range a range loop found (`n` of them at small[0, n)). */
function countSmallAt(v: NumericView, small: Int32Array, n: number, length: number, rare: RangeCounts & { zeros: number }): void {
  if (n > small.length) {
    for (let i = 0; i < length; i++) {
      const x = v[i] as number;
      if (Math.abs(x) < FP16_NORMAL) countSmall(rare, x);
    }
    return;
  }
  for (let k = 0; k < n; k++) countSmall(rare, v[small[k] as number] as number);
}

/** Values beyond ±448 or above ln 65520 (only in a chunk whose min or max says it holds some). */
function countHigh(v: NumericView, length: number, rare: RangeCounts & { zeros: number }): void {
  for (let i = 0; i < length; i++) {
    const x = v[i] as number;
    if (x > EXP_FP16 || x < -448) countRareRanges(rare, x, 1);
  }
}

/**
 * Values for prime(): zeros, values below fp16's normal range, ordinary ones and values beyond
 * ±448 and ln 65520, so that every branch of the loops has run.
 */
const PRIMING = [0, -0, 3e-9, -2e-6, 4e-5, 1e-3, -0.02, 0.3, -1.5, 12, -500, 70_000, 100, 2e-3, -7e-4, 0.05];
const primed = new Set<unknown>();
/** prime()'s rounds over PRIMING: enough for complete feedback (~2 ms; long enough to have the
 * loops compiled before the data comes, 100 rounds of 256 values, cost ~20 ms: more than compiling
 * them mid-loop on the first chunk). */
const PRIME_REPS = 32;

/**
 * Runs each loop on a few values of the view's type before its first real chunk (~1 ms). V8
 * allocates a function's type feedback only after a few calls: without this the first chunk's
 * call ran the loop interpreted, optimised it mid-loop (on-stack replacement) with no feedback for
 * the code after the loop, and that code then bailed out at the loop's end on every later chunk
 * (27 and 110 deoptimisations per fp32 run; the range loop at ~3.5 ns per value instead of ~1.5,
 * interpreted loops boxing doubles: ~50 ms of scavenges per thread).
 */
function prime(v: NumericView): void {
  const type = v.constructor;
  if (primed.has(type)) return;
  primed.add(type);
  const w = v instanceof Float32Array ? new Float32Array(PRIMING) : v instanceof Float64Array ? new Float64Array(PRIMING) : v instanceof Int32Array ? new Int32Array(PRIMING) : new Uint32Array(PRIMING);
  const u = new Int32Array(w.buffer);
  const rare = emptyRare();
  const out = new Float64Array(8);
  const cs = new Float64Array(4);
  const cq = new Float64Array(4);
  const odd = w.length - 1; // a tail after the unrolled part
  for (let k = 0; k < PRIME_REPS; k++) {
    fourRows(w, 0, 4, cs, cq, out);
    if (w instanceof Float32Array) {
      RANGE_OUT.fill(0);
      fourRowsF32(w, u, 0, 4, cs, cq, out, SMALL_AT, RANGE_OUT);
    }
    partRow(w, 1, 3, 1, cs, cq, out);
    flatSums(w, odd, out);
    RANGE_OUT.fill(0);
    rangePiece(w, w instanceof Float32Array ? u : undefined, 0, odd);
    countSmallAt(w, SMALL_AT, RANGE_OUT[3] as number, odd, rare);
    countHigh(w, odd, rare);
  }
}

const emptyRare = (): RangeCounts & { zeros: number } => ({ zeros: 0, fp16Overflow: 0, fp16Underflow: 0, fp16Subnormal: 0, e4m3Overflow: 0, e5m2Overflow: 0, e4m3Underflow: 0, e5m2Underflow: 0, expOverflowFp16: 0, expOverflowFp32: 0 });
const RARE_KEYS = Object.keys(emptyRare()) as (keyof ReturnType<typeof emptyRare>)[];

/**
 * A value below fp16's normal range (or a NaN, whose chunk is then not committed): its range
 * counts. e4m3's underflow was counted in the loop, where a zero counted too.
 */
function countSmall(r: RangeCounts & { zeros: number }, x: number): void {
  if (x === 0) {
    r.zeros++;
    r.e4m3Underflow--;
  } else countRareRanges(r, x, 1);
}
