// `modelmath scale`: the JSON fields the issue names, against values derived from the formulas.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli';

const json = async (...argv: string[]) => {
  const r = await cli('scale', ...argv, '--json');
  assert.equal(r.code, 0, r.err);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading arbitrary JSON output
  return JSON.parse(r.out) as Record<string, any>;
};

describe('modelmath scale', () => {
  it('prints the scales and α* for a head dim and length', async () => {
    const r = await json('--head-dim', '64', '--seq', '4096');
    assert.equal(r.scales.standard, 0.125);
    assert.ok(Math.abs(r.scales.entropy_invariant - 1 / 6) < 1e-15); // log₅₁₂ 4096 = 4/3, / 8
    assert.equal(r.scales.entropy_invariant_train, undefined);
    assert.ok(Math.abs(Math.exp(r.alpha_star.normal ** 2) * (1 + 2 * r.alpha_star.normal ** 2) - 4096) < 1e-6);
    assert.ok(r.alpha_star.cosine > 15 && r.alpha_star.cosine < 35);
  });

  it('--train-seq adds the variant anchored at L', async () => {
    const r = await json('--head-dim', '128', '--seq', '8192', '--train-seq', '4096');
    assert.ok(Math.abs(r.scales.entropy_invariant_train - 13 / 12 / Math.sqrt(128)) < 1e-15);
  });

  it('--scale analyses the given scale with a verdict', async () => {
    const healthy = await json('--head-dim', '64', '--seq', '1024', '--scale', '1/sqrt(64)');
    assert.equal(healthy.analysis.state, 'healthy');
    assert.equal(healthy.analysis.alpha, 1);
    assert.ok(healthy.analysis.entropy < Math.log(1024) && healthy.analysis.max_prob > 1 / 1024);
    const bad = await json('--head-dim', '64', '--seq', '4096', '--scale', 'log(n)/sqrt(d)');
    assert.equal(bad.analysis.state, 'concentrated'); // entropy ≤ 30% of log n; max probability ≈ 0.6, not one-hot
    assert.match(bad.analysis.verdict, /far too large at long n/);
    const powers = await json('--head-dim', '64', '--seq', '64', '--scale', 'd**-0.5');
    assert.equal(powers.analysis.scale, 0.125);
  });

  it('--causal evaluates α* at n/2', async () => {
    const enc = await json('--head-dim', '64', '--seq', '1024');
    const dec = await json('--head-dim', '64', '--seq', '2048', '--causal');
    assert.equal(dec.alpha_star_keys, 1024);
    assert.equal(dec.alpha_star.normal, enc.alpha_star.normal);
  });

  for (const [argv, pattern] of [
    [['--head-dim', '0', '--seq', '10'], /--head-dim must be a whole number/],
    [['--head-dim', '-64', '--seq', '10'], /--head-dim/],
    [['--head-dim', 'abc', '--seq', '10'], /--head-dim must be a whole number/],
    [['--seq', '10'], /--head-dim is required/],
    [['--head-dim', '64', '--seq', '10', '--scale', 'q+'], /--scale 'q\+'/],
    [['--head-dim', '64', '--seq', '10', '--scale', 'x/2'], /Unknown name 'x'/],
  ] as const) {
    it(`bad input ${argv.join(' ')} is one line on stderr with exit 2`, async () => {
      const r = await cli('scale', ...argv);
      assert.equal(r.code, 2);
      assert.match(r.err, pattern);
      assert.equal(r.err.trim().split('\n').length, 1);
    });
  }
});
