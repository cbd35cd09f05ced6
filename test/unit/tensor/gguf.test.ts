// GGUF against gguf-py: the type table, headers written by GGUFWriter, and every dequantizer value
// by value (test/fixtures/gguf, made by scripts/reference/make_gguf_fixtures.py). Malformed headers
// are built byte by byte here and must fail with one specific message each.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { memorySource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { bitsPerWeight, GGML_TYPES, ggmlTypeByName } from '../../../src/core/tensor/files/ggml';
import { readGgufHeader } from '../../../src/core/tensor/files/gguf';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { accumulateRange, analyzeEntry, entryAccumulator, reportFromState, splitPoint } from '../../../src/core/tensor/files/stream';

const dir = join(__dirname, '../../fixtures/gguf');
interface Record_ { name: string; type: string; shape: number[]; bytes: number; count: number; min: number; max: number; mean: number; std: number; values?: number[] }
const ref = JSON.parse(readFileSync(join(dir, 'reference.json'), 'utf8')) as { quant_sizes: Record<string, [number, number]>; type_ids: Record<string, number>; 'types.gguf': Record_[]; 'stream.gguf': Record_[]; 'iq.gguf': Record_[] };
const file = (name: string) => memorySource(new Uint8Array(readFileSync(join(dir, name))), name);
const close = (a: number, b: number, rel = 1e-12) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('ggml types', () => {
  it('match gguf-py block sizes and ids (Q8_1 follows ggml: 2 fp16 + 32 int8 = 36 bytes)', () => {
    for (const [name, [values, bytes]] of Object.entries(ref.quant_sizes)) {
      const t = ggmlTypeByName(name);
      assert.ok(t, `${name} missing`);
      assert.equal(t.id, ref.type_ids[name], name);
      assert.equal(t.blockValues, values, name);
      assert.equal(t.blockBytes, name === 'Q8_1' ? 36 : bytes, name);
    }
    assert.equal(GGML_TYPES.length, Object.keys(ref.quant_sizes).length);
  });
  it('bits per weight: Q4_K 4.5, Q6_K 6.5625, Q8_0 8.5, Q2_K 2.625, MXFP4 4.25', () => {
    const bpw = (n: string) => bitsPerWeight(ggmlTypeByName(n) as never);
    assert.deepEqual([bpw('Q4_K'), bpw('Q6_K'), bpw('Q8_0'), bpw('Q2_K'), bpw('MXFP4'), bpw('BF16')], [4.5, 6.5625, 8.5, 2.625, 4.25, 16]);
  });
});

describe('GGUF header (GGUFWriter output)', () => {
  it('reads metadata facts, tensor infos in numpy order and exact byte sizes', async () => {
    const t = await inspectTensorFile(file('types.gguf'));
    assert.equal(t.kind, 'gguf');
    assert.deepEqual({ ...t.facts, typeMix: undefined, bitsPerWeight: undefined }, { architecture: 'llama', name: 'Model Math fixture', contextLength: 4096, blockCount: 2, embeddingLength: 256, headCount: 8, headCountKv: 2, vocabSize: 5, chatTemplate: true, fileType: 'MOSTLY_Q4_K_M', ggufVersion: 3, typeMix: undefined, bitsPerWeight: undefined });
    assert.match(t.metadata['tokenizer.ggml.tokens'] as string, /^\[5 × string: "<unk>", "<s>"/);
    assert.equal(t.metadata['fixture.floats'], '[2 × f32: 0.5, 1.5]');
    const expected = ref['types.gguf'];
    assert.equal(t.entries.length, expected.length);
    for (const r of expected) {
      const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
      assert.ok(e, r.name);
      assert.equal(e.storage?.name, r.type);
      assert.deepEqual(e.shape, r.shape, r.name);
      assert.equal(e.byteLength, r.bytes, r.name);
      assert.equal(e.count, r.count);
    }
    assert.equal(t.totalBytes, expected.reduce((a, r) => a + r.bytes, 0));
    assert.equal(t.facts?.bitsPerWeight, Number(((8 * t.totalBytes) / t.totalParams).toFixed(4)));
  });

  it('dequantizes every supported type exactly as gguf-py does, value by value', async () => {
    const src = file('types.gguf');
    const h = await readGgufHeader(src);
    for (const r of ref['types.gguf']) {
      const e = h.entries.find((x) => x.name === r.name) as TensorEntry;
      const type = ggmlTypeByName(r.type);
      const bytes = await src.read((e.location as { offset: number }).offset, e.byteLength);
      const out = new Float64Array(e.count);
      if (type?.decode) type.decode(bytes, e.count / type.blockValues, out);
      else {
        const report = await analyzeEntry(src, e);
        assert.equal(report.min, r.min);
        continue;
      }
      const values = r.values as number[];
      let mismatches = 0;
      for (let i = 0; i < values.length; i++) if (out[i] !== Math.fround(values[i] as number)) mismatches++;
      assert.equal(mismatches, 0, `${r.type}: ${mismatches} of ${values.length} values differ (first: ${out.findIndex((v, i) => v !== Math.fround(values[i] as number))})`);
    }
  });

  it('dequantizes the lattice i-quants (IQ2_XXS, IQ2_XS, IQ2_S, IQ3_XXS, IQ3_S, IQ1_S, IQ1_M) and NVFP4 exactly as gguf-py does', async () => {
    const src = file('iq.gguf');
    const t = await inspectTensorFile(src);
    assert.deepEqual(ref['iq.gguf'].map((r) => r.type), ['IQ2_XXS', 'IQ2_XS', 'IQ2_S', 'IQ3_XXS', 'IQ3_S', 'IQ1_S', 'IQ1_M', 'NVFP4']);
    for (const r of ref['iq.gguf']) {
      const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
      const type = ggmlTypeByName(r.type);
      assert.ok(type?.decode, `${r.type} has a dequantizer`);
      assert.equal(e.byteLength, r.bytes);
      const bytes = await src.read((e.location as { offset: number }).offset, e.byteLength);
      const out = new Float64Array(e.count);
      type.decode(bytes, e.count / type.blockValues, out);
      const values = r.values as number[];
      let mismatches = 0;
      for (let i = 0; i < values.length; i++) if (out[i] !== Math.fround(values[i] as number)) mismatches++;
      assert.equal(mismatches, 0, `${r.type}: ${mismatches} of ${values.length} values differ (first: ${out.findIndex((v, i) => v !== Math.fround(values[i] as number))})`);
      // And through the streaming statistics, as `modelmath tensor` computes them.
      const report = await analyzeEntry(src, e);
      assert.equal(report.min, r.min, r.name);
      assert.equal(report.max, r.max, r.name);
      assert.ok(close(report.mean as number, r.mean), `${r.name} mean`);
      assert.ok(close(report.std as number, r.std), `${r.name} std`);
    }
  });

  it('streams statistics of dequantized values (several chunks, Q4_K and Q8_0)', async () => {
    const src = file('stream.gguf');
    const t = await inspectTensorFile(src);
    for (const r of ref['stream.gguf']) {
      const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
      const report = await analyzeEntry(src, e, { chunkBytes: 1000 });
      assert.equal(report.storage, r.type);
      assert.equal(report.count, r.count);
      assert.equal(report.min, r.min);
      assert.equal(report.max, r.max);
      assert.ok(close(report.mean as number, r.mean), `${r.name} mean ${report.mean} vs ${r.mean}`);
      assert.ok(close(report.std as number, r.std), `${r.name} std ${report.std} vs ${r.std}`);
    }
  });
  it('statistics of every type in types.gguf match gguf-py (F32, F16, BF16 and the quantized ones)', async () => {
    const src = file('types.gguf');
    const t = await inspectTensorFile(src);
    for (const r of ref['types.gguf']) {
      const report = await analyzeEntry(src, t.entries.find((x) => x.name === r.name) as TensorEntry);
      assert.equal(report.min, r.min, r.name);
      assert.equal(report.max, r.max, r.name);
      assert.ok(close(report.mean as number, r.mean), `${r.name} mean`);
      assert.ok(close(report.std as number, r.std), `${r.name} std`);
    }
  });
  it("a helper thread's whole-tensor state (the 'range' op of analyzeAll) gives gguf-py's statistics", async () => {
    const src = file('stream.gguf');
    const t = await inspectTensorFile(src);
    for (const r of ref['stream.gguf']) {
      const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
      const acc = entryAccumulator(e, {});
      await accumulateRange(src, e, acc, 0, e.count, { chunkBytes: 1000 });
      const report = reportFromState(e, structuredClone(acc.state()));
      assert.equal(report.storage, r.type);
      assert.equal(report.count, r.count);
      assert.equal(report.min, r.min);
      assert.equal(report.max, r.max);
      assert.ok(close(report.mean as number, r.mean), `${r.name} mean ${report.mean} vs ${r.mean}`);
      assert.ok(close(report.std as number, r.std), `${r.name} std ${report.std} vs ${r.std}`);
    }
  });
  it('a quantized tensor split in two at a row (= block) boundary, the second half on a helper, gives gguf-py\'s statistics', async () => {
    const src = file('stream.gguf');
    const t = await inspectTensorFile(src);
    for (const r of ref['stream.gguf']) {
      const e = t.entries.find((x) => x.name === r.name) as TensorEntry;
      let asked: [number, number] | undefined;
      const helper = (entry: TensorEntry, start: number, end: number) => {
        asked = [start, end];
        const acc = entryAccumulator(entry, {}, start);
        return { state: accumulateRange(src, entry, acc, start, end, { chunkBytes: 777 }).then(() => structuredClone(acc.state())), cancel: () => undefined };
      };
      const mid = splitPoint(e, { helper, splitBytes: 1 });
      assert.equal(mid % (e.shape[e.shape.length - 1] as number), 0, 'whole rows');
      assert.ok(mid > 0 && mid % (e.storage?.blockValues ?? 1) === 0, 'whole blocks');
      const report = await analyzeEntry(src, e, { helper, splitBytes: 1, chunkBytes: 1000 });
      assert.deepEqual(asked, [mid, e.count]);
      assert.equal(report.min, r.min);
      assert.equal(report.max, r.max);
      assert.ok(close(report.mean as number, r.mean), `${r.name} mean ${report.mean} vs ${r.mean}`);
      assert.ok(close(report.std as number, r.std), `${r.name} std ${report.std} vs ${r.std}`);
    }
  });
});

/** A GGUF file built field by field, so each test can break exactly one thing. */
function gguf(o: { magic?: string; version?: number; tensorCount?: number; kv?: [string, number, Uint8Array][]; tensors?: { name: string; dims: number[]; type: number; offset: number; nameLength?: number }[]; data?: number; align?: boolean } = {}): Uint8Array {
  const parts: number[] = [];
  const u32 = (v: number) => parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const u64 = (v: number) => (u32(v % 2 ** 32), u32(Math.floor(v / 2 ** 32)));
  const str = (s: string, len?: number) => {
    const b = new TextEncoder().encode(s);
    u64(len ?? b.length);
    parts.push(...b);
  };
  parts.push(...new TextEncoder().encode(o.magic ?? 'GGUF'));
  u32(o.version ?? 3);
  const tensors = o.tensors ?? [{ name: 'w', dims: [32, 2], type: 8, offset: 0 }];
  u64(o.tensorCount ?? tensors.length);
  const kv = o.kv ?? [];
  u64(kv.length);
  for (const [k, type, value] of kv) {
    str(k);
    u32(type);
    parts.push(...value);
  }
  for (const t of tensors) {
    str(t.name, t.nameLength);
    u32(t.dims.length);
    for (const d of t.dims) u64(d);
    u32(t.type);
    u64(t.offset);
  }
  if (o.align !== false) while (parts.length % 32) parts.push(0);
  for (let i = 0; i < (o.data ?? 68); i++) parts.push(0);
  return new Uint8Array(parts);
}

describe('malformed GGUF files', () => {
  const fails = async (bytes: Uint8Array, pattern: RegExp) => assert.rejects(readGgufHeader(memorySource(bytes, 'bad.gguf')), pattern);
  it('a well-formed builder file reads (control)', async () => {
    const h = await readGgufHeader(memorySource(gguf(), 'ok.gguf'));
    assert.deepEqual(h.entries[0]?.shape, [2, 32]);
    assert.equal(h.entries[0]?.byteLength, 68);
  });
  it('bad magic', () => fails(gguf({ magic: 'GGML' }), /not a GGUF file: it starts with "GGML"/));
  it('version 1, unknown version, big-endian', async () => {
    await fails(gguf({ version: 1 }), /version 1 .*re-convert/);
    await fails(gguf({ version: 7 }), /unknown GGUF version 7/);
    await fails(gguf({ version: 0x03000000 }), /big-endian/);
  });
  it('counts past the file', async () => {
    await fails(gguf({ tensorCount: 1_000_000 }), /claims 1,000,000 tensors/);
    await fails(gguf({ kv: [['a', 9, new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0xe0, 0, 0, 0, 0, 0, 0])]] }), /claims .* u32 values/);
  });
  it('truncated strings', async () => {
    await fails(gguf({ tensors: [{ name: 'w', dims: [32], type: 8, offset: 0, nameLength: 1e9 }] }), /claims 1,000,000,000 bytes .*truncated or corrupt string/);
    await fails(gguf({ kv: [['k', 8, new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0, 65])]] }), /metadata 'k' claims 200 bytes/);
  });
  it('offsets past the end, misalignment, overlaps', async () => {
    await fails(gguf({ data: 10 }), /needs bytes 0–68 of the data section, which has 10/);
    await fails(gguf({ tensors: [{ name: 'w', dims: [32, 2], type: 8, offset: 4 }] }), /offset 4 is not a multiple of the alignment 32/);
    await fails(gguf({ tensors: [{ name: 'a', dims: [32, 2], type: 8, offset: 0 }, { name: 'b', dims: [32], type: 8, offset: 32 }], data: 200 }), /'a' and 'b' overlap/);
  });
  it('unknown and removed types, partial blocks, too many dimensions, bad value types', async () => {
    await fails(gguf({ tensors: [{ name: 'w', dims: [32], type: 99, offset: 0 }] }), /ggml type 99, which this version does not know/);
    await fails(gguf({ tensors: [{ name: 'w', dims: [32], type: 31, offset: 0 }] }), /Q4_0_4_4, removed from ggml/);
    await fails(gguf({ tensors: [{ name: 'w', dims: [30], type: 8, offset: 0 }] }), /rows of 30 values are not whole Q8_0 blocks of 32/);
    await fails(gguf({ tensors: [{ name: 'w', dims: [1, 1, 1, 1, 1], type: 0, offset: 0 }] }), /5 dimensions/);
    await fails(gguf({ kv: [['k', 13, new Uint8Array(4)]] }), /value type 13/);
  });
  it('a file cut inside the header', async () => {
    await fails(gguf().subarray(0, 30), /the header claims 1 tensor, more than the 30-byte file can describe/);
    await fails(gguf().subarray(0, 56), /truncated at byte 53: the type of 'w' needs 4 bytes, the file has 3 left/);
  });
});
