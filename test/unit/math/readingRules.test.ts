// The reading rules of docs/decisions/0009 (issue 13), one by one. Expected values are worked by
// hand from the formula as a person reads it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFormula, type EvalSuccess } from '../../../src/core/math/evaluate';
import { wrongEquations } from '../../../src/core/math/documentEquations';
import { collectMacros } from '../../../src/core/math/latex/macros';
import { compare, splitPlainRelations, writtenPrecision } from '../../../src/core/math/relations';

function ok(text: string, vars: Record<string, unknown> = {}, options: Parameters<typeof evaluateFormula>[2] = {}): EvalSuccess {
  const r = evaluateFormula(text, new Map(Object.entries(vars)), options);
  assert.equal(r.status, 'ok', `${text}: ${r.status === 'needs-values' ? `needs ${r.freeVariables.join(', ')}` : ''}`);
  return r as EvalSuccess;
}
function needs(text: string, vars: Record<string, unknown> = {}, options: Parameters<typeof evaluateFormula>[2] = {}): readonly string[] {
  const r = evaluateFormula(text, new Map(Object.entries(vars)), options);
  assert.equal(r.status, 'needs-values', text);
  return r.status === 'needs-values' ? r.freeVariables : [];
}

describe('accents and fonts become part of a name', () => {
  it('\\hat{L} → L_hat, \\bar{a}_i → a_bar_i, \\widetilde{x} → x_tilde', () => {
    assert.deepEqual(needs('\\hat{L} + \\bar{a}_i + \\widetilde{x}'), ['L_hat', 'a_bar_i', 'x_tilde']);
  });
  it('n_{\\rm layer}, d_{\\mathrm{model}}, d_{\\text{model}}, \\mu_\\mathcal{B}, n_{\\text{kv\\_heads}}', () => {
    assert.deepEqual(needs('n_{\\rm layer} + d_{\\mathrm{model}} + d_{\\text{model}} + \\mu_\\mathcal{B} + n_{\\text{kv\\_heads}}'), ['n_layer', 'd_model', 'mu_B', 'n_kv_heads']);
  });
  it('\\mathcal{B} → B, \\boldsymbol{\\theta}_t → theta_t, \\hat{\\mathbf{m}}_t → m_hat_t', () => {
    assert.deepEqual(needs('\\mathcal{B} + \\boldsymbol{\\theta}_t + \\hat{\\mathbf{m}}_t'), ['B', 'theta_t', 'm_hat_t']);
  });
  it('subscripts with operators and parentheses: m_{t-1} → m_t_1, PE_{(pos,2i)} → PE_pos_2i, B_* → B_star', () => {
    assert.deepEqual(needs('m_{t-1} + n_{j+1} + B_*'), ['m_t_1', 'n_j_1', 'B_star']);
    assert.equal(ok('PE_{(pos,2i)} = 3').binding, 'PE_pos_2i');
  });
});

describe('sub- and superscripts in either order', () => {
  it('\\eta^i_{min} = \\eta_{min}^i = (η_min)^i', () => {
    assert.equal(ok('\\eta^i_{min}', { eta_min: 2, i: 3 }).value, 8);
    assert.equal(ok('\\eta_{min}^i', { eta_min: 2, i: 3 }).value, 8);
  });
  it('labels in a superscript belong to the name: x^*, W^{(l)}, W^{\\text{KV}}', () => {
    assert.deepEqual(needs('\\alpha^* + W^{(l)} + W^{\\text{KV}}'), ['alpha_star', 'W_l', 'W_KV']);
  });
});

describe('functions, and operators that have no value', () => {
  it('\\text{erf}(x), \\operatorname{GELU}(x), \\mathrm{softplus}(x) call the library', () => {
    assert.ok(Math.abs((ok('\\text{erf}(0.5)').value as number) - 0.5204998778130465) < 1e-15);
    const gelu = 1.3 * 0.5 * (1 + 0.8063990308287793); // erf(1.3/√2) from Python's math.erf
    assert.ok(Math.abs((ok('\\operatorname{GELU}(1.3)').value as number) - gelu) < 1e-12);
    assert.ok(Math.abs((ok('\\mathrm{softplus}(0)').value as number) - Math.LN2) < 1e-15);
  });
  it('\\sigma(x) is the sigmoid unless σ is bound; then it multiplies', () => {
    assert.equal(ok('\\sigma(0)').value, 0.5);
    assert.equal(ok('\\sigma(3)', { sigma: 2 }).value, 6);
  });
  it('\\mathbb{E}[x^2] is an error naming \\mathbb{E} (not e·x² = 10.87 at x = 2)', () => {
    assert.throws(() => evaluateFormula('\\mathbb{E}[x^2]', new Map([['x', 2]])), /'\\mathbb\{E\}' \(an expectation\) cannot be evaluated/);
  });
  it('\\Pr, \\operatorname{Var}, \\mathrm{E}[x], \\int, \\nabla, \\partial, x^\\top, O(n^2) are clear errors', () => {
    for (const [text, named] of [
      ['\\Pr(x > 0)', "'\\Pr' (a probability)"],
      ['\\operatorname{Var}(x)', "'\\operatorname{Var}' (a variance)"],
      ['\\mathrm{E}[x]', "'\\mathrm{E}' (an expectation)"],
      ['\\int_0^1 x dx', "'\\int' (an integral)"],
      ['\\nabla L', "'\\nabla' (a gradient)"],
      ['\\partial L', "'\\partial' (a partial derivative)"],
      ['x^\\top y', "'^\\top' (a transpose)"],
      ['$O(n^2)$', "'O(…)'"],
    ] as const) {
      assert.throws(() => evaluateFormula(text, new Map([['x', 1], ['y', 1], ['L', 1], ['n', 2]])), (e: Error) => e.message.includes(named), text);
    }
  });
  it('a bound E is a value, as in Chinchilla: E + A/N^α', () => {
    assert.equal(ok('E + \\frac{A}{N}', { E: 1.69, A: 406.4, N: 4 }).value, 1.69 + 101.6);
  });
});

describe('letters written together: one name when bound, a product otherwise', () => {
  it('pos reads as p·o·s unless pos is bound', () => {
    assert.equal(ok('pos', { p: 2, o: 3, s: 5 }, { latex: true }).value, 30);
    assert.equal(ok('pos', { pos: 7, p: 2, o: 3, s: 5 }, { latex: true }).value, 7);
  });
  it('a run on the left of a definition is one name; step\\_num (escaped _) is always one name', () => {
    assert.equal(ok('lrate = 2').binding, 'lrate');
    assert.equal(ok('{step\\_num}^{-0.5}', { step_num: 4 }).value, 0.5);
  });
  it('sub- and superscripts after a run attach to its last letter (product) or to the name', () => {
    assert.equal(ok('BslH^2', { B: 2, s: 3, l: 5, H: 7 }, { latex: true }).value, 2 * 3 * 5 * 49);
    assert.equal(ok('BslH^2', { BslH: 3 }, { latex: true }).value, 9);
    assert.equal(ok('kn_i', { k: 2, n_i: 5 }, { latex: true }).value, 10);
  });
  it('plain math: 4nh^2d^2 + 2n^2hd reads as in LaTeX when nh and hd are not bound; a bound name wins', () => {
    const [n, h, d] = [2, 3, 5];
    assert.equal(ok('4nh^2d^2 + 2n^2hd', { n, h, d }).value, 4 * n * h ** 2 * d ** 2 + 2 * n ** 2 * h * d);
    assert.equal(ok('4nh^2d^2 + 2n^2hd', { n, h, d, nh: 10 }).value, 4 * 100 * d ** 2 + 2 * n ** 2 * h * d);
    assert.deepEqual(needs('lr * steps'), ['lr', 'steps']);
  });
});

describe('read as: the interpretation, never a number in exponent notation', () => {
  it('524288 reads as 524288', () => assert.equal(ok('524288').normalized, '524288'));
  it('an equation reads with both sides', () => assert.equal(ok('2 \\cdot 3 = 7').normalized, '2 * 3 = 7'));
  it('a relation with free variables is not "read as: n"', () => {
    const r = evaluateFormula('e^{\\alpha^2}(1+2\\alpha^2) = n', new Map());
    assert.equal(r.status, 'needs-values');
    assert.match(r.normalized, /= n$/);
    assert.match(r.normalized, /alpha/);
  });
});

describe('macros from the document', () => {
  const doc = String.raw`\newcommand{\dmodel}{d_{\text{model}}}
\renewcommand{\sq}[1]{#1^2}
\def\half#1{\frac{#1}{2}}
\DeclareMathOperator{\softplus}{softplus}
\newcommand{\scale}[2][512]{\frac{\log_{#1} #2}{8}}`;
  const macros = collectMacros(doc);
  it('collects \\newcommand, \\renewcommand, \\def, \\DeclareMathOperator (with arguments and a default)', () => {
    assert.deepEqual(Object.keys(macros).sort(), ['dmodel', 'half', 'scale', 'softplus', 'sq']);
  });
  it('expands them in evaluation', () => {
    assert.equal(ok('\\sq{\\dmodel}', { d_model: 3 }, { macros }).value, 9);
    assert.equal(ok('\\half{10}', {}, { macros }).value, 5);
    assert.ok(Math.abs((ok('\\softplus(0)', {}, { macros }).value as number) - Math.LN2) < 1e-15);
    assert.ok(Math.abs((ok('\\scale{4096}', {}, { macros }).value as number) - Math.log(4096) / Math.log(512) / 8) < 1e-15);
    assert.equal(ok('\\scale[2]{1024}', {}, { macros }).value, 10 / 8);
  });
  it('a macro that uses itself is an error, not a hang', () => {
    assert.throws(() => evaluateFormula('\\a', new Map(), { macros: collectMacros('\\def\\a{\\a + 1}') }), /expands without end/);
  });
  it('definitions inside the formula apply to it', () => {
    assert.equal(ok('\\newcommand{\\two}{2} \\two^{10}').value, 1024);
  });
});

describe('equations: definitions, checks and precision', () => {
  it('a free name on the left defines it; a bound one is checked', () => {
    const scope = new Map<string, unknown>();
    assert.equal(evaluateFormula('\\kappa = 2^3', scope).status, 'ok');
    assert.equal(scope.get('kappa'), 8);
    const r = ok('\\kappa = 9', { kappa: 8 });
    assert.equal(r.equation?.holds, false);
    assert.equal(ok('x = 9', { x: 8 }, { rebind: true }).equation, undefined);
  });
  it('f(x) = … and L(N, D) = … define functions', () => {
    const scope = new Map<string, unknown>();
    ok('L(N, D) = N + 2D', {}, {});
    evaluateFormula('L(N, D) = N + 2D', scope);
    assert.equal(evaluateFormula('L(1, 2)', scope, { latex: false }).status === 'ok' && (evaluateFormula('L(1, 2)', scope, { latex: false }) as EvalSuccess).value, 5);
  });
  it('chains: leading free names are defined by the first evaluable side, the rest is checked', () => {
    const scope = new Map<string, unknown>([['d_model', 512], ['h', 8]]);
    const r = evaluateFormula('d_k = d_v = d_{\\text{model}}/h = 64', scope) as EvalSuccess;
    assert.deepEqual([scope.get('d_k'), scope.get('d_v'), r.equation?.holds], [64, 64, true]);
    const wrong = evaluateFormula('a = 2 \\cdot 3 = 7', new Map()) as EvalSuccess;
    assert.equal(wrong.equation?.holds, false);
  });
  it('the precision written on the right side', () => {
    assert.deepEqual(writtenPrecision('0.1667'), { ulp: 1e-4, describe: '4 decimals' });
    assert.equal(writtenPrecision('5.88 * (10)^(23)')?.describe, '3 significant digits');
    assert.equal(writtenPrecision('13.04 GiB')?.ulp, 0.01);
    assert.equal(writtenPrecision('x + 1'), undefined);
    assert.equal(compare(1 / 6, 0.1667, '≈', writtenPrecision('0.1667')).holds, true);
    assert.equal(compare(1 / 6, 0.1667, '=', writtenPrecision('0.1667')).holds, true); // rounded: |Δ| = 3.3e-5 ≤ 5e-5
    assert.equal(compare(Math.E, 2.71, '=', writtenPrecision('2.71')).holds, false); // 2.718 rounds to 2.72
    assert.equal(compare(Math.E, 2.71, '≈', writtenPrecision('2.71')).holds, true); // truncation is allowed by ≈
    assert.equal(compare(0.1 + 0.2, 0.3, '=').holds, true);
    assert.equal(compare(0.1 + 0.2, 0.3, '≤').holds, true);
  });
  it('plain relations split at the top level only', () => {
    assert.deepEqual(splitPlainRelations('f(a == b) <= 3').relations, ['≤']);
    assert.deepEqual(splitPlainRelations('x << 2').relations, []);
    assert.deepEqual(splitPlainRelations('a + 1 = b == c != d').relations, ['=', '==', '≠']);
    // mathjs semantics after an assignment and in conditionals
    assert.deepEqual(splitPlainRelations('f(x) = x > 0 ? f(x - 1) : 1').relations, ['=']);
    assert.deepEqual(splitPlainRelations('y = x > 0').relations, ['=']);
    assert.deepEqual(splitPlainRelations('a = b = 3').relations, ['=', '=']);
    assert.deepEqual(splitPlainRelations('x > 0 ? 1 : 2').relations, []);
  });
  it('x == 6 checks even when x is free of a definition; units on both sides compare in the right unit', () => {
    assert.deepEqual(needs('x == 6'), ['x']);
    assert.equal(ok('1 GiB = 1073741824 B').equation?.holds, true);
    assert.throws(() => evaluateFormula('1 GiB = 5', new Map()), /Cannot compare a quantity with a unit/);
    assert.throws(() => evaluateFormula('1 GiB = 1 FLOP', new Map()), /different kinds of quantity/);
  });
});

describe('wrong equations in a document', () => {
  it('flags the wrong ones at their span, with earlier definitions and macros in scope', () => {
    const md = [
      '# KV cache',
      'Per token: $2 \\cdot 32 \\cdot 8 \\cdot 128 \\cdot 2 = 262144$ bytes.',
      '$\\newcommand{\\dh}{d_h}$ With $d_h = 128$ the scale is $1/\\sqrt{\\dh} \\approx 0.0884$, i.e. $\\frac{1}{\\sqrt{d_h}} = 0.125$.',
      'Costs $5 and $10. $x$ is free, $\\mathbb{E}[x] = 0$ cannot be checked.',
    ].join('\n');
    const wrong = wrongEquations(md);
    assert.deepEqual(wrong.map((w) => md.slice(w.start, w.end)), ['$2 \\cdot 32 \\cdot 8 \\cdot 128 \\cdot 2 = 262144$', '$\\frac{1}{\\sqrt{d_h}} = 0.125$']);
    assert.match(wrong[0]?.message ?? '', /left side is 131,072, the right side 262,144 \(left\/right = 0\.5\)/);
  });
});
