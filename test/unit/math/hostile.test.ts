// The evaluator refuses what mathjs's security guide says to refuse, caps allocations and turns
// runaway recursion into a clear error. (Time budgets are tested in mathService.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormulaError } from '../../../src/core/math/errors';
import { evaluateFormula } from '../../../src/core/math/evaluate';

const fails = (expr: string, message: RegExp) =>
  assert.throws(() => evaluateFormula(expr, new Map(), { latex: false }), (e: unknown) => e instanceof FormulaError && message.test(e.message), expr);

describe('hostile formulas', () => {
  it('refuses import, createUnit, evaluate, parse, simplify, derivative, compile, config', () => {
    for (const f of ['import({}, {})', 'createUnit("foo")', 'evaluate("1+1")', 'parse("1")', 'simplify("x+x")', 'derivative("x^2", "x")', 'compile("1")', 'config({number: "BigNumber"})']) {
      fails(f, /is disabled in Model Math formulas/);
    }
    // The lock-down holds afterwards too.
    assert.equal((evaluateFormula('1 + 1', new Map()) as { value: number }).value, 2);
  });

  it('does not reach the JavaScript constructor', () => {
    fails('cos.constructor("return process")()', /./);
    fails('[].map.constructor("return 1")', /./);
  });

  it('caps giant matrices and ranges with a message naming the limit', () => {
    fails('zeros(1e5, 1e5)', /would create 1.00e\+10 elements, more than the limit of 1,000,000/);
    fails('ones([1e4, 1e4])', /more than the limit/);
    fails('1:1e9', /the range 1:1000000000 has 1.00e\+9 elements/);
    fails('identity(1e6)', /more than the limit/);
  });

  it('stops runaway recursion', () => fails('f(x) = f(x) + 1; f(1)', /Recursion too deep/));

  it('evaluates a 200,000-term expression', () => {
    const r = evaluateFormula(Array(200_000).fill('1').join('+'), new Map());
    assert.equal(r.status === 'ok' && r.value, 200_000);
  });

  it('refuses deeply nested input with an error, not a crash', () => {
    fails(`${'('.repeat(100_000)}1${')'.repeat(100_000)}`, /Recursion too deep|nest/);
  });

  it('refuses over-long input', () => fails('1+'.repeat(600_000) + '1', /more than the limit of 1,000,000/));

  it('names unknown functions and syntax errors with their column', () => {
    fails('frobnicate(2)', /Unknown function 'frobnicate'/);
    fails('1 + * 2', /at column 5/);
  });
});
