// How numbers are shown to people: a fixed count of significant digits, digit grouping for
// large integers, exponents only where plain digits would be unreadable.

export const DEFAULT_SIGNIFICANT_DIGITS = 6;

export function formatNumber(x: number, significantDigits = DEFAULT_SIGNIFICANT_DIGITS): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (Number.isInteger(x) && abs < 1e21 && String(abs).length <= Math.max(significantDigits, 16)) {
    return groupDigits(x);
  }
  if (abs >= 1e15 || abs < 1e-4) {
    const [mantissa, exponent] = x.toExponential(significantDigits - 1).split('e');
    return `${trimZeros(mantissa ?? '')}e${exponent ?? ''}`;
  }
  const rounded = Number(x.toPrecision(significantDigits));
  if (Number.isInteger(rounded)) return groupDigits(rounded);
  return trimZeros(rounded.toPrecision(significantDigits));
}

/**
 * A whole number with thousands separators, as toLocaleString('en-US') writes it, without
 * loading the engine's locale data (tens of milliseconds at a CLI start-up). Other numbers go to
 * toLocaleString.
 */
export function groupDigits(x: number): string {
  if (!Number.isInteger(x) || Math.abs(x) >= 1e21) return x.toLocaleString('en-US');
  const sign = x < 0 ? '-' : '';
  const digits = Math.abs(x).toFixed(0);
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
