// Property tests: random and mutated formulas give a result or a FormulaError, never another
// exception or a hang (each case is timed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { getEngine } from '../../../src/core/math/engine';
import { FormulaError } from '../../../src/core/math/errors';
import { evaluateFormula } from '../../../src/core/math/evaluate';
import { translateLatex } from '../../../src/core/math/latex/translate';
import { check, mutated, onlyClearErrors, tokens } from './fuzz';

const LATEX_VALID = [String.raw`\frac{\log_{512} n}{\sqrt{d}}`, String.raw`\sum_{i=1}^{10} i^2`, String.raw`\left(1 + 0.1 \ln r\right)^2`, String.raw`e^{\alpha^2}(1+2\alpha^2)`, String.raw`\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}`, String.raw`2 \cdot L \cdot n_{kv} \cdot d_h`, String.raw`\begin{aligned} a &= 1 \\ b &= a + 2 \end{aligned}`, String.raw`\binom{n}{k}`, String.raw`\prod_{k=1}^{5} k`, String.raw`|x| \le \max(a, b)`];
const LATEX_TOKENS = ['\\frac', '\\sqrt', '\\sum', '\\prod', '\\log', '\\ln', '\\left(', '\\right)', '{', '}', '(', ')', '[', ']', '^', '_', '=', '&', '\\\\', '+', '-', '\\cdot', '\\times', '1', '2', '0.5', 'x', 'n', 'd', '\\alpha', '\\mathrm{', '\\begin{aligned}', '\\end{aligned}', '|', ',', ' ', '\\', '%', '$', '\\text{', '\\operatorname{', '\\infty', '!', '\\binom'];
const PLAIN_TOKENS = ['1', '2.5', '1e3', 'x', 'n', '+', '-', '*', '/', '^', '(', ')', '[', ']', ',', ';', '=', 'f(x)', 'sqrt(', 'log(', 'sum(', 'zeros(', 'ones(', 'range(', ':', ' ', 'GiB', 'to', 'MB', 'FLOP', 'PFdays', 'alpha_star(', 'softmax(', '!', "'", '"', '.', 'e', 'pi', 'import(', 'evaluate(', 'constructor', '[1,2]', 'end', '?', '&'];

// A hang detector, not a speed target: CPU time (not stretched when other processes hold the cores),
// after the engine is built once (building it is not a case).
const timed = (f: () => void) => {
  const t = process.cpuUsage();
  f();
  const used = process.cpuUsage(t);
  const ms = (used.user + used.system) / 1000;
  assert.ok(ms < 2000, `one case took ${ms.toFixed(0)} ms of CPU`);
};
getEngine();

describe('property: LaTeX translator', () => {
  it('random token strings translate or fail with a FormulaError', () => check(tokens(LATEX_TOKENS, 30), (s) => timed(() => onlyClearErrors(() => translateLatex(s), [FormulaError]))));
  it('mutated valid formulas translate or fail with a FormulaError', () => check(mutated(LATEX_VALID, '{}()[]^_\\\\ab12&|$'), (s) => timed(() => onlyClearErrors(() => translateLatex(s), [FormulaError]))));
  it('arbitrary unicode never crashes it', () => check(fc.string({ maxLength: 60 }), (s) => onlyClearErrors(() => translateLatex(s), [FormulaError]), 1000));
});

describe('property: evaluator', () => {
  it('random plain expressions evaluate or fail with a FormulaError', () => check(tokens(PLAIN_TOKENS, 25), (s) => timed(() => onlyClearErrors(() => evaluateFormula(s, new Map(), { latex: false }), [FormulaError]))));
  it('mutated LaTeX evaluates or fails with a FormulaError', () => check(mutated(LATEX_VALID, '{}()^_\\12x'), (s) => timed(() => onlyClearErrors(() => evaluateFormula(s, new Map([['n', 4096], ['d', 64], ['r', 2], ['x', 1], ['alpha', 1], ['L', 2], ['n_kv', 8], ['d_h', 128]]), { latex: true }), [FormulaError]))));
  it('numbers round-trip through the evaluator exactly', () =>
    check(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (x) => {
      const r = evaluateFormula(`(${x.toString()})`, new Map(), { latex: false });
      assert.ok(r.status === 'ok' && r.value === x, `${x} came back as ${r.status === 'ok' ? String(r.value) : r.status}`);
    }, 1000));
});
