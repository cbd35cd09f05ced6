// PyTorch checkpoints written by the real torch.save (zip and legacy formats) against
// torch.load(weights_only=True) (test/fixtures/torch, made by scripts/reference/make_torch_fixtures.py),
// and hostile pickles built opcode by opcode: each must be refused with the global it names, and
// the sentinel file their payload would create must stay absent.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { decode } from '../../../src/core/tensor/dtypes';
import { memorySource, type ByteSource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { isAllowedGlobal, unpickle, UnsafePickleError } from '../../../src/core/tensor/files/pickle';
import { analyzeEntry } from '../../../src/core/tensor/files/stream';
import { stridedChunks } from '../../../src/core/tensor/files/strided';
import { readTorchCheckpoint } from '../../../src/core/tensor/files/torch';
import { OpenTensorFile } from '../../../src/node/tensorFiles';

const dir = join(__dirname, '../../fixtures/torch');
interface Ref { name: string; dtype: string; shape: number[]; count: number; contiguous: boolean; storage_ptr_group: number; min: number | null; max: number | null; mean: number | null; std: number | null; values: number[] | null }
const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { sentinel: string; files: Record<string, Ref[]>; hostile: Record<string, { raw: string }> };
const file = (name: string) => memorySource(new Uint8Array(readFileSync(join(dir, name))), name);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

async function valuesOf(src: ByteSource, e: TensorEntry): Promise<number[]> {
  const parts: Uint8Array[] = [];
  if (e.view) for await (const c of stridedChunks(src, e, 1 << 16)) parts.push(c.slice());
  else if (e.location.kind === 'raw') parts.push(await src.read(e.location.offset, e.byteLength));
  const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let k = 0;
  for (const p of parts) {
    bytes.set(p, k);
    k += p.length;
  }
  const out = new Float64Array(e.count);
  decode(e.dtype, bytes, e.count, true, out);
  return [...out];
}

describe('PyTorch checkpoints from torch.save', () => {
  for (const name of ['state_dict_zip.pt', 'state_dict_legacy.pt', 'training.pt', 'training_legacy.pt', 'pytorch_model-00001-of-00002.bin']) {
    it(`${name}: every tensor torch.load(weights_only=True) finds, with its dtype, shape, values and statistics`, async () => {
      const src = file(name);
      const t = await inspectTensorFile(src);
      const expected = ref.files[name] as Ref[];
      assert.deepEqual(t.entries.map((e) => e.name), expected.map((r) => r.name));
      for (const r of expected) {
        const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
        assert.equal(e.dtype, r.dtype, r.name);
        assert.deepEqual(e.shape, r.shape, r.name);
        assert.equal(e.view === undefined, r.contiguous, `${r.name}: contiguous`);
        if (r.values) assert.deepEqual(await valuesOf(src, e), r.values, `${r.name}: values`);
        const report = await analyzeEntry(src, e);
        assert.equal(report.min, r.min === null ? null : r.dtype === 'bool' ? Number(r.min) : r.min, r.name);
        assert.equal(report.max, r.max === null ? null : r.dtype === 'bool' ? Number(r.max) : r.max, r.name);
        assert.ok(close(report.mean as number, r.mean as number), `${r.name}: mean ${report.mean} vs ${r.mean}`);
        assert.ok(close(report.std as number, r.std as number), `${r.name}: std ${report.std} vs ${r.std}`);
      }
      // Tensors torch shares one storage between are marked shared, and only those.
      for (const r of expected) {
        const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
        const first = expected.find((x) => x.storage_ptr_group === r.storage_ptr_group);
        assert.equal(e.sharedWith, first === r ? undefined : first?.name, `${r.name}: shared storage`);
      }
    });
  }

  it('tied weights count once: parameters and bytes of the distinct storages', async () => {
    const t = await inspectTensorFile(file('state_dict_zip.pt'));
    const rs = ref.files['state_dict_zip.pt'] as Ref[];
    // Elements of every tensor but the alias lm_head.weight (model.strided is a different view of
    // model.transposed's storage, so it counts).
    assert.equal(t.totalParams, rs.filter((r) => r.name !== 'lm_head.weight').reduce((a, r) => a + r.count, 0));
    assert.equal(t.facts?.format, 'PyTorch zip (torch.save ≥ 1.6)');
    assert.ok(t.notes.some((n) => /lm_head\.weight is the same tensor as model\.embed_tokens\.weight/.test(n)));
    const legacy = await inspectTensorFile(file('state_dict_legacy.pt'));
    assert.equal(legacy.totalParams, t.totalParams);
    assert.equal(legacy.totalBytes, t.totalBytes);
  });

  it('a training checkpoint: optimizer state as paths, plain values as metadata', async () => {
    const t = await inspectTensorFile(file('training.pt'));
    assert.ok(t.entries.some((e) => e.name === 'optimizer.state.0.exp_avg'));
    assert.equal(t.metadata.epoch, '3');
    assert.equal(t.metadata['config.name'], 'tiny');
    assert.equal(t.metadata['optimizer.param_groups.0.lr'], '0.001');
  });

  it('pytorch_model.bin.index.json: shards read through the unpickler, checked against the weight map', async () => {
    const f = await OpenTensorFile.open(join(dir, 'pytorch_model.bin.index.json'));
    try {
      assert.equal(f.table.kind, 'index');
      assert.deepEqual(f.table.shards, ['pytorch_model-00001-of-00002.bin', 'pytorch_model-00002-of-00002.bin']);
      assert.equal(f.table.entries.length, 5);
      assert.deepEqual(f.table.notes, []);
      const e = f.table.entries.find((x) => x.name === 'model.layers.0.mlp.down_proj.weight') as TensorEntry;
      const r = await f.analyze(e);
      const expected = (ref.files['pytorch_model-00002-of-00002.bin'] as Ref[]).find((x) => x.name === e.name) as Ref;
      assert.equal(r.min, expected.min);
      assert.ok(close(r.std as number, expected.std as number));
    } finally {
      await f.close();
    }
  });
});

describe('hostile pickles', () => {
  before(() => rmSync(ref.sentinel, { force: true }));
  const expectations: Record<string, RegExp> = {
    reduce_global: /refused os\.system/,
    stack_global: /refused posix\.system/,
    inst: /refused os\.system/,
    obj: /refused builtins\.eval/,
    newobj: /refused subprocess\.Popen/,
    memo: /refused builtins\.exec/,
    importlib: /refused importlib\.import_module/,
    build: /refused os\.system/,
    nested: /refused os\.system/,
  };
  for (const [kind, pattern] of Object.entries(expectations)) {
    it(`${kind}: refused with the global named, nothing run`, async () => {
      const err = await inspectTensorFile(file(ref.hostile[kind]?.raw as string)).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof UnsafePickleError, `${kind}: ${String(err)}`);
      assert.match(err.message, pattern);
      assert.match(err.message, /nothing was run/);
      assert.equal(err.message.split('\n').length, 1);
      assert.equal(existsSync(ref.sentinel), false);
    });
  }
  it('inside a torch zip (data.pkl) the same', async () => {
    await assert.rejects(readTorchCheckpoint(file('hostile_zip.pt')), (e: unknown) => e instanceof UnsafePickleError && e.global === 'os.system');
    assert.equal(existsSync(ref.sentinel), false);
  });
  it('EXT codes and out-of-band buffers are refused; unknown opcodes are errors', () => {
    const run = (bytes: number[]) => () => unpickle(new Uint8Array(bytes), 0, { what: 'x.pkl' });
    assert.throws(run([0x80, 2, 0x82, 1, 0x2e]), /refused extension code 1/);
    assert.throws(run([0x80, 5, 0x97, 0x2e]), /refused out-of-band buffer/);
    assert.throws(run([0x80, 2, 0xff]), /unknown pickle opcode 0xff at byte 2/);
    assert.throws(run([0x80, 2, 0x4b]), /truncated/);
    assert.throws(run([0x80, 2, 0x68, 5, 0x2e]), /memo entry 5 read before it was written/);
  });
  it('the allowlist is torch weights_only: rebuilds, storages, dtypes and containers, nothing else', () => {
    for (const [m, n] of [['torch._utils', '_rebuild_tensor_v2'], ['torch._utils', '_rebuild_parameter'], ['torch', 'FloatStorage'], ['torch', 'bfloat16'], ['collections', 'OrderedDict'], ['torch', 'Size'], ['_codecs', 'encode']]) assert.ok(isAllowedGlobal(m as string, n as string), `${m}.${n}`);
    for (const [m, n] of [['os', 'system'], ['posix', 'system'], ['builtins', 'exec'], ['builtins', 'eval'], ['builtins', 'getattr'], ['importlib', 'import_module'], ['subprocess', 'Popen'], ['torch', 'load'], ['torch._utils', '_rebuild_evil'], ['numpy.core.multiarray', '_reconstruct'], ['torch.serialization', 'load']]) assert.ok(!isAllowedGlobal(m as string, n as string), `${m}.${n}`);
  });
  it('plain values: ints of every width, floats, strings, bytes, nested containers, memo reuse', () => {
    // {'a': [1, -2, 300, 2**40, -(2**70)], 'b': (1.5, 'é', b'xy'), 'c': None, 'd': True}, protocol 2, hand-assembled.
    const utf = (s: string) => { const b = [...new TextEncoder().encode(s)]; return [0x58, b.length, 0, 0, 0, ...b]; };
    const bytes = [0x80, 2, 0x7d, 0x71, 0, 0x28,
      ...utf('a'), 0x5d, 0x28, 0x4b, 1, 0x4a, 0xfe, 0xff, 0xff, 0xff, 0x4d, 0x2c, 1, 0x8a, 6, 0, 0, 0, 0, 0, 1, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0x65,
      ...utf('b'), 0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, ...utf('é'), 0x43, 2, 0x78, 0x79, 0x87,
      ...utf('c'), 0x4e, ...utf('d'), 0x88, 0x75, 0x2e];
    const { value } = unpickle(new Uint8Array(bytes), 0, { what: 'plain' });
    const d = value as { entries: Map<string, unknown> };
    assert.deepEqual(d.entries.get('a'), [1, -2, 300, 2 ** 40, -(2n ** 70n)]);
    const b = d.entries.get('b') as { items: unknown[] };
    assert.deepEqual(b.items, [1.5, 'é', new Uint8Array([0x78, 0x79])]);
    assert.equal(d.entries.get('c'), null);
    assert.equal(d.entries.get('d'), true);
  });
  it('a legacy checkpoint whose pickle is longer than the first read (64 KiB) is read whole', async () => {
    // torch.save's legacy layout (magic, protocol 1001, sys info, the object, the storage keys, then
    // each storage as an int64 count and its bytes), written here with 1,000 tensors of long names
    // sharing one fp32 storage of 1,000 elements (tensor i views element i): ~150 KiB of pickle.
    const b: number[] = [];
    const enc = (x: string) => [...new TextEncoder().encode(x)];
    const utf = (x: string) => {
      const e = enc(x);
      b.push(0x58, e.length & 255, (e.length >> 8) & 255, 0, 0, ...e);
    };
    const int = (v: number) => b.push(0x4a, v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
    const global = (m: string, n: string) => b.push(0x63, ...enc(`${m}\n${n}\n`));
    b.push(0x80, 2, 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e);
    b.push(0x80, 2, 0x4d, 0xe9, 0x03, 0x2e);
    b.push(0x80, 2, 0x7d, 0x2e);
    b.push(0x80, 2);
    global('collections', 'OrderedDict');
    b.push(0x29, 0x52);
    const n = 1000;
    const name = (i: number) => `model.layers.${i}.${'a_rather_long_parameter_name_'.repeat(4)}weight`;
    for (let i = 0; i < n; i++) {
      utf(name(i));
      global('torch._utils', '_rebuild_tensor_v2');
      b.push(0x28, 0x28);
      utf('storage');
      global('torch', 'FloatStorage');
      utf('0');
      utf('cpu');
      int(n);
      b.push(0x4e, 0x74, 0x51); // None, TUPLE, BINPERSID
      int(i); // storage offset
      int(1);
      b.push(0x85); // size (1,)
      int(1);
      b.push(0x85, 0x89); // stride (1,), requires_grad False
      global('collections', 'OrderedDict');
      b.push(0x29, 0x52, 0x74, 0x52, 0x73); // OrderedDict(), TUPLE, REDUCE, SETITEM
    }
    b.push(0x2e);
    b.push(0x80, 2, 0x5d);
    utf('0');
    b.push(0x61, 0x2e);
    assert.ok(b.length > 2 * 65536, `${b.length} bytes of pickle`);
    const data = new Float32Array(n).map((_, i) => i * 0.5);
    const file = new Uint8Array(b.length + 8 + data.byteLength);
    file.set(b);
    new DataView(file.buffer).setBigInt64(b.length, BigInt(n), true);
    file.set(new Uint8Array(data.buffer), b.length + 8);
    const t = await inspectTensorFile(memorySource(file, 'many.pt'));
    assert.equal(t.entries.length, n);
    assert.deepEqual(t.entries.map((e) => e.name), Array.from({ length: n }, (_, i) => name(i)));
    const last = t.entries[n - 1] as TensorEntry;
    const report = await analyzeEntry(memorySource(file, 'many.pt'), last);
    assert.equal(report.max, (n - 1) * 0.5);
  });
  it('a truncated or corrupted checkpoint is a clear error', async () => {
    const whole = new Uint8Array(readFileSync(join(dir, 'state_dict_legacy.pt')));
    await assert.rejects(readTorchCheckpoint(memorySource(whole.subarray(0, whole.length - 100), 'cut.pt')), /truncated: storage '\d+' needs \d+ bytes/);
    await assert.rejects(readTorchCheckpoint(memorySource(whole.subarray(0, 500), 'cut.pt')), /the pickle ends at byte 500 without a STOP/);
    await assert.rejects(readTorchCheckpoint(memorySource(new TextEncoder().encode('hello world'), 'x.pt')), /not a PyTorch checkpoint/);
  });
});
