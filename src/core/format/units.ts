// Picking the prefix that keeps a quantity readable: one rule for bytes (binary or decimal) and
// FLOPs (SI), shared by formula results, estimator reports and charts.

export const BINARY_BYTES = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;
export const DECIMAL_BYTES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;
export const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'] as const;

/** Divides by `step` while |value| ≥ step, at most `levels − 1` times: the scaled value and how many times. */
export function scale(value: number, step: number, levels: number): { value: number; level: number } {
  let v = value;
  let level = 0;
  while (Math.abs(v) >= step && level < levels - 1) {
    v /= step;
    level++;
  }
  return { value: v, level };
}

/** The byte unit for an amount: binary (KiB…) or decimal (kB…). */
export function byteUnit(bytes: number, decimal: boolean): { value: number; unit: string } {
  const units = decimal ? DECIMAL_BYTES : BINARY_BYTES;
  const s = scale(bytes, decimal ? 1000 : 1024, units.length);
  return { value: s.value, unit: units[s.level] as string };
}

/** An SI-prefixed unit (kFLOP, TFLOP…). */
export function siUnit(amount: number, unit: string): { value: number; unit: string } {
  const s = scale(amount, 1000, SI_PREFIXES.length);
  return { value: s.value, unit: `${SI_PREFIXES[s.level]}${unit}` };
}
