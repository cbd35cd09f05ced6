// Runs the paper-formula corpus (test/fixtures/formulas/paper-corpus.json, values computed by
// scripts/paper-formulas.py with Python's math module) through the one core evaluator, and says
// for each case whether Model Math got the independent value, gave a clear error naming the
// construct, or failed. Used by the unit test and by `npx tsx test/support/printFormulaCorpus.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateFormula, type Scope } from '../../src/core/math/evaluate';

export interface PaperCase {
  readonly id: string;
  readonly source: string;
  readonly tex: string;
  readonly vars: Record<string, number>;
  readonly expected: number | true | null;
  readonly then?: string;
  readonly error?: string;
}

export interface EquationCase {
  readonly text: string;
  readonly vars: Record<string, number>;
  readonly lhs: number;
  readonly rhs: number;
  readonly holds: boolean;
  readonly relation: string;
  readonly latex: boolean;
}

export interface Corpus {
  readonly cases: readonly PaperCase[];
  readonly equations: readonly EquationCase[];
}

export function loadCorpus(): Corpus {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'formulas', 'paper-corpus.json'), 'utf8')) as Corpus;
}

export type Outcome = { readonly id: string; readonly verdict: 'value' | 'clear-error' | 'wrong'; readonly detail: string };

const RELATIVE = 1e-9;

export function runCase(c: PaperCase): Outcome {
  const scope: Scope = new Map(Object.entries(c.vars));
  try {
    let r = evaluateFormula(c.tex, scope, { latex: true });
    if (r.status === 'ok' && c.then !== undefined) r = evaluateFormula(c.then, scope, { latex: false });
    if (r.status !== 'ok') return { id: c.id, verdict: 'wrong', detail: `needs values for ${r.freeVariables.join(', ')}` };
    if (c.expected === null) return { id: c.id, verdict: 'wrong', detail: `evaluated to ${r.text}; expected an error naming ${c.error ?? '?'}` };
    if (c.expected === true) {
      const eq = (r as { equation?: { holds: boolean } }).equation;
      return eq?.holds === true ? { id: c.id, verdict: 'value', detail: 'holds' } : { id: c.id, verdict: 'wrong', detail: eq ? 'does not hold' : `not checked (value ${r.text})` };
    }
    const v = r.value;
    if (typeof v !== 'number') return { id: c.id, verdict: 'wrong', detail: `value ${r.text}, expected ${c.expected}` };
    const ok = Math.abs(v - c.expected) <= RELATIVE * Math.max(Math.abs(c.expected), 1e-300);
    return { id: c.id, verdict: ok ? 'value' : 'wrong', detail: ok ? String(v) : `${v} ≠ ${c.expected}` };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (c.error !== undefined && message.includes(c.error)) return { id: c.id, verdict: 'clear-error', detail: message };
    return { id: c.id, verdict: 'wrong', detail: `error: ${message}` };
  }
}

export interface EquationOutcome {
  readonly text: string;
  readonly ok: boolean;
  readonly detail: string;
}

export function runEquation(e: EquationCase): EquationOutcome {
  try {
    const r = evaluateFormula(e.text, new Map(Object.entries(e.vars)), { latex: e.latex });
    if (r.status !== 'ok') return { text: e.text, ok: false, detail: `needs values for ${r.freeVariables.join(', ')}` };
    const eq = (r as { equation?: { holds: boolean } }).equation;
    if (!eq) return { text: e.text, ok: false, detail: `not checked (value ${r.text})` };
    return { text: e.text, ok: eq.holds === e.holds, detail: eq.holds ? 'holds' : 'does not hold' };
  } catch (err) {
    return { text: e.text, ok: false, detail: `error: ${err instanceof Error ? err.message : String(err)}` };
  }
}
