// A block-quantized GGUF tensor shared between two threads by blocks of rows (rowBlocks.ts,
// decision 0026): the float accumulator keeps each block's moments and column sums apart and folds
// them in block order, and draws one sample plan over the whole tensor, so the statistics are the
// same whichever thread takes which block, and equal one thread's: counts, extremes and the sample
// exactly, sums to rounding. Q4_K and Q8_0 are scanned from their codes (WebAssembly), Q4_0
// dequantized.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { accumulatorFor, type TensorAccumulator } from '../../../src/core/tensor/accumulate';
import { memorySource, type ByteSource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { accumulateBlocks, blockClaimer, blockShareable, helperJoined, planBlocks, sharedCounter } from '../../../src/core/tensor/files/rowBlocks';
import { accumulateRange, blockPlan } from '../../../src/core/tensor/files/stream';
import type { RawStatistics } from '../../../src/core/tensor/statistics';

const bytes = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/gguf/stream.gguf')));
/** No kept values, no row sample and a sample smaller than the tensor: what a big tensor gets. */
const options = { keepElements: 0, softmax: false, sampleRows: false, sampleSize: 1000 };
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

/** Q4_0 [64, 512] of random blocks (fp16 d = 2⁻⁸): no scanner, so it is dequantized. */
function q4_0(): { src: ByteSource; e: TensorEntry } {
  const shape = [64, 512];
  const blocks = (64 * 512) / 32;
  const b = new Uint8Array(blocks * 18);
  let s = 11;
  for (let i = 0; i < b.length; i++) b[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  for (let k = 0; k < blocks; k++) b.set([0x00, 0x1c], k * 18);
  return { src: memorySource(b, 'q4_0'), e: { name: 'w', dtype: 'float32', shape, count: 64 * 512, byteLength: b.length, littleEndian: true, order: 'C', location: { kind: 'raw', offset: 0 }, storage: { name: 'Q4_0', blockValues: 32, blockBytes: 18 } } };
}

async function entry(type: string): Promise<{ src: ByteSource; e: TensorEntry }> {
  if (type === 'Q4_0') return q4_0();
  const src = memorySource(bytes, 'stream.gguf');
  const e = (await inspectTensorFile(src)).entries.find((x) => x.storage?.name === type) as TensorEntry;
  return { src, e };
}

async function oneThread(type: string): Promise<RawStatistics> {
  const { src, e } = await entry(type);
  const acc = accumulatorFor('float64', e.shape, options);
  await accumulateRange(src, e, acc, 0, e.count, { chunkBytes: 3000 });
  return acc.finish();
}

/** Two accumulators claiming blocks of 8 rows (4 at the end) from one counter; the helper's reads each wait `delay` ms. */
async function twoThreads(type: string, delay: number): Promise<{ stats: RawStatistics; helperBlocks: number; blocks: number }> {
  const { src, e } = await entry(type);
  const row = (e.shape[1] as number) * 2;
  const owner = accumulatorFor('float64', e.shape, options);
  const helper = accumulatorFor('float64', e.shape, options);
  assert.ok(blockShareable(e, owner), 'shareable by blocks');
  const plan = planBlocks(e, owner.blocks?.blockBytes ?? 0, 8 * row, 4 * row);
  const shared = sharedCounter();
  const slow: ByteSource = delay ? { ...src, read: (o, n, into) => new Promise((r) => setTimeout(() => r(src.read(o, n, into)), delay)) } : src;
  let helperBlocks = 0;
  const claim = blockClaimer(shared, true);
  const counted = () => {
    const k = claim();
    if (k < plan.length - 1) helperBlocks++;
    return k;
  };
  const theirs = accumulateBlocks(slow, e, helper, plan, counted, { chunkBytes: 3000 });
  await accumulateBlocks(src, e, owner, plan, blockClaimer(shared, false), { chunkBytes: 3000 });
  await theirs;
  if (helperJoined(shared)) owner.absorb(structuredClone(helper.state()));
  return { stats: owner.finish(), helperBlocks, blocks: plan.length - 1 };
}

const exactPart = (s: RawStatistics) => ({ count: s.count, finite: s.finite, zeros: s.zeros, min: s.min, max: s.max, absMax: s.absMax, ranges: s.ranges, sample: Array.from(s.sample) });

describe('block-quantized tensors shared by blocks of rows', () => {
  for (const type of ['Q4_K', 'Q8_0', 'Q4_0']) {
    it(`${type}: the same statistics whichever thread takes which block, and one thread's (sums to rounding)`, async () => {
      const fast = await twoThreads(type, 0);
      const slow = await twoThreads(type, 3);
      assert.ok(fast.helperBlocks > slow.helperBlocks, `the helper took ${fast.helperBlocks} and ${slow.helperBlocks} of ${fast.blocks} blocks`);
      assert.ok(fast.helperBlocks > 0);
      assert.deepEqual(slow.stats, fast.stats, 'identical whoever took which block');
      const one = await oneThread(type);
      assert.deepEqual(exactPart(fast.stats), exactPart(one), 'counts, extremes and the sample (one plan over the whole tensor)');
      assert.ok(close(fast.stats.mean, one.mean) && close(fast.stats.m2, one.m2), 'mean and sum of squared deviations');
      for (const axis of ['rows', 'cols'] as const) {
        const a = fast.stats[axis];
        const b = one[axis];
        assert.ok(a && b);
        a.mean.forEach((m, i) => assert.ok(close(m, b.mean[i] as number), `${axis} ${i} mean`));
        a.std.forEach((m, i) => assert.ok(close(m, b.std[i] as number), `${axis} ${i} std`));
      }
    });
  }

  it('a Q4_K tensor is shared only past 128 Mi values; an embedding (row sample in order) never by blocks', async () => {
    const { e } = await entry('Q4_K');
    const acc = (x: TensorEntry, sampleRows = false): TensorAccumulator => accumulatorFor('float64', x.shape, { ...options, sampleRows });
    const small = { splitBytes: 1, blockBytes: 8 * 1024 };
    assert.ok(blockPlan(e, acc(e), { ...small, quantizedShareValues: e.count - 1 }).length > 2);
    assert.deepEqual(blockPlan(e, acc(e), { ...small, quantizedShareValues: e.count }), []);
    assert.deepEqual(blockPlan(e, acc(e, true), { ...small, quantizedShareValues: 0 }), []);
  });
});
