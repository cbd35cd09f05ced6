// Formula evaluation on the calling thread, for the CLI: a one-shot process has no editor to keep
// responsive, and starting the evaluation worker (a second isolate loading mathjs) cost about a
// bundle's start-up per `modelmath eval` (decision 0016). The time budget is V8's own watchdog:
// vm's `timeout` interrupts the running script, even a synchronous mathjs loop, and the process
// carries on. The engine is the same locked-down one the worker uses.
import { Script } from 'node:vm';
import { DEFAULT_LIMITS, getEngine, type Limits } from '../core/math/engine';
import { FormulaError } from '../core/math/errors';
import { toFormulaError, type EvalOptions, type EvalResult } from '../core/math/evaluate';
import { evaluateWorksheet, type WorksheetLine } from '../core/math/worksheet';
import { evaluateWithLets, timeBudgetMessage } from './mathRequests';

const BUDGETED = '__modelmathBudgeted';
let call: Script | undefined;

/**
 * Runs `f` with at most `timeoutMs` of time: past it V8 stops `f` wherever it is and the caller
 * gets a FormulaError that names the limit. Errors of `f` become FormulaErrors as in the worker.
 */
export function withTimeBudget<T>(timeoutMs: number, f: () => T): T {
  const g = globalThis as Record<string, unknown>;
  call ??= new Script(`globalThis.${BUDGETED}()`, { filename: 'modelmath-formula' });
  g[BUDGETED] = f;
  try {
    return call.runInThisContext({ timeout: timeoutMs }) as T;
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new FormulaError(timeBudgetMessage(timeoutMs));
    throw toFormulaError(err);
  } finally {
    delete g[BUDGETED];
  }
}

/** The engine, built before any budget starts (its start-up never counts against a formula). */
function engineWith(limits: Limits): void {
  getEngine().limits = limits;
}

export function evaluateInProcess(text: string, options: EvalOptions, lets: readonly (readonly [string, string])[], timeoutMs: number, limits: Limits = DEFAULT_LIMITS): EvalResult {
  engineWith(limits);
  return withTimeBudget(timeoutMs, () => evaluateWithLets(text, options, lets));
}

export function evaluateWorksheetInProcess(text: string, options: EvalOptions, timeoutMs: number, limits: Limits = DEFAULT_LIMITS): readonly WorksheetLine[] {
  engineWith(limits);
  return withTimeBudget(timeoutMs, () => evaluateWorksheet(text, options).lines);
}
