// config.json as transformers writes it: Python's json module emits Infinity, -Infinity and NaN
// (e.g. "layer_norm_eps": Infinity is rare, but `float("inf")` defaults do appear), which
// JSON.parse rejects. This parser accepts them and reports errors with line and column.

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Line and column (both from 1) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 512;

/** JSON plus Python's Infinity / -Infinity / NaN. Throws JsonSyntaxError with line and column. */
export function parsePythonJson(text: string): unknown {
  // Fast path: most files are plain JSON.
  if (!/\b(?:Infinity|NaN)\b/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // fall through to the parser below for a located message
    }
  }
  let i = 0;
  const fail = (what: string, at = i): never => {
    const { line, column } = lineColumn(text, at);
    throw new JsonSyntaxError(what, line, column);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else return;
    }
  };
  const word = (w: string, v: unknown): unknown => {
    if (text.startsWith(w, i)) {
      i += w.length;
      return v;
    }
    return fail(`unexpected ${describe(text, i)}`);
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    let run = i;
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(run, i);
        i++;
        return out;
      }
      if (c < 32) fail('control character in a string (escape it as \\n, \\t …)');
      if (c === 92) {
        out += text.slice(run, i);
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('invalid escape in a string');
        run = i;
      } else i++;
    }
  };
  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nesting deeper than 512 levels');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a "key" but found ${describe(text, i)}`);
        const key = string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after "${key}" but found ${describe(text, i)}`);
        i++;
        const v = value(depth + 1);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' after the value of "${key}" but found ${describe(text, i)}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']' in a list but found ${describe(text, i)}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return word('true', true);
    if (c === 'f') return word('false', false);
    if (c === 'n') return word('null', null);
    if (c === 'N') return word('NaN', NaN);
    if (c === 'I') return word('Infinity', Infinity);
    if (c === '-' && text.startsWith('-Infinity', i)) return word('-Infinity', -Infinity);
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m && m[0] !== '-') {
      i += m[0].length;
      return Number(m[0]);
    }
    return fail(`unexpected ${describe(text, i)}`);
  };
  const v = value(0);
  ws();
  if (i < text.length) fail(`unexpected ${describe(text, i)} after the end of the JSON value`);
  return v;
}

function describe(text: string, i: number): string {
  if (i >= text.length) return 'end of file';
  const c = text[i] as string;
  return c === '\n' ? 'end of line' : `'${c}'`;
}
