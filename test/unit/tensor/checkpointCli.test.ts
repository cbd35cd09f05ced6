// `modelmath tensor` on GGUF and PyTorch checkpoints: JSON keeps today's fields and adds the
// file's parameters and bytes; a GGUF tensor's dtype is its ggml type; a refused pickle is a
// one-line security warning with exit code 2.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli';

const fixtures = join(__dirname, '../../fixtures');
const gguf = JSON.parse(readFileSync(join(fixtures, 'gguf/reference.json'), 'utf8')) as { 'types.gguf': { name: string; type: string; shape: number[]; bytes: number; count: number; mean: number }[] };

describe('modelmath tensor on checkpoints', () => {
  it('GGUF --json: ggml type names, numpy shapes, parameters, bytes, bits per weight, facts', async () => {
    const { code, out } = await cli('tensor', join(fixtures, 'gguf/types.gguf'), '--json');
    assert.equal(code, 0);
    const j = JSON.parse(out) as { tensors: { name: string; dtype: string; shape: number[]; count: number; mean: number }[]; parameters: number; bytes: number; bits_per_weight: number; kind: string; facts: Record<string, unknown> };
    const ref = gguf['types.gguf'];
    assert.equal(j.kind, 'gguf');
    assert.equal(j.parameters, ref.reduce((a, r) => a + r.count, 0));
    assert.equal(j.bytes, ref.reduce((a, r) => a + r.bytes, 0));
    assert.equal(j.bits_per_weight, (8 * j.bytes) / j.parameters);
    assert.equal(j.facts.architecture, 'llama');
    for (const r of ref) {
      const t = j.tensors.find((x) => x.name === r.name);
      assert.ok(t, r.name);
      assert.equal(t.dtype, r.type);
      assert.deepEqual(t.shape, r.shape);
      assert.ok(Math.abs(t.mean - r.mean) < 1e-12 * Math.max(1, Math.abs(r.mean)));
    }
  });
  it('GGUF text: the file line with bits per weight and model facts', async () => {
    const { code, out } = await cli('tensor', join(fixtures, 'gguf/types.gguf'), '--tensor', 'blk.1.q4_k.weight');
    assert.equal(code, 0);
    assert.match(out, /types\.gguf: gguf, 18 tensors, 5,504 parameters, 4,294 bytes, 6\.241 bits\/weight/);
    assert.match(out, /architecture llama · .*contextLength 4096 · blockCount 2 · .*headCount 8 · headCountKv 2 · vocabSize 5 · chatTemplate true/);
    assert.match(out, /blk\.1\.q4_k\.weight {2}Q4_K {2}\[2, 256\]/);
  });
  it('a PyTorch legacy checkpoint --json: tied weights counted once, with a note', async () => {
    const { code, out } = await cli('tensor', join(fixtures, 'torch/state_dict_legacy.pt'), '--json');
    assert.equal(code, 0);
    const j = JSON.parse(out) as { tensors: { name: string }[]; parameters: number; notes: string[] };
    assert.equal(j.tensors.length, 10);
    // Every tensor's elements (torch.load's numel) except lm_head.weight, which is embed_tokens.weight.
    const ref = (JSON.parse(readFileSync(join(fixtures, 'torch/reference.json'), 'utf8')) as { files: Record<string, { name: string; count: number }[]> }).files['state_dict_legacy.pt'] ?? [];
    assert.equal(j.parameters, ref.filter((r) => r.name !== 'lm_head.weight').reduce((a, r) => a + r.count, 0));
    assert.ok(j.notes.some((n) => n.includes('lm_head.weight')));
  });
  it('a hostile pickle: a one-line security warning naming the global, exit 2, nothing run', async () => {
    const { code, err } = await cli('tensor', join(fixtures, 'torch/hostile_reduce_global.pkl'));
    assert.equal(code, 2);
    assert.match(err, /^modelmath: security warning: .*hostile_reduce_global\.pkl: refused os\.system \(not on the allowlist\); nothing was run/);
    assert.equal(err.trim().split('\n').length, 1);
    assert.equal(existsSync('/tmp/modelmath-pickle-sentinel'), false);
  });
});
