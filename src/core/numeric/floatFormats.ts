// Rounding into narrow floating-point formats: round to nearest, ties to even; values beyond the
// largest finite number overflow to ±Infinity; values below half the smallest subnormal become ±0.

export interface FloatFormat {
  readonly name: string;
  readonly exponentBits: number;
  readonly mantissaBits: number;
  /** Largest finite value (e4m3fn reserves its top code for NaN, so it is not 2^emax·(2−2^−m)). */
  readonly max: number;
}

function format(name: string, exponentBits: number, mantissaBits: number, max?: number): FloatFormat {
  const bias = 2 ** (exponentBits - 1) - 1;
  return { name, exponentBits, mantissaBits, max: max ?? 2 ** bias * (2 - 2 ** -mantissaBits) };
}

export const FLOAT16 = format('float16', 5, 10); // max 65504
export const BFLOAT16 = format('bfloat16', 8, 7); // max ≈ 3.3895e38
export const FLOAT8_E4M3 = format('float8_e4m3fn', 4, 3, 448);
export const FLOAT8_E5M2 = format('float8_e5m2', 5, 2); // max 57344

export function minExponent(f: FloatFormat): number {
  return 2 - 2 ** (f.exponentBits - 1); // 1 − bias
}

/** Smallest positive subnormal of the format. */
export function smallestSubnormal(f: FloatFormat): number {
  return 2 ** (minExponent(f) - f.mantissaBits);
}

export function smallestNormal(f: FloatFormat): number {
  return 2 ** minExponent(f);
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Rounds x into the format. Overflow: 'infinity' (IEEE formats) or 'saturate' to ±max (formats
 * without infinity, e.g. e4m3fn, as torch converts: ±Infinity → ±max too); NaN stays NaN.
 */
export function roundToFormat(x: number, f: FloatFormat, overflow: 'infinity' | 'saturate' = 'infinity'): number {
  if (Number.isNaN(x) || x === 0) return x;
  if (!Number.isFinite(x)) return overflow === 'saturate' ? Math.sign(x) * f.max : x;
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const e = Math.max(Math.floor(Math.log2(ax)), minExponent(f));
  // log2 can be off by one next to powers of two; fix the binade.
  const binade = 2 ** e > ax && e > minExponent(f) ? e - 1 : e;
  const quantum = 2 ** (binade - f.mantissaBits);
  const r = roundHalfEven(ax / quantum) * quantum;
  if (r > f.max) return sign * (overflow === 'saturate' ? f.max : Infinity);
  return sign * r;
}
