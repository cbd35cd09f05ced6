// Dequantizers of ggml's lattice "i-quants" (IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ1_S, IQ1_M):
// each group of 8 (or 4) weights is a code-book row (ggmlGrids.ts) times a block scale, with signs
// from a 7-bit index (ksigns) or stored bits. They follow gguf-py's gguf/quants.py step by step in
// float32 (numpy's rounding: Math.fround after each product) and are tested value by value against
// it (test/fixtures/gguf, scripts/reference/make_gguf_fixtures.py).
import { fromBase64 } from '../base64';
import { halfToNumber } from '../dtypes';
import { IQ1_DELTA, IQ1_S_GRID, IQ2_S_GRID, IQ2_XS_GRID, IQ2_XXS_GRID, IQ3_S_GRID, IQ3_XXS_GRID, KSIGNS_BASE64, type PackedGrid } from './ggmlGrids';

type BlockDecoder = (bytes: Uint8Array, blocks: number, out: Float64Array) => void;
const fr = Math.fround;

/** A grid unpacked once, on first use: rows × columns float values. */
const grids = new Map<PackedGrid, Float32Array>();
function grid(g: PackedGrid): Float32Array {
  let t = grids.get(g);
  if (t) return t;
  const bytes = fromBase64(g.base64);
  const perByte = Math.floor(8 / g.bits);
  const step = 8 / perByte;
  const mask = (1 << g.bits) - 1;
  t = new Float32Array(g.rows * g.columns);
  for (let i = 0; i < bytes.length; i++) for (let k = 0; k < perByte; k++) t[i * perByte + k] = g.map[((bytes[i] as number) >> (k * step)) & mask] as number;
  grids.set(g, t);
  return t;
}
let ksignsTable: Uint8Array | undefined;
const ksigns = () => (ksignsTable ??= fromBase64(KSIGNS_BASE64));

let half: Float64Array | undefined;
const f16 = () => {
  if (!half) {
    half = new Float64Array(65_536);
    for (let i = 0; i < 65_536; i++) half[i] = halfToNumber(i);
  }
  return half;
};
const u16 = (b: Uint8Array, o: number) => (b[o] as number) | ((b[o + 1] as number) << 8);
const u32 = (b: Uint8Array, o: number) => ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16) | ((b[o + 3] as number) << 24)) >>> 0;

/** IQ2_XXS (66 bytes): d, then per 32 values two u32: four grid bytes; four 7-bit sign indices and a 4-bit scale. */
export const iq2_xxs: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ2_XXS_GRID);
  const ks = ksigns();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 66, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let j = 0; j < 8; j++) {
      const at = o + 2 + 8 * j;
      const aux1 = u32(b, at + 4);
      const db = fr(fr(d * (0.5 + (aux1 >>> 28))) * 0.25);
      for (let l = 0; l < 4; l++) {
        const row = (b[at + l] as number) * 8;
        const signs = ks[(aux1 >>> (7 * l)) & 127] as number;
        for (let i = 0; i < 8; i++) out[p + j * 32 + l * 8 + i] = fr(db * (g[row + i] as number)) * ((signs >> i) & 1 ? -1 : 1);
      }
    }
  }
};

/** IQ2_XS (74 bytes): d, 32 u16 (9-bit grid index, 7-bit sign index), 8 bytes of 4-bit scales. */
export const iq2_xs: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ2_XS_GRID);
  const ks = ksigns();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 74, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let q = 0; q < 32; q++) {
      const s = ((b[o + 66 + (q >> 2)] as number) >> (4 * ((q >> 1) & 1))) & 15;
      const db = fr(fr(d * (0.5 + s)) * 0.25);
      const v = u16(b, o + 2 + 2 * q);
      const row = (v & 511) * 8;
      const signs = ks[v >> 9] as number;
      for (let i = 0; i < 8; i++) out[p + q * 8 + i] = fr(db * (g[row + i] as number)) * ((signs >> i) & 1 ? -1 : 1);
    }
  }
};

/** IQ2_S (82 bytes): d, 32 grid bytes, 32 sign bytes, 8 bytes of 2-bit high index bits, 8 bytes of 4-bit scales. */
export const iq2_s: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ2_S_GRID);
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 82, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let q = 0; q < 32; q++) {
      const s = ((b[o + 74 + (q >> 2)] as number) >> (4 * ((q >> 1) & 1))) & 15;
      const db = fr(fr(d * (0.5 + s)) * 0.25);
      const row = ((b[o + 2 + q] as number) | ((((b[o + 66 + (q >> 2)] as number) >> (2 * (q & 3))) & 3) << 8)) * 8;
      const signs = b[o + 34 + q] as number;
      for (let i = 0; i < 8; i++) out[p + q * 8 + i] = fr(db * (g[row + i] as number)) * ((signs >> i) & 1 ? -1 : 1);
    }
  }
};

/** IQ3_XXS (98 bytes): d, 64 grid bytes (4 values each), 8 u32 of four 7-bit sign indices and a 4-bit scale. */
export const iq3_xxs: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ3_XXS_GRID);
  const ks = ksigns();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 98, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let j = 0; j < 8; j++) {
      const aux = u32(b, o + 66 + 4 * j);
      const db = fr(fr(d * (0.5 + (aux >>> 28))) * 0.5);
      for (let l = 0; l < 4; l++) {
        const signs = ks[(aux >>> (7 * l)) & 127] as number;
        for (let i = 0; i < 8; i++) {
          const v = j * 32 + l * 8 + i;
          const row = (b[o + 2 + (v >> 2)] as number) * 4;
          out[p + v] = fr(db * (g[row + (v & 3)] as number)) * ((signs >> i) & 1 ? -1 : 1);
        }
      }
    }
  }
};

/** IQ3_S (110 bytes): d, 64 grid bytes, 8 bytes of ninth index bits, 32 sign bytes, 4 bytes of 4-bit scales (d·(1 + 2s)). */
export const iq3_s: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ3_S_GRID);
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 110, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let v = 0; v < 256; v++) {
      const j = v >> 5;
      const s = ((b[o + 106 + (j >> 1)] as number) >> (4 * (j & 1))) & 15;
      const db = fr(d * (1 + 2 * s));
      const q = v >> 2;
      const row = ((b[o + 2 + q] as number) | ((((b[o + 66 + (q >> 3)] as number) >> (q & 7)) & 1) << 8)) * 4;
      const sign = ((b[o + 74 + (v >> 3)] as number) >> (v & 7)) & 1;
      out[p + v] = fr(db * (g[row + (v & 3)] as number)) * (sign ? -1 : 1);
    }
  }
};

/** IQ1_S (50 bytes): d, 32 grid bytes, 8 u16: three high index bits per group of 8, a 3-bit scale, the delta's sign. */
export const iq1_s: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ1_S_GRID);
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 50, p += 256) {
    const d = t[u16(b, o)] as number;
    for (let j = 0; j < 8; j++) {
      const qh = u16(b, o + 34 + 2 * j);
      const dl = fr(d * (2 * ((qh >> 12) & 7) + 1));
      const delta = qh & 0x8000 ? -IQ1_DELTA : IQ1_DELTA;
      for (let l = 0; l < 4; l++) {
        const row = ((b[o + 2 + 4 * j + l] as number) | (((qh >> (3 * l)) & 7) << 8)) * 8;
        for (let i = 0; i < 8; i++) out[p + j * 32 + l * 8 + i] = fr(dl * ((g[row + i] as number) + delta));
      }
    }
  }
};

/** IQ1_M (56 bytes): 32 grid bytes, 16 bytes of high index bits and delta signs, 4 u16 of 3-bit scales whose top nibbles make the fp16 d. */
export const iq1_m: BlockDecoder = (b, n, out) => {
  const t = f16();
  const g = grid(IQ1_S_GRID);
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 56, p += 256) {
    const sc = [u16(b, o + 48), u16(b, o + 50), u16(b, o + 52), u16(b, o + 54)];
    const d = t[(((sc[0] as number) & 0xf000) >> 12) | (((sc[1] as number) & 0xf000) >> 8) | (((sc[2] as number) & 0xf000) >> 4) | ((sc[3] as number) & 0xf000)] as number;
    for (let q = 0; q < 32; q++) {
      const s = q >> 1; // one 3-bit scale per 16 values
      const dl = fr(d * (2 * (((sc[s >> 2] as number) >> (3 * (s & 3))) & 7) + 1));
      const nibble = ((b[o + 32 + (q >> 1)] as number) >> (4 * (q & 1))) & 15;
      const delta = nibble & 8 ? -IQ1_DELTA : IQ1_DELTA;
      const row = ((b[o + q] as number) | ((nibble & 7) << 8)) * 8;
      for (let i = 0; i < 8; i++) out[p + q * 8 + i] = fr(dl * ((g[row + i] as number) + delta));
    }
  }
};
