// What an evaluation request does, shared by the evaluation worker (editor) and the CLI, which
// evaluates in its own thread (inProcessMath.ts): --let values bound in order, then the formula.
import { FormulaError } from '../core/math/errors';
import { evaluateFormula, type EvalOptions, type EvalResult, type Scope } from '../core/math/evaluate';

/** Evaluates `text` after binding each `lets` value (a formula) into a copy of `base`. */
export function evaluateWithLets(text: string, options: EvalOptions, lets: readonly (readonly [string, string])[], base?: Scope): EvalResult {
  const scope: Scope = new Map(base);
  for (const [name, value] of lets) {
    const r = evaluateFormula(value, scope, options);
    if (r.status !== 'ok') throw new FormulaError(`The value of ${name} needs ${r.freeVariables.join(', ')}`);
    scope.set(name, evaluateValue(value, scope));
  }
  return evaluateFormula(text, scope, options);
}

/** The raw value of a formula (numbers, units…), for binding --let values into the scope. */
function evaluateValue(text: string, scope: Scope): unknown {
  const probe: Scope = new Map(scope);
  evaluateFormula(`__value__ = (${text})`, probe, { latex: false });
  return probe.get('__value__');
}

/** Why a formula was stopped at its time budget, and how to give it more. */
export function timeBudgetMessage(timeoutMs: number): string {
  return `The formula took longer than ${timeoutMs} ms and was stopped (raise the limit with the setting modelmath.formulas.timeoutMs or the CLI option --timeout)`;
}
