// Wrong equations in prose: every $…$ / $$…$$ / \(…\) / \[…\] / equation span of a Markdown or
// LaTeX document (or a Python comment or docstring) is evaluated top to bottom, with the
// document's earlier definitions (`$d = 128$`) and macros (\newcommand…) in scope; a relation
// between two evaluated sides that does not hold is reported at its span. Spans that cannot be
// evaluated (prose, free variables, operators with no value) are not reported: only a wrong
// equation is.
import { evaluateFormula, type EquationCheck, type Scope } from './evaluate';
import { collectMacros, type Macro } from './latex/macros';
import { mathSpans } from './mathSpans';
import { wrongEquationMessage } from './verdict';

export interface WrongEquation {
  /** Offsets of the whole span in the document. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly equation: EquationCheck;
}

/** Most spans checked in one document (a hover-sized budget per span keeps the total small). */
export const MAX_SPANS = 2000;
/** Longer spans are not checked (a derivation pasted whole is not a claim to verify). */
const MAX_SPAN_CHARACTERS = 4000;

export function wrongEquations(text: string): WrongEquation[] {
  const out: WrongEquation[] = [];
  const scope: Scope = new Map();
  let macros: Record<string, Macro> = {};
  let scanned = 0;
  const spans = mathSpans(text).slice(0, MAX_SPANS);
  for (const span of spans) {
    if (text.includes('\\', scanned)) macros = { ...macros, ...collectMacros(text.slice(scanned, span.start)) };
    scanned = span.end;
    if (span.content.length > MAX_SPAN_CHARACTERS) continue;
    if (!span.content.includes('=') && !/[<>≈≤≥≠]|\\(?:approx|le|leq|ge|geq|neq|ne|simeq|equiv|triangleq|coloneqq|leftarrow|gets)(?![A-Za-z])/.test(span.content)) {
      // No relation: nothing to check and nothing to bind.
      continue;
    }
    try {
      const r = evaluateFormula(span.content, scope, { latex: true, rebind: true, macros, describe: false });
      if (r.status !== 'ok' || !r.equations) continue;
      for (const eq of r.equations) {
        if (!eq.holds) out.push({ start: span.start, end: span.end, message: wrongEquationMessage(eq), equation: eq });
      }
    } catch {
      // Not evaluable (prose, unknown macros, free variables): nothing to report.
    }
  }
  return out;
}
