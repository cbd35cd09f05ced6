// Exact statistics of a ≤ 16-bit dtype (bf16, fp16, fp8 e4m3fn/e5m2, int8/16, uint8/16, bool):
// each element's bit pattern is counted into a table of 65,536 (or 256) entries, one increment per
// element and nothing else on the hot path. Every statistic then follows from the table: NaN/Inf
// counts, min/max, mean and std (sums over the table, two-pass), the fp16/fp8 range counts, and
// percentiles and the histogram over all values, not a sample. Rows and columns (2-D) are summed
// in the same pass, four rows at a time (rowStatistics.ts).
import { seededUniform } from '../attention/random';
import { ITEM_SIZE, LITTLE_ENDIAN_HOST, patternTable, type Dtype } from './dtypes';
import { RowAccumulator, type RowState } from './rowStatistics';
import { countRanges, emptyRanges } from './ranges';
import { firstIndices, type AccumulatorOptions, type RawStatistics } from './statistics';

/** The mergeable state of a PatternAccumulator (structured-clonable). */
export interface PatternState {
  readonly kind: 'pattern';
  readonly n: number;
  /** Per pattern: a Uint32Array while no count can wrap (half the bytes to post, integer adds), else float64. */
  readonly counts: Uint32Array | Float64Array;
  readonly nanIdx: number[];
  readonly infIdx: number[];
  readonly rows: RowState;
  readonly values?: Float64Array;
}

/** Counts are kept in a Uint32Array and moved to float64 totals before any entry could wrap. */
const FLUSH_EVERY = 2 ** 31;
const UINT32_LIMIT = 2 ** 32;

/** The exponent bits of 16-bit float patterns (all ones: NaN or ±Inf); 16-bit integers have none. */
const NON_FINITE_EXPONENT: Partial<Record<Dtype, number>> = { bfloat16: 0x7f80, float16: 0x7c00 };

/** Counts `count` patterns from p[0] (a kernel of its own: optimised after a few chunks, never entered by on-stack replacement). */
function countPatterns(p: Uint16Array | Uint8Array, count: number, counts: Uint32Array): void {
  for (let i = 0; i < count; i++) {
    const b = p[i] as number;
    counts[b] = (counts[b] as number) + 1;
  }
}

/** Keeps the five smallest indices in ascending order (blocks of rows may arrive out of order). */
function keepFirst(list: number[], index: number): void {
  if (list.length >= 5 && index > (list[4] as number)) return;
  let k = list.length;
  while (k > 0 && (list[k - 1] as number) > index) k--;
  list.splice(k, 0, index);
  if (list.length > 5) list.length = 5;
}

export class PatternAccumulator {
  private n = 0;
  private readonly counts: Uint32Array;
  /** Float64 totals, only once a Uint32 count could wrap (more than 2³¹ elements). */
  private totals: Float64Array | undefined;
  private sinceFlush = 0;
  private nanIdx: number[] = [];
  private infIdx: number[] = [];
  private readonly rows: RowAccumulator;
  private readonly values?: Float64Array;
  private readonly start: number;
  /** Flat index of the next element pushed (start + n, unless blocks are pushed out of order). */
  private next: number;
  private readonly size: number;
  private table: Float64Array | undefined;
  private finiteTable: Float64Array | undefined;
  /** Patterns whose value is NaN or ±Inf (rare; their counts tell whether a chunk holds any). */
  private nonFinite: Uint32Array | undefined;
  private isNonFinite: Uint8Array | undefined;
  private batch: Float64Array | undefined;
  private aligned: Uint16Array | undefined;
  /** The table is indexed by byte-swapped patterns (big-endian data). */
  private swapped = false;

  constructor(
    readonly dtype: Dtype,
    readonly shape: readonly number[],
    options: AccumulatorOptions = {},
  ) {
    this.size = ITEM_SIZE[dtype];
    if (this.size > 2) throw new Error(`PatternAccumulator: ${dtype} has more than 16 bits`);
    const entries = this.size === 2 ? 65_536 : 256;
    this.counts = new Uint32Array(entries);
    const count = shape.reduce((a, b) => a * b, 1);
    this.start = options.start ?? 0;
    this.next = this.start;
    this.rows = new RowAccumulator(shape, count, options, seededUniform((options.seed ?? 12345) + this.start));
    if (count <= (options.keepElements ?? 65_536)) this.values = new Float64Array(count);
  }

  private tables(littleEndian: boolean): Float64Array {
    if (!this.table) {
      this.swapped = this.size === 2 && !littleEndian;
      const t = patternTable(this.dtype, this.swapped) as Float64Array;
      this.table = t;
      // Runs once per tensor on a cold thread (a CLI start-up, a fresh helper), before any loop is
      // optimised: a native copy, then a test of each value's exponent bits read as integers
      // (an interpreted loop over doubles would box every value).
      const finite = t.slice();
      const flag = new Uint8Array(t.length);
      const bad: number[] = [];
      const mark = (p: number) => {
        finite[p] = 0;
        flag[p] = 1;
        bad.push(p);
      };
      const exponent = NON_FINITE_EXPONENT[this.dtype];
      if (this.size === 2 && exponent !== undefined) {
        // A 16-bit float is NaN or ±Inf exactly when its exponent bits are all ones: only those
        // patterns are visited (256 for bf16, 2,048 for fp16), not all 65,536.
        const low = (exponent & -exponent) - 1;
        for (const sign of [0, 0x8000])
          for (let m = 0; m <= low; m++) {
            const bits = sign | exponent | m;
            mark(this.swapped ? ((bits & 0xff) << 8) | (bits >> 8) : bits);
          }
        bad.sort((a, b) => a - b);
      } else if (this.size === 1) {
        // 8-bit tables (fp8: 256 entries); 16-bit integers have no NaN or Inf.
        const top = new Uint16Array(finite.buffer);
        const hi = LITTLE_ENDIAN_HOST ? 3 : 0;
        for (let p = 0; p < t.length; p++) if (((top[4 * p + hi] as number) & 0x7ff0) === 0x7ff0) mark(p);
      }
      this.finiteTable = finite;
      this.isNonFinite = flag;
      this.nonFinite = Uint32Array.from(bad);
    }
    return this.table;
  }

  /**
   * The table indices of the present finite patterns in ascending value order: for 16-bit
   * sign-magnitude floats by walking the patterns in value order (negatives from the most negative
   * down to −0, then +0 up), for 16-bit integers likewise, else sorted. Integer tests only: this
   * runs once, unoptimised.
   */
  private ascending(present: number[], table: Float64Array, seen: (p: number) => boolean): number[] {
    if (this.size !== 2) return present.sort((a, b) => (table[a] as number) - (table[b] as number));
    if (!this.swapped) {
      // `present` is in pattern order: positives then negatives (sign bit set). Sign-magnitude
      // floats: the negatives reversed come first; two's-complement int16: the negatives as they are.
      let k = 0;
      while (k < present.length && (present[k] as number) < 0x8000) k++;
      const positives = present.slice(0, k);
      const negatives = present.slice(k);
      switch (this.dtype) {
        case 'bfloat16':
        case 'float16':
          return [...negatives.reverse(), ...positives];
        case 'int16':
          return [...negatives, ...positives];
        case 'uint16':
          return present;
      }
    }
    const flag = this.isNonFinite as Uint8Array;
    const swap = this.swapped;
    const out: number[] = [];
    const take = (bits: number) => {
      const p = swap ? ((bits & 0xff) << 8) | (bits >> 8) : bits;
      if (seen(p) && !flag[p]) out.push(p);
    };
    switch (this.dtype) {
      case 'bfloat16':
      case 'float16':
        for (let bits = 0xffff; bits >= 0x8000; bits--) take(bits);
        for (let bits = 0; bits < 0x8000; bits++) take(bits);
        return out;
      case 'int16':
        for (let bits = 0x8000; bits < 0x10000; bits++) take(bits);
        for (let bits = 0; bits < 0x8000; bits++) take(bits);
        return out;
      case 'uint16':
        for (let bits = 0; bits < 0x10000; bits++) take(bits);
        return out;
      default:
        return present.sort((a, b) => (table[a] as number) - (table[b] as number));
    }
  }

  private nonFiniteSeen(): number {
    let s = 0;
    const c = this.counts;
    for (const p of this.nonFinite as Uint32Array) s += c[p] as number;
    return s;
  }

  /**
   * Whether blocks of whole rows can be pushed in any order (beginBlock) with the same result:
   * true unless the row softmax or the row sample need the rows in order (a small tensor's values
   * are written at their positions).
   */
  get blockable(): boolean {
    const rows = this.rows;
    return !(rows.active && (rows.needsValues || rows.sampleRows));
  }

  /** Bytes each block's partial sums take (files/rowBlocks.ts bounds the number of blocks by it). */
  get blockBytes(): number {
    return this.rows.blockBytes;
  }

  /** The next elements pushed are block `index` of the tensor's row blocks, from flat index `at` (blockable only). */
  beginBlock(index: number, at: number): void {
    this.next = at;
    this.rows.beginBlock(index);
  }

  /**
   * What the first pushBytes would do first, done while the first read is in flight: the pattern
   * tables for data of this byte order (a few ms on a cold thread), and for a big tensor with row
   * sums the kernels primed, so that V8 compiles them before the first chunk arrives.
   */
  prepare(littleEndian: boolean): void {
    const rows = this.rows;
    const count = this.shape.reduce((a, b) => a * b, 1);
    if (count > 1 << 20 && rows.active && rows.summaries && !rows.needsValues && !rows.sampleRows) rows.prime(this.size);
    this.tables(littleEndian);
  }

  /** Adds the next `count` elements, encoded in `bytes` from byte 0. */
  pushBytes(bytes: Uint8Array, count: number, littleEndian: boolean): void {
    const table = this.tables(littleEndian);
    let p: Uint16Array | Uint8Array;
    if (this.size === 1) p = bytes;
    else if (bytes.byteOffset % 2 === 0) p = new Uint16Array(bytes.buffer, bytes.byteOffset, count);
    else {
      // Odd offset (a memory source's subarray): one aligned copy.
      if (!this.aligned || this.aligned.length < count) this.aligned = new Uint16Array(count);
      new Uint8Array(this.aligned.buffer, 0, count * 2).set(bytes.subarray(0, count * 2));
      p = this.aligned.subarray(0, count);
    }
    const start = this.next;
    const counts = this.counts;
    const before = this.nonFiniteSeen();
    const rows = this.rows;
    const rowWork = rows.active && (rows.summaries || rows.needsValues || rows.sampleRows);
    const fused = rowWork && !rows.needsValues;
    if (fused) {
      rows.pushPatterns(p, count, start, this.finiteTable as Float64Array, counts);
      rows.keepPatternRows(p, count, start, table);
    }
    else countPatterns(p, count, counts);
    if ((rowWork && !fused) || this.values) {
      // The row softmax or a small tensor's values need the decoded values.
      this.batch ??= new Float64Array(Math.min(1 << 18, Math.max(1, count)));
      const out = this.batch;
      for (let first = 0; first < count; first += out.length) {
        const k = Math.min(out.length, count - first);
        for (let i = 0; i < k; i++) out[i] = table[p[first + i] as number] as number;
        if (rowWork && !fused) rows.push(out, k, start + first);
        const v = this.values;
        if (v) for (let i = 0; i < k && start + first + i < v.length; i++) v[start + first + i] = out[i] as number;
      }
    }
    if (this.nonFiniteSeen() > before) {
      // Rare: find the NaN/Inf positions (first five of each) and take them out of the row sums.
      const flag = this.isNonFinite as Uint8Array;
      for (let i = 0; i < count; i++) {
        const b = p[i] as number;
        if (!flag[b]) continue;
        const x = table[b] as number;
        keepFirst(x !== x ? this.nanIdx : this.infIdx, start + i);
        if (fused) rows.nonFiniteAt(start + i);
      }
    }
    this.n += count;
    this.next += count;
    this.sinceFlush += count;
    if (this.sinceFlush >= FLUSH_EVERY) this.flush();
  }

  /** Moves the Uint32 counts into the float64 totals (rare: billions of elements). */
  private flush(): Float64Array {
    const c = this.counts;
    const t = (this.totals ??= new Float64Array(c.length));
    for (let i = 0; i < c.length; i++) t[i] = (t[i] as number) + (c[i] as number);
    c.fill(0);
    this.sinceFlush = 0;
    return t;
  }

  /** Every count so far: the Uint32 table itself while nothing was flushed. */
  private allCounts(): Uint32Array | Float64Array {
    return this.totals ? this.flush() : this.counts;
  }

  state(): PatternState {
    const counts = this.allCounts();
    return { kind: 'pattern', n: this.n, counts, nanIdx: this.nanIdx, infIdx: this.infIdx, rows: this.rows.state(), ...(this.values ? { values: this.values } : {}) };
  }

  /** Merges another range's state (whole rows of the same tensor). Push nothing after. */
  absorb(o: PatternState): void {
    if (!this.totals && o.counts instanceof Uint32Array && this.n + o.n < UINT32_LIMIT) {
      // No sum can wrap (each is at most n + o.n): integer adds, fast even unoptimised.
      const c = this.counts;
      const oc = o.counts;
      for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) + (oc[i] as number);
    } else {
      const t = this.flush();
      const oc = o.counts;
      for (let i = 0; i < t.length; i++) t[i] = (t[i] as number) + (oc[i] as number);
    }
    this.n += o.n;
    this.nanIdx = firstIndices(this.nanIdx, o.nanIdx);
    this.infIdx = firstIndices(this.infIdx, o.infIdx);
    this.rows.absorb(o.rows);
    if (this.values && o.values) for (let i = 0; i < o.values.length; i++) if (!Object.is(o.values[i], 0)) this.values[i] = o.values[i] as number; // the other range leaves +0 where it saw nothing
  }

  finish(): RawStatistics {
    const table = this.tables(LITTLE_ENDIAN_HOST);
    const totals = this.allCounts();
    let nan = 0;
    let posInf = 0;
    let negInf = 0;
    let finite = 0;
    let zeros = 0;
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    const ranges = emptyRanges();
    const present: number[] = [];
    for (let p = 0; p < totals.length; p++) {
      const c = totals[p] as number;
      if (c === 0) continue;
      const x = table[p] as number;
      if (x !== x) nan += c;
      else if (x === Infinity) posInf += c;
      else if (x === -Infinity) negInf += c;
      else {
        finite += c;
        sum += c * x;
        if (x < min) min = x;
        if (x > max) max = x;
        if (x === 0) zeros += c;
        countRanges(ranges, x, c);
        present.push(p);
      }
    }
    const mean = finite ? sum / finite : NaN;
    let m2 = 0;
    for (const p of present) {
      const d = (table[p] as number) - mean;
      m2 += (totals[p] as number) * d * d;
    }
    // Distinct values ascending (+0 and −0 are one value), with their counts.
    const values: number[] = [];
    const counts: number[] = [];
    for (const p of this.ascending(present, table, (p) => (totals[p] as number) > 0)) {
      const x = table[p] as number;
      if (values.length && values[values.length - 1] === x) counts[counts.length - 1] = (counts[counts.length - 1] as number) + (totals[p] as number);
      else {
        values.push(x);
        counts.push(totals[p] as number);
      }
    }
    return {
      count: this.n,
      nan,
      posInf,
      negInf,
      nanIndices: this.nanIdx,
      infIndices: this.infIdx,
      finite,
      zeros,
      min: finite ? min : NaN,
      max: finite ? max : NaN,
      mean,
      m2,
      absMax: finite ? Math.max(Math.abs(min), Math.abs(max)) : NaN,
      ranges,
      sample: new Float64Array(0),
      sampled: false,
      distribution: { values: Float64Array.from(values), counts: Float64Array.from(counts) },
      ...this.rows.finish(this.start + this.n),
      ...(this.values ? { values: this.values } : {}),
    };
  }
}
