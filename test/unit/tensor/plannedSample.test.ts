// The sample of a range whose length is known up front (StatisticsAccumulator.planSample, used for
// scanned GGUF blocks): k positions drawn without replacement, read chunk by chunk. Checked against
// what a uniform k-subset of 0…n−1 must satisfy (distinct members, every one a value of the range,
// mean (n−1)/2 within 5 standard errors, each tenth of the range holding k/10 within 5 σ), and
// merged between two ranges like the reservoir.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatisticsAccumulator } from '../../../src/core/tensor/statistics';

const N = 200_000;
const K = 2000;

/** Values start … start + length − 1 (value = flat index), pushed as scanned chunks of `chunk`. */
function scanned(acc: StatisticsAccumulator, start: number, length: number, chunk: number): number {
  let reads = 0;
  for (let at = 0; at < length; at += chunk) {
    const n = Math.min(chunk, length - at);
    const first = start + at;
    const ok = acc.pushScanned(
      n,
      (scan) => {
        // Moments of first … first + n − 1 (the sample is what this test is about).
        scan.sum = n * first + (n * (n - 1)) / 2;
        scan.sq = 0;
        for (let i = 0; i < n; i++) scan.sq += (first + i) ** 2;
        scan.min = first;
        scan.max = first + n - 1;
        scan.rows = 0;
      },
      (i) => (reads++, first + i),
    );
    assert.ok(ok);
  }
  return reads;
}

function checkUniform(sample: Float64Array, from: number, to: number, k: number): void {
  assert.equal(sample.length, k);
  assert.equal(new Set(sample).size, k, 'distinct positions');
  assert.ok(sample.every((v) => Number.isInteger(v) && v >= from && v < to), 'members of the range');
  const n = to - from;
  const mean = sample.reduce((a, b) => a + b, 0) / k;
  const se = n / Math.sqrt(12 * k); // standard error of a uniform sample's mean (finite-population factor ≤ 1)
  assert.ok(Math.abs(mean - (from + (n - 1) / 2)) < 5 * se, `mean ${mean}`);
  const tenths = new Array<number>(10).fill(0);
  for (const v of sample) {
    const t = Math.floor(((v - from) * 10) / n);
    tenths[t] = (tenths[t] as number) + 1;
  }
  const sd = Math.sqrt(k * 0.1 * 0.9);
  tenths.forEach((c, i) => assert.ok(Math.abs(c - k / 10) < 5 * sd, `tenth ${i}: ${c}`));
}

describe('planned sample (positions drawn up front)', () => {
  it('is a uniform k-subset of the range, read across chunks', () => {
    const acc = new StatisticsAccumulator([N], { sampleSize: K, keepElements: 0 });
    acc.planSample(N);
    // Only the planned positions are read (Algorithm L would read about K·(1 + ln(N/K)) ≈ 11 K).
    assert.equal(scanned(acc, 0, N, 7777), K);
    const s = acc.finish();
    assert.equal(s.sampled, true);
    checkUniform(s.sample, 0, N, K);
  });

  it('two ranges (the helper thread) merge into a uniform sample of the whole', () => {
    const a = new StatisticsAccumulator([N], { sampleSize: K, keepElements: 0 });
    const b = new StatisticsAccumulator([N], { sampleSize: K, keepElements: 0, start: N / 2 });
    a.planSample(N / 2);
    b.planSample(N / 2);
    scanned(a, 0, N / 2, 10_000);
    scanned(b, N / 2, N / 2, 10_000);
    a.absorb(structuredClone(b.state()));
    checkUniform(a.finish().sample, 0, N, K);
  });

  it('a range no longer than the sample keeps every value (no plan)', () => {
    const acc = new StatisticsAccumulator([K], { sampleSize: K, keepElements: 0 });
    acc.planSample(K);
    scanned(acc, 0, K, 300);
    const s = acc.finish();
    assert.equal(s.sampled, false);
    assert.deepEqual(Array.from(s.sample), Array.from({ length: K }, (_, i) => i));
  });

  it('NaN and ±Inf at planned positions are left out (decoded chunks go through the same plan)', () => {
    const acc = new StatisticsAccumulator([N], { sampleSize: K, keepElements: 0 });
    acc.planSample(N);
    const values = Float64Array.from({ length: N }, (_, i) => (i % 2 ? NaN : i));
    acc.pushView(values);
    const s = acc.finish();
    assert.equal(s.nan, N / 2);
    assert.ok(s.sample.length > 0.4 * K && s.sample.length < 0.6 * K, `${s.sample.length} finite of ${K} positions`);
    assert.ok(s.sample.every((v) => v % 2 === 0));
  });
});
