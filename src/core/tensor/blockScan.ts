// Statistics of Q4_K blocks straight from their 4-bit codes (issue #15): a 32-value sub-block holds
// at most 16 distinct values, fr(d·sc·q − dmin·m) for q = 0…15, so the value and its square are
// looked up in a 16-entry table built once per sub-block instead of dequantized per element. The
// scan fills a ChunkScan exactly as ChunkScan.scanRows / scanFlat would from the dequantized
// values (the same sums, rows, columns, min, max, zeros and range counts), and the float
// accumulator commits it the same way; only the reservoir sample reads single values (valueAt).
// Range counts come from the codes present: the table is monotonic in q, so a sub-block whose 16
// values are all ordinary (no zero, nothing below e4m3's smallest subnormal, nothing beyond ±448
// or ln 65520) needs only its smallest and largest code; others count their codes.
import type { ChunkScan } from './chunkScan';
import { halfToNumber } from './dtypes';
import * as ranges from './ranges';
import { countRareRanges } from './ranges';

const E4M3_TINY = ranges.E4M3_TINY;
const FP16_NORMAL = ranges.FP16_NORMAL;
const EXP_FP16 = ranges.EXP_FP16;
const fr = Math.fround;

export const Q4_K_BLOCK_BYTES = 144;
export const Q4_K_BLOCK_VALUES = 256;

let half: Float64Array | undefined;
const f16 = (): Float64Array => {
  if (!half) {
    half = new Float64Array(65_536);
    for (let i = 0; i < 65_536; i++) half[i] = halfToNumber(i);
  }
  return half;
};

const sc = new Int32Array(8);
const mn = new Int32Array(8);
/** The 6-bit scales and mins of one block (ggml's get_scale_min_k4). */
function scaleMin(b: Uint8Array, at: number): void {
  for (let j = 0; j < 4; j++) {
    const d = b[at + j] as number;
    const m = b[at + 4 + j] as number;
    const md = b[at + 8 + j] as number;
    sc[j] = d & 63;
    mn[j] = m & 63;
    sc[j + 4] = (md & 15) | ((d >> 2) & 0x30);
    mn[j + 4] = (md >> 4) | ((m >> 2) & 0x30);
  }
}

/** Whether every block's fp16 d and dmin is finite (exponent bits not all ones): else the caller dequantizes. */
export function q4kScalesFinite(b: Uint8Array, blocks: number): boolean {
  for (let k = 0, o = 0; k < blocks; k++, o += Q4_K_BLOCK_BYTES) {
    if (((b[o + 1] as number) & 0x7c) === 0x7c || ((b[o + 3] as number) & 0x7c) === 0x7c) return false;
  }
  return true;
}

/** Value `i` (from 0) of the blocks in `b`, as the dequantizer computes it. */
export function q4kValueAt(b: Uint8Array, i: number): number {
  const t = f16();
  const o = Math.floor(i / Q4_K_BLOCK_VALUES) * Q4_K_BLOCK_BYTES;
  const r = i % Q4_K_BLOCK_VALUES;
  const g = r >> 5;
  scaleMin(b, o + 4);
  const d = t[(b[o] as number) | ((b[o + 1] as number) << 8)] as number;
  const dmin = t[(b[o + 2] as number) | ((b[o + 3] as number) << 8)] as number;
  const q = ((b[o + 16 + (g >> 1) * 32 + (r & 31)] as number) >> (4 * (g & 1))) & 15;
  return fr(d * (sc[g] as number) * q - dmin * (mn[g] as number));
}

const value = new Float64Array(16);
const square = new Float64Array(16);
const counts = new Int32Array(16);

/**
 * Scans `blocks` whole Q4_K blocks (finite scales: q4kScalesFinite) starting at flat index `start`
 * into `scan`: with `scan.rowLength` > 0 (a multiple of 256, so no block straddles rows) also the
 * sums of each row touched and of each column, as scanRows does; else as scanFlat.
 */
export function scanQ4K(scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void {
  const t = f16();
  const L = scan.rowLength;
  const cs = scan.colSum;
  const cq = scan.colSq;
  const rare = scan.rare;
  for (const k of Object.keys(rare) as (keyof typeof rare)[]) rare[k] = 0;
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
  let mnAll = Infinity;
  let mxAll = -Infinity;
  let below = 0;
  for (let k = 0, o = 0; k < blocks; k++, o += Q4_K_BLOCK_BYTES) {
    const at = start + k * Q4_K_BLOCK_VALUES;
    const row = L > 0 ? Math.floor(at / L) : 0;
    const col0 = L > 0 ? at - row * L : 0;
    const d = t[(b[o] as number) | ((b[o + 1] as number) << 8)] as number;
    const dmin = t[(b[o + 2] as number) | ((b[o + 3] as number) << 8)] as number;
    scaleMin(b, o + 4);
    let bs = 0;
    let bq = 0;
    for (let g = 0; g < 8; g++) {
      const dl = d * (sc[g] as number);
      const ml = dmin * (mn[g] as number);
      let ordinary = true;
      for (let q = 0; q < 16; q++) {
        const x = fr(dl * q - ml);
        value[q] = x;
        square[q] = x * x;
        const a = Math.abs(x);
        if (a < E4M3_TINY || x > EXP_FP16 || x < -448) ordinary = false;
      }
      const base = o + 16 + (g >> 1) * 32;
      const shift = 4 * (g & 1);
      let s = 0;
      let s2 = 0;
      let present = 0;
      if (L > 0) {
        const c = col0 + g * 32;
        for (let l = 0; l < 32; l++) {
          const q = ((b[base + l] as number) >> shift) & 15;
          const x = value[q] as number;
          const y = square[q] as number;
          s += x;
          s2 += y;
          present |= 1 << q;
          cs[c + l] = (cs[c + l] as number) + x;
          cq[c + l] = (cq[c + l] as number) + y;
        }
      } else {
        for (let l = 0; l < 32; l++) {
          const q = ((b[base + l] as number) >> shift) & 15;
          s += value[q] as number;
          s2 += square[q] as number;
          present |= 1 << q;
        }
      }
      bs += s;
      bq += s2;
      // The table is monotonic in q (non-decreasing for dl ≥ 0): the extremes are at the smallest and largest code present.
      const lo = 31 - Math.clz32(present & -present);
      const hi = 31 - Math.clz32(present);
      const a = value[dl >= 0 ? lo : hi] as number;
      const z = value[dl >= 0 ? hi : lo] as number;
      if (a < mnAll) mnAll = a;
      if (z > mxAll) mxAll = z;
      if (!ordinary) {
        counts.fill(0);
        for (let l = 0; l < 32; l++) {
          const q = ((b[base + l] as number) >> shift) & 15;
          counts[q] = (counts[q] as number) + 1;
        }
        for (let q = 0; q < 16; q++) {
          const n = counts[q] as number;
          if (n === 0) continue;
          const x = value[q] as number;
          const ax = Math.abs(x);
          if (ax < E4M3_TINY) below += n;
          if (ax < FP16_NORMAL) {
            if (x === 0) {
              rare.zeros += n;
              rare.e4m3Underflow -= n;
            } else countRareRanges(rare, x, n);
          } else if (x > EXP_FP16 || x < -448) countRareRanges(rare, x, n);
        }
      }
    }
    sum += bs;
    sq += bq;
    if (L > 0) {
      const r = row - scan.firstRow;
      rs[r] = (rs[r] as number) + bs;
      rq[r] = (rq[r] as number) + bq;
      rn[r] = (rn[r] as number) + Q4_K_BLOCK_VALUES;
    }
  }
  scan.rows = L > 0 ? Math.floor((start + blocks * Q4_K_BLOCK_VALUES - 1) / L) - scan.firstRow + 1 : 0;
  scan.sum = sum;
  scan.sq = sq;
  scan.min = mnAll;
  scan.max = mxAll;
  scan.e4m3Below = below;
}

/** Block types whose statistics are scanned from their codes, by ggml name. */
export interface BlockScanner {
  readonly blockBytes: number;
  readonly blockValues: number;
  /** Whether the blocks can be scanned (finite scales); else they are dequantized. */
  scannable(b: Uint8Array, blocks: number): boolean;
  scan(scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void;
  valueAt(b: Uint8Array, i: number): number;
}

export const BLOCK_SCANNERS: Readonly<Record<string, BlockScanner>> = {
  Q4_K: { blockBytes: Q4_K_BLOCK_BYTES, blockValues: Q4_K_BLOCK_VALUES, scannable: q4kScalesFinite, scan: scanQ4K, valueAt: q4kValueAt },
};
