// \newcommand, \renewcommand, \providecommand, \def and \DeclareMathOperator found in a Markdown or
// LaTeX document, so formulas further down read with the author's own macros. Collected by a small
// scanner (balanced braces), expanded on tokens by the translator with a depth and size limit.
import { FormulaError } from '../errors';

export interface Macro {
  /** Number of arguments (#1 … #9). */
  readonly params: number;
  /** Default of an optional first argument (\newcommand{\x}[2][def]{…}). */
  readonly optional?: string;
  readonly body: string;
}

export type Macros = Readonly<Record<string, Macro>>;

/** Matching close brace for the '{' at `open`; -1 when unbalanced. */
function closeBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

const DEFINERS = /\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)(\*?)/g;

/** Macros defined in `text`, later definitions replacing earlier ones (\providecommand does not replace). */
export function collectMacros(text: string): Record<string, Macro> {
  const macros: Record<string, Macro> = {};
  if (!text.includes('\\')) return macros;
  DEFINERS.lastIndex = 0;
  for (let m = DEFINERS.exec(text); m; m = DEFINERS.exec(text)) {
    const kind = m[1] as string;
    let i = m.index + m[0].length;
    const skip = () => {
      while (i < text.length && /\s/.test(text[i] as string)) i++;
    };
    skip();
    // The macro name: {\name} or \name.
    let name: string | undefined;
    if (text[i] === '{') {
      const close = closeBrace(text, i);
      if (close < 0) continue;
      name = /^\s*\\([A-Za-z]+)\s*$/.exec(text.slice(i + 1, close))?.[1];
      i = close + 1;
    } else {
      const n = /^\\([A-Za-z]+)/.exec(text.slice(i));
      name = n?.[1];
      if (n) i += n[0].length;
    }
    if (!name) continue;
    let params = 0;
    let optional: string | undefined;
    if (kind === 'def') {
      const p = /^(#[1-9])+/.exec(text.slice(i));
      if (p) {
        params = p[0].length / 2;
        i += p[0].length;
      }
    } else if (kind !== 'DeclareMathOperator') {
      skip();
      const n = /^\[\s*([1-9])\s*\]/.exec(text.slice(i));
      if (n) {
        params = Number(n[1]);
        i += n[0].length;
        skip();
        const o = /^\[([^\]]*)\]/.exec(text.slice(i));
        if (o) {
          optional = o[1] as string;
          i += o[0].length;
        }
      }
    }
    skip();
    if (text[i] !== '{') continue;
    const close = closeBrace(text, i);
    if (close < 0) continue;
    const raw = text.slice(i + 1, close);
    if (kind === 'providecommand' && name in macros) continue;
    const body = kind === 'DeclareMathOperator' ? `\\operatorname{${raw.trim()}}` : raw;
    macros[name] = { params, body, ...(optional !== undefined ? { optional } : {}) };
    DEFINERS.lastIndex = close + 1;
  }
  return macros;
}

/** Most expansions in one formula: a recursive \def stops here with a clear error. */
export const MAX_EXPANSIONS = 2000;

export function expansionError(name: string, start: number, end: number): FormulaError {
  return new FormulaError(`The macro '\\${name}' expands without end (it uses itself); check its \\newcommand or \\def`, start, end);
}
