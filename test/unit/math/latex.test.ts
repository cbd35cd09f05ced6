// Every LaTeX construct of issue #3, translated and evaluated. Expected values are computed by
// hand (or with Math.*) from the formula as a person reads it, never by the translator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormulaError } from '../../../src/core/math/errors';
import { evaluateFormula } from '../../../src/core/math/evaluate';
import { looksLikeLatex, translateLatex } from '../../../src/core/math/latex/translate';

function val(tex: string, vars: Record<string, number> = {}): number {
  const r = evaluateFormula(tex, new Map(Object.entries(vars)), { latex: true });
  assert.equal(r.status, 'ok', `${tex} needs ${r.status === 'needs-values' ? r.freeVariables.join(',') : ''}`);
  return r.value as number;
}
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);

describe('LaTeX: fractions, roots, powers', () => {
  it('\\frac, \\dfrac, \\tfrac, \\cfrac and bare-digit arguments', () => {
    assert.equal(val('\\frac{3}{4}'), 0.75);
    assert.equal(val('\\dfrac{1}{8}'), 0.125);
    assert.equal(val('\\tfrac{1}{2} + \\cfrac{1}{4}'), 0.75);
    assert.equal(val('\\frac12'), 0.5);
  });
  it('\\sqrt and \\sqrt[n]', () => {
    assert.equal(val('\\sqrt{64}'), 8);
    close(val('\\sqrt[3]{27}'), 3);
  });
  it('^{} and ^x, with negative exponents and scientific notation', () => {
    assert.equal(val('2^{10}'), 1024);
    assert.equal(val('x^2', { x: 3 }), 9);
    close(val('1.5\\times10^{-3}'), 1.5e-3);
  });
  it('the entropy-invariant scale as papers write it (worked: 0.1666667 at d = 64, n = 4096)', () => {
    close(val('\\frac{\\log_{512} n}{\\sqrt{d}}', { n: 4096, d: 64 }), 4096 ** 0 * (Math.log(4096) / Math.log(512)) / 8);
  });
});

describe('LaTeX: names', () => {
  it('subscripts join names: L_{train}, n_{heads}, d_{\\text{model}}, x_1', () => {
    assert.equal(val('L_{train} + n_{heads}', { L_train: 2048, n_heads: 32 }), 2080);
    assert.equal(val('d_{\\text{model}}', { d_model: 768 }), 768);
    assert.equal(val('x_1 + x_2', { x_1: 1, x_2: 2 }), 3);
  });
  it('Greek letters are names; \\pi is π; \\infty is Infinity', () => {
    assert.equal(val('\\kappa \\cdot \\lambda', { kappa: 2, lambda: 3 }), 6);
    close(val('2\\pi r', { r: 1 }), 2 * Math.PI);
    assert.equal(val('\\infty'), Infinity);
  });
  it('e is Euler’s number unless bound', () => {
    close(val('e^{1}'), Math.E);
    assert.equal(val('e^{1}', { e: 2 }), 2);
  });
  it('\\text, \\mathrm, \\mathbf, \\boldsymbol wrap names', () => {
    assert.equal(val('\\mathrm{lr} \\cdot \\mathbf{W} + \\boldsymbol{b} + \\text{steps}', { lr: 2, W: 3, b: 1, steps: 4 }), 11);
  });
});

describe('LaTeX: functions', () => {
  it('\\log is natural, \\ln, \\log_{b}, \\exp', () => {
    close(val('\\log 10'), Math.log(10));
    close(val('\\ln e'), 1);
    close(val('\\log_{2} 1024'), 10);
    close(val('\\exp(2)'), Math.exp(2));
  });
  it('trig and hyperbolic functions, including \\sin^2 x', () => {
    close(val('\\sin^2 x + \\cos^2 x', { x: 0.7 }), 1);
    close(val('\\tanh(1) + \\sinh 0 + \\cosh 0'), Math.tanh(1) + 1);
    close(val('\\arctan 1'), Math.PI / 4);
  });
  it('an unparenthesised argument runs over the implicit product: \\log 2n = log(2n)', () => {
    close(val('\\log 2n', { n: 4 }), Math.log(8));
    close(val('\\sin x \\cos y', { x: 1, y: 2 }), Math.sin(1) * Math.cos(2));
  });
  it('\\operatorname{erf} and \\mathrm{…}( ) call functions; \\max, \\min', () => {
    close(val('\\operatorname{erf}(1)'), 0.8427007929497149, 1e-15);
    assert.equal(val('\\max(1, 5, 3) - \\min(4, 2)'), 3);
  });
});

describe('LaTeX: operators and delimiters', () => {
  it('\\cdot \\times \\div and implicit multiplication of letters and numbers (4nh^2d^2)', () => {
    assert.equal(val('6 \\cdot 2 \\times 3 \\div 4'), 9);
    assert.equal(val('4nh^2d^2', { n: 512, h: 12, d: 64 }), 4 * 512 * 144 * 4096);
  });
  it('\\left…\\right with ( [ \\{ |, and bare ( [ |', () => {
    assert.equal(val('\\left( 1 + 2 \\right) \\cdot \\left[ 3 \\right] + \\left\\{ 1 \\right\\}'), 10);
    assert.equal(val('\\left| -2 \\right| + |x - 5|', { x: 1 }), 6);
    assert.equal(val('2(3 + 1)'), 8);
  });
  it('floors and ceilings', () => {
    assert.equal(val('\\lfloor 3.7 \\rfloor + \\lceil 2.1 \\rceil + \\left\\lfloor -0.5 \\right\\rfloor'), 5);
  });
  it('\\sum and \\prod with bounds, \\binom, !', () => {
    assert.equal(val('\\sum_{i=1}^{n} i^2', { n: 10 }), 385); // n(n+1)(2n+1)/6
    assert.equal(val('\\prod_{k=1}^{5} k'), 120);
    assert.equal(val('\\binom{5}{2} + 3!'), 16);
  });
});

describe('LaTeX: equations, delimiters and noise', () => {
  it('an equation evaluates the right side and binds the left', () => {
    const scope = new Map<string, unknown>([['d', 64]]);
    const r = evaluateFormula('\\kappa = \\frac{\\sqrt{d}}{\\ln 512}', scope);
    assert.equal(r.status, 'ok');
    close(r.value as number, 1.282396, 5e-7); // κ(d=64) from references/model-math.md
    assert.equal(r.status === 'ok' && r.binding, 'kappa');
    close(scope.get('kappa') as number, 8 / Math.log(512));
  });
  it('math delimiters $…$ $$…$$ \\(…\\) \\[…\\]', () => {
    for (const t of ['$2^3$', '$$2^3$$', '\\(2^3\\)', '\\[2^3\\]']) assert.equal(val(t), 8, t);
  });
  it('equation and align environments, with \\label and \\\\ between lines', () => {
    assert.equal(val('\\begin{equation} a = \\frac{1}{2} \\label{eq:half} \\end{equation}'), 0.5);
    assert.equal(val('\\begin{align} a &= 2 \\\\ b &= a^3 \\end{align}'), 8);
  });
  it('spacing and labelling macros carry no value', () => {
    assert.equal(val('2 \\, \\cdot \\; 3 \\quad + \\qquad 1 \\! ~'), 7);
  });
  it('{,} thousands separators', () => assert.equal(val('4{,}026{,}531{,}840'), 4026531840));
});

describe('LaTeX: errors name the problem and its column', () => {
  it('an unknown macro', () => {
    assert.throws(() => translateLatex('1 + \\foo{2}'), (e: unknown) => e instanceof FormulaError && /Unknown LaTeX command '\\foo' at column 5/.test(e.message) && e.start === 4);
  });
  it('unbalanced braces and delimiters', () => {
    assert.throws(() => translateLatex('\\frac{1}{2'), /Expected '}' to close the group, found the end of the formula/);
    assert.throws(() => translateLatex('\\left( 1 + 2'), /Expected \\right to close \\left at column 1/);
    assert.throws(() => translateLatex('\\frac{1}'), /Expected an argument, found the end of the formula/);
  });
  it('an empty formula and \\pm', () => {
    assert.throws(() => translateLatex('$ $'), /The formula is empty/);
    assert.throws(() => translateLatex('1 \\pm 2'), /has two values/);
  });
});

describe('LaTeX detection', () => {
  it('reads \\commands, $…$, ^{…} and {,} as LaTeX and plain math as plain', () => {
    for (const t of ['\\frac{1}{2}', '$x$', 'e^{2}', '1.5\\times10^{-3}', '4{,}096']) assert.ok(looksLikeLatex(t), t);
    for (const t of ['6 * 8e9 * 15e12', '7e9 * 2 bytes to GiB', 'f(x) = x^2', 'x_1 + 2']) assert.ok(!looksLikeLatex(t), t);
  });
});

describe('LaTeX: relations', () => {
  it('x \\approx 0.17 and a \\le b: the value is the left side, and the relation is checked (0009)', () => {
    assert.equal(val('\\frac{1}{4} \\approx 0.25'), 0.25);
    assert.equal(val('2^3 \\le 9'), 8);
    const r = evaluateFormula('2^3 \\le 7', new Map(), { latex: true });
    assert.equal(r.status === 'ok' && r.equation?.holds, false);
    assert.equal(val('3 < 4'), 3);
  });
});
