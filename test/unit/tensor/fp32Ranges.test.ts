// The fast chunk loop on fp32 tensors (read in place through a Float32Array; chunkScan.ts) against
// numpy: min, max, moments, zeros, every range count and the row/column means and stds. The values
// come from a formula (a hash of the index assembles each float32's bits: ordinary values, values
// below fp16's normal range, ±0 and values beyond 448, 65504 and ln 65520), rebuilt here bit for
// bit; the expected statistics are numpy's over the same values (scripts/make-fp32-ranges-fixtures.py).
// Chunk sizes vary so that both ways of counting the small values run: their positions recorded in
// the loop, and (a sparse tensor: more of them per chunk than the loop records) the chunk scanned again.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { accumulatorFor } from '../../../src/core/tensor/accumulate';
import type { RawStatistics } from '../../../src/core/tensor/statistics';

interface Expected {
  shape: number[];
  seed: number;
  zerosPer256: number;
  count: number;
  zeros: number;
  min: number;
  max: number;
  mean: number;
  m2: number;
  ranges: Record<string, number>;
  rowMean?: number[];
  rowStd?: number[];
  colMean?: number[];
  colStd?: number[];
}
const EXPECTED = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/tensors/fp32-ranges.expected.json'), 'utf8')) as Record<string, Expected>;

/** The fixture script's hash (32-bit multiply-xorshift), in uint32 arithmetic. */
function hash32(i: number, seed: number): number {
  let h = (Math.imul(i, 2654435761) + seed) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  h = Math.imul(h, 2246822519) >>> 0;
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 3266489917) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The fixture's float32 values as little-endian bytes (see values() in the script). */
function tensorBytes(n: number, seed: number, zerosPer256: number): Uint8Array {
  const bits = new Uint32Array(n);
  const tinyFrom = 200 - zerosPer256;
  const zeroFrom = zerosPer256 ? 230 - Math.floor(zerosPer256 / 2) : 230;
  for (let i = 0; i < n; i++) {
    const h = hash32(i, seed);
    const sel = h & 0xff;
    const r = (h >>> 8) & 0xffff;
    const sign = h & 0x80000000;
    let mant = hash32(i, seed + 1) >>> 9;
    const exp = sel < tinyFrom ? 115 + (r % 9) : sel < zeroFrom ? 97 + (r % 17) : sel < 240 ? 0 : 127 + (r % 18);
    if (exp === 0) mant = 0;
    bits[i] = (sign | (exp << 23) | mant) >>> 0;
  }
  return new Uint8Array(bits.buffer);
}

/** Statistics through pushBytes in chunks of `chunkValues`, optionally as two ranges of whole rows merged (the helper thread). */
function analyse(e: Expected, chunkValues: number, splitRow = 0): RawStatistics {
  const bytes = tensorBytes(e.count, e.seed, e.zerosPer256);
  const options = { softmax: false, sampleRows: false };
  const push = (acc: ReturnType<typeof accumulatorFor>, from: number, to: number) => {
    for (let at = from; at < to; at += chunkValues) {
      const k = Math.min(chunkValues, to - at);
      acc.pushBytes(bytes.subarray(at * 4, (at + k) * 4), k, true);
    }
  };
  const acc = accumulatorFor('float32', e.shape, options);
  if (splitRow === 0) {
    push(acc, 0, e.count);
    return acc.finish();
  }
  const mid = splitRow * (e.shape[1] as number);
  const other = accumulatorFor('float32', e.shape, { ...options, start: mid });
  push(acc, 0, mid);
  push(other, mid, e.count);
  acc.absorb(other.state());
  return acc.finish();
}

const close = (actual: number, expected: number, what: string, rel = 1e-10) => assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs numpy ${expected}`);

function compare(s: RawStatistics, e: Expected, what: string): void {
  assert.equal(s.count, e.count, `${what} count`);
  assert.equal(s.zeros, e.zeros, `${what} zeros`);
  assert.equal(s.min, e.min, `${what} min`);
  assert.equal(s.max, e.max, `${what} max`);
  close(s.mean, e.mean, `${what} mean`);
  close(s.m2, e.m2, `${what} m2`);
  assert.deepEqual({ ...s.ranges }, e.ranges, `${what} range counts`);
  if (e.rowMean && e.rowStd && e.colMean && e.colStd) {
    assert.ok(s.rows && s.cols, `${what}: row and column summaries`);
    e.rowMean.forEach((m, i) => close(s.rows?.mean[i] as number, m, `${what} row ${i} mean`, 1e-9));
    e.rowStd.forEach((m, i) => close(s.rows?.std[i] as number, m, `${what} row ${i} std`, 1e-9));
    e.colMean.forEach((m, i) => close(s.cols?.mean[i] as number, m, `${what} column ${i} mean`, 1e-9));
    e.colStd.forEach((m, i) => close(s.cols?.std[i] as number, m, `${what} column ${i} std`, 1e-9));
  }
}

describe('fp32 statistics through the fast chunk loop, against numpy', () => {
  for (const [name, e] of Object.entries(EXPECTED)) {
    for (const chunk of [1 << 19, 1 << 14, 4099]) {
      it(`${name} ${JSON.stringify(e.shape)} in chunks of ${chunk} values`, () => compare(analyse(e, chunk), e, `${name}/${chunk}`));
    }
  }

  it('the fixture exercises every class (small values recorded and rescanned, large ones)', () => {
    const rows = EXPECTED.rows as Expected;
    const sparse = EXPECTED.sparse as Expected;
    // Below fp16's normal range per 16,384-value chunk: under the loop's 8,192 records for "rows",
    // over them for "sparse".
    const small = (e: Expected) => ((e.zeros + (e.ranges.fp16Subnormal as number) + (e.ranges.fp16Underflow as number)) / e.count) * (1 << 14);
    assert.ok(small(rows) < 8192 && small(sparse) > 8192);
    for (const k of Object.keys(rows.ranges)) assert.ok((rows.ranges[k] as number) > 0, `rows: some ${k}`);
  });

  it('two ranges of whole rows merged (the helper thread) give the same', () => {
    const e = EXPECTED.rows as Expected;
    compare(analyse(e, 1 << 14, 130), e, 'rows split at row 130');
  });
});
