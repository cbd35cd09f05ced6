// The Monte Carlo statistics against exact values (α = 0), against the sampler's known moments and
// against the closed forms of kexue.fm 9812/9034 within the Monte Carlo's own standard error plus
// the closed forms' stated bias.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cosineSampler, seededUniform } from '../../../src/core/attention/random';
import { closedFormStatistics, ScorePool, scoreAlpha } from '../../../src/core/attention/statistics';

describe('random cosines', () => {
  it('have mean 0 and E[cos²θ] = 1/d for random directions in R^d', () => {
    for (const d of [3, 16, 128]) {
      const draw = cosineSampler(d, 3);
      let sum = 0;
      let sq = 0;
      const N = 200_000;
      for (let i = 0; i < N; i++) {
        const c = draw();
        sum += c;
        sq += c * c;
      }
      assert.ok(Math.abs(sum / N) < 5 / Math.sqrt(N * d), `mean ${sum / N}`);
      assert.ok(Math.abs(sq / N - 1 / d) < 0.02 / d, `E[cos²] ${sq / N} vs ${1 / d}`);
    }
  });

  it('are reproducible from the seed', () => {
    const a = seededUniform(42);
    const b = seededUniform(42);
    const c = seededUniform(43);
    const xs = [a(), a(), a()];
    assert.deepEqual(xs, [b(), b(), b()]);
    assert.notDeepEqual(xs, [c(), c(), c()]);
  });
});

describe('attention statistics', () => {
  it('α = 0 gives the uniform row exactly', () => {
    const pool = new ScorePool(64, 'dot');
    const s = pool.statistics(512, 0);
    assert.ok(Math.abs(s.entropy - Math.log(512)) < 1e-12);
    assert.ok(Math.abs(s.maxProb - 1 / 512) < 1e-15);
    assert.equal(s.gradient, 0);
  });

  it('a huge α gives one-hot rows', () => {
    const s = new ScorePool(64, 'dot').statistics(64, 500);
    assert.ok(s.maxProb > 0.99 && s.entropy < 0.05);
  });

  it('α = scale·√d for q·k, scale itself for cosine scores', () => {
    assert.equal(scoreAlpha(0.125, 64, 'dot'), 1);
    assert.equal(scoreAlpha(30, 64, 'cosine'), 30);
  });

  it('Monte Carlo agrees with the closed forms where they hold (e^{α²} ≪ n)', () => {
    const d = 256;
    const n = 4096;
    const pool = new ScorePool(d, 'dot', 11, 1 << 19);
    for (const alpha of [0.25, 0.5, 1]) {
      const mc = pool.statistics(n, alpha);
      const cf = closedFormStatistics(n, alpha);
      assert.ok(cf.valid);
      // Closed-form bias: Jensen on log Z ((e^{α²} − 1)/2n) and the sphere's lighter tails (≈ α⁴/d).
      const bias = (Math.exp(alpha * alpha) - 1) / (2 * n) + alpha ** 4 / d;
      assert.ok(Math.abs(mc.entropy - cf.entropy) <= 4 * mc.error.entropy + bias, `entropy at α=${alpha}: ${mc.entropy} ± ${mc.error.entropy} vs ${cf.entropy}`);
      assert.ok(Math.abs(mc.gradient - cf.gradient) <= 4 * mc.error.gradient + alpha * bias * 2, `gradient at α=${alpha}: ${mc.gradient} vs ${cf.gradient}`);
    }
  });

  it('expected entropy falls and max probability rises as α grows', () => {
    const pool = new ScorePool(64, 'dot');
    const stats = [0.5, 1, 2, 4].map((a) => pool.statistics(1024, a));
    for (let i = 1; i < stats.length; i++) {
      assert.ok((stats[i]?.entropy ?? 0) < (stats[i - 1]?.entropy ?? 0));
      assert.ok((stats[i]?.maxProb ?? 0) > (stats[i - 1]?.maxProb ?? 0));
    }
  });

  it('rejects bad input clearly', () => {
    const pool = new ScorePool(64, 'dot');
    assert.throws(() => pool.statistics(0, 1), /positive integer/);
    assert.throws(() => pool.statistics(16, NaN), /finite/);
    assert.throws(() => cosineSampler(1, 1), /integer ≥ 2/);
  });
});
