// The fast path for JSON arrays and Python lists: numbers (and nan / inf / True / False) in nested
// brackets, scanned by character code straight into a Float64Array: no substrings, no
// intermediate JS arrays, numbers converted exactly without the engine where decimal.ts can
// (almost always), with Number() on the number's text otherwise. undefined as soon as anything
// else appears ('...', ';', a stray character, a ragged list, too many values): the full parser
// then parses it or explains exactly what and where.
import { decimalToDouble } from './decimal';

export const WORDS: Readonly<Record<string, number>> = { nan: NaN, NaN: NaN, NAN: NaN, inf: Infinity, Inf: Infinity, INF: Infinity, infinity: Infinity, Infinity: Infinity, True: 1, False: 0, true: 1, false: 0 };
const BOOL_WORDS: ReadonlySet<string> = new Set(['True', 'False', 'true', 'false']);

export interface ScannedList {
  readonly values: Float64Array;
  readonly shape: number[];
  /** Python spellings (nan, inf, True, False) or no commas at all. */
  readonly python: boolean;
  /** Every value was True/False (true/false). */
  readonly bools: boolean;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isValueChar(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetter(c) || c === 46 || c === 45 || c === 43;
}

/** How many values the text holds, extrapolated from its first 64 Ki characters, with 10% to spare. */
function estimateCount(text: string): number {
  const n = text.length;
  const m = Math.min(n, 65536);
  let ends = 0;
  let inValue = false;
  for (let i = 0; i < m; i++) {
    const value = isValueChar(text.charCodeAt(i));
    if (inValue && !value) ends++;
    inValue = value;
  }
  return Math.ceil(((ends + 1) * n) / Math.max(1, m) * 1.1) + 16;
}

/** A bigger buffer: the count so far extrapolated over the whole text, with room to spare. */
function grow(buf: Float64Array, read: number, total: number, max: number): Float64Array<ArrayBuffer> {
  const guess = Math.ceil(((buf.length / Math.max(1, read)) * total) * 1.1) + 1024;
  const next = new Float64Array(Math.min(max, Math.max(guess, Math.ceil(buf.length * 1.25))));
  next.set(buf);
  return next;
}

export function scanNestedList(text: string, maxDepth: number, maxElements: number): ScannedList | undefined {
  const n = text.length;
  // Sized from the values in the first 64 Ki characters (exact for shorter texts), grown by
  // extrapolation when the rest is denser: no copy for evenly written text.
  let buf = new Float64Array(Math.min(maxElements, estimateCount(text)));
  let k = 0;
  const shape: number[] = [];
  const counts: number[] = [];
  // Per depth: 0 nothing yet, 1 numbers, 2 lists.
  const kinds: number[] = [];
  let depth = 0;
  let words = false;
  let commas = false;
  let boolCount = 0;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c === 44) {
      commas = true;
      i++;
      continue;
    }
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
      continue;
    }
    if (c === 91) {
      if (depth > 0) {
        if (kinds[depth - 1] === 1) return undefined;
        kinds[depth - 1] = 2;
      }
      if (++depth > maxDepth) return undefined;
      counts[depth - 1] = 0;
      kinds[depth - 1] = 0;
      i++;
      continue;
    }
    if (c === 93) {
      if (depth === 0) return undefined;
      const d = depth - 1;
      if (shape[d] === undefined) shape[d] = counts[d] as number;
      else if (shape[d] !== counts[d]) return undefined;
      depth--;
      i++;
      if (depth === 0) break;
      counts[depth - 1] = (counts[depth - 1] as number) + 1;
      continue;
    }
    if (depth === 0 || kinds[depth - 1] === 2) return undefined;
    kinds[depth - 1] = 1;
    // A run of values in one innermost list, up to its ']' (or anything else): the hot loop.
    let count = counts[depth - 1] as number;
    for (;;) {
      let j = i;
      const negative = c === 45;
      if (c === 45 || c === 43) c = text.charCodeAt(++j);
      let v: number;
      if ((c >= 48 && c <= 57) || c === 46) {
        // digits [. digits] [e [sign] digits]: the first 15 or 16 significant digits in `head` (exact: it
        // stays below 9·10^15 < 2^53), the rest in `tail`.
        const from = j;
        let head = 0;
        let tail = 0;
        let tailDigits = 0;
        let scale = 0;
        while (c >= 48 && c <= 57 && head < 9e14) {
          head = head * 10 + (c - 48);
          c = text.charCodeAt(++j);
        }
        while (c >= 48 && c <= 57) {
          tail = tail * 10 + (c - 48);
          tailDigits++;
          c = text.charCodeAt(++j);
        }
        let digits = j - from;
        if (c === 46) {
          const f0 = ++j;
          c = text.charCodeAt(j);
          if (tailDigits === 0) {
            while (c >= 48 && c <= 57 && head < 9e14) {
              head = head * 10 + (c - 48);
              c = text.charCodeAt(++j);
            }
          }
          while (c >= 48 && c <= 57) {
            tail = tail * 10 + (c - 48);
            tailDigits++;
            c = text.charCodeAt(++j);
          }
          scale = f0 - j;
          digits += j - f0;
        }
        if (digits === 0) return undefined; // nothing numeric ('.', '...', '-.')
        if (c === 101 || c === 69) {
          c = text.charCodeAt(++j);
          const expNegative = c === 45;
          if (c === 45 || c === 43) c = text.charCodeAt(++j);
          let e = 0;
          const e0 = j;
          while (c >= 48 && c <= 57) {
            if (e < 1e6) e = e * 10 + (c - 48);
            c = text.charCodeAt(++j);
          }
          if (j === e0) return undefined;
          scale += expNegative ? -e : e;
        }
        v = decimalToDouble(head, tail, tailDigits, scale);
        if (v !== v) {
          v = +text.slice(from, j);
          if (v !== v) return undefined;
        }
        if (negative) v = -v;
      } else if (isLetter(c)) {
        const w0 = j;
        while (isLetter(c)) c = text.charCodeAt(++j);
        const word = text.slice(w0, j);
        const w = Object.hasOwn(WORDS, word) ? WORDS[word] : undefined;
        if (w === undefined) return undefined;
        if (BOOL_WORDS.has(word)) {
          boolCount++;
          if (word.charCodeAt(0) < 97) words = true; // True/False: Python's spelling
        } else if (/nan|inf/.test(word)) words = true; // as the full parser tells Python from JSON
        v = negative ? -w : w;
      } else return undefined;
      // A value ends at a separator or a bracket ('True1', '1x' go to the full parser).
      if (!(c === 44 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9)) return undefined;
      if (k === buf.length) {
        if (k >= maxElements) return undefined;
        buf = grow(buf, j, n, maxElements);
      }
      buf[k++] = v;
      count++;
      // Separators up to the next value; a bracket (or anything else) goes back to the outer loop.
      while (c === 44 || c === 32 || c === 10 || c === 13 || c === 9) {
        if (c === 44) commas = true;
        c = text.charCodeAt(++j);
      }
      i = j;
      if (!isValueChar(c)) break;
    }
    counts[depth - 1] = count;
  }
  if (depth !== 0) return undefined;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 10 || c === 13 || c === 9)) return undefined;
  }
  // A view where little is spare, a copy where the guess was far too high.
  return { values: 2 * k >= buf.length ? buf.subarray(0, k) : buf.slice(0, k), shape, python: words || !commas, bools: k > 0 && boolCount === k };
}
