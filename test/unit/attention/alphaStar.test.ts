// α* checked two ways: the normal case against the article's worked value and first-order
// condition; the cosine case against an analytic limit (d = 3) and against a Monte Carlo of the
// same objective with independently sampled cosines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alphaStarCos, alphaStarNormal, decoderKeys } from '../../../src/core/attention/alphaStar';
import { cosineSampler } from '../../../src/core/attention/random';
import { maximize } from '../../../src/core/numeric/special';

describe('gradient-optimal α', () => {
  it('normal scores: worked value 2.00839 at n = 512, and the first-order condition holds', () => {
    assert.ok(Math.abs(alphaStarNormal(512) - 2.00839) < 5e-6);
    for (const n of [16, 512, 4096, 1e6]) {
      const a = alphaStarNormal(n);
      assert.ok(Math.abs(Math.exp(a * a) * (1 + 2 * a * a) - n) / n < 1e-9);
    }
  });

  it('cosine scores in d = 3 (s uniform on [−1, 1]) maximise α(1 − α·coth α / n): α* → n/2', () => {
    // E[e^{2αs}]/E[e^{αs}]² = α·coth α for the uniform density, so α* = n/2 once coth α = 1.
    assert.ok(Math.abs(alphaStarCos(1000, 3) - 500) < 1e-3);
  });

  it('cosine scores in d = 128 are ≈ 25–35 for practical n (kexue.fm 9812)', () => {
    for (const n of [2048, 8192]) {
      const a = alphaStarCos(n, 128);
      assert.ok(a > 25 && a < 35, `α*(${n}, 128) = ${a}`);
    }
  });

  it('cosine α* agrees with a Monte Carlo of the same objective within 2%', () => {
    // Small d and n keep e^{2αs} within what a million samples see (its tail decides the moment).
    const d = 16;
    const n = 128;
    const draw = cosineSampler(d, 7);
    const s = Float64Array.from({ length: 1_000_000 }, draw);
    const moment = (t: number) => s.reduce((acc, x) => acc + Math.exp(t * x), 0) / s.length;
    const objective = (a: number) => a * (1 - moment(2 * a) / (n * moment(a) ** 2));
    const mc = maximize(objective, 1, 60, 1e-6);
    const exact = alphaStarCos(n, d);
    assert.ok(Math.abs(mc - exact) / exact < 0.02, `Monte Carlo ${mc} vs integration ${exact}`);
  });

  it('decoders use n = L_max/2', () => assert.equal(decoderKeys(4096), 2048));
});
