// True positives are marked in the fixture with `# expect: <check>`; false positives are real
// attention implementations written in the styles of nanoGPT, Llama, T5, Gemma 2, BART, Flax.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { headDimNear, scanAttentionCode } from '../../../src/core/attention/code/scanAttention';

const fixture = (name: string) => readFileSync(`test/fixtures/attention/${name}`, 'utf8');
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

describe('attention code checks', () => {
  it('are silent on correct implementations', () => {
    const text = fixture('correct_styles.py');
    const r = scanAttentionCode(text);
    assert.deepEqual(r.findings.map((f) => `${lineOf(text, f.start)}:${f.id}`), []);
    // …while still seeing their scales (for hovers).
    assert.ok(r.sites.length >= 8);
  });

  it('flag exactly the marked mistakes', () => {
    const text = fixture('mistakes.py');
    const expected = text.split('\n').flatMap((line, i) => {
      const m = /# expect: (\w+)/.exec(line);
      return m ? [`${i + 1}:${m[1]}`] : [];
    });
    const found = scanAttentionCode(text).findings.map((f) => `${lineOf(text, f.start)}:${f.id}`);
    assert.deepEqual(found.sort(), expected.sort());
  });

  it('their fixes remove the finding they fix', () => {
    let text = fixture('mistakes.py');
    const before = scanAttentionCode(text).findings;
    const fixes = before.filter((f) => f.fix).map((f) => f.fix!);
    assert.ok(fixes.length >= 5);
    for (const fix of fixes.sort((a, b) => b.start - a.start)) text = text.slice(0, fix.start) + fix.text + text.slice(fix.end);
    const after = scanAttentionCode(text).findings;
    assert.equal(after.length, before.length - fixes.length, after.map((f) => f.message).join('\n'));
  });

  it('sample file: the unscaled and natural-log variants are flagged, the others are not', () => {
    const text = readFileSync('samples/attention.py', 'utf8');
    const found = scanAttentionCode(text).findings.map((f) => f.id).sort();
    assert.deepEqual(found, ['natural_log_scale', 'unscaled_logits']);
  });

  it('sees SDPA default scales and resolves named scales', () => {
    const text = fixture('correct_styles.py');
    const sites = scanAttentionCode(text).sites;
    assert.ok(sites.some((s) => s.kind === 'default'));
    assert.ok(sites.some((s) => s.text === 'scale' && /log\(512\)/.test(s.resolved)));
  });

  it('finds a head dimension written as a number', () => {
    const text = 'head_dim = 64\nx = 1\ndef f(q, k):\n    return q @ k.T\n';
    assert.deepEqual(headDimNear(text, text.length), { value: 64, name: 'head_dim' });
    assert.equal(headDimNear('x = 3\n', 5), undefined);
  });

  it('survive hostile input quickly', () => {
    const weird = ['', '(((((', '"""unterminated', "'\n'", 'def f(:\n  q @ @ k', '@'.repeat(10_000), 'softmax(' + 'q @ k.T * '.repeat(2000) + ')', '\\\n'.repeat(1000)];
    for (const w of weird) assert.doesNotThrow(() => scanAttentionCode(w));
  });
});
