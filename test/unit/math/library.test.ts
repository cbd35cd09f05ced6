import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// Each library function against an independent value: a number printed in the source article or
// references/model-math.md, a closed form, or a second method written here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFormula } from '../../../src/core/math/evaluate';
import { LIBRARY } from '../../../src/core/math/library/functions';

function val(expr: string): number {
  const r = evaluateFormula(expr, new Map(), { latex: false });
  assert.equal(r.status, 'ok');
  return r.value as number;
}
function vec(expr: string): number[] {
  const r = evaluateFormula(expr, new Map(), { latex: false });
  assert.equal(r.status, 'ok');
  return r.value as number[];
}
const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} ≠ ${b} ± ${tol}`);

/** bfloat16 by bit manipulation (round to nearest even on the float32 bits): a second method. */
function bf16Bits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const bits = u[0] as number;
  const rounded = ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) << 16;
  u[0] = rounded >>> 0;
  return f[0] as number;
}

describe('model-math library', () => {
  it('every function has a doc, a formula, a source and a signature naming it', () => {
    for (const f of LIBRARY) {
      assert.ok(f.doc && f.latex && f.source, f.name);
      assert.ok(f.signature.startsWith(`${f.name}(`), f.name);
    }
  });

  it('attn_scale, logn_scale (worked numbers of model-math.md §1)', () => {
    assert.equal(val('attn_scale(64)'), 0.125);
    close(val('logn_scale(4096, 64)'), 0.1666667, 5e-8);
    assert.equal(val('logn_scale(512, 64)'), 0.125);
    assert.equal(val('logn_scale(4, 64)'), val('logn_scale(16, 64)'));
    close(val('logn_scale(4096, 64, 4096)'), 0.125, 1e-15);
  });

  it('alpha_star: 2.00839 at n = 512 (article 9812)', () => close(val('alpha_star(512)'), 2.00839, 5e-6));

  it('alpha_star_cos: 25–35 for d = 128 at practical n, and √d·alpha_star(n) as d → ∞', () => {
    for (const n of [512, 4096]) {
      const a = val(`alpha_star_cos(${n}, 128)`);
      assert.ok(a > 20 && a < 35, `alpha_star_cos(${n}, 128) = ${a}`);
    }
    // For large d, cos θ·√d → N(0, 1), so the cosine optimum tends to √d times the normal one.
    const d = 16384;
    close(val(`alpha_star_cos(512, ${d})`) / Math.sqrt(d), val('alpha_star(512)'), 0.01);
  });

  it('gelu, gelu_tanh, gelu_sigmoid at 1 (article 7309)', () => {
    close(val('gelu(1)'), 0.84134475, 5e-9);
    close(val('gelu_tanh(1)'), 0.84119199, 5e-9);
    close(val('gelu_sigmoid(1)'), 0.84579577, 5e-9);
    close(val('gelu(-3)'), -3 * 0.0013498980316301, 1e-15); // Φ(−3) from normal tables
  });

  it('sigmoid, softmax, logsumexp, entropy', () => {
    assert.equal(val('sigmoid(0)'), 0.5);
    close(val('sigmoid(-800)'), 0, 1e-300);
    const p = vec('softmax([1, 2, 3])');
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    p.forEach((x, i) => close(x, Math.exp(i + 1) / z, 1e-15));
    close(val('logsumexp([1000, 999])'), 1000.3132617, 5e-8);
    assert.deepEqual(vec('softmax([1000, 1000])'), [0.5, 0.5]);
    close(val('entropy([0.25, 0.25, 0.25, 0.25])'), Math.log(4), 1e-15);
    assert.equal(val('entropy([1, 0])'), 0);
  });

  it('softmax_grad: α(1 − Σp²) is 0.75 for [0,0,0,0] and 0.000272 for [10,0,0,0]', () => {
    close(val('softmax_grad([0, 0, 0, 0])'), 0.75, 1e-15);
    close(val('softmax_grad([10, 0, 0, 0], 1)'), 0.000272, 5e-7);
  });

  it('fp16 rounds to nearest even, overflows past 65504 and flushes below half the smallest subnormal', () => {
    assert.equal(val('fp16(65504)'), 65504);
    assert.equal(val('fp16(65519)'), 65504);
    assert.equal(val('fp16(65520)'), Infinity); // the tie rounds to even = 65536, which overflows
    assert.equal(val('fp16(-70000)'), -Infinity);
    assert.equal(val('fp16(0.1)'), 0.0999755859375);
    assert.equal(val('fp16(5.96e-8)'), 2 ** -24);
    assert.equal(val('fp16(2.9e-8)'), 0);
    assert.equal(val('fp16(2049)'), 2048); // tie between 2048 and 2050 goes to even mantissa
    assert.equal(val('fp16(2051)'), 2052);
  });

  it('bf16 agrees with bit-level rounding of float32 on many values', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const x = Math.fround((rand() - 0.5) * 10 ** (rand() * 60 - 30));
      assert.equal(val(`bf16(${x})`), bf16Bits(x), `bf16(${x})`);
    }
    assert.equal(val('bf16(1/3)'), 0.333984375);
  });

  it('fp8 e4m3fn and e5m2 convert as torch does (fixture from scripts/fp8-reference.py): e4m3fn saturates at ±448, has no infinity, keeps NaN', () => {
    const fixture = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'formulas', 'fp8-reference.json'), 'utf8')) as { cases: { x: number | string; e4m3: number | string; e5m2: number | string }[] };
    const num = (v: number | string) => (typeof v === 'number' ? v : Number(v));
    const literal = (v: number | string) => (typeof v === 'number' ? `(${v})` : v === 'NaN' ? 'NaN' : v === 'Infinity' ? 'Infinity' : '-Infinity');
    for (const c of fixture.cases) {
      assert.ok(Object.is(val(`fp8_e4m3(${literal(c.x)})`), num(c.e4m3)), `fp8_e4m3(${c.x}) = ${val(`fp8_e4m3(${literal(c.x)})`)}, torch ${c.e4m3}`);
      assert.ok(Object.is(val(`fp8_e5m2(${literal(c.x)})`), num(c.e5m2)), `fp8_e5m2(${c.x}) = ${val(`fp8_e5m2(${literal(c.x)})`)}, torch ${c.e5m2}`);
    }
    assert.equal(val('fp8_e4m3(448)'), 448);
    assert.equal(val('fp8_e4m3(500)'), 448);
    assert.equal(val('fp8_e4m3(0.1)'), 0.1015625);
    assert.equal(val('fp8_e5m2(57344)'), 57344);
    assert.equal(val('fp8_e5m2(0.1)'), 0.09375);
    assert.equal(val('fp8_e5m2(1e6)'), Infinity);
  });

  it('angle_var: exact π²/4 − 2 at n = 3 and the worked values at 100 and 1000 (article 7076)', () => {
    close(val('angle_var(3)'), Math.PI ** 2 / 4 - 2, 1e-12);
    close(val('angle_var(100)'), 0.0101007, 5e-8);
    close(val('angle_var(1000)'), 0.001001, 5e-7);
  });

  it('trunc_normal_factor(2) = 1.1368472 (article 8620)', () => {
    close(val('trunc_normal_factor()'), 1.1368472, 5e-8);
    close(val('trunc_normal_factor(2)'), 1.1368472, 5e-8);
  });

  it('yarn_scale, ntk_alpha, pf_days (GPT-3: 3.14e23 FLOPs = 3.64e3 PF-days)', () => {
    close(val('yarn_scale(2)'), 1.143434, 5e-7);
    close(val('ntk_alpha(2, 128)'), 2.022126, 5e-7);
    close(val('pf_days(3.14e23)'), 3634.259, 1e-3);
    close(val('pf_days(3.14e23 FLOP)'), 3634.259, 1e-3);
  });

  it('kv_cache_bytes, layer_mults, head_size_bound', () => {
    assert.equal(val('kv_cache_bytes(32, 8, 128)'), 131072); // Mistral-7B, flops-memory.md
    assert.equal(val('layer_mults(512, 768)'), 4026531840); // BERT-base, article 8610
    close(val('head_size_bound(512)'), 51.97, 5e-3); // article 8711
  });

  it('wrong argument counts and types get a message with the signature', () => {
    assert.throws(() => val('attn_scale()'), /attn_scale takes 1 argument: attn_scale\(d\)/);
    assert.throws(() => val('logn_scale(1)'), /logn_scale takes 2 to 3 arguments/);
    assert.throws(() => val('softmax(3)'), /softmax expects a vector/);
    assert.throws(() => val('attn_scale(0)'), /head dimension d must be a positive finite number/);
  });
});
