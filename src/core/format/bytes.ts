// Byte sizes for people: binary (KiB, MiB, GiB: powers of 1024) or decimal (kB, MB, GB), always
// with the unit written, so nobody has to guess which.
import { formatNumber } from './number';
import { byteUnit } from './units';

export function formatBytes(bytes: number, decimal = false, digits = 4): string {
  const { value, unit } = byteUnit(bytes, decimal);
  return `${formatNumber(value, digits)} ${unit}`;
}
