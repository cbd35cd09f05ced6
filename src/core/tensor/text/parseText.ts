// Text → tensor: JSON arrays, Python lists (nan/inf), numpy/torch/JAX/TensorFlow reprs (with "..."
// summarisation), CSV/TSV/whitespace matrices and MATLAB-style [1 2; 3 4], detected automatically.
// Errors say what and where (line, column). Pure JSON takes JSON.parse's fast path.
import { dtypeFromName, type Dtype } from '../dtypes';
import { scanNestedList, WORDS } from './scanList';

export const TEXT_FORMATS = ['json', 'python', 'numpy', 'torch', 'jax', 'tensorflow', 'csv', 'tsv', 'whitespace', 'matlab'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export interface ParsedTensor {
  readonly values: Float64Array;
  readonly shape: number[];
  readonly dtype: Dtype;
  /** The repr was summarised with "...": the values are the shown ones only. */
  readonly truncated: boolean;
  readonly format: TextFormat;
}

export class TensorParseError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TensorParseError';
  }
}

export interface ParseLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

const DEFAULT_LIMITS: ParseLimits = { maxDepth: 32, maxElements: 100_000_000 };

function where(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

function fail(text: string, offset: number, message: string): never {
  const { line, column } = where(text, offset);
  throw new TensorParseError(`${message} (line ${line}, column ${column})`, offset, line, column);
}

/** A growable Float64Array. */
class Values {
  buf = new Float64Array(1024);
  length = 0;
  constructor(private readonly max: number) {}
  push(x: number, text: string, offset: number): void {
    if (this.length === this.buf.length) {
      if (this.length >= this.max) fail(text, offset, `more than ${this.max.toLocaleString('en-US')} values: the text tensor limit (setting modelmath.tensors.maxTextElements)`);
      const next = new Float64Array(Math.min(this.max, this.buf.length * 2));
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
  }
  done(): Float64Array {
    return this.buf.length === this.length ? this.buf : this.buf.slice(0, this.length);
  }
}

function isNumberChar(c: number): boolean {
  // 0-9 . + - e E
  return (c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69;
}
function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** One number or word at `i`; returns [value, end, wasBool]. */
function readScalar(text: string, i: number): [number, number, boolean] {
  const start = i;
  let c = text.charCodeAt(i);
  let sign = 1;
  if (c === 45 || c === 43) {
    if (c === 45) sign = -1;
    i++;
    c = text.charCodeAt(i);
  }
  if (isWordChar(c) && c !== 101 && c !== 69) {
    let j = i;
    while (j < text.length && (isWordChar(text.charCodeAt(j)) || (text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57))) j++;
    const word = text.slice(i, j);
    if (word in WORDS) return [sign * (WORDS[word] as number), j, word === 'True' || word === 'False' || word === 'true' || word === 'false'];
    if (text.charCodeAt(j) === 106 || word === 'j') fail(text, start, 'complex values are not supported');
    fail(text, start, `unexpected '${word}': expected a number, nan or inf`);
  }
  let j = i;
  while (j < text.length && isNumberChar(text.charCodeAt(j))) {
    const d = text.charCodeAt(j);
    // a sign is part of a number only right after an exponent marker
    if ((d === 43 || d === 45) && !(j > i && (text.charCodeAt(j - 1) === 101 || text.charCodeAt(j - 1) === 69))) break;
    j++;
  }
  if (j === i) fail(text, start, `unexpected '${text.slice(start, start + 12).split(/\s/)[0] || text[start]}': expected a number`);
  if (text.charCodeAt(j) === 106) fail(text, start, 'complex values are not supported');
  const v = Number(text.slice(i, j));
  if (Number.isNaN(v)) fail(text, start, `'${text.slice(start, j)}' is not a number`);
  return [sign * v, j, false];
}

/**
 * Nested brackets starting at `start` ('[' expected): numbers separated by commas or whitespace,
 * '...' marking summarised parts, and ';' separating MATLAB rows. Returns the end offset.
 */
function readBrackets(text: string, start: number, out: Values, limits: ParseLimits): { end: number; shape: number[]; truncated: boolean; bools: boolean; ints: boolean } {
  const shape: number[] = [];
  const counts: number[] = [];
  const kinds: ('number' | 'list' | undefined)[] = [];
  let depth = 0;
  let truncated = false;
  let bools = true;
  let ints = true;
  let any = false;
  let matlab = false;
  let matlabRow = 0;
  let matlabCols = -1;
  let i = start;
  const n = text.length;
  const closeLevel = (at: number) => {
    const k = depth - 1;
    const count = counts[k] as number;
    if (shape[k] === undefined) shape[k] = count;
    else if (shape[k] !== count && !truncated) fail(text, at, `ragged: this list has ${count} element${count === 1 ? '' : 's'} where the first list at depth ${k + 1} had ${shape[k]}`);
    depth--;
    if (depth > 0) counts[depth - 1] = (counts[depth - 1] as number) + 1;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 91) {
      // [
      if (depth > 0) {
        if (kinds[depth - 1] === 'number') fail(text, i, 'ragged: a list where the other elements at this depth are numbers');
        kinds[depth - 1] = 'list';
      }
      depth++;
      if (depth > limits.maxDepth) fail(text, i, `nested deeper than ${limits.maxDepth} levels`);
      counts[depth - 1] = 0;
      i++;
      continue;
    }
    if (c === 93) {
      // ]
      if (depth === 0) fail(text, i, "unmatched ']'");
      if (matlab && depth === 1) {
        const cols = counts[0] as number;
        if (cols > 0 || matlabRow > 0) {
          if (matlabCols >= 0 && cols !== matlabCols) fail(text, i, `ragged: row ${matlabRow + 1} has ${cols} value${cols === 1 ? "" : "s"} where row 1 had ${matlabCols}`);
          matlabRow++;
        }
        i++;
        return { end: i, shape: matlabRow > 1 || matlabCols >= 0 ? [matlabRow, matlabCols >= 0 ? matlabCols : cols] : [cols], truncated, bools: bools && any, ints };
      }
      closeLevel(i);
      i++;
      if (depth === 0) return { end: i, shape, truncated, bools: bools && any, ints };
      continue;
    }
    if (c === 59) {
      // ; MATLAB row separator (only in a flat [..] list)
      if (depth !== 1) fail(text, i, "';' separates rows only in a flat MATLAB-style matrix like [1 2; 3 4]");
      matlab = true;
      const cols = counts[0] as number;
      if (matlabCols === -1) matlabCols = cols;
      else if (cols !== matlabCols) fail(text, i, `ragged: row ${matlabRow + 1} has ${cols} value${cols === 1 ? "" : "s"} where row 1 had ${matlabCols}`);
      matlabRow++;
      counts[0] = 0;
      i++;
      continue;
    }
    if (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === 46 && text.startsWith('...', i)) {
      truncated = true;
      i += 3;
      continue;
    }
    if (depth === 0) fail(text, i, 'expected [');
    if (kinds[depth - 1] === 'list') fail(text, i, 'ragged: a number where the other elements at this depth are lists');
    kinds[depth - 1] = 'number';
    const [v, end, isBool] = readScalar(text, i);
    if (!isBool) bools = false;
    if (ints && (!Number.isInteger(v) || /[.eE]/.test(text.slice(i, end)))) ints = false;
    any = true;
    out.push(v, text, i);
    counts[depth - 1] = (counts[depth - 1] as number) + 1;
    if (out.length > limits.maxElements) fail(text, i, `more than ${limits.maxElements.toLocaleString('en-US')} values`);
    i = end;
  }
  fail(text, n, depth > 0 ? `missing ']' (${depth} bracket${depth === 1 ? '' : 's'} still open)` : 'expected [');
}

/** JSON.parse fast path: nested arrays of numbers only. */
function fromJson(data: unknown, maxDepth: number): { values: Float64Array; shape: number[] } | undefined {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
    if (shape.length > maxDepth) throw new TensorParseError(`nested deeper than ${maxDepth} levels`);
  }
  if (shape.length === 0) return typeof data === 'number' ? { values: Float64Array.of(data), shape: [] } : undefined;
  const count = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(count);
  let k = 0;
  const leaf = shape.length - 1;
  const walk = (x: unknown, depth: number): boolean => {
    if (!Array.isArray(x) || x.length !== shape[depth]) return false;
    if (depth === leaf) {
      // The innermost lists hold the numbers: one tight loop, no call per element.
      for (let i = 0; i < x.length; i++) {
        const v: unknown = x[i];
        if (typeof v !== 'number') return false;
        values[k++] = v;
      }
      return true;
    }
    for (const y of x) if (!walk(y, depth + 1)) return false;
    return true;
  };
  return walk(data, 0) ? { values, shape } : undefined;
}

function kwargDtype(tail: string): Dtype | undefined {
  const m = /dtype\s*=\s*([\w.]+)/.exec(tail);
  if (!m) return undefined;
  const d = dtypeFromName(m[1] as string);
  if (!d) throw new TensorParseError(`unknown dtype '${m[1]}' (known: float64, float32, float16, bfloat16, float8_e4m3fn, float8_e5m2, int64…uint8, bool)`);
  return d;
}

function defaultDtype(format: TextFormat, ints: boolean, bools: boolean): Dtype {
  if (bools) return 'bool';
  // A repr omits its library's default dtype: numpy float64/int64, torch and JAX float32/int64.
  if (format === 'torch' || format === 'jax') return ints ? 'int64' : 'float32';
  if (format === 'numpy' || format === 'tensorflow') return ints ? 'int64' : 'float64';
  return 'float64';
}

/** `array(` / `tensor(` / `Array(` …: the bracketed (or scalar) body and the keyword arguments after it. */
function readCall(text: string, open: number, format: TextFormat, limits: ParseLimits): ParsedTensor {
  let i = open + 1;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  const out = new Values(limits.maxElements);
  let shape: number[];
  let truncated = false;
  let ints = true;
  let bools = false;
  let end: number;
  if (text[i] === '[') {
    const r = readBrackets(text, i, out, limits);
    ({ shape, truncated, ints, bools } = r);
    end = r.end;
  } else {
    const [v, e, isBool] = readScalar(text, i);
    out.push(v, text, i);
    shape = [];
    ints = Number.isInteger(v) && !/[.eE]/.test(text.slice(i, e));
    bools = isBool;
    end = e;
  }
  const tail = text.slice(end, text.indexOf(')', end) === -1 ? text.length : text.lastIndexOf(')') + 1);
  const dtype = kwargDtype(tail) ?? defaultDtype(format, ints, bools);
  return { values: out.done(), shape, dtype, truncated, format };
}

function delimited(text: string, limits: ParseLimits): ParsedTensor {
  const lines = text.split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const format: TextFormat = first.includes(',') ? 'csv' : first.includes('\t') ? 'tsv' : 'whitespace';
  const split = format === 'csv' ? /\s*,\s*/ : format === 'tsv' ? /\t/ : /\s+/;
  const out = new Values(limits.maxElements);
  let cols = -1;
  let rows = 0;
  let offset = 0;
  let header = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li] as string;
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) {
      const cells = trimmed.split(split);
      if (rows === 0 && !header && cells.some((c) => c !== '' && Number.isNaN(Number(c)) && !(c.replace(/^[-+]/, '') in WORDS))) {
        header = true; // a header row of names
      } else {
        if (cols === -1) cols = cells.length;
        else if (cells.length !== cols) throw new TensorParseError(`ragged: line ${li + 1} has ${cells.length} value${cells.length === 1 ? "" : "s"} where the first row had ${cols} (line ${li + 1}, column 1)`, offset, li + 1, 1);
        let col = offset + line.indexOf(trimmed);
        for (const cell of cells) {
          const [v, end] = readScalar(cell, 0);
          if (end !== cell.length) fail(text, col + end, `unexpected '${cell.slice(end)}' after a number`);
          out.push(v, text, col);
          col += cell.length + 1;
        }
        rows++;
      }
    }
    offset += line.length + 1;
  }
  if (rows === 0) throw new TensorParseError('no numbers found: select a tensor (a list, an array/tensor repr, or rows of numbers)');
  return { values: out.done(), shape: rows === 1 ? [cols] : [rows, cols], dtype: 'float64', truncated: false, format };
}

/** Leading comment lines, REPL prompts (">>> x", "Out[3]:") and "name = " before the tensor. */
function stripPreamble(input: string): string {
  let text = input.trim();
  for (;;) {
    const before = text;
    text = text.replace(/^#[^\n]*\n?/, '').replace(/^(?:>>>|\.\.\.)\s[^\n]*\n/, '').replace(/^(?:Out|In)\s*\[\d+\]\s*:\s*/, '').replace(/^[A-Za-z_]\w*\s*=\s*(?=[[<(a-zA-Z])/, '').trim();
    if (text === before) return text;
  }
}

/** Parses a tensor written as text; `format` 'auto' detects it. */
export function parseTensorText(input: string, format: TextFormat | 'auto' = 'auto', limits: Partial<ParseLimits> = {}): ParsedTensor {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const text = stripPreamble(input);
  if (text === '') throw new TensorParseError('the selection is empty: select a tensor (a list, an array/tensor repr, or rows of numbers)');
  const tf = /^<tf\.Tensor:/.exec(text);
  if ((format === 'auto' && tf) || format === 'tensorflow') {
    const header = text.slice(0, text.indexOf('numpy='));
    const at = text.indexOf('numpy=');
    if (at === -1) throw new TensorParseError("a TensorFlow repr without 'numpy=' (print the tensor eagerly to see its values)");
    const body = text.slice(at + 6).replace(/>\s*$/, '');
    const inner = /^array\(/.test(body) ? readCall(body, body.indexOf('('), 'tensorflow', lim) : parseTensorText(body, 'auto', lim);
    const dtype = kwargDtype(header) ?? inner.dtype;
    return { ...inner, dtype, format: 'tensorflow' };
  }
  const call = /^(array|tensor|Array|DeviceArray|ArrayImpl)\s*\(/.exec(text);
  if (call && (format === 'auto' || format === 'numpy' || format === 'torch' || format === 'jax')) {
    const kind: TextFormat = call[1] === 'array' ? 'numpy' : call[1] === 'tensor' ? 'torch' : 'jax';
    return readCall(text, call[0].length - 1, format === 'auto' ? kind : format, lim);
  }
  if (text.startsWith('[') && (format === 'auto' || format === 'json' || format === 'python' || format === 'numpy' || format === 'matlab')) {
    if (format === 'auto' || format === 'json' || format === 'python') {
      const fast = scanNestedList(text, lim.maxDepth, lim.maxElements);
      if (fast) return { values: fast.values, shape: fast.shape, dtype: fast.bools ? 'bool' : 'float64', truncated: false, format: format === 'auto' ? (fast.python ? 'python' : 'json') : format };
    }
    if (format === 'auto' || format === 'json') {
      let data: unknown;
      let json = true;
      try {
        data = JSON.parse(text);
      } catch {
        json = false; // not JSON: the scanner below explains where
      }
      const fast = json ? fromJson(data, lim.maxDepth) : undefined;
      if (fast) {
        if (fast.values.length > lim.maxElements) throw new TensorParseError(`more than ${lim.maxElements.toLocaleString('en-US')} values: the text tensor limit (setting modelmath.tensors.maxTextElements)`);
        return { ...fast, dtype: 'float64', truncated: false, format: 'json' };
      }
    }
    const out = new Values(lim.maxElements);
    const r = readBrackets(text, 0, out, lim);
    if (text.slice(r.end).trim() !== '') fail(text, r.end + (text.slice(r.end).length - text.slice(r.end).trimStart().length), 'unexpected text after the closing bracket');
    const detected: TextFormat = text.includes(';') ? 'matlab' : /nan|inf|True|False/.test(text) || !text.includes(',') ? 'python' : 'json';
    return { values: out.done(), shape: r.shape, dtype: r.bools ? 'bool' : 'float64', truncated: r.truncated, format: format === 'auto' ? detected : format };
  }
  if (format === 'auto' || format === 'csv' || format === 'tsv' || format === 'whitespace') {
    if (/^[-+]?[\w.]+(?:[eE][-+]?\d+)?$/.test(text) && format === 'auto') {
      const [v, end] = readScalar(text, 0);
      if (end === text.length) return { values: Float64Array.of(v), shape: [], dtype: 'float64', truncated: false, format: 'whitespace' };
    }
    return delimited(input, lim);
  }
  throw new TensorParseError(`the text does not look like ${format} (a ${format === 'json' || format === 'python' || format === 'matlab' ? 'bracketed list' : `${format} repr`} was expected)`);
}
