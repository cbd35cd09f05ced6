// Tensor element types by their numpy names, with the decoders that turn raw bytes into numbers.
// fp16 / bf16 / fp8 are decoded from their bit patterns (tests check every pattern's meaning).

export const DTYPES = ['float64', 'float32', 'float16', 'bfloat16', 'float8_e4m3fn', 'float8_e5m2', 'int64', 'int32', 'int16', 'int8', 'uint64', 'uint32', 'uint16', 'uint8', 'bool'] as const;
export type Dtype = (typeof DTYPES)[number];

export const ITEM_SIZE: Readonly<Record<Dtype, number>> = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2, float8_e4m3fn: 1, float8_e5m2: 1,
  int64: 8, int32: 4, int16: 2, int8: 1, uint64: 8, uint32: 4, uint16: 2, uint8: 1, bool: 1,
};

export const isFloat = (d: Dtype) => d.startsWith('float') || d === 'bfloat16';

/** safetensors dtype codes (spec: BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64). */
export const SAFETENSORS_DTYPES: Readonly<Record<string, Dtype>> = {
  F64: 'float64', F32: 'float32', F16: 'float16', BF16: 'bfloat16', F8_E4M3: 'float8_e4m3fn', F8_E5M2: 'float8_e5m2',
  I64: 'int64', I32: 'int32', I16: 'int16', I8: 'int8', U64: 'uint64', U32: 'uint32', U16: 'uint16', U8: 'uint8', BOOL: 'bool',
};

/** numpy dtype spellings people print (torch.float16, jnp.bfloat16, 'float32', '<f4', half, …). */
export function dtypeFromName(name: string): Dtype | undefined {
  const n = name.trim().replace(/^(?:torch|np|numpy|jnp|tf|jax\.numpy|ml_dtypes)\./, '').replace(/^['"]|['"]$/g, '').toLowerCase();
  const aliases: Record<string, Dtype> = {
    float64: 'float64', double: 'float64', f8: 'float64', float: 'float64', float32: 'float32', f4: 'float32', single: 'float32',
    float16: 'float16', half: 'float16', f2: 'float16', bfloat16: 'bfloat16', bf16: 'bfloat16',
    float8_e4m3fn: 'float8_e4m3fn', float8_e4m3: 'float8_e4m3fn', f8_e4m3: 'float8_e4m3fn', float8_e5m2: 'float8_e5m2', f8_e5m2: 'float8_e5m2',
    int64: 'int64', long: 'int64', i8: 'int64', int32: 'int32', int: 'int32', i4: 'int32', int16: 'int16', short: 'int16', i2: 'int16', int8: 'int8', i1: 'int8',
    uint64: 'uint64', u8: 'uint64', uint32: 'uint32', u4: 'uint32', uint16: 'uint16', u2: 'uint16', uint8: 'uint8', u1: 'uint8', bool: 'bool', b1: 'bool', bool_: 'bool',
  };
  return aliases[n];
}

/** float16 bit pattern → number (IEEE 754 binary16). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function fp8Table(expBits: number, manBits: number, fn: boolean): Float64Array {
  const t = new Float64Array(256);
  const bias = 2 ** (expBits - 1) - 1;
  const maxExp = 2 ** expBits - 1;
  for (let b = 0; b < 256; b++) {
    const sign = b & 0x80 ? -1 : 1;
    const exp = (b >> manBits) & maxExp;
    const man = b & ((1 << manBits) - 1);
    let v: number;
    if (fn) {
      // e4m3fn: no infinities; only S.1111.111 is NaN.
      if (exp === maxExp && man === (1 << manBits) - 1) v = NaN;
      else if (exp === 0) v = sign * man * 2 ** (1 - bias - manBits);
      else v = sign * (1 + man / 2 ** manBits) * 2 ** (exp - bias);
    } else if (exp === maxExp) v = man ? NaN : sign * Infinity;
    else if (exp === 0) v = sign * man * 2 ** (1 - bias - manBits);
    else v = sign * (1 + man / 2 ** manBits) * 2 ** (exp - bias);
    t[b] = v;
  }
  return t;
}

/** Typed-array views read in host byte order; every platform VS Code runs on is little-endian, but check. */
export const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

let e4m3: Float64Array | undefined;
let bf16: Float64Array | undefined;
export const bf16Table = () => {
  if (!bf16) {
    // The pattern is the float32's upper half: written as 16-bit halves (small integers: no
    // boxed number per step in the unoptimised loop this is at a CLI start-up), then converted natively.
    const f = new Float32Array(65_536);
    const halves = new Uint16Array(f.buffer);
    const hi = LITTLE_ENDIAN_HOST ? 1 : 0;
    for (let i = 0; i < 65_536; i++) halves[2 * i + hi] = i;
    bf16 = new Float64Array(f);
  }
  return bf16;
};
let e5m2: Float64Array | undefined;
let half: Float64Array | undefined;

export const fp8E4M3Table = () => (e4m3 ??= fp8Table(4, 3, true));
export const fp8E5M2Table = () => (e5m2 ??= fp8Table(5, 2, false));
export const halfTable = () => {
  if (!half) {
    // Exponent by exponent (one multiplication per pattern; the table is built at a CLI start-up):
    // the same values as halfToNumber.
    const t = new Float64Array(65536);
    for (let e = 0; e < 32; e++) {
      const base = e << 10;
      if (e === 31) {
        t[base] = Infinity;
        for (let f = 1; f < 1024; f++) t[base + f] = NaN;
        continue;
      }
      const unit = e === 0 ? 2 ** -24 : 2 ** (e - 25);
      const lead = e === 0 ? 0 : 1024;
      for (let f = 0; f < 1024; f++) t[base + f] = (lead + f) * unit;
    }
    for (let i = 0; i < 32768; i++) t[i + 32768] = -(t[i] as number);
    half = t;
  }
  return half;
};

/**
 * The value of every bit pattern of a dtype of ≤ 16 bits, indexed by the pattern as a
 * little-endian read gives it (`swap`: the data is big-endian, so the bytes are swapped first).
 */
export function patternTable(dtype: Dtype, swap = false): Float64Array | undefined {
  const key = `${dtype}${swap ? '>' : '<'}`;
  let t = patternTables.get(key);
  if (!t) {
    t = buildPatternTable(dtype, swap);
    if (t) patternTables.set(key, t);
  }
  return t;
}
const patternTables = new Map<string, Float64Array>();

function buildPatternTable(dtype: Dtype, swap: boolean): Float64Array | undefined {
  let t: Float64Array;
  switch (dtype) {
    case 'bfloat16':
      t = bf16Table();
      break;
    case 'float16':
      t = halfTable();
      break;
    case 'int16':
      t = Float64Array.from(new Int16Array(Uint16Array.from({ length: 65_536 }, (_, i) => i).buffer));
      break;
    case 'uint16':
      t = Float64Array.from({ length: 65_536 }, (_, i) => i);
      break;
    case 'float8_e4m3fn':
      return fp8E4M3Table();
    case 'float8_e5m2':
      return fp8E5M2Table();
    case 'int8':
      return Float64Array.from({ length: 256 }, (_, i) => (i < 128 ? i : i - 256));
    case 'uint8':
    case 'bool':
      return Float64Array.from({ length: 256 }, (_, i) => i);
    default:
      return undefined;
  }
  // A 16-bit pattern read from memory in host order: swap when data and host byte orders differ.
  if (swap === !LITTLE_ENDIAN_HOST) return t;
  const s = new Float64Array(65_536);
  for (let i = 0; i < 65_536; i++) s[i] = t[((i & 0xff) << 8) | (i >> 8)] as number;
  return s;
}

/** Below this many 16-bit elements, decode converts them one by one (no table). */
const SMALL_DECODE = 4096;

const scratch32 = new Float32Array(1);
const scratchBits = new Uint32Array(scratch32.buffer);
/** bfloat16 bit pattern → number: the upper half of a float32. */
function bf16ToNumber(bits: number): number {
  scratchBits[0] = bits << 16;
  return scratch32[0] as number;
}

/**
 * Decodes `count` elements of `dtype` from `bytes` (starting at byte 0) into `out`.
 * littleEndian: byte order of multi-byte elements. Aligned little-endian data goes through a typed
 * array view and the native set() (no per-element call); the DataView loops are the fallback.
 */
export function decode(dtype: Dtype, bytes: Uint8Array, count: number, littleEndian: boolean, out: Float64Array): void {
  const native = littleEndian === LITTLE_ENDIAN_HOST;
  const size = ITEM_SIZE[dtype];
  if (size > 1 && bytes.byteOffset % size !== 0) {
    // Unaligned (a memory source's subarray): copy once to aligned bytes.
    bytes = bytes.slice(0, count * size);
  }
  const at = <T>(Ctor: new (b: ArrayBufferLike, o: number, n: number) => T): T => new Ctor(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'float64':
      if (native) out.set(at(Float64Array));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, littleEndian);
      return;
    case 'float32':
      if (native) out.set(at(Float32Array));
      else for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, littleEndian);
      return;
    case 'float16':
    case 'bfloat16':
    case 'int16':
    case 'uint16': {
      if (count <= SMALL_DECODE) {
        // A few values: converted one by one rather than through a 65,536-entry table.
        for (let i = 0; i < count; i++) {
          const bits = view.getUint16(i * 2, littleEndian);
          out[i] = dtype === 'float16' ? halfToNumber(bits) : dtype === 'bfloat16' ? bf16ToNumber(bits) : dtype === 'int16' ? (bits << 16) >> 16 : bits;
        }
        return;
      }
      const t = patternTable(dtype, !littleEndian) as Float64Array;
      const u = at(Uint16Array);
      for (let i = 0; i < count; i++) out[i] = t[u[i] as number] as number;
      return;
    }
    case 'float8_e4m3fn':
    case 'float8_e5m2':
    case 'int8': {
      const t = patternTable(dtype) as Float64Array;
      for (let i = 0; i < count; i++) out[i] = t[bytes[i] as number] as number;
      return;
    }
    case 'uint8':
    case 'bool':
      out.set(bytes.subarray(0, count));
      return;
    case 'int32':
      if (native) out.set(at(Int32Array));
      else for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, littleEndian);
      return;
    case 'uint32':
      if (native) out.set(at(Uint32Array));
      else for (let i = 0; i < count; i++) out[i] = view.getUint32(i * 4, littleEndian);
      return;
    case 'int64':
    case 'uint64': {
      if (!native || !LITTLE_ENDIAN_HOST) {
        if (dtype === 'int64') for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, littleEndian));
        else for (let i = 0; i < count; i++) out[i] = Number(view.getBigUint64(i * 8, littleEndian));
        return;
      }
      // hi·2³² + lo: the product is exact and the one addition rounds once, as Number(BigInt) does.
      const lo = new Uint32Array(bytes.buffer, bytes.byteOffset, count * 2);
      const hi = dtype === 'int64' ? new Int32Array(bytes.buffer, bytes.byteOffset, count * 2) : lo;
      for (let i = 0; i < count; i++) out[i] = (hi[2 * i + 1] as number) * 4294967296 + (lo[2 * i] as number);
      return;
    }
  }
}
