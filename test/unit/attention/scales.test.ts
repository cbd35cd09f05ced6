// Expected values: the worked numbers of references/model-math.md §1, recomputed there from the
// articles (kexue.fm 8823, 9812, 9948).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alphaStarNormal } from '../../../src/core/attention/alphaStar';
import { blanketScale, entropyInvariantScale, kappaForBase, kappaLogScale, logLengthFactor, ntkAlpha, ntkBase, softmaxGradientSize, standardScale, yarnFactor } from '../../../src/core/attention/scales';

const close = (actual: number, expected: number, tol: number) =>
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected} ± ${tol}, got ${actual}`);

describe('attention scales', () => {
  it('standard scale is 1/√d', () => {
    assert.equal(standardScale(64), 0.125);
    assert.equal(standardScale(256), 0.0625);
  });

  it('entropy-invariant scale matches the worked numbers at d = 64', () => {
    close(entropyInvariantScale(512, 64), 0.125, 1e-15);
    close(entropyInvariantScale(4096, 64), 0.1666667, 5e-8);
  });

  it('clamps n to at least 16 valid keys', () => {
    assert.equal(entropyInvariantScale(3, 64), entropyInvariantScale(16, 64));
    close(entropyInvariantScale(16, 64), Math.log(16) / Math.log(512) / 8, 1e-15);
  });

  it('the κ of κ·log(n)/d equals √d/ln 512 (worked: 1.2823960 at d = 64)', () => {
    // log_512(n)/√d = κ·ln(n)/d  ⇒  κ = √d / ln 512
    const n = 1000;
    const kappa = (entropyInvariantScale(n, 64) * 64) / Math.log(n);
    close(kappa, 1.282396, 5e-7);
  });

  it('YaRN factor for ratio 2 is 1.143434', () => close(yarnFactor(2), 1.143434, 5e-7));
  it('NTK κ for d = 128, ratio 2 is 2.022126', () => close(ntkAlpha(2, 128), 2.022126, 5e-7));

  it('softmax gradient size α(1 − Σp²) matches the worked numbers', () => {
    close(softmaxGradientSize([0, 0, 0, 0], 1), 0.75, 1e-15);
    close(softmaxGradientSize([10, 0, 0, 0], 1), 0.000272, 5e-7);
  });

  it('gradient-optimal α for normal scores at n = 512 is 2.00839 and satisfies e^{α²}(1+2α²) = n', () => {
    const a = alphaStarNormal(512);
    close(a, 2.00839, 5e-6);
    close(Math.exp(a * a) * (1 + 2 * a * a), 512, 1e-9);
  });

  it('α* maximises α(1 − e^{α²}/n): nearby α score lower', () => {
    const n = 4096;
    const f = (a: number) => a * (1 - Math.exp(a * a) / n);
    const a = alphaStarNormal(n);
    assert.ok(f(a) > f(a - 1e-3) && f(a) > f(a + 1e-3));
  });

  it('rejects impossible inputs with a message naming the input', () => {
    assert.throws(() => standardScale(0), /head dimension d must be a positive finite number, got 0/);
    assert.throws(() => entropyInvariantScale(100, 64, 1), /log base must be greater than 1/);
    assert.throws(() => alphaStarNormal(1), /number of keys n must be greater than 1/);
    assert.throws(() => softmaxGradientSize([], 1), /logits must not be empty/);
  });
});

describe('more scale formulas', () => {
  it('κ for base 512 is √d/ln 512 (worked: 1.2823960 at d = 64), and κ·log(n)/d equals log₅₁₂(n)/√d', () => {
    close(kappaForBase(64), 1.282396, 5e-7);
    for (const n of [16, 100, 512, 4096, 100_000]) close(kappaLogScale(n, 64, kappaForBase(64)), entropyInvariantScale(n, 64), 1e-15);
  });
  it('the log-n length factor is 1 within L_train and log_L(n) beyond', () => {
    assert.equal(logLengthFactor(100, 4096), 1);
    assert.equal(logLengthFactor(4096, 4096), 1);
    close(logLengthFactor(8192, 4096), 13 / 12, 1e-15); // log 2¹³ / log 2¹²
  });
  it("Su's blanket scale is 2.5/√d", () => assert.equal(blanketScale(64), 0.3125));
  it('NTK-aware base for d = 128, ratio 2 is 10000 × 2.022126', () => close(ntkBase(2, 128), 20221.26, 0.01));
});
