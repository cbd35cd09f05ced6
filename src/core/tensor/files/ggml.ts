// ggml tensor types (ggml.h `enum ggml_type`) as data: id, name, values per block and bytes per
// block, and the dequantizer where we have one. Dequantizers follow gguf-py's gguf/quants.py (itself
// ggml-quants.c) and are tested value by value against it (test/fixtures/gguf, made by
// scripts/reference/make_gguf_fixtures.py). Results are float32, as ggml computes them: products of
// an fp16 scale and a small integer are exact in float32; sums are rounded with Math.fround.
import { halfTable, type Dtype } from '../dtypes';
import { iq1_m, iq1_s, iq2_s, iq2_xs, iq2_xxs, iq3_s, iq3_xxs } from './ggmlIq';

/** Decodes `blocks` whole blocks from `bytes` (starting at 0) into `out` from index 0. */
export type BlockDecoder = (bytes: Uint8Array, blocks: number, out: Float64Array) => void;

export interface GgmlType {
  readonly id: number;
  readonly name: string;
  /** Values per block (1 for plain element types). */
  readonly blockValues: number;
  readonly blockBytes: number;
  /** Plain element types map to a numpy dtype and need no dequantizer. */
  readonly dtype?: Dtype;
  readonly decode?: BlockDecoder;
}

// The shared fp16 table (dtypes.ts), built exponent by exponent: faster than a call per pattern.
const f16 = halfTable;
const h = (t: Float64Array, b: Uint8Array, o: number) => t[(b[o] as number) | ((b[o + 1] as number) << 8)] as number;
const fr = Math.fround;

/** Q4_0: fp16 d, 32 nibbles (low nibbles are values 0–15, high nibbles 16–31): d·(q − 8). */
const q4_0: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 18, p += 32) {
    const d = h(t, b, o);
    for (let j = 0; j < 16; j++) {
      const q = b[o + 2 + j] as number;
      out[p + j] = d * ((q & 15) - 8);
      out[p + j + 16] = d * ((q >> 4) - 8);
    }
  }
};

/** Q4_1: fp16 d and m, 32 nibbles: d·q + m. */
const q4_1: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 20, p += 32) {
    const d = h(t, b, o);
    const m = h(t, b, o + 2);
    for (let j = 0; j < 16; j++) {
      const q = b[o + 4 + j] as number;
      out[p + j] = fr(d * (q & 15) + m);
      out[p + j + 16] = fr(d * (q >> 4) + m);
    }
  }
};

/** Q5_0 / Q5_1: a fifth bit per value from a little-endian u32. */
function q5(withMin: boolean): BlockDecoder {
  const size = withMin ? 24 : 22;
  return (b, n, out) => {
    const t = f16();
    for (let k = 0, o = 0, p = 0; k < n; k++, o += size, p += 32) {
      const d = h(t, b, o);
      const m = withMin ? h(t, b, o + 2) : 0;
      const hb = o + (withMin ? 4 : 2);
      const qh = ((b[hb] as number) | ((b[hb + 1] as number) << 8) | ((b[hb + 2] as number) << 16) | ((b[hb + 3] as number) << 24)) >>> 0;
      const qs = hb + 4;
      for (let j = 0; j < 16; j++) {
        const q = b[qs + j] as number;
        const lo = (q & 15) | (((qh >>> j) & 1) << 4);
        const hi = (q >> 4) | (((qh >>> (j + 16)) & 1) << 4);
        if (withMin) {
          out[p + j] = fr(d * lo + m);
          out[p + j + 16] = fr(d * hi + m);
        } else {
          out[p + j] = d * (lo - 16);
          out[p + j + 16] = d * (hi - 16);
        }
      }
    }
  };
}

/** Q8_0: fp16 d, 32 int8: d·q. */
const q8_0: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 34, p += 32) {
    const d = h(t, b, o);
    for (let j = 0; j < 32; j++) out[p + j] = d * (((b[o + 2 + j] as number) << 24) >> 24);
  }
};

/** Q2_K: 16 scale bytes (low nibble scale, high nibble min), 64 bytes of 2-bit values, d, dmin. */
const q2_k: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 84, p += 256) {
    const d = h(t, b, o + 80);
    const dmin = h(t, b, o + 82);
    for (let i = 0; i < 256; i++) {
      const half = i >> 7;
      const s = (i >> 5) & 3;
      const q = ((b[o + 16 + half * 32 + (i & 31)] as number) >> (2 * s)) & 3;
      const sc = b[o + (i >> 4)] as number;
      out[p + i] = fr(d * (sc & 15) * q - dmin * (sc >> 4));
    }
  }
};

/** Q3_K: 32 bytes of high-bit masks, 64 bytes of 2-bit values, 12 bytes of 6-bit scales, d. */
const q3_k: BlockDecoder = (b, n, out) => {
  const t = f16();
  const scales = new Int32Array(16);
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 110, p += 256) {
    const d = h(t, b, o + 108);
    const sb = o + 96;
    for (let j = 0; j < 16; j++) {
      const lo = j < 8 ? (b[sb + j] as number) & 15 : (b[sb + j - 8] as number) >> 4;
      const hi = ((b[sb + 8 + (j & 3)] as number) >> (2 * (j >> 2))) & 3;
      scales[j] = (lo | (hi << 4)) - 32;
    }
    for (let i = 0; i < 256; i++) {
      const l = i & 31;
      const ql = ((b[o + 32 + (i >> 7) * 32 + l] as number) >> (2 * ((i >> 5) & 3))) & 3;
      const bit = ((b[o + l] as number) >> (i >> 5)) & 1;
      out[p + i] = d * (scales[i >> 4] as number) * (ql - (bit ? 0 : 4));
    }
  }
};

/** The 6-bit scales and mins of Q4_K / Q5_K (12 bytes for 8 sub-blocks; ggml's get_scale_min_k4). */
export function scaleMin(b: Uint8Array, at: number, sc: Int32Array, mn: Int32Array): void {
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

/** Q4_K / Q5_K: d, dmin, 12 scale bytes, (Q5_K: 32 bytes of fifth bits), 128 bytes of nibbles. */
function q45_k(five: boolean): BlockDecoder {
  const size = five ? 176 : 144;
  return (b, n, out) => {
    const t = f16();
    const sc = new Int32Array(8);
    const mn = new Int32Array(8);
    for (let k = 0, o = 0, p = 0; k < n; k++, o += size, p += 256) {
      const d = h(t, b, o);
      const dmin = h(t, b, o + 2);
      scaleMin(b, o + 4, sc, mn);
      const qs = o + (five ? 48 : 16);
      for (let g = 0; g < 8; g++) {
        const dl = d * (sc[g] as number);
        const ml = dmin * (mn[g] as number);
        const base = qs + (g >> 1) * 32;
        const shift = 4 * (g & 1);
        for (let l = 0; l < 32; l++) {
          let q = ((b[base + l] as number) >> shift) & 15;
          if (five) q |= (((b[o + 16 + l] as number) >> g) & 1) << 4;
          out[p + g * 32 + l] = fr(dl * q - ml);
        }
      }
    }
  };
}

/** Q6_K: 128 bytes of low nibbles, 64 bytes of high 2 bits, 16 int8 scales, d. */
const q6_k: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 210, p += 256) {
    const d = h(t, b, o + 208);
    for (let i = 0; i < 256; i++) {
      const half = i >> 7;
      const r = i & 127;
      const lo = ((b[o + half * 64 + (r & 63)] as number) >> (4 * (r >> 6))) & 15;
      const hi = ((b[o + 128 + half * 32 + (r & 31)] as number) >> (2 * (r >> 5))) & 3;
      const sc = ((b[o + 192 + (i >> 4)] as number) << 24) >> 24;
      out[p + i] = fr(fr(d * sc) * ((lo | (hi << 4)) - 32));
    }
  }
};

const IQ4_VALUES = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113];

/** IQ4_NL: fp16 d, 32 nibbles indexing a non-linear table. */
const iq4_nl: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 18, p += 32) {
    const d = h(t, b, o);
    for (let j = 0; j < 16; j++) {
      const q = b[o + 2 + j] as number;
      out[p + j] = d * (IQ4_VALUES[q & 15] as number);
      out[p + j + 16] = d * (IQ4_VALUES[q >> 4] as number);
    }
  }
};

/** IQ4_XS: d, 6-bit sub-block scales (high 2 bits in a u16, low 4 in nibbles), 128 bytes of nibbles. */
const iq4_xs: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 136, p += 256) {
    const d = h(t, b, o);
    const sh = (b[o + 2] as number) | ((b[o + 3] as number) << 8);
    for (let j = 0; j < 8; j++) {
      const lo = ((b[o + 4 + (j >> 1)] as number) >> (4 * (j & 1))) & 15;
      const scale = (lo | (((sh >> (2 * j)) & 3) << 4)) - 32;
      const dl = fr(d * scale);
      for (let l = 0; l < 32; l++) {
        const q = ((b[o + 8 + j * 16 + (l & 15)] as number) >> (4 * (l >> 4))) & 15;
        out[p + j * 32 + l] = fr(dl * (IQ4_VALUES[q] as number));
      }
    }
  }
};

/** TQ1_0: ternary values packed five (or four) per byte in base 3, then fp16 d. */
const tq1_0: BlockDecoder = (b, n, out) => {
  const t = f16();
  const POW3 = [1, 3, 9, 27, 81];
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 54, p += 256) {
    const d = h(t, b, o + 52);
    let i = 0;
    const put = (byte: number, pow: number) => {
      const v = (byte * pow) & 255;
      out[p + i++] = d * (((v * 3) >> 8) - 1);
    };
    for (let s = 0; s < 5; s++) for (let l = 0; l < 32; l++) put(b[o + l] as number, POW3[s] as number);
    for (let s = 0; s < 5; s++) for (let l = 0; l < 16; l++) put(b[o + 32 + l] as number, POW3[s] as number);
    for (let s = 0; s < 4; s++) for (let l = 0; l < 4; l++) put(b[o + 48 + l] as number, POW3[s] as number);
  }
};

/** TQ2_0: 2-bit ternary values (q − 1), then fp16 d. */
const tq2_0: BlockDecoder = (b, n, out) => {
  const t = f16();
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 66, p += 256) {
    const d = h(t, b, o + 64);
    for (let i = 0; i < 256; i++) out[p + i] = d * ((((b[o + (i >> 7) * 32 + (i & 31)] as number) >> (2 * ((i >> 5) & 3))) & 3) - 1);
  }
};

const FP4_DOUBLED = [0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12];
const e8m0Bits = new Uint32Array(1);
const e8m0Float = new Float32Array(e8m0Bits.buffer);

/** MXFP4 (OCP microscaling): an e8m0 exponent (halved, as ggml stores doubled e2m1 values), 32 e2m1 nibbles. */
const mxfp4: BlockDecoder = (b, n, out) => {
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 17, p += 32) {
    const e = b[o] as number;
    e8m0Bits[0] = e < 2 ? 0x00200000 << e : (e - 1) << 23;
    const d = e8m0Float[0] as number;
    for (let j = 0; j < 16; j++) {
      const q = b[o + 1 + j] as number;
      out[p + j] = d * (FP4_DOUBLED[q & 15] as number);
      out[p + j + 16] = d * (FP4_DOUBLED[q >> 4] as number);
    }
  }
};

/** ue4m3 (unsigned e4m3, bias 7) → float, halved as ggml stores doubled e2m1 values; 0 and 0x7f are 0. */
const UE4M3_HALF = (() => {
  const t = new Float64Array(256);
  for (let x = 0; x < 256; x++) {
    const exp = (x >> 3) & 15;
    const man = x & 7;
    const raw = exp === 0 ? Math.fround(man * 2 ** -9) : Math.fround(Math.fround(1 + man / 8) * 2 ** (exp - 7));
    t[x] = x === 0 || x === 0x7f ? 0 : Math.fround(raw * 0.5);
  }
  return t;
})();

/** NVFP4: four ue4m3 sub-block scales, then 4 × 8 bytes of e2m1 nibbles (16 values per scale). */
const nvfp4: BlockDecoder = (b, n, out) => {
  for (let k = 0, o = 0, p = 0; k < n; k++, o += 36, p += 64) {
    for (let s = 0; s < 4; s++) {
      const d = UE4M3_HALF[b[o + s] as number] as number;
      for (let j = 0; j < 8; j++) {
        const q = b[o + 4 + s * 8 + j] as number;
        out[p + s * 16 + j] = fr(d * (FP4_DOUBLED[q & 15] as number));
        out[p + s * 16 + j + 8] = fr(d * (FP4_DOUBLED[q >> 4] as number));
      }
    }
  }
};

const QK = 256;
/** Every ggml type a GGUF file may hold (ids 4, 5 and 31–33, 36–38 were removed from ggml). */
export const GGML_TYPES: readonly GgmlType[] = [
  { id: 0, name: 'F32', blockValues: 1, blockBytes: 4, dtype: 'float32' },
  { id: 1, name: 'F16', blockValues: 1, blockBytes: 2, dtype: 'float16' },
  { id: 2, name: 'Q4_0', blockValues: 32, blockBytes: 18, decode: q4_0 },
  { id: 3, name: 'Q4_1', blockValues: 32, blockBytes: 20, decode: q4_1 },
  { id: 6, name: 'Q5_0', blockValues: 32, blockBytes: 22, decode: q5(false) },
  { id: 7, name: 'Q5_1', blockValues: 32, blockBytes: 24, decode: q5(true) },
  { id: 8, name: 'Q8_0', blockValues: 32, blockBytes: 34, decode: q8_0 },
  // ggml's block_q8_1 is two fp16 (d, s) and 32 int8: 36 bytes (gguf-py still lists 40). Only an
  // intermediate of dot products; no file stores it.
  { id: 9, name: 'Q8_1', blockValues: 32, blockBytes: 36 },
  { id: 10, name: 'Q2_K', blockValues: QK, blockBytes: 84, decode: q2_k },
  { id: 11, name: 'Q3_K', blockValues: QK, blockBytes: 110, decode: q3_k },
  { id: 12, name: 'Q4_K', blockValues: QK, blockBytes: 144, decode: q45_k(false) },
  { id: 13, name: 'Q5_K', blockValues: QK, blockBytes: 176, decode: q45_k(true) },
  { id: 14, name: 'Q6_K', blockValues: QK, blockBytes: 210, decode: q6_k },
  { id: 15, name: 'Q8_K', blockValues: QK, blockBytes: 292 },
  { id: 16, name: 'IQ2_XXS', blockValues: QK, blockBytes: 66, decode: iq2_xxs },
  { id: 17, name: 'IQ2_XS', blockValues: QK, blockBytes: 74, decode: iq2_xs },
  { id: 18, name: 'IQ3_XXS', blockValues: QK, blockBytes: 98, decode: iq3_xxs },
  { id: 19, name: 'IQ1_S', blockValues: QK, blockBytes: 50, decode: iq1_s },
  { id: 20, name: 'IQ4_NL', blockValues: 32, blockBytes: 18, decode: iq4_nl },
  { id: 21, name: 'IQ3_S', blockValues: QK, blockBytes: 110, decode: iq3_s },
  { id: 22, name: 'IQ2_S', blockValues: QK, blockBytes: 82, decode: iq2_s },
  { id: 23, name: 'IQ4_XS', blockValues: QK, blockBytes: 136, decode: iq4_xs },
  { id: 24, name: 'I8', blockValues: 1, blockBytes: 1, dtype: 'int8' },
  { id: 25, name: 'I16', blockValues: 1, blockBytes: 2, dtype: 'int16' },
  { id: 26, name: 'I32', blockValues: 1, blockBytes: 4, dtype: 'int32' },
  { id: 27, name: 'I64', blockValues: 1, blockBytes: 8, dtype: 'int64' },
  { id: 28, name: 'F64', blockValues: 1, blockBytes: 8, dtype: 'float64' },
  { id: 29, name: 'IQ1_M', blockValues: QK, blockBytes: 56, decode: iq1_m },
  { id: 30, name: 'BF16', blockValues: 1, blockBytes: 2, dtype: 'bfloat16' },
  { id: 34, name: 'TQ1_0', blockValues: QK, blockBytes: 54, decode: tq1_0 },
  { id: 35, name: 'TQ2_0', blockValues: QK, blockBytes: 66, decode: tq2_0 },
  { id: 39, name: 'MXFP4', blockValues: 32, blockBytes: 17, decode: mxfp4 },
  { id: 40, name: 'NVFP4', blockValues: 64, blockBytes: 36, decode: nvfp4 },
  { id: 41, name: 'Q1_0', blockValues: 128, blockBytes: 18 },
];

const BY_ID = new Map(GGML_TYPES.map((t) => [t.id, t]));
const BY_NAME = new Map(GGML_TYPES.map((t) => [t.name, t]));
const REMOVED: Readonly<Record<number, string>> = { 4: 'Q4_2', 5: 'Q4_3', 31: 'Q4_0_4_4', 32: 'Q4_0_4_8', 33: 'Q4_0_8_8', 36: 'IQ4_NL_4_4', 37: 'IQ4_NL_4_8', 38: 'IQ4_NL_8_8' };

export const ggmlTypeById = (id: number): GgmlType | undefined => BY_ID.get(id);
export const ggmlTypeByName = (name: string): GgmlType | undefined => BY_NAME.get(name);
/** Why an id is not a type: removed from ggml (files must be re-converted) or unknown. */
export const ggmlRemovedName = (id: number): string | undefined => REMOVED[id];

/** Bits per weight of a type: block bytes × 8 / block values (Q4_K: 4.5, Q6_K: 6.5625). */
export const bitsPerWeight = (t: GgmlType): number => (t.blockBytes * 8) / t.blockValues;
