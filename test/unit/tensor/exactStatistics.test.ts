// Exact statistics of 16- and 8-bit tensors (counted by bit pattern) against numpy on real files:
// test/fixtures/tensors/exact-stats.safetensors was written by the safetensors library from torch
// tensors and fp16-big-endian.npy by numpy; the expected values are numpy's over the same values
// cast to float64 (scripts/make-exact-stats-fixtures.py). Then: a tensor split into ranges (as two
// threads split it) gives the same report as one pass.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { accumulatorFor } from '../../../src/core/tensor/accumulate';
import type { TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { memorySource } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { accumulateRange, accumulatorOptions, analyzeEntry, type RangeHelper } from '../../../src/core/tensor/files/stream';
import type { TensorReport } from '../../../src/core/tensor/report';
import { OpenTensorFile } from '../../../src/node/tensorFiles';
import { maxAbsColumnMean, rowSummary } from '../../support/finiteMeans';
import { safetensorsBytes } from '../../support/tensorBytes';

const FIXTURES = join(import.meta.dirname, '../../fixtures/tensors');
interface Expected {
  count: number;
  nan: number;
  inf: number;
  zeros: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  percentiles: Record<string, number>;
  histogram: { edges: number[]; counts: number[] };
}
const EXPECTED = JSON.parse(readFileSync(join(FIXTURES, 'exact-stats.expected.json'), 'utf8')) as Record<string, Expected>;

const close = (actual: number | null | undefined, expected: number, what: string, rel = 1e-12) => {
  assert.ok(typeof actual === 'number', `${what}: got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), 1e-300), `${what}: ${actual} vs numpy ${expected}`);
};

function compare(r: TensorReport, e: Expected, name: string): void {
  assert.equal(r.count, e.count, `${name} count`);
  assert.equal(r.nan, e.nan, `${name} NaN`);
  assert.equal(r.inf, e.inf, `${name} Inf`);
  assert.equal(r.min, e.min, `${name} min`);
  assert.equal(r.max, e.max, `${name} max`);
  assert.equal(Math.round(r.zero_fraction * r.count), e.zeros, `${name} zeros`);
  close(r.mean, e.mean, `${name} mean`);
  close(r.std, e.std, `${name} std`);
  assert.equal(r.sampled_from, null, `${name}: exact, not sampled`);
  for (const [k, v] of Object.entries(e.percentiles)) close(r.percentiles[k], v, `${name} ${k}`, 1e-14);
  assert.deepEqual(r.histogram.counts, e.histogram.counts, `${name} histogram counts`);
  r.histogram.edges.forEach((x, i) => close(x, e.histogram.edges[i] as number, `${name} edge ${i}`, 1e-14));
}

describe('exact statistics of 16- and 8-bit tensors, against numpy', () => {
  it('every tensor of a safetensors file written by torch (bf16, fp16, fp8 e4m3fn/e5m2, int8, uint8, bool)', async () => {
    const f = await OpenTensorFile.open(join(FIXTURES, 'exact-stats.safetensors'), { helper: false });
    try {
      assert.equal(f.table.entries.length, 7);
      for (const entry of f.table.entries) compare(await f.analyze(entry), EXPECTED[entry.name as string] as Expected, entry.name as string);
    } finally {
      await f.close();
    }
  });

  it('on both threads (neighbouring tensors in parallel), the same reports in the same order', async () => {
    const path = join(FIXTURES, 'exact-stats.safetensors');
    const solo = await OpenTensorFile.open(path, { helper: false });
    const duo = await OpenTensorFile.open(path);
    try {
      const one: TensorReport[] = [];
      for (const e of solo.table.entries) one.push(await solo.analyze(e));
      const two = await duo.analyzeAll(duo.table.entries, { pairBytes: 1 });
      assert.deepEqual(two, one);
    } finally {
      await solo.close();
      await duo.close();
    }
  });

  it('a big-endian fp16 .npy written by numpy', async () => {
    const f = await OpenTensorFile.open(join(FIXTURES, 'fp16-big-endian.npy'), { helper: false });
    try {
      compare(await f.analyze(f.table.entries[0] as TensorEntry), EXPECTED['fp16-big-endian.npy'] as Expected, 'fp16-big-endian.npy');
    } finally {
      await f.close();
    }
  });
});

describe('bit-pattern statistics in ranges', () => {
  // A bf16 [rows, cols] tensor with a NaN and an Inf, bigger than one decode batch.
  const rows = 301;
  const cols = 1000;
  const f32 = new Float32Array(rows * cols);
  for (let i = 0; i < f32.length; i++) f32[i] = Math.sin(i * 0.37) * (1 + (i % 13)) * 0.01 + Math.floor(i / cols) * 1e-4;
  f32[5 * cols + 17] = NaN;
  f32[200 * cols + 999] = -Infinity;
  const u32 = new Uint32Array(f32.buffer);
  const bf16 = new Uint16Array(f32.length);
  for (let i = 0; i < f32.length; i++) bf16[i] = (u32[i] as number) >>> 16; // truncation: any bf16 pattern will do
  const values = Float64Array.from(new Float32Array(Uint32Array.from(bf16, (b) => b << 16).buffer));
  const bytes = safetensorsBytes([{ name: 'model.embed_tokens.weight', dtype: 'BF16', shape: [rows, cols], data: new Uint8Array(bf16.buffer) }]);
  const dir = mkdtempSync(join(tmpdir(), 'mm-exact-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('row and column summaries (four rows at a time) match the values, with a NaN and an Inf taken out', async () => {
    const src = memorySource(bytes);
    const table = await inspectTensorFile(src);
    const r = await analyzeEntry(src, table.entries[0] as TensorEntry, { chunkBytes: 4096 * 2 + 6 });
    const expected = rowSummary(values, rows, cols);
    close(r.rows?.mean_std, expected.meanStd, 'mean row std', 1e-9);
    close(r.rows?.max_abs_mean, expected.maxAbsMean, 'max |row mean|', 1e-9);
    assert.deepEqual(r.nan_indices, [[5, 17]]);
    assert.deepEqual(r.inf_indices, [[200, 999]]);
    close(r.cols?.max_abs_mean, maxAbsColumnMean(values, rows, cols), 'max |column mean|', 1e-9);
  });

  it('two ranges merged (as two threads split a tensor) give the report of one pass', async () => {
    const src = memorySource(bytes);
    const table = await inspectTensorFile(src);
    const entry = table.entries[0] as TensorEntry;
    const one = await analyzeEntry(src, entry, {});
    // The helper runs in this thread here: the same code the helper thread runs.
    const helper: RangeHelper = (e, start, end, onProgress) => {
      const acc = accumulatorFor(e.dtype, e.shape, accumulatorOptions(e, {}, start));
      return { state: accumulateRange(src, e, acc, start, end, { onProgress, chunkBytes: 10_000 }).then(() => acc.state()), cancel: () => undefined };
    };
    const two = await analyzeEntry(src, entry, { helper, splitBytes: 1, chunkBytes: 30_000 });
    assert.deepEqual({ ...two, rows: undefined, cols: undefined }, { ...one, rows: undefined, cols: undefined });
    close(two.rows?.mean_std, one.rows?.mean_std as number, 'rows', 1e-12);
    close(two.cols?.mean_std, one.cols?.mean_std as number, 'cols', 1e-12);
  });

  it('a real helper thread gives the same report (bf16 and float32)', async () => {
    const f32bytes = new Uint8Array(new Float32Array(values).buffer);
    const path = join(dir, 'two.safetensors');
    writeFileSync(path, safetensorsBytes([
      { name: 'w', dtype: 'BF16', shape: [rows, cols], data: new Uint8Array(bf16.buffer) },
      { name: 'v', dtype: 'F32', shape: [rows, cols], data: f32bytes },
    ]));
    const solo = await OpenTensorFile.open(path, { helper: false });
    const duo = await OpenTensorFile.open(path);
    try {
      for (const e of solo.table.entries) {
        const a = await solo.analyze(e);
        // No head start: a tensor this small would otherwise stay whole on this thread.
        const b = await duo.analyze(duo.table.entries[solo.table.entries.indexOf(e)] as TensorEntry, { splitBytes: 1, helperLeadValues: 0 });
        assert.equal(b.count, a.count);
        assert.equal(b.nan, a.nan);
        assert.equal(b.min, a.min);
        assert.equal(b.max, a.max);
        close(b.mean, a.mean as number, `${e.name} mean`);
        close(b.std, a.std as number, `${e.name} std`);
        close(b.rows?.mean_std, a.rows?.mean_std as number, `${e.name} rows`);
        assert.deepEqual(b.nan_indices, a.nan_indices);
        assert.deepEqual(b.inf_indices, a.inf_indices);
        if (e.dtype === 'bfloat16') assert.deepEqual(b.percentiles, a.percentiles);
      }
    } finally {
      await solo.close();
      await duo.close();
    }
  });
});
