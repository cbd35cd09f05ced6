// The reference fixtures (generated from transformers 5.17 by scripts/reference/*.py) must be
// internally consistent before anything is compared with them: totals equal the sum of the
// tensors, tied names point at real tensors of the same shape, FLOPs add up, and the published
// counts of ../shared/references/flops-memory.md come out of the real configs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CacheRecord, ModelCase, TensorInfo } from '../../support/modelFixtures';
import {
  expandNames,
  listModelTypes,
  listRealConfigs,
  loadAllModelCases,
  loadInventory,
  loadRealConfig,
  numel,
  restoreNonFinite,
} from '../../support/modelFixtures';

const cases = loadAllModelCases();
const built = cases.filter((c) => c.error === undefined);

function checkTotals(label: string, c: Pick<ModelCase, 'tensors' | 'buffers' | 'totals'>) {
  const names = new Set(c.tensors.map((t) => t.name));
  assert.equal(names.size, c.tensors.length, `${label}: duplicate tensor names`);
  const byName = new Map(c.tensors.map((t) => [t.name, t]));
  let withTied = 0;
  let unique = 0;
  let uniqueTensors = 0;
  for (const t of c.tensors) {
    withTied += numel(t.shape);
    if (t.tiedTo === undefined) {
      unique += numel(t.shape);
      uniqueTensors++;
    } else {
      const target = byName.get(t.tiedTo);
      assert.ok(target, `${label}: ${t.name} tied to missing ${t.tiedTo}`);
      assert.equal(target.tiedTo, undefined, `${label}: ${t.name} tied to a tied name`);
      assert.deepEqual(target.shape, t.shape, `${label}: ${t.name} tied to a tensor of another shape`);
    }
  }
  assert.equal(c.totals.withTied, withTied, `${label}: withTied`);
  assert.equal(c.totals.unique, unique, `${label}: unique`);
  assert.equal(c.totals.tensors, c.tensors.length, `${label}: tensor count`);
  assert.equal(c.totals.uniqueTensors, uniqueTensors, `${label}: unique tensor count`);
  assert.equal(c.totals.persistentBuffers, c.buffers.length, `${label}: buffer count`);
  assert.equal(c.totals.persistentBufferElements, c.buffers.reduce((s, b) => s + numel(b.shape), 0), `${label}: buffer elements`);
}

function cacheElements(r: CacheRecord | TensorInfo | null | undefined | Record<string, TensorInfo | null>): number {
  if (!r) return 0;
  if ('numel' in r && 'shape' in r) return (r as TensorInfo).numel;
  if (!('class' in r)) return Object.values(r as Record<string, TensorInfo | null>).reduce((s, x) => s + cacheElements(x), 0);
  const rec = r as CacheRecord;
  let n = 0;
  for (const l of rec.layers ?? []) n += cacheElements(l);
  for (const it of rec.items ?? []) n += cacheElements(it);
  for (const v of Object.values(rec.tensors ?? {})) {
    if (Array.isArray(v)) n += v.reduce((s, x) => s + cacheElements(x), 0);
    else n += cacheElements(v as TensorInfo | Record<string, TensorInfo | null>);
  }
  for (const v of Object.values(rec.caches ?? {})) n += cacheElements(v);
  return n;
}

describe('model reference fixtures (transformers 5.17)', () => {
  it('cover every model type with a causal-LM, masked-LM or seq2seq-LM class', () => {
    const types = listModelTypes();
    assert.ok(types.length >= 185, `only ${types.length} model types`);
    const buildable = new Set(built.filter((c) => c.variant === 'default').map((c) => c.modelType));
    // transformers builds the default config of most types; the rest are listed with its error
    assert.ok(buildable.size >= 0.8 * types.length, `only ${buildable.size} of ${types.length} default configs built`);
    for (const t of types) {
      const inv = loadInventory(t);
      assert.equal(inv.model_type, t);
      assert.equal(inv.transformers, '5.17.0');
      assert.ok(inv.classes.length > 0, `${t}: no LM class`);
      for (const v of inv.variants) {
        const failed = v.error !== undefined || (v.models ?? []).some((m) => m.error !== undefined);
        if (failed) assert.ok(v.error ?? v.models?.find((m) => m.error)?.error, `${t}/${v.name}: failure without a message`);
      }
    }
  });

  it('have totals equal to the sum of their tensors, tied names counted once', () => {
    assert.ok(built.length > 300, `only ${built.length} built cases`);
    for (const c of built) checkTotals(`${c.modelType}/${c.variant}/${c.architecture}`, c);
  });

  it('show tied weights: GPT-2 ties lm_head to the token embedding', () => {
    const gpt2 = cases.find((c) => c.modelType === 'gpt2' && c.variant === 'default');
    assert.ok(gpt2 && !gpt2.error);
    assert.equal(gpt2.totals.unique, 124_439_808); // flops-memory.md: GPT2LMHeadModel
    const head = gpt2.tensors.find((t) => t.name === 'lm_head.weight');
    assert.equal(head?.tiedTo, 'transformer.wte.weight');
    assert.deepEqual(head?.shape, [50257, 768]);
  });

  it('vary widths, depths and tying in the seeded variations', () => {
    let toggled = 0;
    // Named extra variations (EXTRA_VARIANTS, e.g. Gemma 4's towers) are built as given, without a seed.
    const seeded = built.filter((x) => /^v\d+$/.test(x.variant));
    for (const c of built.filter((x) => x.variant !== 'default' && !seeded.includes(x))) assert.equal(c.seed, null, `${c.modelType}/${c.variant}: a named variation has no seed`);
    for (const c of seeded) {
      assert.ok(c.seed?.startsWith(`${c.modelType}:`), `${c.modelType}/${c.variant}: seed`);
      const def = cases.find((x) => x.modelType === c.modelType && x.variant === 'default' && x.architecture === c.architecture);
      if (c.variant === 'v1' && def && typeof def.config.tie_word_embeddings === 'boolean' && c.config.tie_word_embeddings !== def.config.tie_word_embeddings) toggled++;
    }
    assert.ok(toggled > 50, `tying toggled in only ${toggled} variations`);
    const changed = seeded.filter((c) => Object.keys(c.changes).length > 0);
    assert.ok(changed.length > 0.9 * seeded.length);
  });

  it('keep the config as transformers writes it, non-finite floats restored', () => {
    const restored = restoreNonFinite({ a: { b: ['x', 'Infinity'] }, c: 'NaN', d: '-Infinity' }, ['a.b[1]', 'c', 'd']);
    assert.deepEqual(restored, { a: { b: ['x', Infinity] }, c: NaN, d: -Infinity });
    for (const c of built) {
      assert.equal(typeof c.config, 'object');
      const mt = c.config.model_type;
      assert.ok(typeof mt === 'string' && mt.length > 0, `${c.modelType}: config without model_type`);
    }
  });

  it('expand {i} patterns over cartesian products or explicit tuples', () => {
    assert.deepEqual(expandNames({ name: 'l.{i}.e.{j}.w', shape: [1], dtype: 'float32', index: [[0, 2], [5, 6]] }), ['l.0.e.5.w', 'l.0.e.6.w', 'l.2.e.5.w', 'l.2.e.6.w']);
    assert.deepEqual(expandNames({ name: 'l.{i}.e.{j}.w', shape: [1], dtype: 'float32', tuples: [[1, 3]] }), ['l.1.e.3.w']);
    assert.deepEqual(expandNames({ name: 'w', shape: [1], dtype: 'float32' }), ['w']);
  });

  it('record forwards whose FLOPs add up by op and whose parameters match the inventory', () => {
    const forwards = built.filter((c) => c.forward && c.forward.error === undefined);
    if (forwards.length === 0) return; // FLOPs pass not generated yet
    assert.ok(forwards.length > 200, `only ${forwards.length} forwards`);
    for (const c of forwards) {
      const f = c.forward!;
      const label = `${c.modelType}/${c.variant}/${c.architecture}`;
      assert.ok(f.flops && f.flops.total > 0, `${label}: no FLOPs`);
      assert.equal(Object.values(f.flops.byOp).reduce((a, b) => a + b, 0), f.flops.total, `${label}: byOp does not add up`);
      assert.equal(f.parameters, c.totals.unique, `${label}: CPU model differs from the meta inventory`);
      assert.equal(f.batch, 1);
      if (f.mode === 'encoder-decoder') assert.ok(f.encoderLength && f.decoderLength, label);
      else assert.ok(f.sequenceLength, label);
      if (f.cache) assert.equal(cacheElements(f.cache), f.cache.elements, `${label}: cache elements`);
    }
  });

  it('give the published totals and KV bytes for the real configs', () => {
    const names = listRealConfigs();
    assert.ok(names.length >= 24, `only ${names.length} real configs`);
    let published = 0;
    for (const name of names) {
      const r = loadRealConfig(name);
      assert.equal(r.error, undefined, `${name}: ${r.error}`);
      assert.ok(r.configText.includes(`"${r.modelType}"`), `${name}: model_type`);
      checkTotals(name, { ...r });
      if (r.published) {
        assert.equal(r.totals.unique, r.published.params, `${name}: published parameter count`);
        published++;
      }
      assert.ok(r.kvCache, `${name}: no KV cache record`);
      const kv = r.kvCache;
      assert.equal(kv.bytesPerToken16bit, 2 * kv.perLayer.reduce((s, l) => s + l.elementsPerToken, 0), `${name}: KV bytes`);
      if (kv.published16bit !== undefined) assert.equal(kv.bytesPerToken16bit, kv.published16bit, `${name}: published KV bytes`);
    }
    assert.equal(published, 4);
  });
});
