// Property tests: configs, text tensors and tensor files from random and mutated inputs give a
// result or a clear error (ConfigError, TensorParseError, TensorFileError): never another
// exception, a hang, or an allocation a header merely claims.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AttentionConfigError, attentionFromConfig } from '../../../src/core/attention/configScale';
import { estimate } from '../../../src/core/model/estimate';
import { normalizeConfig } from '../../../src/core/model/normalize';
import { ConfigError } from '../../../src/core/model/spec';
import { memorySource, TensorFileError } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { analyzeEntry } from '../../../src/core/tensor/files/stream';
import { analyzeText } from '../../../src/core/tensor/analyzeText';
import { parseTensorText, TensorParseError } from '../../../src/core/tensor/text/parseText';
import { f32, f64, npyBytes, npzBytes, safetensorsBytes, u16 } from '../../support/tensorBytes';
import { check, checkAsync, mutated, mutatedBytes, onlyClearErrors, RUNS, tokens } from './fuzz';

const configs = ['llama-2-7b', 'mixtral-8x7b', 'gemma-2-9b', 'deepseek-v3', 't5-small', 'bert-base-uncased', 'gpt2', 'qwen2-7b'].map((n) => JSON.parse(readFileSync(`samples/configs/${n}.json`, 'utf8')) as Record<string, unknown>);
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.integer({ min: -5, max: 1e6 }), fc.double(), fc.constantFrom(0, 1, -1, 2 ** 53, 1e308, null, true, false, '', 'llama', 'yarn'), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('factor', 'type', 'rope_type', 'mscale', 'x'), tie('value'), { maxKeys: 3 })),
})).value;

describe('property: config normaliser and estimator', () => {
  it('configs with random values in random fields normalise or give a ConfigError', () =>
    check(fc.tuple(fc.constantFrom(...configs), fc.array(fc.tuple(fc.nat(), json), { maxLength: 4 })), ([base, edits]) => {
      const cfg: Record<string, unknown> = { ...base };
      const keys = Object.keys(cfg);
      for (const [k, v] of edits) cfg[keys[k % keys.length] as string] = v;
      onlyClearErrors(() => {
        const spec = normalizeConfig(cfg);
        const e = estimate(spec);
        assert.ok(Number.isFinite(e.params.total) && e.params.total >= 0, `params ${e.params.total}`);
      }, [ConfigError]);
      onlyClearErrors(() => attentionFromConfig(cfg), [AttentionConfigError]);
    }));
  it('arbitrary JSON values are a ConfigError, never a crash', () => check(json, (v) => onlyClearErrors(() => normalizeConfig(v), [ConfigError]), 1000));
});

const TEXT_VALID = ['[[1, 2], [3, 4]]', 'array([[1., 2.],\n       [3., 4.]], dtype=float32)', 'array([0.1, 0.2, ..., 0.9])', "tensor([[ 1.2500e+00, nan]], device='cuda:0', dtype=torch.float16)", '1,2,3\n4,5,6', '[1 2; 3 4]', '<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>', '[nan, inf, -inf]', 'Array([1., 2.], dtype=bfloat16)'];
const TEXT_TOKENS = ['[', ']', '(', ')', ',', ';', ' ', '\n', '\t', '1', '-2.5', '1e-3', 'nan', 'inf', '-inf', '...', 'array(', 'tensor(', 'dtype=float32', 'dtype=torch.float16', 'True', 'x', '.', 'e', '+', '<tf.Tensor:', 'numpy=', '>', '#', '"', 'j'];

describe('property: text tensor parser', () => {
  it('random token strings parse or give a TensorParseError with a position', () =>
    check(tokens(TEXT_TOKENS, 40), (s) =>
      onlyClearErrors(() => {
        const r = parseTensorText(s);
        assert.equal(r.values.length, r.shape.reduce((a, b) => a * b, 1), `shape ${JSON.stringify(r.shape)} vs ${r.values.length} values`);
      }, [TensorParseError])));
  it('mutated reprs parse or give a TensorParseError', () => check(mutated(TEXT_VALID, '[](),;. 1e-n\n'), (s) => onlyClearErrors(() => analyzeText(s), [TensorParseError])));
  it('rectangular arrays round-trip exactly through every spelling', () =>
    check(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 36, maxLength: 36 })), ([r, c, pool]) => {
      const rows = Array.from({ length: r }, (_, i) => pool.slice(i * c, i * c + c).map((x) => (Object.is(x, -0) ? 0 : x)));
      const flat = rows.flat();
      const spellings: [string, number[]][] = [
        [JSON.stringify(rows), [r, c]],
        [`array(${JSON.stringify(rows)}, dtype=float64)`, [r, c]],
        // A lone number is a scalar; one line of numbers a vector.
        [rows.map((row) => row.join(',')).join('\n'), r === 1 ? (c === 1 ? [] : [c]) : [r, c]],
        [`[${rows.map((row) => row.join(' ')).join('; ')}]`, r === 1 ? [c] : [r, c]],
      ];
      for (const [text, shape] of spellings) {
        const p = parseTensorText(text);
        assert.deepEqual([...p.values], flat, text);
        assert.deepEqual(p.shape, shape, text);
      }
    }, 500));
  it('deep nesting is refused, not a stack overflow', () => check(fc.integer({ min: 33, max: 100_000 }), (depth) => onlyClearErrors(() => parseTensorText('['.repeat(depth) + '1' + ']'.repeat(depth)), [TensorParseError]), 50));
});

const npy = npyBytes('<f4', [2, 3], f32([1, 2, 3, 4, 5, NaN]));
const npyBig = npyBytes('>f8', [2], f64([1, -1], false), { version: 2 });
const st = safetensorsBytes([{ name: 'a', dtype: 'BF16', shape: [2, 2], data: u16([0x3f80, 0, 0xc000, 0x7fc0]) }, { name: 'b', dtype: 'F8_E4M3', shape: [3], data: new Uint8Array([0x7e, 1, 0x38]) }], { format: 'pt' });
const npzStored = npzBytes({ a: npy, b: npyBig }, 0);
const npzDeflated = npzBytes({ a: npy, b: npyBig }, 6);

async function readAll(bytes: Uint8Array, name: string): Promise<void> {
  try {
    const src = memorySource(bytes, name);
    const t = await inspectTensorFile(src);
    let claimed = 0;
    for (const e of t.entries) claimed += e.byteLength;
    // A header that passed validation never claims more data than the file holds (npz: inflated).
    if (!name.endsWith('.npz')) assert.ok(claimed <= bytes.length, `claims ${claimed} bytes of ${bytes.length}`);
    for (const e of t.entries) if (e.count <= 1e6) await analyzeEntry(src, e, { chunkBytes: 7 });
  } catch (err) {
    if (!(err instanceof TensorFileError)) {
      // fflate reports corrupt deflate streams with its own errors; they must still be Errors with a message.
      if (!(name.endsWith('.npz') && err instanceof Error && err.message)) throw new Error(`unexpected ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    }
  }
}

describe('property: tensor file readers', () => {
  it('mutated .npy files', () => checkAsync(mutatedBytes([npy, npyBig]), (b) => readAll(b, 'x.npy')));
  it('mutated .safetensors files', () => checkAsync(mutatedBytes([st]), (b) => readAll(b, 'x.safetensors')));
  it('mutated .npz files (stored and deflated)', () => checkAsync(mutatedBytes([npzStored, npzDeflated]), (b) => readAll(b, 'x.npz'), Math.min(RUNS, 1500)));
  it('random safetensors headers', () =>
    checkAsync(fc.tuple(json, fc.nat(64)), async ([header, extra]) => {
      const text = JSON.stringify(header) ?? 'null';
      await readAll(safetensorsBytes([], undefined, text).length ? new Uint8Array([...safetensorsBytes([], undefined, text), ...new Uint8Array(extra)]) : new Uint8Array(0), 'h.safetensors');
    }, 1000));
});
