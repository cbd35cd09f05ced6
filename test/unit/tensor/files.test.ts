// Tensor files written byte by byte from their specs (test/support/tensorBytes.ts; .npz through
// fflate's zip writer), read back; hostile headers are clear errors, never crashes or big allocations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memorySource, TensorFileError, type ByteSource } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { analyzeEntry } from '../../../src/core/tensor/files/stream';
import { f32, f64, npyBytes, npzBytes, safetensorsBytes, u16 } from '../../support/tensorBytes';

const table = (bytes: Uint8Array, name: string, openShard?: (f: string) => Promise<ByteSource>) => inspectTensorFile(memorySource(bytes, name), openShard ? { openShard } : {});
async function values(bytes: Uint8Array, name: string, chunkBytes?: number) {
  const src = memorySource(bytes, name);
  const t = await inspectTensorFile(src);
  return Promise.all(t.entries.map((e) => analyzeEntry(src, e, chunkBytes ? { chunkBytes } : {})));
}
const rejects = async (bytes: Uint8Array, name: string, pattern: RegExp) => assert.rejects(table(bytes, name), (e: unknown) => e instanceof TensorFileError && pattern.test(e.message));

describe('.npy', () => {
  it('versions 1, 2, 3 and both byte orders', async () => {
    for (const version of [1, 2, 3] as const) {
      const t = await table(npyBytes('<f4', [2, 3], f32([1, 2, 3, 4, 5, 6]), { version }), 'a.npy');
      assert.deepEqual([t.entries[0]?.dtype, t.entries[0]?.shape], ['float32', [2, 3]]);
    }
    const [be] = await values(npyBytes('>f8', [3], f64([1.5, -2, 4], false)), 'b.npy');
    assert.deepEqual([be?.min, be?.max, be?.mean], [-2, 4, 3.5 / 3]);
  });

  it('every numeric dtype', async () => {
    const cases: [string, Uint8Array, number[]][] = [
      ['<f2', u16([0x3c00, 0xc000]), [1, -2]],
      ['<i1', new Uint8Array([0xff, 5]), [-1, 5]],
      ['|u1', new Uint8Array([200, 5]), [200, 5]],
      ['<i2', new Uint8Array([0xfe, 0xff, 3, 0]), [-2, 3]],
      ['<u2', new Uint8Array([0xfe, 0xff, 3, 0]), [65534, 3]],
      ['<i4', new Uint8Array([0xfe, 0xff, 0xff, 0xff, 3, 0, 0, 0]), [-2, 3]],
      ['<u4', new Uint8Array([0xfe, 0xff, 0xff, 0xff, 3, 0, 0, 0]), [4294967294, 3]],
      ['<i8', new Uint8Array([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 3, 0, 0, 0, 0, 0, 0, 0]), [-2, 3]],
      ['<u8', new Uint8Array([3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]), [3, 4]],
      ['|b1', new Uint8Array([1, 0]), [0, 1]],
    ];
    for (const [descr, data, [a, b]] of cases) {
      const [r] = await values(npyBytes(descr, [2], data), 'x.npy');
      assert.deepEqual([r?.min, r?.max], [Math.min(a as number, b as number), Math.max(a as number, b as number)], descr);
    }
  });

  it('Fortran order: NaN indices follow the column-major layout', async () => {
    // [[1, NaN], [3, 4]] stored column by column: 1, 3, NaN, 4.
    const [r] = await values(npyBytes('<f4', [2, 2], f32([1, 3, NaN, 4]), { fortran: true }), 'f.npy');
    assert.deepEqual(r?.nan_indices, [[0, 1]]);
  });

  it('hostile or broken headers', async () => {
    await rejects(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'x.npy', /not a \.npy file/);
    const good = npyBytes('<f4', [4], f32([1, 2, 3, 4]));
    const huge = good.slice();
    new DataView(huge.buffer).setUint16(8, 65535, true);
    await rejects(huge, 'x.npy', /header claims/);
    await rejects(good.slice(0, good.length - 4), 'x.npy', /truncated: shape \[4\] × float32 needs 16 bytes of data, the file has 12/);
    await rejects(npyBytes('<c8', [1], new Uint8Array(8)), 'x.npy', /complex values are not supported/);
    await rejects(npyBytes('<f4', [1e15, 1e15], new Uint8Array(0)), 'x.npy', /more elements than can be counted exactly/);
    await rejects(npyBytes('<f4', [1e6, 1e6], new Uint8Array(0)), 'x.npy', /truncated/);
    const bad = npyBytes('<f4', [1], f32([1]));
    bad[6] = 9;
    await rejects(bad, 'x.npy', /version 9/);
  });
});

describe('.npz', () => {
  for (const level of [0, 6] as const) {
    it(level ? 'deflated (np.savez_compressed)' : 'stored (np.savez)', async () => {
      const bytes = npzBytes({ a: npyBytes('<f4', [3], f32([1, 2, 3])), b: npyBytes('<f8', [2, 2], f64([NaN, 1, 2, 3])) }, level);
      const t = await table(bytes, 'w.npz');
      assert.deepEqual(t.entries.map((e) => [e.name, e.dtype, e.shape]), [['a', 'float32', [3]], ['b', 'float64', [2, 2]]]);
      const [a, b] = await values(bytes, 'w.npz', 5);
      assert.equal(a?.mean, 2);
      assert.equal(b?.nan, 1);
      assert.equal(b?.mean, 2);
    });
  }
  it('not a zip', () => rejects(new Uint8Array(100), 'x.npz', /not a zip/));
});

describe('.safetensors', () => {
  const tensors = [
    { name: 'a.bf16', dtype: 'BF16', shape: [2], data: u16([0x3f80, 0xc000]) },
    { name: 'b.f8', dtype: 'F8_E4M3', shape: [2], data: new Uint8Array([0x7e, 0x38]) },
    { name: 'c.e5', dtype: 'F8_E5M2', shape: [1], data: new Uint8Array([0x7b]) },
    { name: 'd.f16', dtype: 'F16', shape: [1], data: u16([0x7bff]) },
    { name: 'e.i32', dtype: 'I32', shape: [1], data: new Uint8Array([7, 0, 0, 0]) },
  ];

  it('every dtype, with __metadata__', async () => {
    const bytes = safetensorsBytes(tensors, { format: 'pt' });
    const t = await table(bytes, 'm.safetensors');
    assert.deepEqual(t.metadata, { format: 'pt' });
    assert.deepEqual(t.entries.map((e) => e.dtype), ['bfloat16', 'float8_e4m3fn', 'float8_e5m2', 'float16', 'int32']);
    const reports = await values(bytes, 'm.safetensors');
    assert.deepEqual(reports.map((r) => [r.min, r.max]), [[-2, 1], [1, 448], [57344, 57344], [65504, 65504], [7, 7]]);
    assert.equal(t.totalParams, 7);
  });

  it('chunks that split elements give the same statistics', async () => {
    const data = f32(Array.from({ length: 1000 }, (_, i) => Math.sin(i)));
    const bytes = safetensorsBytes([{ name: 'x', dtype: 'F32', shape: [10, 100], data }]);
    const [whole] = await values(bytes, 's.safetensors');
    const [split] = await values(bytes, 's.safetensors', 7);
    // Merged per chunk: equal up to rounding.
    assert.ok(Math.abs((split?.mean as number) - (whole?.mean as number)) < 1e-15);
    assert.ok(Math.abs((split?.std as number) - (whole?.std as number)) < 1e-14);
    assert.deepEqual([split?.min, split?.max, split?.nan], [whole?.min, whole?.max, whole?.nan]);
    assert.deepEqual(split?.softmax, whole?.softmax);
  });

  it('hostile headers are clear errors', async () => {
    const one = [{ name: 'x', dtype: 'F32', shape: [2], data: f32([1, 2]) }];
    const huge = safetensorsBytes(one);
    new DataView(huge.buffer).setBigUint64(0, 2n ** 60n, true);
    await rejects(huge, 'h.safetensors', /header claims/);
    await rejects(safetensorsBytes(one, undefined, '{"x": nope}'.padEnd(20)), 'h.safetensors', /not valid UTF-8 JSON/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F33', shape: [2], data_offsets: [0, 8] } })), 'h.safetensors', /unknown dtype "F33"/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } })), 'h.safetensors', /shape \[3\] × float32 is 12 bytes but data_offsets span 8/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } })), 'h.safetensors', /reach past the data section/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, y: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } })), 'h.safetensors', /overlaps/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } })), 'h.safetensors', /belong to no tensor/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 8] } })), 'h.safetensors', /not a non-negative whole number/);
    await rejects(safetensorsBytes(one, undefined, JSON.stringify({ x: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } })), 'h.safetensors', /more elements than can be counted exactly/);
    await rejects(new Uint8Array(4), 'h.safetensors', /too short/);
  });
});

describe('sharded checkpoints', () => {
  const shard1 = safetensorsBytes([{ name: 'a', dtype: 'F32', shape: [2], data: f32([1, 2]) }]);
  const shard2 = safetensorsBytes([{ name: 'b', dtype: 'F32', shape: [3], data: f32([3, 4, 5]) }]);
  const shards: Record<string, Uint8Array> = { 'model-00001-of-00002.safetensors': shard1, 'model-00002-of-00002.safetensors': shard2 };
  const open = (f: string) => (shards[f] ? Promise.resolve(memorySource(shards[f] as Uint8Array, f)) : Promise.reject(new Error('missing')));
  const index = (map: Record<string, string>, total?: number) => new TextEncoder().encode(JSON.stringify({ metadata: total === undefined ? {} : { total_size: total }, weight_map: map }));

  it('reads every shard and cross-checks the weight map', async () => {
    const t = await table(index({ a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' }, 20), 'model.safetensors.index.json', open);
    assert.deepEqual(t.entries.map((e) => [e.name, e.file]), [['a', 'model-00001-of-00002.safetensors'], ['b', 'model-00002-of-00002.safetensors']]);
    assert.equal(t.totalBytes, 20);
    assert.deepEqual(t.notes, []);
  });

  it('names what does not match', async () => {
    const t = await table(index({ a: 'model-00001-of-00002.safetensors', c: 'model-00002-of-00002.safetensors', d: 'gone.safetensors' }, 99), 'model.safetensors.index.json', open);
    assert.ok(t.notes.some((n) => /c is mapped to model-00002-of-00002\.safetensors but that shard does not contain it/.test(n)));
    assert.ok(t.notes.some((n) => /holds b, which the weight_map does not list/.test(n)));
    assert.ok(t.notes.some((n) => /shard gone\.safetensors is missing/.test(n)));
    assert.ok(t.notes.some((n) => /total_size says 99/.test(n)));
  });

  it('refuses shards outside the folder', () => rejects(index({ a: '../../etc/passwd' }), 'model.safetensors.index.json', /outside the checkpoint's folder/));
});
