// `modelmath tensor` on the samples and on stdin-like text, JSON fields as the issue names them.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli';
import { safetensorsBytes } from '../../support/tensorBytes';

const dir = mkdtempSync(join(tmpdir(), 'mm-tensor-'));
const json = async (...argv: string[]) => {
  const r = await cli('tensor', ...argv, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as { tensors: Record<string, unknown>[] };
};

describe('modelmath tensor', () => {
  it('a .npy with a NaN and a value beyond fp16', async () => {
    const { tensors } = await json('samples/tensors/weight_with_nan.npy');
    assert.equal(tensors.length, 1);
    const t = tensors[0] as Record<string, unknown>;
    assert.equal(t.name, null);
    assert.equal(t.dtype, 'float32');
    assert.deepEqual(t.shape, [64, 64]);
    assert.equal(t.count, 4096);
    assert.equal(t.nan, 1);
    assert.equal(t.inf, 0);
    for (const key of ['min', 'max', 'mean', 'std']) assert.equal(typeof t[key], 'number');
    const checks = (t.checks as { id: string; severity: string; message: string }[]).map((c) => c.id);
    assert.ok(checks.includes('nan') && checks.includes('fp16_overflow'), checks.join(','));
  });

  it('a .safetensors with named tensors', async () => {
    const { tensors } = await json('samples/tensors/tiny_model.safetensors');
    assert.ok(tensors.length >= 3);
    assert.ok(tensors.every((t) => typeof t.name === 'string'));
    assert.ok(tensors.some((t) => t.dtype === 'bfloat16'));
  });

  it('text from a file, detected', async () => {
    const path = join(dir, 'x.txt');
    writeFileSync(path, "tensor([[1., 2.], [3., 70000.]], dtype=torch.float32)");
    const { tensors } = await json(path);
    assert.equal(tensors[0]?.max, 70000);
    assert.equal(tensors[0]?.std, Math.sqrt(((1 - 17501.5) ** 2 + (2 - 17501.5) ** 2 + (3 - 17501.5) ** 2 + (70000 - 17501.5) ** 2) / 4));
  });

  it('bad input: one line on stderr, exit 2', async () => {
    const broken = join(dir, 'broken.safetensors');
    const bytes = safetensorsBytes([{ name: 'x', dtype: 'F32', shape: [2], data: new Uint8Array(8) }]);
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 50n, true);
    writeFileSync(broken, bytes);
    const ragged = join(dir, 'ragged.txt');
    writeFileSync(ragged, '[[1, 2], [3]]');
    for (const [argv, pattern] of [
      [[broken], /header claims/],
      [[ragged], /ragged.*line 1, column 12/],
      [[join(dir, 'missing.npy')], /no such file/],
      [['samples/tensors/tiny_model.safetensors', '--tensor', 'nope'], /no tensor named 'nope'/],
      [['a', '--format', 'xml'], /--format must be/],
    ] as const) {
      const r = await cli('tensor', ...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });

  it('--fail-on: exit 3 when a check of that severity or worse fires, the report printed either way', async () => {
    // weight_with_nan.npy holds one NaN (an error) and a value beyond fp16 (a warning).
    const nan = await cli('tensor', 'samples/tensors/weight_with_nan.npy', '--fail-on', 'error');
    assert.equal(nan.code, 3);
    assert.match(nan.out, /nan: 1 NaN value/);
    assert.match(nan.err, /^modelmath: \d+ checks? at or above error: tensor: nan\n$/);
    const clean = join(dir, 'clean.txt');
    writeFileSync(clean, '[0.5, -0.25, 1.0]');
    assert.equal((await cli('tensor', clean, '--fail-on', 'info')).code, 0, 'no check fires on three ordinary values');
    const big = join(dir, 'big.txt');
    writeFileSync(big, '[1.0, 70000.0]'); // beyond fp16 (warning), no NaN/Inf (no error)
    assert.equal((await cli('tensor', big, '--fail-on', 'error')).code, 0);
    assert.equal((await cli('tensor', big, '--fail-on', 'warning')).code, 3);
    assert.equal((await cli('tensor', big)).code, 0, 'without --fail-on, findings never change the exit code');
    const bad = await cli('tensor', big, '--fail-on', 'fatal');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--fail-on must be one of info, warning, error, got 'fatal'/);
  });
});
