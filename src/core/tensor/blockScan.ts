// Statistics of Q4_K blocks straight from their 4-bit codes (issue #15): a 32-value sub-block holds
// at most 16 distinct values, fr(d·sc·q − dmin·m) for q = 0…15, so each value is looked up in a
// 16-entry table built once per sub-block instead of dequantized per element (and squared). The
// scan fills a ChunkScan exactly as ChunkScan.scanRows / scanFlat would from the dequantized
// values (the same sums, rows, columns, min, max, zeros and range counts), and the float
// accumulator commits it the same way (min and max: of the ChunkScan's chunks so far); only the
// sample reads single values (valueAt, at positions drawn up front: planSample). Extremes and
// range counts come from the codes present: the table is monotonic in q, so a sub-block whose 16
// values are all ordinary (no zero, nothing below e4m3's smallest subnormal, nothing beyond ±448
// or ln 65520) and whose table ends lie within the running min and max needs nothing more; others
// gather their codes present (and count them where the table holds rare values). See decisions 0015, 0019.
import { ChunkScan } from './chunkScan';
import * as ranges from './ranges';
import { countRareRanges } from './ranges';

const E4M3_TINY = ranges.E4M3_TINY;
const FP16_NORMAL = ranges.FP16_NORMAL;
const EXP_FP16 = ranges.EXP_FP16;
const fr = Math.fround;

export const Q4_K_BLOCK_BYTES = 144;
export const Q4_K_BLOCK_VALUES = 256;

/** 2^(e − 25) for fp16 exponent e (2^−24 for subnormals, e = 0): an fp16's value is (lead + fraction)·unit. */
const HALF_UNIT = Float64Array.from({ length: 32 }, (_, e) => 2 ** (e === 0 ? -24 : e - 25));

/**
 * The fp16 at b[o] (finite: q4kScalesFinite), decoded directly: two per block, where the
 * 65,536-entry table (halfTable) cost each thread ~5–12 ms to build at start-up.
 */
function half(b: Uint8Array, o: number): number {
  const h = (b[o] as number) | ((b[o + 1] as number) << 8);
  const e = (h >> 10) & 31;
  const x = ((e === 0 ? 0 : 1024) + (h & 1023)) * (HALF_UNIT[e] as number);
  return h & 0x8000 ? -x : x;
}

/** Whether every block's fp16 d and dmin is finite (exponent bits not all ones): else the caller dequantizes. */
export function q4kScalesFinite(b: Uint8Array, blocks: number): boolean {
  for (let k = 0, o = 0; k < blocks; k++, o += Q4_K_BLOCK_BYTES) {
    if (((b[o + 1] as number) & 0x7c) === 0x7c || ((b[o + 3] as number) & 0x7c) === 0x7c) return false;
  }
  return true;
}

/** Value `i` (from 0) of the blocks in `b`, as the dequantizer computes it (the reservoir's few kept values). */
export function q4kValueAt(b: Uint8Array, i: number): number {
  const o = Math.floor(i / Q4_K_BLOCK_VALUES) * Q4_K_BLOCK_BYTES;
  const r = i % Q4_K_BLOCK_VALUES;
  const g = r >> 5;
  // Sub-block g's 6-bit scale and min only (get_scale_min_k4 for one j).
  const s = o + 4;
  let scale: number;
  let min: number;
  if (g < 4) {
    scale = (b[s + g] as number) & 63;
    min = (b[s + 4 + g] as number) & 63;
  } else {
    const md = b[s + 4 + g] as number;
    scale = (md & 15) | (((b[s + g - 4] as number) >> 2) & 0x30);
    min = (md >> 4) | (((b[s + g] as number) >> 2) & 0x30);
  }
  const d = half(b, o);
  const dmin = half(b, o + 2);
  const q = ((b[o + 16 + (g >> 1) * 32 + (r & 31)] as number) >> (4 * (g & 1))) & 15;
  return fr(d * scale * q - dmin * min);
}

// Per sub-block: the 16 values of up to four rows and two sub-blocks (row r, sub-block g + h at r·32 + h·16), and code counts.
const value = new Float64Array(128);
const counts = new Int32Array(16);

/**
 * Running min and max of the scans of one ChunkScan (`owner`: they carry over from chunk to chunk,
 * all values of its accumulator's range, so a chunk's reported min is the range's so far, which
 * its accumulator keeps anyway) and the e4m3-below count of one scan (the rare counts go straight
 * to scan.rare).
 */
const ext: { owner: ChunkScan | undefined; min: number; max: number; below: number } = { owner: undefined, min: Infinity, max: -Infinity, below: 0 };

/**
 * Whether the 16-value table at `at` (fr(dl·q − ml), monotonic in q) holds no rare value (zero,
 * tiny, beyond ±448 or ln 65520): only its ends can be beyond ±448 or ln 65520, and the value
 * nearest zero is at q = round(ml/dl) or a neighbour (rounding moves the crossing by less than one).
 */
function ordinary(at: number, dl: number, ml: number): boolean {
  const V = value;
  // c = Math.round(ml / dl) clamped to 1…14, in integers: Math.round's result, a double here
  // (NaN for dl = 0, ±Infinity for a zero scale), made each index below a float conversion.
  const r = ml / dl;
  let c = 1; // a crossing at or below 0, dl = 0 (all values equal), NaN
  if (r >= 1.5) c = r < 14 ? (r + 0.5) | 0 : 14;
  const a = V[at] as number;
  const z = V[at + 15] as number;
  const near = Math.min(Math.abs(V[at + c - 1] as number), Math.abs(V[at + c] as number), Math.abs(V[at + c + 1] as number));
  return near >= E4M3_TINY && a <= EXP_FP16 && z <= EXP_FP16 && a >= -448 && z >= -448;
}

/**
 * The 16 values fr(dl·q − ml) at `at`, written out: as a loop of 16 its counter and bounds checks
 * cost a third of building the tables (one per 32 values).
 */
function fill(at: number, dl: number, ml: number): void {
  const V = value;
  V[at] = fr(dl * 0 - ml); // not fr(-ml): +0 where ml = 0, as the dequantizer gives
  V[at + 1] = fr(dl - ml);
  V[at + 2] = fr(dl * 2 - ml);
  V[at + 3] = fr(dl * 3 - ml);
  V[at + 4] = fr(dl * 4 - ml);
  V[at + 5] = fr(dl * 5 - ml);
  V[at + 6] = fr(dl * 6 - ml);
  V[at + 7] = fr(dl * 7 - ml);
  V[at + 8] = fr(dl * 8 - ml);
  V[at + 9] = fr(dl * 9 - ml);
  V[at + 10] = fr(dl * 10 - ml);
  V[at + 11] = fr(dl * 11 - ml);
  V[at + 12] = fr(dl * 12 - ml);
  V[at + 13] = fr(dl * 13 - ml);
  V[at + 14] = fr(dl * 14 - ml);
  V[at + 15] = fr(dl * 15 - ml);
}

/** The 16 values fr(dl·q − ml) at `at`; false when one is rare. */
function table(dl: number, ml: number, at: number): boolean {
  fill(at, dl, ml);
  return ordinary(at, dl, ml);
}

/**
 * A sub-block's min and max from the codes present (`beyond`: its table's ends lie beyond the
 * running min or max; one more pass over its 32 bytes, the table being monotonic in q,
 * non-decreasing for dl ≥ 0) and, when its table holds rare values (`rareTable`), their range
 * counts. Called only for the few sub-blocks that need either, and one function (no helper of its
 * own to compile) so the warm-up's compiles stay short.
 */
function extremes(rare: ChunkScan['rare'], b: Uint8Array, base: number, shift: number, at: number, dl: number, beyond: boolean, rareTable: boolean): void {
  if (beyond) {
    let present = 0;
    for (let l = 0; l < 32; l++) present |= 1 << (((b[base + l] as number) >> shift) & 15);
    const lo = 31 - Math.clz32(present & -present);
    const hi = 31 - Math.clz32(present);
    const a = value[at + (dl >= 0 ? lo : hi)] as number;
    const z = value[at + (dl >= 0 ? hi : lo)] as number;
    if (a < ext.min) ext.min = a;
    if (z > ext.max) ext.max = z;
  }
  if (!rareTable) return;
  // The table's rare codes: usually one (the value nearest zero) or an end, each counted in a pass
  // over the 32 bytes; more than two (a table of zeros or tiny values) are counted all at once.
  let which = 0;
  for (let q = 0; q < 16; q++) {
    const x = value[at + q] as number;
    if (Math.abs(x) < E4M3_TINY || x > EXP_FP16 || x < -448) which |= 1 << q;
  }
  counts.fill(0);
  const rest = which & (which - 1); // which without its lowest bit
  if ((rest & (rest - 1)) === 0) {
    for (let q = 0; q < 16; q++) {
      if (((which >> q) & 1) === 0) continue;
      let n = 0;
      for (let l = 0; l < 32; l++) if ((((b[base + l] as number) >> shift) & 15) === q) n++;
      counts[q] = n;
    }
  } else {
    for (let l = 0; l < 32; l++) {
      const q = ((b[base + l] as number) >> shift) & 15;
      counts[q] = (counts[q] as number) + 1;
    }
  }
  for (let q = 0; q < 16; q++) {
    const n = counts[q] as number;
    if (n === 0 || ((which >> q) & 1) === 0) continue;
    const x = value[at + q] as number;
    const ax = Math.abs(x);
    if (ax < E4M3_TINY) ext.below += n;
    if (ax < FP16_NORMAL) {
      if (x === 0) {
        rare.zeros += n;
        rare.e4m3Underflow -= n;
      } else countRareRanges(rare, x, n);
    } else if (x > EXP_FP16 || x < -448) countRareRanges(rare, x, n);
  }
}

/** dl = d·scale and ml = dmin·min of sub-block g of the current block of row r, at 8r + g. */
const DL = new Float64Array(32);
const ML = new Float64Array(32);

/** DL and ML of block `o` (get_scale_min_k4) into row slot r. */
function header(b: Uint8Array, o: number, r: number): void {
  const d = half(b, o);
  const dmin = half(b, o + 2);
  const s = o + 4;
  const i = r * 8;
  for (let j = 0; j < 4; j++) {
    const x = b[s + j] as number;
    const m = b[s + 4 + j] as number;
    const md = b[s + 8 + j] as number;
    DL[i + j] = d * (x & 63);
    ML[i + j] = dmin * (m & 63);
    DL[i + j + 4] = d * ((md & 15) | ((x >> 2) & 0x30));
    ML[i + j + 4] = dmin * ((md >> 4) | ((m >> 2) & 0x30));
  }
}

/** Sums (row r at r, squares at 4 + r) of the last sub-block or group of four rows. */
const sums = new Float64Array(8);

// The scan's functions are called per block or pair of sub-blocks, never once per chunk: they are
// optimized after a few calls with stable type feedback, where a function looping over a whole
// chunk waited for on-stack replacement (and was deoptimized and recompiled) during a tensor read
// only once.

/** One sub-block (table at 0): sums and, with `c` ≥ 0, its column sums from column c. */
function subBlock(b: Uint8Array, base: number, shift: number, cs: Float64Array, cq: Float64Array, c: number): void {
  const V = value;
  let s = 0;
  let s2 = 0;
  if (c >= 0) {
    for (let l = 0; l < 32; l++) {
      const q = ((b[base + l] as number) >> shift) & 15;
      const x = V[q] as number;
      const y = x * x;
      s += x;
      s2 += y;
      cs[c + l] = (cs[c + l] as number) + x;
      cq[c + l] = (cq[c + l] as number) + y;
    }
  } else {
    for (let l = 0; l < 32; l++) {
      const q = ((b[base + l] as number) >> shift) & 15;
      const x = V[q] as number;
      s += x;
      s2 += x * x;
    }
  }
  sums[0] = s;
  sums[4] = s2;
}

/**
 * Sub-blocks g and g + 1 (the low and high nibbles of the same 32 bytes, from `a0` in row 0 and
 * `stride` bytes further for each next row) of four rows' blocks, whose DL/ML `header` filled:
 * the eight tables (row r, sub-block g + h at (2r + h)·16), one pass over the four rows' bytes for
 * the row sums (added to `sums`) and the column sums from column c. Returns which of the eight
 * sub-blocks need `extremes` (bit t: a table end beyond the running min/max; bit 8 + t: a rare
 * value in the table), for the caller to run while the tables are still in `value`: a call to it
 * here was inlined and made this function's compile, which ends the warm-up, a third longer.
 *
 * One call is 256 values, a quarter of V8's interrupt budget: a call still running unoptimised
 * when its optimised code arrives rarely takes another tick, which would start a second,
 * on-stack-replacement compile of the same loops (a whole block per call did, every time).
 */
function pair(b: Uint8Array, a0: number, stride: number, g: number, c: number, cs: Float64Array, cq: Float64Array): number {
  const V = value;
  let rareBits = 0;
  for (let t = 0; t < 8; t++) {
    const i = (t >> 1) * 8 + g + (t & 1);
    const dl = DL[i] as number;
    const ml = ML[i] as number;
    const at = t * 16;
    fill(at, dl, ml);
    if (!ordinary(at, dl, ml)) rareBits |= 1 << t;
  }
  const a1 = a0 + stride;
  const a2 = a1 + stride;
  const a3 = a2 + stride;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0; // prettier-ignore
  for (let l = 0; l < 32; l++) {
    const b0 = b[a0 + l] as number;
    const b1 = b[a1 + l] as number;
    const b2 = b[a2 + l] as number;
    const b3 = b[a3 + l] as number;
    const x0 = V[b0 & 15] as number;
    const x1 = V[32 + (b1 & 15)] as number;
    const x2 = V[64 + (b2 & 15)] as number;
    const x3 = V[96 + (b3 & 15)] as number;
    const h0 = V[16 + (b0 >> 4)] as number;
    const h1 = V[48 + (b1 >> 4)] as number;
    const h2 = V[80 + (b2 >> 4)] as number;
    const h3 = V[112 + (b3 >> 4)] as number;
    const y0 = x0 * x0;
    const y1 = x1 * x1;
    const y2 = x2 * x2;
    const y3 = x3 * x3;
    const z0 = h0 * h0;
    const z1 = h1 * h1;
    const z2 = h2 * h2;
    const z3 = h3 * h3;
    s0 += x0 + h0;
    s1 += x1 + h1;
    s2 += x2 + h2;
    s3 += x3 + h3;
    q0 += y0 + z0;
    q1 += y1 + z1;
    q2 += y2 + z2;
    q3 += y3 + z3;
    cs[c + l] = (cs[c + l] as number) + (x0 + x1 + (x2 + x3));
    cq[c + l] = (cq[c + l] as number) + (y0 + y1 + (y2 + y3));
    cs[c + 32 + l] = (cs[c + 32 + l] as number) + (h0 + h1 + (h2 + h3));
    cq[c + 32 + l] = (cq[c + 32 + l] as number) + (z0 + z1 + (z2 + z3));
  }
  sums[0] = (sums[0] as number) + s0;
  sums[1] = (sums[1] as number) + s1;
  sums[2] = (sums[2] as number) + s2;
  sums[3] = (sums[3] as number) + s3;
  sums[4] = (sums[4] as number) + q0;
  sums[5] = (sums[5] as number) + q1;
  sums[6] = (sums[6] as number) + q2;
  sums[7] = (sums[7] as number) + q3;
  let beyond = 0;
  for (let t = 0; t < 8; t++) {
    const at = t * 16;
    const up = (DL[(t >> 1) * 8 + g + (t & 1)] as number) >= 0;
    if ((V[at + (up ? 0 : 15)] as number) < ext.min || (V[at + (up ? 15 : 0)] as number) > ext.max) beyond |= 1 << t;
  }
  return beyond | (rareBits << 8);
}

/** `extremes` of the sub-blocks `pair` marked in `need` (its tables still in `value`). */
function edges(need: number, b: Uint8Array, a0: number, stride: number, g: number, rare: ChunkScan['rare']): void {
  for (let t = 0; t < 8; t++) {
    if (((need >> t) & 0x101) === 0) continue;
    extremes(rare, b, a0 + (t >> 1) * stride, 4 * (t & 1), t * 16, DL[(t >> 1) * 8 + g + (t & 1)] as number, ((need >> t) & 1) === 1, ((need >> (8 + t)) & 1) === 1);
  }
}

/** Four whole rows from block k (B blocks a row): their sums into `sums` (zeroed here), column sums into cs/cq. */
function quadRows(b: Uint8Array, k: number, B: number, cs: Float64Array, cq: Float64Array, rare: ChunkScan['rare']): void {
  sums.fill(0);
  const stride = B * Q4_K_BLOCK_BYTES;
  for (let j = 0; j < B; j++) {
    const o0 = (k + j) * Q4_K_BLOCK_BYTES;
    // One call site, not four: each inlined copy lengthened the compile that ends the warm-up.
    for (let r = 0; r < 4; r++) header(b, o0 + r * stride, r);
    for (let g = 0; g < 8; g += 2) {
      const a0 = o0 + 16 + (g >> 1) * 32;
      const need = pair(b, a0, stride, g, j * Q4_K_BLOCK_VALUES + g * 32, cs, cq);
      if (need !== 0) edges(need, b, a0, stride, g, rare);
    }
  }
}

/**
 * Scans `blocks` whole Q4_K blocks (finite scales: q4kScalesFinite) starting at flat index `start`
 * into `scan`: with `scan.rowLength` > 0 (a multiple of 256, so no block straddles rows) also the
 * sums of each row touched and of each column, as scanRows does (four whole rows at a time, so
 * each column's sums are loaded and stored once per four values); else as scanFlat.
 */
export function scanQ4K(scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void {
  const L = scan.rowLength;
  const B = L / Q4_K_BLOCK_VALUES;
  const cs = scan.colSum;
  const cq = scan.colSq;
  const rare = scan.rare;
  for (const k of Object.keys(rare) as (keyof typeof rare)[]) rare[k] = 0;
  if (ext.owner !== scan) {
    ext.owner = scan;
    ext.min = Infinity;
    ext.max = -Infinity;
  }
  ext.below = 0;
  if (L > 0) {
    scan.firstRow = Math.floor(start / L);
    const need = Math.ceil((blocks * Q4_K_BLOCK_VALUES) / L) + 2;
    if (scan.rowSum.length < need) {
      scan.rowSum = new Float64Array(need);
      scan.rowSq = new Float64Array(need);
      scan.rowN = new Float64Array(need);
    }
    scan.rowSum.fill(0, 0, need);
    scan.rowSq.fill(0, 0, need);
    scan.rowN.fill(0, 0, need);
  }
  const rs = scan.rowSum;
  const rq = scan.rowSq;
  const rn = scan.rowN;
  let sum = 0;
  let sq = 0;
  let k = 0;
  while (k < blocks) {
    const at = start + k * Q4_K_BLOCK_VALUES;
    const row = L > 0 ? Math.floor(at / L) : 0;
    const col0 = L > 0 ? at - row * L : 0;
    if (L > 0 && col0 === 0 && blocks - k >= 4 * B) {
      quadRows(b, k, B, cs, cq, rare);
      const s0 = sums[0] as number, s1 = sums[1] as number, s2 = sums[2] as number, s3 = sums[3] as number; // prettier-ignore
      const q0 = sums[4] as number, q1 = sums[5] as number, q2 = sums[6] as number, q3 = sums[7] as number; // prettier-ignore
      const r = row - scan.firstRow;
      rs[r] = s0;
      rs[r + 1] = s1;
      rs[r + 2] = s2;
      rs[r + 3] = s3;
      rq[r] = q0;
      rq[r + 1] = q1;
      rq[r + 2] = q2;
      rq[r + 3] = q3;
      rn[r] = rn[r + 1] = rn[r + 2] = rn[r + 3] = L;
      sum += s0 + s1 + (s2 + s3);
      sq += q0 + q1 + (q2 + q3);
      k += 4 * B;
      continue;
    }
    // One block (a part of a row, the last rows of a chunk, or a tensor without column sums).
    const o = k * Q4_K_BLOCK_BYTES;
    header(b, o, 0);
    let bs = 0;
    let bq = 0;
    for (let g = 0; g < 8; g++) {
      const dl = DL[g] as number;
      const ordinary = table(dl, ML[g] as number, 0);
      const base = o + 16 + (g >> 1) * 32;
      const shift = 4 * (g & 1);
      subBlock(b, base, shift, cs, cq, L > 0 ? col0 + g * 32 : -1);
      const s = sums[0] as number;
      const s2 = sums[4] as number;
      bs += s;
      bq += s2;
      const beyond = (value[dl >= 0 ? 0 : 15] as number) < ext.min || (value[dl >= 0 ? 15 : 0] as number) > ext.max;
      if (!ordinary || beyond) extremes(rare, b, base, shift, 0, dl, beyond, !ordinary);
    }
    sum += bs;
    sq += bq;
    if (L > 0) {
      const r = row - scan.firstRow;
      rs[r] = (rs[r] as number) + bs;
      rq[r] = (rq[r] as number) + bq;
      rn[r] = (rn[r] as number) + Q4_K_BLOCK_VALUES;
    }
    k++;
  }
  scan.rows = L > 0 ? Math.floor((start + blocks * Q4_K_BLOCK_VALUES - 1) / L) - scan.firstRow + 1 : 0;
  scan.sum = sum;
  scan.sq = sq;
  scan.min = ext.min;
  scan.max = ext.max;
  scan.e4m3Below = ext.below;
}

let primed = false;

/**
 * Scans 128 made-up blocks (32 rows of 4: random codes and scales, a block of zeros, one with a
 * negative d) into a scan of its own (the running min/max start again with the real one), once per thread, before the caller draws its sample plan:
 * `pair` is then marked for optimisation and compiled on another thread while the plan is drawn
 * and the first chunk read, instead of while the first chunk runs unoptimised (~25–35 ms of it).
 * Every path the real scan takes (rare tables, new extremes, both signs of dl) gets its type
 * feedback here, so the optimised code is not thrown away at the first real block.
 */
export function primeQ4K(): void {
  if (primed) return;
  primed = true;
  const B = 4;
  const rows = 32;
  const b = new Uint8Array(rows * B * Q4_K_BLOCK_BYTES);
  // One row of random-looking blocks, copied natively (a loop over all of it ran unoptimised).
  let seed = 7;
  for (let i = 0; i < B * Q4_K_BLOCK_BYTES; i++) b[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
  for (let n = B * Q4_K_BLOCK_BYTES; n < b.length; n *= 2) b.copyWithin(n, 0, Math.min(n, b.length - n));
  for (let k = 0, o = 0; k < rows * B; k++, o += Q4_K_BLOCK_BYTES) {
    b[o] = 0x1a; // d ≈ 0.0020 (fp16 0x181a), dmin likewise
    b[o + 1] = k === 5 ? 0x98 : 0x18;
    b[o + 2] = 0x1a;
    b[o + 3] = 0x18;
  }
  b.fill(0, 4 + 9 * Q4_K_BLOCK_BYTES, 16 + 9 * Q4_K_BLOCK_BYTES); // block 9: scales and mins 0, all values 0
  // Block 17, sub-block 0: scale 0 with a min (ml / dl = Infinity in `ordinary`): without it, its
  // rounding was compiled as a small-integer one and the first real such sub-block (1 in 64 of
  // random ones) threw `pair` back to the interpreter while it was compiled again.
  b[4 + 17 * Q4_K_BLOCK_BYTES] = 0;
  b[8 + 17 * Q4_K_BLOCK_BYTES] = 5;
  scanQ4K(new ChunkScan(B * Q4_K_BLOCK_VALUES), b, rows * B, 0);
}

/** Block types whose statistics are scanned from their codes, by ggml name. */
export interface BlockScanner {
  readonly blockBytes: number;
  readonly blockValues: number;
  /** Whether the blocks can be scanned (finite scales); else they are dequantized. */
  scannable(b: Uint8Array, blocks: number): boolean;
  scan(scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void;
  valueAt(b: Uint8Array, i: number): number;
  /** Runs the scan on made-up blocks once per thread, so V8 compiles it before the real ones come. */
  prime(): void;
}

export const BLOCK_SCANNERS: Readonly<Record<string, BlockScanner>> = {
  Q4_K: { blockBytes: Q4_K_BLOCK_BYTES, blockValues: Q4_K_BLOCK_VALUES, scannable: q4kScalesFinite, scan: scanQ4K, valueAt: q4kValueAt, prime: primeQ4K },
};
