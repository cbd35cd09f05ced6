// Tensor checks that must not mislead (issue 14). Expected values are derived here: the normal
// distribution's IQR (2·Φ⁻¹(0.75)σ = 1.349σ), fp16's largest finite 65504 = (2 − 2⁻¹⁰)·2¹⁵, the
// samples' numbers read by eye.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { seededUniform } from '../../../src/core/attention/random';
import { analyzeText } from '../../../src/core/tensor/analyzeText';
import type { Dtype } from '../../../src/core/tensor/dtypes';
import { buildReport, leadFinding, type TensorReport } from '../../../src/core/tensor/report';
import { StatisticsAccumulator } from '../../../src/core/tensor/statistics';

function report(values: ArrayLike<number>, shape: number[], o: { dtype?: Dtype; name?: string | null } = {}): TensorReport {
  const acc = new StatisticsAccumulator(shape);
  acc.push(Float64Array.from(values));
  return buildReport({ name: o.name === undefined ? null : o.name, dtype: o.dtype ?? 'float32', shape, stats: acc.finish() });
}
const normals = (n: number, std: number, seed = 1) => {
  const u = seededUniform(seed);
  return Array.from({ length: n }, () => std * Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
};
const check = (r: TensorReport, id: string) => r.checks.find((c) => c.id === id);

describe('init_std on a robust spread, outliers as their own finding', () => {
  it('one 70000 among 64×64 N(0, 1/64) weights: init_std matches LeCun 1/√64 = 0.125; the outlier is reported and said to dominate the std', () => {
    const w = normals(64 * 64, 1 / 8, 3);
    w[1234] = 70_000;
    const r = report(w, [64, 64], { name: 'q_proj.weight' });
    const init = check(r, 'init_std');
    assert.ok(init, JSON.stringify(r.checks.map((c) => c.id)));
    assert.equal(init.severity, 'info', init.message);
    assert.match(init.message, /LeCun 1\/√fan_in = 0\.125/);
    const robust = Number(/robust std ([\d.]+)/i.exec(init.message)?.[1]);
    assert.ok(Math.abs(robust / 0.125 - 1) < 0.06, `robust std ${robust}`);
    assert.ok((r.std as number) > 1000); // the plain std: 70000/√4096 ≈ 1094
    const out = check(r, 'outliers');
    assert.ok(out);
    assert.equal(out.count, 1);
    assert.equal(out.severity, 'warning');
    assert.match(out.message, /dominate the std/);
  });

  it('a weight 4× too wide is still a warning (the robust spread sees it too)', () => {
    const r = report(normals(64 * 64, 0.5, 4), [64, 64], { name: 'fc.weight' });
    assert.equal(check(r, 'init_std')?.severity, 'warning');
    assert.equal(check(r, 'outliers'), undefined);
  });
});

describe('values outside the declared dtype', () => {
  it('a dtype=torch.float16 repr holding 6.6e4 (above fp16’s 65504) is an error of its own', () => {
    assert.equal((2 - 2 ** -10) * 2 ** 15, 65504);
    const r = analyzeText(readFileSync('samples/tensors/activations_torch.txt', 'utf8'));
    assert.equal(r.dtype, 'float16');
    const c = check(r, 'dtype_range');
    assert.ok(c, JSON.stringify(r.checks.map((x) => x.id)));
    assert.equal(c.severity, 'error');
    assert.equal(c.count, 1);
    assert.match(c.message, /65504/);
  });

  it('65504 itself fits fp16; 300 does not fit int8; e4m3fn stops at 448', () => {
    assert.equal(check(report([1, 65504, -65504], [3], { dtype: 'float16' }), 'dtype_range'), undefined);
    assert.ok(check(report([1, 300, -5], [3], { dtype: 'int8' }), 'dtype_range'));
    assert.equal(check(report([448, -448], [2], { dtype: 'float8_e4m3fn' }), 'dtype_range'), undefined);
    assert.equal(check(report([449, 1], [2], { dtype: 'float8_e4m3fn' }), 'dtype_range')?.count, 1);
  });
});

describe('the most severe finding leads', () => {
  it('the saturated-logits sample: softmax saturation is a warning, and the status line leads with it', () => {
    const r = analyzeText(readFileSync('samples/tensors/logits.txt', 'utf8'));
    const c = check(r, 'softmax_saturation');
    assert.ok(c);
    assert.equal(c.severity, 'warning'); // row [45, 0.1, -0.2, 0.3]: p_max = 1/(1 + e^-44.9 + e^-45.2 + e^-44.7) ≈ 1
    assert.equal(c.count, 1);
    const lead = leadFinding(r.checks);
    assert.equal(lead.severity, 'warning');
    assert.match(lead.text, /^warning softmax_saturation/);
  });

  it('checks come out errors first, then warnings, then infos', () => {
    const r = analyzeText(readFileSync('samples/tensors/activations_torch.txt', 'utf8'));
    const order = { error: 0, warning: 1, info: 2 } as const;
    const ranks = r.checks.map((c) => order[c.severity]);
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    assert.equal(leadFinding([]).severity, 'ok');
    assert.equal(leadFinding([{ id: 'truncated_repr', severity: 'info' }]).severity, 'info');
  });
});

describe('rows read as logits', () => {
  it('a [2, 4] tensor with a NaN row: 1 row read, 1 left out and said', () => {
    const r = report([1, 2, NaN, 4, 0.5, 0.1, -0.3, 0.2], [2, 4], { name: 'attn_logits' });
    assert.equal(r.softmax?.rows, 1);
    assert.equal(r.softmax?.skipped, 1);
  });
});
