// Worksheets (.mmath): one statement a line, evaluated top to bottom with one shared scope, so a
// line sees the names defined above it. `#` starts a comment. Every line gets a result or an error
// with its column range; parsing and compilation are cached by line text, so re-evaluating after a
// keystroke costs little more than running the compiled lines.
import { FormulaError } from './errors';
import { evaluateFormula, type EquationCheck, type EvalOptions, type Scope } from './evaluate';

export interface WorksheetLine {
  readonly line: number;
  readonly status: 'ok' | 'needs-values' | 'error';
  /** Column range of the statement in the line (without the comment). */
  readonly start: number;
  readonly end: number;
  readonly text?: string;
  readonly fullText?: string;
  readonly unit?: string | null;
  readonly binding?: string;
  readonly normalized?: string;
  readonly tex?: string;
  /** A checked relation on the line (`2 * 3 = 7`): its verdict. */
  readonly equation?: EquationCheck;
  readonly message?: string;
  /** Error range within the line, when known. */
  readonly errorStart?: number;
  readonly errorEnd?: number;
}

export interface WorksheetResult {
  readonly lines: WorksheetLine[];
  /** Names bound by the sheet (for completions, and as values for Evaluate Selection). */
  readonly scope: Scope;
}

/** The statement part of a line: leading spaces and a trailing # comment removed. */
export function statementRange(lineText: string): { start: number; end: number } | undefined {
  let end = lineText.length;
  let inString = false;
  for (let i = 0; i < lineText.length; i++) {
    const c = lineText[i];
    if (c === '"') inString = !inString;
    else if (c === '#' && !inString) {
      end = i;
      break;
    }
  }
  const body = lineText.slice(0, end);
  const start = body.length - body.trimStart().length;
  const trimmedEnd = body.trimEnd().length;
  return trimmedEnd > start ? { start, end: trimmedEnd } : undefined;
}

/**
 * Evaluates every line. `name = …` always (re)binds here, as in a program; a relation between two
 * values (`2 * 3 = 7`, `x == 6`, `kv ≈ 1 GiB`) is checked and its verdict kept with the line.
 */
export function evaluateWorksheet(text: string, options: EvalOptions = {}, initialScope?: Scope): WorksheetResult {
  const scope: Scope = new Map(initialScope);
  options = { ...options, rebind: true };
  const lines: WorksheetLine[] = [];
  text.split(/\r?\n/).forEach((lineText, line) => {
    const range = statementRange(lineText);
    if (!range) return;
    const stmt = lineText.slice(range.start, range.end);
    try {
      const r = evaluateFormula(stmt, scope, options);
      if (r.status === 'ok') {
        lines.push({ line, status: 'ok', ...range, text: r.text, fullText: r.fullText, unit: r.unit, normalized: r.normalized, tex: r.tex, ...(r.binding ? { binding: r.binding } : {}), ...(r.equation ? { equation: r.equation } : {}) });
      } else {
        lines.push({ line, status: 'needs-values', ...range, normalized: r.normalized, tex: r.tex, message: `Needs a value for ${r.freeVariables.join(', ')}: define ${r.freeVariables.length > 1 ? 'them' : 'it'} on a line above (e.g. ${r.freeVariables[0]} = 64)` });
      }
    } catch (err) {
      const e = err instanceof FormulaError ? err : new FormulaError(err instanceof Error ? err.message : String(err));
      lines.push({
        line,
        status: 'error',
        ...range,
        message: e.message,
        ...(e.start !== undefined ? { errorStart: range.start + e.start, errorEnd: range.start + (e.end ?? e.start + 1) } : {}),
      });
    }
  });
  return { lines, scope };
}
