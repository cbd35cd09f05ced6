// Just enough of Python's lexical structure to find attention code: strings and comments masked
// (offsets kept), logical statements (bracketed and backslash-continued lines joined) and the
// functions they belong to. Not a parser: the checks built on it only look at a few shapes.

export interface Statement {
  /** Offsets into the original source. */
  readonly start: number;
  readonly end: number;
  /** The statement with strings and comments replaced by spaces (same length as the source span). */
  readonly code: string;
  readonly indent: number;
  /** Index of the enclosing `def` statement's function, or -1 at module/class level. */
  readonly fn: number;
}

export interface PythonFunction {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly statements: readonly Statement[];
  /** Parameter names. */
  readonly params: readonly string[];
}

export interface PythonSource {
  readonly text: string;
  /** Source with string literal contents and comments blanked (same length). */
  readonly masked: string;
  readonly statements: readonly Statement[];
  readonly functions: readonly PythonFunction[];
  /** Comments and docstrings, lower-cased, for intent markers (μP, T5-style init). */
  readonly commentText: string;
}

/** Blanks comments and string contents (quotes kept, so `"…"` stays a string-shaped token). */
export function maskPython(text: string): { masked: string; comments: string } {
  const out = text.split('');
  const comments: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i] as string;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? n : end;
      comments.push(text.slice(i, stop));
      for (let j = i; j < stop; j++) out[j] = ' ';
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < n) {
        if (text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) break;
        if (!triple && text[j] === '\n') break; // unterminated: stop at the line end
        j++;
      }
      const bodyEnd = Math.min(j, n);
      if (triple) comments.push(text.slice(i + 3, bodyEnd));
      for (let k = i + quote.length; k < bodyEnd; k++) if (out[k] !== '\n') out[k] = ' ';
      i = Math.min(n, bodyEnd + quote.length);
      continue;
    }
    i++;
  }
  return { masked: out.join(''), comments: comments.join('\n').toLowerCase() };
}

export function readPython(text: string): PythonSource {
  const { masked, comments } = maskPython(text);
  const raw: { start: number; end: number; indent: number }[] = [];
  let depth = 0;
  let start = -1;
  let indent = 0;
  let lineStart = 0;
  for (let i = 0; i <= masked.length; i++) {
    const c = i < masked.length ? masked[i] : '\n';
    if (start === -1) {
      if (c === '\n') {
        lineStart = i + 1;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      start = i;
      indent = i - lineStart;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      raw.push({ start, end: i, indent });
      start = -1;
    } else if (c === '\n') {
      const continued = depth > 0 || /\\\s*$/.test(masked.slice(Math.max(start, i - 3), i));
      if (!continued) {
        raw.push({ start, end: i, indent });
        start = -1;
      }
      lineStart = i + 1;
    }
  }
  const functions: { name: string; start: number; end: number; indent: number; params: string[]; statements: Statement[] }[] = [];
  const stack: number[] = [];
  const statements: Statement[] = [];
  for (const r of raw) {
    const code = masked.slice(r.start, r.end);
    if (code.trim() === '') continue;
    while (stack.length && r.indent <= (functions[stack[stack.length - 1] as number] as { indent: number }).indent) stack.pop();
    const def = /^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([\s\S]*)\)\s*(?:->[\s\S]*)?:/.exec(code);
    const fn = stack.length ? (stack[stack.length - 1] as number) : -1;
    const st: Statement = { start: r.start, end: r.end, code, indent: r.indent, fn };
    statements.push(st);
    if (fn >= 0) (functions[fn] as { statements: Statement[] }).statements.push(st);
    if (def) {
      const params = splitTopLevel(def[2] ?? '', ',')
        .map((p) => /^\s*\**([A-Za-z_]\w*)/.exec(p)?.[1])
        .filter((p): p is string => !!p);
      functions.push({ name: def[1] as string, start: r.start, end: r.end, indent: r.indent, params, statements: [] });
      stack.push(functions.length - 1);
    }
  }
  for (const f of functions) f.end = f.statements.length ? (f.statements[f.statements.length - 1] as Statement).end : f.end;
  return { text, masked, statements, functions, commentText: comments };
}

/** Splits on a separator outside brackets. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(last, i));
      last = i + sep.length;
    }
  }
  parts.push(text.slice(last));
  return parts;
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** `target = value`, `target op= value` (single simple target), or undefined. */
export function assignment(code: string): { target: string; op: string; value: string; valueOffset: number } | undefined {
  const m = /^\s*((?:self\.)?[A-Za-z_]\w*)\s*(\*\*=|\/\/=|[-+*/@]?=)(?!=)/.exec(code);
  if (!m) return undefined;
  return { target: m[1] as string, op: m[2] as string, value: code.slice(m[0].length), valueOffset: m[0].length };
}
