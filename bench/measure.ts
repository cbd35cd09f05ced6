// Shared timing helpers: medians of repeated runs, measured in the same process as their baseline.
import { performance } from 'node:perf_hooks';

export interface Row {
  readonly name: string;
  readonly subject: string;
  readonly baseline: string;
  readonly subjectMs: number;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
  readonly note?: string;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** Median wall time of `f` over `runs` runs, after `warmup` unmeasured ones. */
export function timeIt(f: () => unknown, runs = 15, warmup = 3): number {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return median(times);
}
