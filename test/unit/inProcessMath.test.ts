// The CLI's evaluator on its own thread: the same locked-down engine as the worker, --let values,
// worksheets, and a time budget that stops a runaway formula without ending the process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FormulaError } from '../../src/core/math/errors';
import { evaluateInProcess, evaluateWorksheetInProcess, withTimeBudget } from '../../src/node/inProcessMath';

describe('in-process evaluation (CLI)', () => {
  it('evaluates with --let values bound in order', () => {
    const r = evaluateInProcess('\\frac{\\log_{512} n}{\\sqrt{d}}', {}, [['n', '4096'], ['d', '8^2']], 60_000);
    assert.equal(r.status === 'ok' && r.value, Math.log(4096) / Math.log(512) / 8);
    const bytes = evaluateInProcess('x to GiB', {}, [['x', '2 GiB / 4']], 60_000);
    assert.equal(bytes.status === 'ok' && bytes.text, '0.5 GiB');
  });

  it('names a --let value that itself needs a value', () => {
    assert.throws(() => evaluateInProcess('n + 1', {}, [['n', 'm * 2']], 60_000), (e: unknown) => e instanceof FormulaError && e.message === 'The value of n needs m');
  });

  it('keeps the lock-down: import, createUnit and evaluate are refused', () => {
    for (const f of ['import({x: 1}, {override: true})', 'createUnit("foo")', 'evaluate("1+1")']) {
      assert.throws(() => evaluateInProcess(f, {}, [], 60_000), (e: unknown) => e instanceof FormulaError && /is disabled in Model Math formulas/.test(e.message), f);
    }
  });

  it('stops a runaway formula at the time budget, then evaluates again', () => {
    evaluateInProcess('0', {}, [], 60_000); // the engine is built outside any budget
    const t = Date.now();
    assert.throws(() => evaluateInProcess('f(x) = x > 0 ? f(x - 1) + f(x - 1) : 1; f(60)', {}, [], 300), (e: unknown) => e instanceof FormulaError && /took longer than 300 ms and was stopped.*--timeout/.test(e.message));
    assert.ok(Date.now() - t < 5000, `stopped after ${Date.now() - t} ms`);
    const r = evaluateInProcess('1 + 1', {}, [], 60_000);
    assert.equal(r.status === 'ok' && r.value, 2);
  });

  it('stops a runaway worksheet too', () => {
    assert.throws(() => evaluateWorksheetInProcess('f(x) = x > 0 ? f(x - 1) + f(x - 1) : 1\nf(60)', {}, 300), (e: unknown) => e instanceof FormulaError && /took longer than 300 ms/.test(e.message));
    const lines = evaluateWorksheetInProcess('d = 128\n2 * d', {}, 60_000);
    assert.deepEqual(lines.map((l) => l.status === 'ok' && l.text), ['128', '256']);
  });

  it('turns errors of the budgeted code into FormulaErrors and passes results through', () => {
    assert.equal(withTimeBudget(1000, () => 42), 42);
    assert.throws(() => withTimeBudget(1000, () => { throw new RangeError('Maximum call stack size exceeded'); }), (e: unknown) => e instanceof FormulaError && /Recursion too deep/.test(e.message));
  });
});
