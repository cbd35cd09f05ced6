// The range counts every tensor report carries: values fp16 or fp8 cannot hold (overflow, flush to
// zero, subnormal) and values whose exp() overflows fp16 / fp32. Shared by the float and the
// bit-pattern accumulators and the fast chunk loop.

export interface RangeCounts {
  /** |x| > 65504: overflows fp16 to ±inf. */
  fp16Overflow: number;
  /** 0 < |x| < 2⁻²⁴ ≈ 5.96e-8: flushes to 0 in fp16. */
  fp16Underflow: number;
  /** 2⁻²⁴ ≤ |x| < 2⁻¹⁴ ≈ 6.10e-5: fp16 subnormal (lost precision). */
  fp16Subnormal: number;
  /** |x| > 448 / 57344: beyond fp8 e4m3fn / e5m2. */
  e4m3Overflow: number;
  e5m2Overflow: number;
  /** 0 < |x| < 2⁻⁹ / 2⁻¹⁶: flush to 0 in e4m3fn / e5m2. */
  e4m3Underflow: number;
  e5m2Underflow: number;
  /** x > 11.0903 (exp overflows fp16) and x > 88.7228 (exp overflows fp32). */
  expOverflowFp16: number;
  expOverflowFp32: number;
}

export const FP16_MAX = 65504;
export const FP16_TINY = 2 ** -24;
export const FP16_NORMAL = 2 ** -14;
export const E4M3_TINY = 2 ** -9;
export const E5M2_TINY = 2 ** -16;
// exp(x) rounds to inf from the midpoint above the largest finite value: 65520 in fp16,
// (2 − 2⁻²⁴)·2¹²⁷ in fp32 (ln: 11.0901, 88.7228).
export const EXP_FP16 = Math.log(65520);
export const EXP_FP32 = Math.log((2 - 2 ** -24) * 2 ** 127);

export const emptyRanges = (): RangeCounts => ({ fp16Overflow: 0, fp16Underflow: 0, fp16Subnormal: 0, e4m3Overflow: 0, e5m2Overflow: 0, e4m3Underflow: 0, e5m2Underflow: 0, expOverflowFp16: 0, expOverflowFp32: 0 });

/** Adds `c` occurrences of the finite non-zero value `x` to the range counts (the table path). */
export function countRanges(r: RangeCounts, x: number, c: number): void {
  const a = Math.abs(x);
  if (a === 0) return;
  if (a < E4M3_TINY) r.e4m3Underflow += c;
  countRareRanges(r, x, c);
}

/** Every range count but e4m3's underflow (which the fast loop counts without a branch). */
export function countRareRanges(r: RangeCounts, x: number, c: number): void {
  const a = Math.abs(x);
  if (a < FP16_NORMAL) {
    if (a < FP16_TINY) r.fp16Underflow += c;
    else r.fp16Subnormal += c;
    if (a < E5M2_TINY) r.e5m2Underflow += c;
  }
  if (a > 448) r.e4m3Overflow += c;
  if (a > FP16_MAX) r.fp16Overflow += c;
  if (a > 57344) r.e5m2Overflow += c;
  if (x > EXP_FP16) r.expOverflowFp16 += c;
  if (x > EXP_FP32) r.expOverflowFp32 += c;
}

export function addRanges(r: RangeCounts, o: RangeCounts): void {
  for (const k of Object.keys(r) as (keyof RangeCounts)[]) r[k] += o[k];
}
