// A big bit-pattern tensor shared between two threads by blocks of whole rows claimed from a shared
// counter (rowBlocks.ts, decision 0022): the blocks cover the tensor, and the report is the same
// whichever thread takes which block, and equals what the values themselves give.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { accumulatorFor } from '../../../src/core/tensor/accumulate';
import { memorySource, type ByteSource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { accumulateBlocks, blockClaimer, planBlocks } from '../../../src/core/tensor/files/rowBlocks';
import { analyzeEntry, type BlockHelper } from '../../../src/core/tensor/files/stream';
import type { TensorReport } from '../../../src/core/tensor/report';
import { OpenTensorFile } from '../../../src/node/tensorFiles';
import { maxAbsColumnMean, rowSummary } from '../../support/finiteMeans';
import { safetensorsBytes } from '../../support/tensorBytes';

const entryOf = (shape: number[], dtype: 'bfloat16' | 'uint8' = 'bfloat16'): TensorEntry => {
  const count = shape.reduce((a, b) => a * b, 1);
  const item = dtype === 'bfloat16' ? 2 : 1;
  return { name: 'w', dtype, shape, count, byteLength: count * item, littleEndian: true, order: 'C', location: { kind: 'raw', offset: 0 } } as TensorEntry;
};

describe('the blocks of a shared tensor', () => {
  const MiB = 2 ** 20;
  for (const shape of [[65536, 4096], [152064, 3584], [1 << 28], [3000, 1000]]) {
    it(`${JSON.stringify(shape)}: whole groups of four rows covering the tensor, at most 32 MiB, 2 MiB or less at the end`, () => {
      const e = entryOf(shape);
      const row = shape.length > 1 ? (shape[1] as number) : 1;
      const plan = planBlocks(e, shape.length > 1 ? 16 * row : 0);
      if (e.byteLength < 4 * MiB) {
        assert.deepEqual(plan, [], 'too small to share');
        return;
      }
      assert.equal(plan[0], 0);
      assert.equal(plan[plan.length - 1], e.count);
      const sizes = plan.slice(1).map((x, i) => x - (plan[i] as number));
      for (const [i, n] of sizes.entries()) {
        if (i < sizes.length - 1) assert.equal(n % (4 * row), 0, `block ${i} is whole groups of four rows`);
        assert.ok(n * 2 <= 32 * MiB, `block ${i}: ${n * 2} bytes`);
      }
      assert.ok((sizes[sizes.length - 1] as number) * 2 <= 2 * MiB, 'a small last block');
      for (let i = 1; i < sizes.length - 1; i++) assert.ok((sizes[i] as number) <= (sizes[i - 1] as number), 'sizes never grow');
      assert.ok(16 * row * sizes.length <= 4 * MiB || shape.length === 1, 'column partials within 4 MiB');
    });
  }

  it('rows so wide that fewer than 8 column partials fit are not shared', () => {
    assert.deepEqual(planBlocks(entryOf([8192, 65536]), 16 * 65536), []);
  });
});

describe('blocks claimed by two threads', () => {
  // bf16 [rows, cols] from a formula, with NaNs and infinities in several blocks.
  const rows = 403;
  const cols = 129;
  const bits = new Uint16Array(rows * cols);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < bits.length; i++) {
    f[0] = Math.sin(i * 0.61) * (1 + (i % 11)) * 0.02 + Math.floor(i / cols) * 3e-4;
    bits[i] = (u[0] as number) >>> 16;
  }
  const nanAt = [7 * cols + 3, 40 * cols + 100, 41 * cols, 200 * cols + 5, 250 * cols + 9, 390 * cols + 1, 402 * cols + 128];
  const infAt = [333 * cols + 7, 12 * cols + 12];
  for (const i of nanAt) bits[i] = 0x7fc0;
  for (const i of infAt) bits[i] = 0xff80;
  const values = Float64Array.from(bits, (b) => {
    u[0] = b << 16;
    return f[0] as number;
  });
  const bytes = safetensorsBytes([{ name: 'w', dtype: 'BF16', shape: [rows, cols], data: new Uint8Array(bits.buffer) }]);
  const blockBytes = 16 * cols * 2; // 16 rows: 26 blocks

  /** Blocks the last helper took, of how many. */
  let taken = [0, 0];
  /** A helper on this thread whose reads finish after `delay` ms each (0: as soon as this thread's): it claims more or fewer blocks. */
  const slowHelper = (src: ByteSource, delay: number): BlockHelper => (entry, options, plan, shared) => {
    const slow: ByteSource = delay ? { ...src, read: (o, n, into) => new Promise((r) => setTimeout(() => r(src.read(o, n, into)), delay)) } : src;
    const acc = accumulatorFor(entry.dtype, entry.shape, options);
    const claim = blockClaimer(shared, true);
    taken = [0, plan.length - 1];
    const counted = () => {
      const k = claim();
      if (k < plan.length - 1) taken[0] = (taken[0] as number) + 1;
      return k;
    };
    return { state: accumulateBlocks(slow, entry, acc, plan, counted, { chunkBytes: 7 * cols * 2 }).then(() => structuredClone(acc.state())), cancel: () => undefined };
  };

  const analyze = async (delay: number | undefined): Promise<TensorReport> => {
    const src = memorySource(bytes);
    const entry = (await inspectTensorFile(src)).entries[0] as TensorEntry;
    return analyzeEntry(src, entry, { splitBytes: 1, blockBytes, chunkBytes: 5 * cols * 2, ...(delay !== undefined ? { blockHelper: slowHelper(src, delay) } : {}) });
  };

  it('the same report whichever thread takes which block (column sums merged in block order)', async () => {
    const fast = await analyze(0);
    const fastTaken = taken[0] as number;
    const slow = await analyze(3);
    assert.ok(fastTaken > (taken[0] as number) && (taken[0] as number) > 0, `the helper took ${fastTaken} and ${taken[0]} of ${taken[1]} blocks`);
    assert.deepEqual(slow, fast);
  });

  it('counts, first NaN/Inf positions, and row and column means as the values give them', async () => {
    const r = await analyze(1);
    const finite = [...values].filter((x) => Number.isFinite(x));
    assert.equal(r.nan, nanAt.length);
    assert.equal(r.inf, infAt.length);
    const pos = (i: number) => [Math.floor(i / cols), i % cols];
    assert.deepEqual(r.nan_indices, [...nanAt].sort((a, b) => a - b).slice(0, 5).map(pos));
    assert.deepEqual(r.inf_indices, [...infAt].sort((a, b) => a - b).map(pos));
    assert.equal(r.min, Math.min(...finite));
    assert.equal(r.max, Math.max(...finite));
    const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    assert.ok(Math.abs((r.mean as number) - mean) <= 1e-12 * Math.abs(mean));
    const maxRow = rowSummary(values, rows, cols).maxAbsMean;
    const maxCol = maxAbsColumnMean(values, rows, cols);
    assert.ok(Math.abs((r.rows?.max_abs_mean as number) - maxRow) <= 1e-12 * maxRow);
    assert.ok(Math.abs((r.cols?.max_abs_mean as number) - maxCol) <= 1e-12 * maxCol);
  });

  it('a helper that has not started when this thread is done is not waited for', async () => {
    const src = memorySource(bytes);
    const entry = (await inspectTensorFile(src)).entries[0] as TensorEntry;
    const never: BlockHelper = () => ({ state: new Promise(() => undefined), cancel: () => undefined });
    const alone = await analyzeEntry(src, entry, { splitBytes: 1, blockBytes, blockHelper: never });
    assert.deepEqual(alone, await analyze(0));
  });

  it('a real helper thread gives the report of one thread (percentiles exact, row and column means to rounding)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-blocks-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'w.safetensors');
    writeFileSync(path, bytes);
    const solo = await OpenTensorFile.open(path, { helper: false });
    const duo = await OpenTensorFile.open(path, { analyzing: true });
    try {
      const a = await solo.analyze(solo.table.entries[0] as TensorEntry);
      const b = await duo.analyze(duo.table.entries[0] as TensorEntry, { splitBytes: 1, blockBytes });
      assert.deepEqual({ ...b, rows: undefined, cols: undefined, mean: undefined, std: undefined, std_unbiased: undefined }, { ...a, rows: undefined, cols: undefined, mean: undefined, std: undefined, std_unbiased: undefined });
      for (const k of ['mean', 'std'] as const) assert.ok(Math.abs((b[k] as number) - (a[k] as number)) <= 1e-12 * Math.abs(a[k] as number), k);
      assert.ok(Math.abs((b.cols?.mean_std as number) - (a.cols?.mean_std as number)) <= 1e-12 * (a.cols?.mean_std as number));
      assert.equal(b.rows?.mean_std, a.rows?.mean_std, 'a row is summed by one thread, in order');
    } finally {
      await solo.close();
      await duo.close();
    }
  });
});
