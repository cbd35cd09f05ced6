// Statistics of block-quantized GGUF tensors straight from their codes (issue #15), by kernels in
// WebAssembly (wasm/, decision 0027) that fill a ChunkScan exactly as ChunkScan.scanRows /
// scanFlat would from the dequantized values (sums, rows, columns, min, max, zeros and range
// counts); the float accumulator commits it the same way. Only the sample reads single values
// (the *ValueAt functions here, at positions drawn up front).
// - Q4_K (wasm/q4kScan.c): a 32-value sub-block holds at most 16 distinct values, fr(d·sc·q −
//   dmin·m) for q = 0…15, looked up in a 16-entry table built once per sub-block; the same
//   operations in the same order as the JavaScript it replaced, at about twice its speed and with
//   no JIT warm-up (decisions 0015, 0019, 0027).
// - Q8_0 (wasm/q80Scan.c): x = d·q, exact; only zeros are counted where the scale keeps every
//   other value ordinary.
// - Q6_K (wasm/q6kScan.c): fr(fr(d·sc)·(q − 32)) per value, checked per 16-value sub-block likewise.
import { fromBase64 } from './base64';
import type { ChunkScan } from './chunkScan';
import * as ranges from './ranges';
import { Q4K_SCAN_WASM } from './wasm/q4kScanWasm';
import { Q6K_SCAN_WASM } from './wasm/q6kScanWasm';
import { Q80_SCAN_WASM } from './wasm/q80ScanWasm';

const EXP_FP16 = ranges.EXP_FP16;
const fr = Math.fround;

export const Q4_K_BLOCK_BYTES = 144;
export const Q4_K_BLOCK_VALUES = 256;
const Q8_0_BLOCK_BYTES = 34;
const Q8_0_BLOCK_VALUES = 32;
const Q6_K_BLOCK_BYTES = 210;
const Q6_K_BLOCK_VALUES = 256;

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

/** Whether every block's fp16 d is finite: else the caller dequantizes. */
export function q80ScalesFinite(b: Uint8Array, blocks: number): boolean {
  for (let k = 0, o = 0; k < blocks; k++, o += Q8_0_BLOCK_BYTES) if (((b[o + 1] as number) & 0x7c) === 0x7c) return false;
  return true;
}

/** Value `i` (from 0) of the Q8_0 blocks in `b`: d·q, exact. */
export function q80ValueAt(b: Uint8Array, i: number): number {
  const o = Math.floor(i / Q8_0_BLOCK_VALUES) * Q8_0_BLOCK_BYTES;
  return half(b, o) * (((b[o + 2 + (i % Q8_0_BLOCK_VALUES)] as number) << 24) >> 24);
}

/** Whether every Q6_K block's fp16 d (its last two bytes) is finite: else the caller dequantizes. */
export function q6kScalesFinite(b: Uint8Array, blocks: number): boolean {
  for (let k = 0, o = 0; k < blocks; k++, o += Q6_K_BLOCK_BYTES) if (((b[o + 209] as number) & 0x7c) === 0x7c) return false;
  return true;
}

/** Value `i` (from 0) of the Q6_K blocks in `b`, as ggml.ts's decoder computes it. */
export function q6kValueAt(b: Uint8Array, i: number): number {
  const o = Math.floor(i / Q6_K_BLOCK_VALUES) * Q6_K_BLOCK_BYTES;
  const v = i % Q6_K_BLOCK_VALUES;
  const hf = v >> 7;
  const r = v & 127;
  const lo = ((b[o + hf * 64 + (r & 63)] as number) >> (4 * (r >> 6))) & 15;
  const hi = ((b[o + 128 + hf * 32 + (r & 31)] as number) >> (2 * (r >> 5))) & 3;
  const sc = ((b[o + 192 + (v >> 4)] as number) << 24) >> 24;
  return fr(fr(half(b, o + 208) * sc) * ((lo | (hi << 4)) - 32));
}

/** The kernels' scalars (`io` in wasm/*.c, one layout): running min and max, totals, rare counts, constants. */
const IO = { MIN: 0, MAX: 1, SUM: 2, SQ: 3, BELOW: 4, RARE: 5, EXP16: 15, EXP32: 16 } as const;
/** ChunkScan.rare's counts in the order the kernels keep them from io[RARE]. */
const RARE_ORDER = ['zeros', 'fp16Overflow', 'fp16Underflow', 'fp16Subnormal', 'e4m3Overflow', 'e5m2Overflow', 'e4m3Underflow', 'e5m2Underflow', 'expOverflowFp16', 'expOverflowFp32'] as const;

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly scan: (b: number, blocks: number, start: number, L: number, cs: number, cq: number, rs: number, rq: number, rn: number) => void;
  /** Byte address of `io` in the kernel's memory. */
  readonly io: number;
  /** First free byte address (8-aligned): the chunk and the row and column sums go there. */
  readonly free: number;
}

const kernels = new Map<string, Kernel>();

/** The kernel of a module (base64), compiled once per thread (~6–10 KB: a few ms, synchronously). */
function kernelOf(wasm: string): Kernel {
  const known = kernels.get(wasm);
  if (known) return known;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fromBase64(wasm)), {});
  const x = instance.exports as { memory: WebAssembly.Memory; init: () => void; scan: Kernel['scan']; io: WebAssembly.Global; __heap_base: WebAssembly.Global };
  x.init();
  const io = x.io.value as number;
  const consts = new Float64Array(x.memory.buffer, io, 24);
  consts[IO.EXP16] = EXP_FP16;
  consts[IO.EXP32] = ranges.EXP_FP32;
  const kernel = { memory: x.memory, scan: x.scan, io, free: ((x.__heap_base.value as number) + 7) & ~7 };
  kernels.set(wasm, kernel);
  return kernel;
}

/**
 * Running min and max of the scans of one ChunkScan (`owner`): they carry over from chunk to chunk,
 * all values of its accumulator's range, so a chunk's reported min is the range's so far, which
 * its accumulator keeps anyway.
 */
const ext: { owner: ChunkScan | undefined; min: number; max: number } = { owner: undefined, min: Infinity, max: -Infinity };

/**
 * Scans `blocks` whole blocks (finite scales) of `blockBytes` bytes and `blockValues` values,
 * starting at flat index `start`, into `scan` with the kernel of module `wasm`: with
 * `scan.rowLength` > 0 (a multiple of the block's values, so no block straddles rows) also the
 * sums of each row touched and of each column, as scanRows does (four whole rows at a time, so
 * each column's sums are loaded and stored once per four values); else as scanFlat. The blocks,
 * the column sums and the row sums are copied into the kernel's memory and back (~1 ms per 36 MiB
 * of Q4_K blocks), the rest stays here.
 */
function scanBlocks(wasm: string, blockBytes: number, blockValues: number, scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void {
  const k = kernelOf(wasm);
  const L = scan.rowLength;
  const need = L > 0 ? Math.ceil((blocks * blockValues) / L) + 2 : 0;
  const bytes = blocks * blockBytes;
  const data = k.free;
  const cs = data + ((bytes + 7) & ~7);
  const cq = cs + 8 * L;
  const rs = cq + 8 * L;
  const rq = rs + 8 * need;
  const rn = rq + 8 * need;
  const end = rn + 8 * need;
  if (k.memory.buffer.byteLength < end) k.memory.grow(Math.ceil((end - k.memory.buffer.byteLength) / 65536));
  const buffer = k.memory.buffer;
  new Uint8Array(buffer, data, bytes).set(b.subarray(0, bytes));
  const io = new Float64Array(buffer, k.io, 24);
  if (ext.owner !== scan) {
    ext.owner = scan;
    ext.min = Infinity;
    ext.max = -Infinity;
  }
  io[IO.MIN] = ext.min;
  io[IO.MAX] = ext.max;
  const f64 = (at: number, n: number) => new Float64Array(buffer, at, n);
  if (L > 0) {
    f64(cs, L).set(scan.colSum);
    f64(cq, L).set(scan.colSq);
    new Uint8Array(buffer, rs, 24 * need).fill(0);
  }
  k.scan(data, blocks, start, L, cs, cq, rs, rq, rn);
  if (L > 0) {
    scan.colSum.set(f64(cs, L));
    scan.colSq.set(f64(cq, L));
    if (scan.rowSum.length < need) {
      scan.rowSum = new Float64Array(need);
      scan.rowSq = new Float64Array(need);
      scan.rowN = new Float64Array(need);
    }
    scan.rowSum.set(f64(rs, need));
    scan.rowSq.set(f64(rq, need));
    scan.rowN.set(f64(rn, need));
    scan.firstRow = Math.floor(start / L);
  }
  scan.rows = L > 0 ? Math.floor((start + blocks * blockValues - 1) / L) - scan.firstRow + 1 : 0;
  scan.sum = io[IO.SUM] as number;
  scan.sq = io[IO.SQ] as number;
  scan.min = ext.min = io[IO.MIN] as number;
  scan.max = ext.max = io[IO.MAX] as number;
  scan.e4m3Below = io[IO.BELOW] as number;
  RARE_ORDER.forEach((key, i) => (scan.rare[key] = io[IO.RARE + i] as number));
}

/** Q4_K blocks (finite scales: q4kScalesFinite) into `scan` (scanBlocks with wasm/q4kScan.c). */
export const scanQ4K = (scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void => scanBlocks(Q4K_SCAN_WASM, Q4_K_BLOCK_BYTES, Q4_K_BLOCK_VALUES, scan, b, blocks, start);

/** Q6_K blocks (finite scales: q6kScalesFinite) into `scan` (scanBlocks with wasm/q6kScan.c). */
export const scanQ6K = (scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void => scanBlocks(Q6K_SCAN_WASM, Q6_K_BLOCK_BYTES, Q6_K_BLOCK_VALUES, scan, b, blocks, start);

/** Q8_0 blocks (finite scales: q80ScalesFinite) into `scan` (scanBlocks with wasm/q80Scan.c). */
export const scanQ80 = (scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void => scanBlocks(Q80_SCAN_WASM, Q8_0_BLOCK_BYTES, Q8_0_BLOCK_VALUES, scan, b, blocks, start);

/** Block types whose statistics are scanned from their codes, by ggml name. */
export interface BlockScanner {
  readonly blockBytes: number;
  readonly blockValues: number;
  /** Whether the blocks can be scanned (finite scales); else they are dequantized. */
  scannable(b: Uint8Array, blocks: number): boolean;
  scan(scan: ChunkScan, b: Uint8Array, blocks: number, start: number): void;
  valueAt(b: Uint8Array, i: number): number;
  /** Gets the scan ready on this thread (compiles the kernel) before the first chunk comes. */
  prime(): void;
}

/** Block types scanned from their codes (none where WebAssembly is missing: they are dequantized). */
export const BLOCK_SCANNERS: Readonly<Record<string, BlockScanner>> =
  typeof WebAssembly === 'object'
    ? {
        Q4_K: { blockBytes: Q4_K_BLOCK_BYTES, blockValues: Q4_K_BLOCK_VALUES, scannable: q4kScalesFinite, scan: scanQ4K, valueAt: q4kValueAt, prime: () => void kernelOf(Q4K_SCAN_WASM) },
        Q8_0: { blockBytes: Q8_0_BLOCK_BYTES, blockValues: Q8_0_BLOCK_VALUES, scannable: q80ScalesFinite, scan: scanQ80, valueAt: q80ValueAt, prime: () => void kernelOf(Q80_SCAN_WASM) },
        Q6_K: { blockBytes: Q6_K_BLOCK_BYTES, blockValues: Q6_K_BLOCK_VALUES, scannable: q6kScalesFinite, scan: scanQ6K, valueAt: q6kValueAt, prime: () => void kernelOf(Q6K_SCAN_WASM) },
      }
    : {};
