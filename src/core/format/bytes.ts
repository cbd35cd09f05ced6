// Byte sizes for people: binary (KiB, MiB, GiB: powers of 1024) or decimal (kB, MB, GB), always
// with the unit written, so nobody has to guess which.
import { formatNumber } from './number';

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const DECIMAL = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

export function formatBytes(bytes: number, decimal = false, digits = 4): string {
  const units = decimal ? DECIMAL : BINARY;
  const step = decimal ? 1000 : 1024;
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= step && i < units.length - 1) {
    v /= step;
    i++;
  }
  return `${formatNumber(v, digits)} ${units[i]}`;
}
