// Statistics along the last axis of a tensor with rows: per-row / per-column summaries (2-D),
// row softmax statistics (online log-sum-exp) and a reservoir of whole rows (embedding
// anisotropy). Shared by the float accumulator and the bit-pattern one; a range of rows computed
// on another thread merges in with `absorb`.
import type { ChunkScan } from './chunkScan';

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

export interface RowOptions {
  readonly maxSummaries?: number;
  readonly softmaxSaturation?: number;
  readonly softmaxUniform?: number;
  readonly softmax?: boolean;
  readonly sampleRows?: boolean;
}

/** The mergeable state of a RowAccumulator (structured-clonable: posted between threads). */
export interface RowState {
  /** The row sums below hold rows rowFrom… (0 from this version on: the whole arrays, moved rather than copied). */
  readonly rowFrom?: number;
  readonly rowSum?: Float64Array;
  readonly rowSq?: Float64Array;
  readonly rowCountFinite?: Float64Array;
  /** The rows this range computed, as [from, to) pairs (the rows between them are zeros here). */
  readonly rowRanges?: readonly number[];
  readonly colSum?: Float64Array;
  readonly colSq?: Float64Array;
  readonly colNonFinite?: Float64Array;
  /**
   * Column sums of blocks of rows (shared between threads in whatever order they were claimed),
   * one partial per block: summed in block order at finish, so the result never depends on which
   * thread took which block (files/rowBlocks.ts). colSum/colSq then hold nothing.
   */
  readonly colBlocks?: ColumnBlock[];
  readonly sm: { rows: number; saturated: number; uniform: number; maxProb: number; entropy: number; gradient: number };
  readonly smExamples: { row: number; maxProb: number; entropy: number }[];
  readonly keepRows: Float64Array[];
  readonly rowsSeenForSample: number;
}

/** One block's column sums (sum and sum of squares per column), from zero. */
export interface ColumnBlock {
  readonly index: number;
  readonly sum: Float64Array;
  readonly sq: Float64Array;
}

const KEEP_ROWS = 256;

/** The row sums of the last fourPatternRows / patternRowPart call: sum, sum of squares per row. */
const ROW_SUMS = new Float64Array(8);

// The pattern kernels are small functions of their own, called per four rows: V8 optimises them
// after a few calls, with complete type feedback. Inlined in pushPatterns (one long method) they
// waited for an on-stack replacement mid-loop, and the first 2 MiB chunk ran many times slower
// than the next ones.

/**
 * Four whole rows of bit patterns from p[b] (rows of L): counts every pattern, adds each column's
 * sums once per four values, and leaves the four rows' sums in `out`. `finite` maps a pattern to
 * its value, with NaN and ±Inf mapped to 0.
 */
function fourPatternRows(p: Uint16Array | Uint8Array, b: number, L: number, finite: Float64Array, counts: Uint32Array, cs: Float64Array, cq: Float64Array, out: Float64Array): void {
  const b1 = b + L;
  const b2 = b1 + L;
  const b3 = b2 + L;
  let s0 = 0, q0 = 0, s1 = 0, q1 = 0, s2 = 0, q2 = 0, s3 = 0, q3 = 0; // prettier-ignore
  for (let j = 0; j < L; j++) {
    const p0 = p[b + j] as number;
    const p1 = p[b1 + j] as number;
    const p2 = p[b2 + j] as number;
    const p3 = p[b3 + j] as number;
    counts[p0] = (counts[p0] as number) + 1;
    counts[p1] = (counts[p1] as number) + 1;
    counts[p2] = (counts[p2] as number) + 1;
    counts[p3] = (counts[p3] as number) + 1;
    const x0 = finite[p0] as number;
    const x1 = finite[p1] as number;
    const x2 = finite[p2] as number;
    const x3 = finite[p3] as number;
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

/** `take` patterns of one row from p[i], its first at column col0: counts, column sums, and the part's sums in out[0], out[1]. */
function patternRowPart(p: Uint16Array | Uint8Array, i: number, take: number, col0: number, finite: Float64Array, counts: Uint32Array, cs: Float64Array, cq: Float64Array, out: Float64Array): void {
  let sum = 0;
  let sq = 0;
  for (let j = 0; j < take; j++) {
    const b = p[i + j] as number;
    counts[b] = (counts[b] as number) + 1;
    const x = finite[b] as number;
    const x2 = x * x;
    const col = col0 + j;
    sum += x;
    sq += x2;
    cs[col] = (cs[col] as number) + x;
    cq[col] = (cq[col] as number) + x2;
  }
  out[0] = sum;
  out[1] = sq;
}

/**
 * Runs both pattern kernels to the end on dummy rows of the same array types (`itemSize` 2:
 * Uint16Array patterns, 1: Uint8Array), before the first real call:
 * - the statements after their loops get type feedback: the first real call is long enough for V8
 *   to compile it on-stack mid-loop, and code compiled without feedback for what follows the loop
 *   bailed out there, call after call, until a full compile arrived (the first 4–8 MiB of each
 *   thread ran unoptimised: ~70 ms per thread on the 512 MiB bench file);
 * - ~4,000 iterations make V8 start compiling them now, while the first read and the pattern
 *   tables are under way (PatternAccumulator.prepare).
 */
export function primePatternKernels(itemSize: number): void {
  const L = 512;
  const p = itemSize === 2 ? new Uint16Array(4 * L) : new Uint8Array(4 * L);
  const finite = new Float64Array(1);
  const counts = new Uint32Array(1);
  const cs = new Float64Array(L);
  const cq = new Float64Array(L);
  const out = new Float64Array(8);
  for (let k = 0; k < 4; k++) {
    fourPatternRows(p, 0, L, finite, counts, cs, cq, out);
    patternRowPart(p, 0, L, 0, finite, counts, cs, cq, out);
  }
}

export class RowAccumulator {
  readonly rowLength: number;
  readonly rowCount: number;
  private readonly rowSum?: Float64Array;
  private readonly rowSq?: Float64Array;
  private readonly rowCountFinite?: Float64Array;
  private readonly colSum?: Float64Array;
  private readonly colSq?: Float64Array;
  /** Where the kernels add column sums: colSum/colSq, or the current block's partial (beginBlock). */
  private cs?: Float64Array;
  private cq?: Float64Array;
  private colBlocks: ColumnBlock[] = [];
  /** Non-finite values per column (the finite count is the rows seen minus these). */
  private readonly colNonFinite?: Float64Array;
  readonly softmax: boolean;
  readonly sampleRows: boolean;
  // Online softmax of the current row.
  private smMax = -Infinity;
  private smS1 = 0;
  private smS2 = 0;
  private smSX = 0;
  private smBad = false;
  private sm = { rows: 0, saturated: 0, uniform: 0, maxProb: 0, entropy: 0, gradient: 0 };
  private smExamples: { row: number; maxProb: number; entropy: number }[] = [];
  private keepRows: Float64Array[] = [];
  private currentKept: Float64Array | undefined;
  private rowsSeenForSample = 0;
  /** The rows touched, as [from, to) pairs: one range, or one per run of blocks (beginBlock). */
  private ranges: number[] = [];
  /** Whether pushPatterns' kernels were primed (primePatternKernels). */
  private primed = false;
  /** Rows [touchedFrom, touchedTo) hold this accumulator's sums (what state() ships, absorb may overwrite). */
  private touchedFrom = Infinity;
  private touchedTo = 0;

  constructor(
    shape: readonly number[],
    count: number,
    private readonly options: RowOptions,
    private readonly random: () => number,
  ) {
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
        this.cs = this.colSum;
        this.cq = this.colSq;
      }
    }
    this.softmax = this.rowLength > 0 && options.softmax !== false;
    this.sampleRows = shape.length === 2 && this.rowLength > 0 && this.rowLength <= 65_536 && options.sampleRows !== false;
  }

  /** Primes pushPatterns' kernels for patterns of `itemSize` bytes (once; primePatternKernels). */
  prime(itemSize: number): void {
    if (this.primed) return;
    primePatternKernels(itemSize);
    this.primed = true;
  }

  /** Anything to do at all (a 1-D tensor has no rows). */
  get active(): boolean {
    return this.rowLength > 0;
  }

  /** Whether per-element work beyond sums is needed (the row softmax: an exp per value). */
  get needsValues(): boolean {
    return this.softmax;
  }

  get summaries(): boolean {
    return !!(this.rowSum || this.colSum);
  }

  /**
   * Whether the fast chunk loop (chunkScan.ts) can feed this accumulator: no softmax (an exp per
   * value), and a 2-D tensor's columns summarised (the loop sums rows and columns together).
   */
  get scannable(): boolean {
    return !this.softmax && (!this.summaries || !!this.colSum);
  }

  /**
   * The next values belong to block `index` of rows shared between threads (files/rowBlocks.ts):
   * its column sums start from zero in a partial of their own, merged in block order at finish.
   * Row sums need nothing (a block holds whole rows). Not for the softmax or the row sample.
   */
  beginBlock(index: number): void {
    if (!this.colSum) return;
    const block = { index, sum: new Float64Array(this.rowLength), sq: new Float64Array(this.rowLength) };
    this.colBlocks.push(block);
    this.cs = block.sum;
    this.cq = block.sq;
  }

  /** Bytes a block's column partial takes (what bounds the number of blocks). */
  get blockBytes(): number {
    return this.colSum ? 16 * this.rowLength : 0;
  }

  /** Widens the touched rows by the chunk of `length` values from flat index `start`. */
  private touch(start: number, length: number): void {
    if (length <= 0 || this.rowLength === 0) return;
    const first = Math.floor(start / this.rowLength);
    const end = Math.floor((start + length - 1) / this.rowLength) + 1;
    if (first < this.touchedFrom) this.touchedFrom = first;
    if (end > this.touchedTo) this.touchedTo = end;
    const r = this.ranges;
    const last = r.length - 1;
    if (last > 0 && (r[last - 1] as number) <= first && first <= (r[last] as number)) r[last] = Math.max(r[last] as number, end);
    else r.push(first, end);
  }

  /** Adds row `row`'s partial sums (`n` values, all counted as finite). */
  private addRow(row: number, sum: number, sq: number, n: number): void {
    const rs = this.rowSum;
    const rq = this.rowSq;
    const rc = this.rowCountFinite;
    if (!rs || !rq || !rc) return;
    rs[row] = (rs[row] as number) + sum;
    rq[row] = (rq[row] as number) + sq;
    rc[row] = (rc[row] as number) + n;
  }

  /**
   * After a finite chunk went through the fast loop (ChunkScan.scanRows from flat index `start`):
   * its row and column sums, and the decoded values of the rows the row sample keeps.
   */
  addScan(scan: ChunkScan, v: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, length: number, start: number): void {
    this.touch(start, length);
    if (this.summaries) {
      for (let k = 0; k < scan.rows; k++) this.addRow(scan.firstRow + k, scan.rowSum[k] as number, scan.rowSq[k] as number, scan.rowN[k] as number);
      scan.commitColumns(this.cs as Float64Array, this.cq as Float64Array, start, length);
    }
    this.keepRowsOf(length, start, (kept, col0, i, take) => kept.set(v.subarray(i, i + take), col0));
  }

  /** addScan for a chunk that was never decoded: the row sample reads its values one at a time. */
  addScanAt(scan: ChunkScan, valueAt: (i: number) => number, length: number, start: number): void {
    this.touch(start, length);
    if (this.summaries) {
      for (let k = 0; k < scan.rows; k++) this.addRow(scan.firstRow + k, scan.rowSum[k] as number, scan.rowSq[k] as number, scan.rowN[k] as number);
      scan.commitColumns(this.cs as Float64Array, this.cq as Float64Array, start, length);
    }
    this.keepRowsOf(length, start, (kept, col0, i, take) => {
      for (let j = 0; j < take; j++) kept[col0 + j] = valueAt(i + j);
    });
  }

  /** Row segments of decoded values starting at flat index `start`. */
  push(chunk: ArrayLike<number>, length: number, start: number): void {
    this.touch(start, length);
    const L = this.rowLength;
    const saturation = this.options.softmaxSaturation ?? 0.99;
    const uniformRatio = this.options.softmaxUniform ?? 0.99;
    const softmax = this.softmax;
    const rs = this.rowSum;
    const rq = this.rowSq;
    const rc = this.rowCountFinite;
    const cs = this.cs;
    const cq = this.cq;
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

  /**
   * Bit patterns of a ≤16-bit dtype starting at flat index `start`: counts every pattern into
   * `counts` and adds the row / column sums in the same pass. Four whole rows at a time share one
   * load and store of each column's sums (the column sums are what costs; rows stay in registers).
   * Only for tensors without softmax or row samples (needsValues false). `finite` maps a pattern
   * to its value with NaN and ±Inf mapped to 0, so the loop needs no test; the caller reports each
   * non-finite element with `nonFiniteAt` (rare: found from the pattern counts).
   */
  pushPatterns(p: Uint16Array | Uint8Array, length: number, start: number, finite: Float64Array, counts: Uint32Array): void {
    this.touch(start, length);
    const L = this.rowLength;
    const cs = this.cs ?? new Float64Array(L);
    const cq = this.cq ?? new Float64Array(L);
    let i = 0;
    const sums = ROW_SUMS;
    if (!this.primed) this.prime(p instanceof Uint16Array ? 2 : 1);
    while (i < length) {
      const index = start + i;
      const row = Math.floor(index / L);
      const col0 = index - row * L;
      if (col0 === 0 && length - i >= 4 * L) {
        fourPatternRows(p, i, L, finite, counts, cs, cq, sums);
        this.addRow(row, sums[0] as number, sums[1] as number, L);
        this.addRow(row + 1, sums[2] as number, sums[3] as number, L);
        this.addRow(row + 2, sums[4] as number, sums[5] as number, L);
        this.addRow(row + 3, sums[6] as number, sums[7] as number, L);
        i += 4 * L;
        continue;
      }
      const take = Math.min(L - col0, length - i);
      patternRowPart(p, i, take, col0, finite, counts, cs, cq, sums);
      this.addRow(row, sums[0] as number, sums[1] as number, take);
      i += take;
    }
  }

  /**
   * After pushPatterns: the row sample (reservoir of whole rows) takes the decoded values of the
   * rows it keeps; work per row, not per element, except for the kept rows.
   */
  keepPatternRows(p: Uint16Array | Uint8Array, length: number, start: number, table: Float64Array): void {
    this.keepRowsOf(length, start, (kept, col0, i, take) => {
      for (let j = 0; j < take; j++) kept[col0 + j] = table[p[i + j] as number] as number;
    });
  }

  /** The row reservoir over a chunk from flat index `start`: `copy` fills a kept row's part from chunk position `i`. */
  private keepRowsOf(length: number, start: number, copy: (kept: Float64Array, col0: number, i: number, take: number) => void): void {
    if (!this.sampleRows) return;
    const L = this.rowLength;
    let i = 0;
    while (i < length) {
      const index = start + i;
      const row = Math.floor(index / L);
      const col0 = index - row * L;
      const take = Math.min(L - col0, length - i);
      if (col0 === 0) this.startRow();
      if (this.currentKept) copy(this.currentKept, col0, i, take);
      i += take;
    }
  }

  /** After pushPatterns: the element at flat `index` was NaN or ±Inf (counted as a finite 0 there). */
  nonFiniteAt(index: number): void {
    const row = Math.floor(index / this.rowLength);
    const col = index - row * this.rowLength;
    if (this.rowCountFinite) this.rowCountFinite[row] = (this.rowCountFinite[row] as number) - 1;
    if (this.colNonFinite) this.colNonFinite[col] = (this.colNonFinite[col] as number) + 1;
  }

  private startRow(): void {
    this.smMax = -Infinity;
    this.smS1 = 0;
    this.smS2 = 0;
    this.smSX = 0;
    this.smBad = false;
    // Reservoir of whole rows (Algorithm R) for the anisotropy check.
    this.currentKept = undefined;
    if (this.sampleRows) {
      if (this.keepRows.length < KEEP_ROWS) {
        this.currentKept = new Float64Array(this.rowLength);
        this.keepRows.push(this.currentKept);
      } else {
        const j = Math.floor(this.random() * (this.rowsSeenForSample + 1));
        if (j < KEEP_ROWS) {
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

  /**
   * The mergeable state: the arrays themselves, not copies (a helper thread transfers them and drops
   * this accumulator; a fresh copy of half a million row sums took 2–5 ms there, page faults
   * included), with the runs of rows this range computed.
   */
  state(): RowState {
    return {
      ...(this.rowSum ? { rowFrom: 0, rowSum: this.rowSum, rowSq: this.rowSq, rowCountFinite: this.rowCountFinite, rowRanges: this.ranges } : {}),
      ...(this.colSum ? { colSum: this.colSum, colSq: this.colSq, colNonFinite: this.colNonFinite } : {}),
      ...(this.colBlocks.length ? { colBlocks: this.colBlocks } : {}),
      sm: this.sm,
      smExamples: this.smExamples,
      keepRows: this.keepRows,
      rowsSeenForSample: this.rowsSeenForSample,
    };
  }

  /** Merges the state of another range of whole rows of the same tensor. */
  absorb(o: RowState): void {
    const add = (a: Float64Array | undefined, b: Float64Array | undefined) => {
      if (a && b) for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
    };
    // Row sums: the other range's rows are copied in place (native) when this range never touched
    // them (whole-row ranges never share a row), else added.
    const from = o.rowFrom ?? 0;
    const to = from + (o.rowSum?.length ?? 0);
    const disjoint = to <= this.touchedFrom || from >= this.touchedTo;
    // Blocks of rows shared between threads interleave: each run of the other's rows is copied in
    // place when it never meets one of this range's runs.
    const theirs = o.rowRanges;
    const apart = !disjoint && theirs !== undefined && !overlaps(this.ranges, theirs);
    const rows = (a: Float64Array | undefined, b: Float64Array | undefined) => {
      if (!a || !b) return;
      if (disjoint) a.set(b, from);
      else if (apart) for (let k = 0; k < theirs.length; k += 2) a.set(b.subarray((theirs[k] as number) - from, (theirs[k + 1] as number) - from), theirs[k] as number);
      else addInto(a.subarray(from, from + b.length), b);
    };
    rows(this.rowSum, o.rowSum);
    rows(this.rowSq, o.rowSq);
    rows(this.rowCountFinite, o.rowCountFinite);
    if (to > from) {
      this.touchedFrom = Math.min(this.touchedFrom, from);
      this.touchedTo = Math.max(this.touchedTo, to);
      this.ranges = [...this.ranges, ...(theirs ?? [from, to])];
    }
    // A range taken by blocks holds its column sums in colBlocks (colSum/colSq are zeros).
    if (!o.colBlocks) {
      add(this.colSum, o.colSum);
      add(this.colSq, o.colSq);
    }
    add(this.colNonFinite, o.colNonFinite);
    if (o.colBlocks) this.colBlocks.push(...o.colBlocks);
    const s = this.sm;
    s.rows += o.sm.rows;
    s.saturated += o.sm.saturated;
    s.uniform += o.sm.uniform;
    s.maxProb += o.sm.maxProb;
    s.entropy += o.sm.entropy;
    s.gradient += o.sm.gradient;
    this.smExamples = [...this.smExamples, ...o.smExamples].sort((a, b) => a.row - b.row).slice(0, 5);
    this.keepRows = mergeReservoirs(this.keepRows, this.rowsSeenForSample, o.keepRows, o.rowsSeenForSample, KEEP_ROWS, this.random);
    this.rowsSeenForSample += o.rowsSeenForSample;
  }

  /** The block partials summed into the column sums in block order (the same sums whoever computed each block). */
  private foldColumnBlocks(): void {
    if (!this.colBlocks.length || !this.colSum || !this.colSq) return;
    const blocks = this.colBlocks.sort((a, b) => a.index - b.index);
    this.colBlocks = [];
    for (const b of blocks) {
      addInto(this.colSum, b.sum);
      addInto(this.colSq, b.sq);
    }
  }

  finish(count: number): { rows?: AxisSummary; cols?: AxisSummary; softmax?: RowSoftmax; sampleRows?: readonly Float64Array[] } {
    // One plain loop per axis over typed arrays (no call per row): it runs once, on a cold thread,
    // over up to a million rows.
    const axis = (sum: Float64Array | undefined, sq: Float64Array | undefined, counts: Float64Array | undefined): AxisSummary | undefined => {
      if (!sum || !sq || !counts) return undefined;
      const n = sum.length;
      const mean = new Float64Array(n);
      const std = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const c = counts[i] as number;
        if (c) {
          const m = (sum[i] as number) / c;
          mean[i] = m;
          std[i] = Math.sqrt(Math.max(0, (sq[i] as number) / c - m ** 2));
        } else {
          mean[i] = NaN;
          std[i] = NaN;
        }
      }
      return { count: n, mean, std };
    };
    this.foldColumnBlocks();
    const L = this.rowLength;
    const fullRows = L ? Math.floor(count / L) : 0;
    const partial = L ? count - fullRows * L : 0;
    let colCounts: Float64Array | undefined;
    if (this.colSum) {
      colCounts = new Float64Array(L);
      const bad = this.colNonFinite;
      for (let i = 0; i < L; i++) colCounts[i] = (i < partial ? fullRows + 1 : fullRows) - (bad ? (bad[i] as number) : 0);
    }
    const rows = axis(this.rowSum, this.rowSq, this.rowCountFinite);
    const cols = axis(this.colSum, this.colSq, colCounts);
    const s = this.sm;
    return {
      ...(rows ? { rows } : {}),
      ...(cols ? { cols } : {}),
      ...(s.rows > 0 ? { softmax: { rows: s.rows, length: L, saturated: s.saturated, uniform: s.uniform, meanMaxProb: s.maxProb / s.rows, meanEntropy: s.entropy / s.rows, meanGradient: s.gradient / s.rows, examples: this.smExamples } } : {}),
      ...(this.keepRows.length ? { sampleRows: this.keepRows } : {}),
    };
  }
}

/** Whether two lists of [from, to) pairs share a row. */
function overlaps(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 2) for (let k = 0; k < b.length; k += 2) if ((a[i] as number) < (b[k + 1] as number) && (b[k] as number) < (a[i + 1] as number)) return true;
  return false;
}

/** Adds b into a element by element (a kernel of its own: it runs optimised after a few blocks). */
function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = (a[i] as number) + (b[i] as number);
}

/**
 * Two uniform samples (reservoirs of at most k items from populations of nA and nB) → one uniform
 * sample of at most k items of the union: each side contributes in proportion to its population
 * (rounded; exact proportions would need a hypergeometric draw, which changes nothing we report).
 */
export function mergeReservoirs<T>(a: T[], nA: number, b: T[], nB: number, k: number, random: () => number): T[] {
  if (a.length + b.length <= k) return [...a, ...b];
  let fromA = Math.round((k * nA) / Math.max(1, nA + nB));
  fromA = Math.max(k - b.length, Math.min(a.length, fromA));
  return [...pick(a, fromA, random), ...pick(b, k - fromA, random)];
}

/** `m` items of `xs` chosen uniformly without replacement (partial Fisher–Yates on a copy). */
function pick<T>(xs: T[], m: number, random: () => number): T[] {
  if (m >= xs.length) return xs.slice();
  const c = xs.slice();
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (c.length - i));
    const t = c[i] as T;
    c[i] = c[j] as T;
    c[j] = t;
  }
  return c.slice(0, m);
}
