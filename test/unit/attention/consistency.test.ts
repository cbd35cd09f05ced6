// No verdict contradicts the numbers in its own report (issue 14), over a grid of head sizes,
// lengths and scales. The thresholds are restated here as literals, and every phrase a verdict uses
// is checked against the statistics of the length it quotes; the Monte Carlo optimum is compared
// with a second, independent Gaussian Monte Carlo written out below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeChoice, defaultLengths, gradientCurve, type ChoiceAnalysis, type LengthPoint } from '../../../src/core/attention/analysis';
import { alphaStarNormal } from '../../../src/core/attention/alphaStar';
import { BUILTIN_CHOICE_IDS, builtinChoice, type ScaleChoice } from '../../../src/core/attention/choices';
import { seededUniform } from '../../../src/core/attention/random';

const ONE_HOT = 0.9;
const CONCENTRATED = 0.3;
const UNIFORM = 0.97;
const WEAK = 0.5;

const fixed = (c: number, d: number): ScaleChoice => ({ id: 'custom', label: `${c}/√d`, tex: '', formula: `${c}/√d`, kind: 'dot', scale: () => c / Math.sqrt(d), lengthDependent: false, source: 'test' });

/** Every "n = 1,234" a message quotes, as numbers. */
const quotedLengths = (message: string) => [...message.replace(/n = [\d,]+–[\d,]+/g, '').matchAll(/n = (\d[\d,]*\d|\d)/g)].map((m) => Number((m[1] as string).replace(/,/g, '')));
const ratio = (p: LengthPoint) => p.monteCarlo.entropy / Math.log(p.n);

function checkReport(a: ChoiceAnalysis, label: string): void {
  const byN = new Map(a.points.map((p) => [p.n, p]));
  for (const p of a.points) {
    assert.ok(p.gradientRatio <= 1 + 1e-12, `${label}: gradient ratio ${p.gradientRatio} > 1 at n = ${p.n}`);
    const expected = p.monteCarlo.maxProb >= ONE_HOT ? 'saturated' : ratio(p) >= UNIFORM ? 'near-uniform' : ratio(p) <= CONCENTRATED ? 'concentrated' : 'healthy';
    assert.equal(p.state, expected, `${label} at n = ${p.n}`);
  }
  for (const v of a.verdicts) {
    const where = `${label} / ${v.id}: ${v.message}`;
    // The sentence's own "At n = X:" numbers are the point at X.
    const own = /At n = ([\d,]+): α = ([\d.e+-]+), entropy ([\d.e+-]+) of [\d.]+ nats \((\d+)% of log n\), max probability ([\d.e+-]+)/.exec(v.message);
    if (v.id !== 'length_drift') {
      assert.ok(own, `${where} quotes no length's numbers`);
      const p = byN.get(Number((own[1] as string).replace(/,/g, '')));
      assert.ok(p, `${where}: quotes a length that is not in the report`);
      assert.ok(v.at.includes(p.n));
      assert.equal(Number(own[5]), Number(p.monteCarlo.maxProb.toPrecision(2)), where);
      assert.equal(Number(own[4]), Math.round(100 * ratio(p)), where);
      // Words earned by the quoted point's numbers.
      if (/nearly one-hot/.test(v.message) && v.id !== 'healthy') assert.ok(p.monteCarlo.maxProb >= ONE_HOT || v.id === 'natural_log', where);
      if (v.id === 'saturated') assert.ok(p.monteCarlo.maxProb >= ONE_HOT, where);
      if (v.id === 'concentrated') assert.ok(ratio(p) <= CONCENTRATED && p.monteCarlo.maxProb < ONE_HOT, where);
      if (v.id === 'natural_log') assert.ok(p.state === 'saturated' || p.state === 'concentrated', where);
      if (v.id === 'near_uniform') assert.ok(ratio(p) >= UNIFORM, where);
      if (/little gradient/.test(v.message)) assert.ok(p.gradientRatio < WEAK && p.alpha >= p.optimum.alpha, where);
      if (/larger α would pass more gradient/.test(v.message)) assert.ok(p.gradientRatio < WEAK && p.alpha < p.optimum.alpha, where);
      if (p.gradientRatio < WEAK) assert.match(v.message, /below 50%/, where);
      const pct = /, (\d+)% of its largest Monte Carlo value ([\d.e+-]+)/.exec(v.message);
      assert.ok(pct, where);
      assert.equal(Number(pct[1]), Math.round(100 * p.gradientRatio), where);
      assert.equal(Number(pct[2]), Number(p.optimum.gradient.toPrecision(3)), where);
    }
    for (const n of quotedLengths(v.message)) if (!/from n|at n = [\d,]+, /.test(v.message)) assert.ok(byN.has(n), `${where}: quotes n = ${n}, not in the report`);
    if (v.id === 'healthy') assert.ok(a.points.every((p) => p.state === 'healthy'), where);
  }
  const states = new Set(a.points.map((p) => p.state));
  const ids = new Set(a.verdicts.map((v) => v.id));
  // Every state that occurs is named, once.
  if (states.has('near-uniform')) assert.ok(ids.has('near_uniform'), label);
  if (states.has('saturated')) assert.ok(ids.has('saturated') || ids.has('natural_log'), label);
  if (states.has('concentrated')) assert.ok(ids.has('concentrated') || ids.has('natural_log'), label);
  assert.equal(ids.size, a.verdicts.length, `${label}: a verdict repeated`);
  assert.ok(!(ids.has('natural_log') && (ids.has('saturated') || ids.has('concentrated'))), `${label}: the natural-log pitfall said twice`);
}

describe('attention verdicts agree with their numbers', () => {
  for (const d of [16, 64, 128, 256]) {
    for (const nMax of [64, 4096, 32_768]) {
      it(`d = ${d}, n up to ${nMax}: every built-in and fixed scale`, () => {
        const choices = [
          ...BUILTIN_CHOICE_IDS.map((id) => builtinChoice(id, { d, trainLength: 1024, yarnRatio: Math.max(2, nMax / 1024), referenceKeys: 512 })).filter((c): c is ScaleChoice => !!c),
          ...[0.02, 0.3, 1, 3, 8, 20].map((c) => fixed(c, d)),
        ];
        for (const causal of [false, true]) {
          for (const c of choices) checkReport(analyzeChoice(c, { d, lengths: defaultLengths(nMax), trainLength: 1024, causal }), `${c.label} d=${d} n≤${nMax}${causal ? ' causal' : ''}`);
        }
      });
    }
  }

  it('the issue case: ln(n)/√d at n = 4,096 is concentrated, not "little gradient"; its gradient beats 1/√d as the numbers say', () => {
    const ln = analyzeChoice(builtinChoice('natural_log', { d: 64 }) as ScaleChoice, { d: 64, lengths: [4096] });
    const std = analyzeChoice(builtinChoice('standard', { d: 64 }) as ScaleChoice, { d: 64, lengths: [4096] });
    const p = ln.points[0] as LengthPoint;
    const q = std.points[0] as LengthPoint;
    assert.ok(p.monteCarlo.gradient > 3 * q.monteCarlo.gradient);
    assert.equal(p.state, 'concentrated');
    assert.ok(p.monteCarlo.maxProb < ONE_HOT);
    const message = ln.verdicts.map((v) => v.message).join(' ');
    assert.doesNotMatch(message, /little gradient|nearly one-hot/);
    assert.match(message, /At n = 4,096/);
    assert.doesNotMatch(message, /n = 16\b/);
  });
});

/** Mean of α(1 − Σp²) over rows of n independent N(0, 1) scores (a second Monte Carlo). */
function gaussianObjective(n: number, alpha: number, rows: number, seed: number): number {
  const u = seededUniform(seed);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const s = Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
    const m = Math.max(...s);
    let z = 0;
    let z2 = 0;
    for (const x of s) {
      const e = Math.exp(alpha * (x - m));
      z += e;
      z2 += e * e;
    }
    total += alpha * (1 - z2 / (z * z));
  }
  return total / rows;
}

describe('the gradient optimum and curve', () => {
  it('the Monte Carlo optimum lies past the closed-form α* once Σp² is not small, with a value an independent Gaussian Monte Carlo agrees with', () => {
    const n = 4096;
    const g = gradientCurve(4096, n, { steps: 60, budget: 1 << 17 }); // d = 4096: √d·cos θ is N(0, 1) to within 1e-3; 32 rows
    const star = alphaStarNormal(n);
    assert.ok(g.optimum.alpha > 1.3 * star, `optimum ${g.optimum.alpha} vs α* ${star}`);
    const grid = Array.from({ length: 24 }, (_, i) => star * 2 ** (i / 8));
    const independent = Math.max(...grid.map((a) => gaussianObjective(n, a, 48, 7)));
    assert.ok(Math.abs(g.optimum.gradient / independent - 1) < 0.15, `ours ${g.optimum.gradient}, independent ${independent}`);
    // The curve's own Monte Carlo maximum is not above the optimum reported beside it (same samples).
    assert.ok(Math.max(...g.points.map((p) => p.monteCarlo)) <= g.optimum.gradient * 1.02);
  });

  it('the closed form is drawn only where its Σp² ≈ e^{α²}/n stays small, and peaks at α*', () => {
    const g = gradientCurve(64, 512, { steps: 400 });
    const drawn = g.points.filter((p) => Number.isFinite(p.closedForm));
    assert.ok(drawn.length > 0 && drawn.length < g.points.length);
    for (const p of drawn) assert.ok(Math.exp(p.alpha ** 2) / 512 <= 0.25);
    const best = drawn.reduce((a, b) => (b.closedForm > a.closedForm ? b : a));
    assert.ok(Math.abs(best.alpha - g.alphaStar) < (g.points[1] as { alpha: number }).alpha - (g.points[0] as { alpha: number }).alpha + 1e-9);
    assert.ok(Math.abs(g.alphaStar - 2.00839) < 5e-6);
  });
});
