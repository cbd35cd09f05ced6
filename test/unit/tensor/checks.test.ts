// Each check with values just inside and just outside its threshold; statistics against a second
// computation (two-pass numpy-style formulas written out here).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededUniform } from '../../../src/core/attention/random';
import { analyzeText } from '../../../src/core/tensor/analyzeText';
import type { Dtype } from '../../../src/core/tensor/dtypes';
import { buildReport, type CheckId, type TensorReport } from '../../../src/core/tensor/report';
import { StatisticsAccumulator } from '../../../src/core/tensor/statistics';

function report(values: ArrayLike<number>, shape: number[], o: { dtype?: Dtype; name?: string | null; chunk?: number } = {}): TensorReport {
  const acc = new StatisticsAccumulator(shape);
  const v = Float64Array.from(values);
  const chunk = o.chunk ?? v.length;
  for (let i = 0; i < v.length; i += chunk) acc.push(v.subarray(i, i + chunk));
  return buildReport({ name: o.name === undefined ? null : o.name, dtype: o.dtype ?? 'float32', shape, stats: acc.finish() });
}
const ids = (r: TensorReport) => r.checks.map((c) => c.id);
const has = (r: TensorReport, id: CheckId) => ids(r).includes(id);
const normals = (n: number, std: number, seed = 1) => {
  const u = seededUniform(seed);
  return Array.from({ length: n }, () => std * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
};

describe('statistics', () => {
  it('match a two-pass computation, and do not depend on chunking', () => {
    const x = normals(10_007, 3, 5).map((v) => v + 100);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const varPop = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    for (const chunk of [x.length, 1000, 7]) {
      const r = report(x, [x.length], { chunk });
      assert.ok(Math.abs((r.mean as number) - mean) < 1e-10);
      assert.ok(Math.abs((r.std as number) - Math.sqrt(varPop)) < 1e-10);
      assert.ok(Math.abs((r.std_unbiased as number) - Math.sqrt((varPop * x.length) / (x.length - 1))) < 1e-10);
    }
  });

  it('percentiles interpolate linearly like numpy (all values kept below the sample size)', () => {
    const r = report([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10]);
    assert.equal(r.percentiles.p50, 5.5); // numpy.percentile(range(1, 11), 50)
    assert.equal(r.percentiles.p25, 3.25);
    assert.equal(r.sampled_from, null);
  });

  it('large tensors: percentiles from a uniform sample, within its error', () => {
    const x = Array.from({ length: 200_000 }, (_, i) => i / 200_000);
    const r = report(x, [x.length]);
    assert.equal(r.sampled_from, 16_384);
    assert.ok(Math.abs(r.percentiles.p50 as number - 0.5) < 0.02);
    assert.ok(Math.abs(r.percentiles.p95 as number - 0.95) < 0.01);
  });

  it('count NaN and Inf with their first indices, and ignore them in the moments', () => {
    const r = report([1, NaN, 3, Infinity, -Infinity, 5], [2, 3]);
    assert.equal(r.nan, 1);
    assert.equal(r.inf, 2);
    assert.deepEqual(r.nan_indices, [[0, 1]]);
    assert.deepEqual(r.inf_indices, [[1, 0], [1, 1]]);
    assert.equal(r.mean, 3);
    assert.ok(has(r, 'nan') && has(r, 'inf'));
  });
});

describe('checks at their thresholds', () => {
  it('fp16_overflow: 65504 fits, 65505 does not', () => {
    assert.ok(!has(report([65504, 1], [2]), 'fp16_overflow'));
    assert.ok(has(report([65505, 1], [2]), 'fp16_overflow'));
  });
  it('fp16_underflow: 2⁻²⁴ survives, just below it becomes 0', () => {
    assert.ok(!has(report([2 ** -24, 1], [2]), 'fp16_underflow'));
    assert.ok(has(report([2 ** -24 * 0.99, 1], [2]), 'fp16_underflow'));
  });
  it('fp16_subnormal: below 2⁻¹⁴ in an fp16 tensor', () => {
    assert.ok(has(report([2 ** -15, 1], [2], { dtype: 'float16' }), 'fp16_subnormal'));
    assert.ok(!has(report([2 ** -14, 1], [2], { dtype: 'float16' }), 'fp16_subnormal'));
  });
  it('exp_overflow: 88.72 vs 88.73 (fp32), 11.09 vs 11.1 (fp16)', () => {
    const fp32 = (x: number) => report([x, 0], [2], { name: 'w' }).checks.find((c) => c.id === 'exp_overflow');
    assert.equal(fp32(88.72), undefined);
    assert.match(fp32(88.73)?.message ?? '', /above 88\.72: exp\(x\) overflows even fp32/);
    assert.ok(!has(report([11.09, 0], [2], { dtype: 'float16' }), 'exp_overflow'));
    assert.ok(has(report([11.1, 0], [2], { dtype: 'float16' }), 'exp_overflow'));
  });
  it('fp8_range: 448 fits e4m3fn, 449 does not', () => {
    assert.ok(!has(report([448, 1], [2]), 'fp8_range'));
    assert.ok(has(report([449, 1], [2]), 'fp8_range'));
  });
  it('softmax_saturation: [10,0,0,0] is one-hot (p = 0.99986), [4,0,0,0] is not (p = 0.948)', () => {
    const sat = report([10, 0, 0, 0, 10, 0, 0, 0], [2, 4], { name: 'logits' });
    assert.ok(has(sat, 'softmax_saturation'));
    assert.ok(Math.abs((sat.softmax?.mean_max_prob as number) - Math.exp(10) / (Math.exp(10) + 3)) < 1e-12);
    assert.ok(Math.abs((sat.softmax?.mean_gradient as number) - 0.000272) < 5e-7); // α(1−Σp²), kexue.fm 9812 worked value
    assert.ok(!has(report([4, 0, 0, 0, 4, 0, 0, 0], [2, 4], { name: 'logits' }), 'softmax_saturation'));
  });
  it('softmax_uniform: equal logits are uniform, spread ones are not', () => {
    assert.ok(has(report([0.001, 0, 0, 0, 0, 0.001, 0, 0], [2, 4], { name: 'logits' }), 'softmax_uniform'));
    assert.ok(!has(report([1, 0, 0, 0, 0, 1, 0, 0], [2, 4], { name: 'logits' }), 'softmax_uniform'));
  });
  it('init_std: N(0, 0.02) matches a convention; std 1 at fan_in 1024 is far off', () => {
    const ok = report(normals(64 * 1024, 0.02), [64, 1024], { name: 'q_proj.weight' });
    assert.equal(ok.checks.find((c) => c.id === 'init_std')?.severity, 'info');
    const bad = report(normals(64 * 1024, 1), [64, 1024], { name: 'q_proj.weight' });
    assert.equal(bad.checks.find((c) => c.id === 'init_std')?.severity, 'warning');
  });
  it('embedding_anisotropy: rows sharing a direction, not random rows', () => {
    const dim = 64;
    const common = normals(dim, 1, 9);
    const noise = normals(128 * dim, 0.5, 10);
    const aniso = Array.from({ length: 128 * dim }, (_, i) => (common[i % dim] as number) + (noise[i] as number));
    assert.ok(has(report(aniso, [128, dim], { name: 'embed_tokens.weight' }), 'embedding_anisotropy'));
    assert.ok(!has(report(normals(128 * dim, 1, 11), [128, dim], { name: 'embed_tokens.weight' }), 'embedding_anisotropy'));
  });
  it('bf16_precision: gains of 1 ± 1e-4 collapse in bf16; N(0, 1) does not', () => {
    assert.ok(has(report(normals(4096, 1e-4, 3).map((x) => 1 + x), [4096], { name: 'norm.weight' }), 'bf16_precision'));
    assert.ok(!has(report(normals(4096, 1, 3), [4096]), 'bf16_precision'));
  });
  it('all_zero and constant', () => {
    assert.ok(has(report([0, 0, 0], [3]), 'all_zero'));
    assert.ok(has(report([2, 2, 2], [3]), 'constant'));
    assert.ok(!has(report([2, 2, 2.0001], [3]), 'constant'));
  });
  it('truncated_repr on a summarised repr', () => {
    assert.ok(analyzeText('array([1., 2., ..., 9., 10.])').checks.some((c) => c.id === 'truncated_repr'));
    assert.ok(!analyzeText('array([1., 2., 9., 10.])').checks.some((c) => c.id === 'truncated_repr'));
  });
  it('every check has a severity, a message and a source', () => {
    const r = report([NaN, Infinity, 1e5, 1e-9, 100], [5]);
    for (const c of r.checks) assert.ok(['error', 'warning', 'info'].includes(c.severity) && c.message.length > 40 && c.source.length > 3, JSON.stringify(c));
  });
});
