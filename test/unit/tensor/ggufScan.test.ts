// Q4_K statistics scanned from the 4-bit codes (src/core/tensor/blockScan.ts, no dequantization)
// against numpy over gguf-py's dequantized values (test/fixtures/gguf/reference.json, "exact",
// written by scripts/reference/make_gguf_fixtures.py): exact counts, min and max; sums, row and
// column moments within float rounding. The fixture's random blocks have small scales, so zeros,
// values below e4m3's smallest subnormal and an fp16 subnormal occur (the counted sub-blocks).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { accumulatorFor, type TensorAccumulator } from '../../../src/core/tensor/accumulate';
import { q4kScalesFinite, q4kValueAt } from '../../../src/core/tensor/blockScan';
import { memorySource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { accumulateRange, analyzeEntry } from '../../../src/core/tensor/files/stream';
import type { RawStatistics } from '../../../src/core/tensor/statistics';

const dir = join(__dirname, '../../fixtures/gguf');
interface Exact { sum: number; sumSquares: number; zeros: number; e4m3Underflow: number; e5m2Underflow: number; fp16Subnormal: number; fp16Underflow: number; rowMeans: number[]; rowStds: number[]; colMeans: number[]; colStds: number[] }
interface Record_ { name: string; type: string; shape: number[]; count: number; min: number; max: number; mean: number; std: number; exact: Exact }
const ref = (JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { 'stream.gguf': Record_[] })['stream.gguf'];
const r = ref.find((x) => x.type === 'Q4_K') as Record_;
const bytes = new Uint8Array(readFileSync(join(dir, 'stream.gguf')));
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

/** An accumulator that keeps no values (so the scanned path applies) and counts the batches it scanned. */
function scanning(e: TensorEntry, start = 0): { acc: TensorAccumulator; scanned: () => number } {
  const acc = accumulatorFor('float64', e.shape, { keepElements: 0, softmax: false, sampleRows: true, start });
  let n = 0;
  const inner = acc.pushScanned?.bind(acc);
  assert.ok(inner);
  acc.pushScanned = (length, fill, valueAt) => {
    const ok = inner(length, fill, valueAt);
    if (ok) n++;
    return ok;
  };
  return { acc, scanned: () => n };
}

function checkAgainstNumpy(s: RawStatistics): void {
  const x = r.exact;
  assert.equal(s.count, r.count);
  assert.equal(s.finite, r.count);
  assert.equal(s.nan + s.posInf + s.negInf, 0);
  assert.equal(s.min, r.min);
  assert.equal(s.max, r.max);
  assert.equal(s.zeros, x.zeros);
  assert.equal(s.ranges.e4m3Underflow, x.e4m3Underflow);
  assert.equal(s.ranges.e5m2Underflow, x.e5m2Underflow);
  assert.equal(s.ranges.fp16Subnormal, x.fp16Subnormal);
  assert.equal(s.ranges.fp16Underflow, x.fp16Underflow);
  assert.ok(close(s.mean * s.finite, x.sum), `sum ${s.mean * s.finite} vs ${x.sum}`);
  assert.ok(close(s.m2 + s.mean * s.mean * s.finite, x.sumSquares), 'sum of squares');
  const rows = s.rows;
  const cols = s.cols;
  assert.ok(rows && cols);
  assert.equal(rows.mean.length, x.rowMeans.length);
  assert.equal(cols.mean.length, x.colMeans.length);
  x.rowMeans.forEach((m, i) => assert.ok(close(rows.mean[i] as number, m, 1e-9), `row ${i} mean`));
  x.rowStds.forEach((m, i) => assert.ok(close(rows.std[i] as number, m, 1e-9), `row ${i} std`));
  x.colMeans.forEach((m, i) => assert.ok(close(cols.mean[i] as number, m, 1e-9), `column ${i} mean`));
  x.colStds.forEach((m, i) => assert.ok(close(cols.std[i] as number, m, 1e-9), `column ${i} std`));
  assert.ok(s.sample.length > 0 && s.sample.every((v) => v >= r.min && v <= r.max), 'the sample holds values of the tensor');
}

describe('Q4_K statistics from the codes (no dequantization)', () => {
  it('give numpy-over-gguf-py counts, min, max and sums, with chunks that split rows', async () => {
    const src = memorySource(bytes, 'stream.gguf');
    const e = (await inspectTensorFile(src)).entries.find((x) => x.name === r.name) as TensorEntry;
    const { acc, scanned } = scanning(e);
    await accumulateRange(src, e, acc, 0, e.count, { chunkBytes: 1000 }); // 6 blocks a chunk, 2 blocks a row
    assert.ok(scanned() > 0, 'the scanned path ran');
    checkAgainstNumpy(acc.finish());
  });
  it('a tensor in two ranges merged (the helper thread) gives the same', async () => {
    const src = memorySource(bytes, 'stream.gguf');
    const e = (await inspectTensorFile(src)).entries.find((x) => x.name === r.name) as TensorEntry;
    const mid = 24 * (e.shape[1] as number);
    const a = scanning(e);
    const b = scanning(e, mid);
    await accumulateRange(src, e, a.acc, 0, mid, { chunkBytes: 1 << 20 });
    await accumulateRange(src, e, b.acc, mid, e.count, { chunkBytes: 1 << 20 });
    a.acc.absorb(structuredClone(b.acc.state()));
    assert.ok(a.scanned() > 0 && b.scanned() > 0);
    checkAgainstNumpy(a.acc.finish());
  });
  it('a 1-D view of the same blocks (no rows or columns: the flat scan) gives the same counts and sums', async () => {
    const src = memorySource(bytes, 'stream.gguf');
    const e2 = (await inspectTensorFile(src)).entries.find((x) => x.name === r.name) as TensorEntry;
    const e: TensorEntry = { ...e2, shape: [e2.count] };
    const { acc, scanned } = scanning(e);
    await accumulateRange(src, e, acc, 0, e.count, { chunkBytes: 1 << 20 });
    assert.ok(scanned() > 0);
    const s = acc.finish();
    const x = r.exact;
    assert.equal(s.rows, undefined);
    assert.deepEqual([s.count, s.min, s.max, s.zeros, s.ranges.e4m3Underflow, s.ranges.fp16Subnormal], [r.count, r.min, r.max, x.zeros, x.e4m3Underflow, x.fp16Subnormal]);
    assert.ok(close(s.mean * s.finite, x.sum) && close(s.m2 + s.mean * s.mean * s.finite, x.sumSquares));
  });
  it('single values (the reservoir sample reads them one at a time) equal gguf-py\'s, value by value', async () => {
    const all = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { 'types.gguf': { name: string; type: string; values: number[] }[] };
    const q = all['types.gguf'].find((x) => x.type === 'Q4_K') as { name: string; values: number[] };
    const src = memorySource(new Uint8Array(readFileSync(join(dir, 'types.gguf'))), 'types.gguf');
    const e = (await inspectTensorFile(src)).entries.find((x) => x.name === q.name) as TensorEntry;
    assert.equal(e.location.kind, 'raw');
    const data = await src.read(e.location.kind === 'raw' ? e.location.offset : 0, e.byteLength);
    assert.equal(q.values.length, 512);
    q.values.forEach((v, i) => assert.equal(q4kValueAt(data, i), Math.fround(v), `value ${i}`));
  });
  it('a block whose fp16 scale is Inf is dequantized instead: Inf·0 is NaN, Inf·q is Inf, for all its 256 values', async () => {
    const copy = bytes.slice();
    const src = memorySource(copy, 'stream.gguf');
    const e = (await inspectTensorFile(src)).entries.find((x) => x.name === r.name) as TensorEntry;
    assert.equal(e.location.kind, 'raw');
    const at = e.location.kind === 'raw' ? e.location.offset + 144 * 5 : 0;
    copy[at] = 0x00; // d = +Inf (fp16 0x7c00)
    copy[at + 1] = 0x7c;
    assert.equal(q4kScalesFinite(copy.subarray(at, at + 144), 1), false);
    assert.equal(q4kScalesFinite(bytes.subarray(at, at + 144), 1), true);
    const { acc, scanned } = scanning(e);
    await accumulateRange(src, e, acc, 0, e.count, { chunkBytes: 1000 });
    const s = acc.finish();
    assert.ok(scanned() > 0, 'the other chunks were scanned');
    assert.equal(s.nan + s.posInf + s.negInf, 256);
    assert.equal(s.finite, r.count - 256);
    const report = await analyzeEntry(src, e); // a small tensor (values kept): dequantized throughout
    assert.equal((report.nan ?? 0) + (report.inf ?? 0), 256);
  });
});
