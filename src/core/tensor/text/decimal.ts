// Decimal → double without the engine's string conversion: correctly rounded (as Number() and
// JSON.parse), or NaN when it cannot be sure and the caller asks Number().
// - mantissa < 2^53 and 10^±22: one IEEE product or quotient of two exact doubles (Clinger 1990);
// - mantissa of up to 20 digits (JSON.stringify writes most doubles with 17) and 10^±44: the
//   mantissa and the power of ten exactly as double-doubles (5^44 < 2^106), the product or quotient
//   with its error term (Dekker's error-free products), then the rounding decided by bracketing: the
//   true value lies within a bound far below an ulp of the rough result; when both ends of the
//   bracket round to the same double, that double is the correctly rounded value (rounding is
//   monotone). Only values within ~2^-36 ulp of a halfway point (exact ties among them) fail the test.

/** Powers of ten up to here are exact double-doubles: 10^k = 2^k·5^k and 5^44 < 2^103. */
const MAX_SCALE = 44;
/** 10^k rounded to a double (exact up to 10^22)… */
const POW10 = Float64Array.from({ length: MAX_SCALE + 1 }, (_, k) => Number(`1e${k}`));
/** …and what that leaves, exactly (BigInt arithmetic, once). */
const POW10_REST = Float64Array.from({ length: MAX_SCALE + 1 }, (_, k) => Number(10n ** BigInt(k) - BigInt(POW10[k] as number)));

const TWO53 = 9007199254740992;
/** The half-width of the bracket, relative to the value: 2^-90, ~2^12 times the error bound. */
const BRACKET = 2 ** -90;
/** Dekker's splitter, 2^27 + 1: a double splits into two 26-bit halves whose products are exact. */
const SPLIT = 134217729;
/** POW10 split into halves once. */
const POW10_HI = POW10.map((p) => {
  const c = SPLIT * p;
  return c - (c - p);
});
const POW10_LO = POW10.map((p, k) => p - (POW10_HI[k] as number));

/** The rounding error of p = fl(a·POW10[k]) (a·POW10[k] = p + error exactly; Dekker 1971). */
function productError(a: number, k: number, p: number): number {
  const c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  const bh = POW10_HI[k] as number;
  const bl = POW10_LO[k] as number;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * The double nearest to (head·10^tailDigits + tail)·10^scale, or NaN when the fast methods cannot
 * decide. head < 9·10^15 and tail < 10^tailDigits are integers read from the digits (the first 15
 * or 16 significant digits and the rest; tail only when head ≥ 9·10^14), tailDigits ≤ 4,
 * |scale| ≤ 44; non-negative (the caller applies the sign).
 */
export function decimalToDouble(head: number, tail: number, tailDigits: number, scale: number): number {
  if (tailDigits > 4 || scale < -MAX_SCALE || scale > MAX_SCALE) return NaN;
  // The whole mantissa; exact whenever it is below 2^53 (any larger true value rounds to ≥ 2^53).
  const rough = tailDigits === 0 ? head : head * (POW10[tailDigits] as number) + tail;
  if (rough < TWO53 && scale >= -22 && scale <= 22) return scale < 0 ? rough / (POW10[-scale] as number) : rough * (POW10[scale] as number);
  // The mantissa (< 9·10^19 < 2^67, an integer) exactly as mh + ml: head·10^t = a + e, a + tail = s + u.
  const a = head * (POW10[tailDigits] as number);
  const e = productError(head, tailDigits, a);
  const s = a + tail;
  // e and s's rounding error are integers of magnitude ≤ 2^13 (ulps below 2^67 are ≤ 2^14): their sum is exact.
  const u = tail - (s - a) + e;
  const mh = s + u;
  const ml = u - (mh - s);
  // x = q + delta with q a double and delta within a few ulps of q, known to within ~2^-50 ulp(q).
  let q: number;
  let delta: number;
  if (scale >= 0) {
    // (mh + ml)(ph + pl): ml·pl (< 2^-106 q) left out.
    const ph = POW10[scale] as number;
    q = mh * ph;
    delta = productError(mh, scale, q) + mh * (POW10_REST[scale] as number) + ml * ph;
  } else {
    const k = -scale;
    const ph = POW10[k] as number;
    q = mh / ph;
    const qp = q * ph;
    // x − q = (mh + ml − q·(ph + pl)) / (ph + pl); mh − qp is exact (Sterbenz: qp is within an ulp
    // or two of mh); dividing by ph instead of ph + pl errs by < 2^-53 of delta.
    delta = (mh - qp - productError(q, k, qp) - q * (POW10_REST[k] as number) + ml) / ph;
  }
  const bound = q * BRACKET;
  const low = q + (delta - bound);
  return low === q + (delta + bound) ? low : NaN;
}
