// LaTeX tokens: numbers, single letters, commands (\frac, \, …) and symbols, with their offsets.
import { FormulaError } from '../errors';

export type TokenKind = 'num' | 'letter' | 'cmd' | 'sym' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Number text without separators; letter; command name without the backslash; symbol. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const SYMBOLS = new Set(['+', '-', '*', '/', '^', '_', '(', ')', '[', ']', '{', '}', '|', '=', '!', ',', "'", '&', '<', '>', ';', ':', '#', '.']);

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c) || c === '~') {
      i++;
      continue;
    }
    if (c === '%') {
      // A LaTeX comment runs to the end of the line.
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(c)) {
      let text = '';
      let seenDot = false;
      for (;;) {
        const ch = src[i];
        if (ch !== undefined && /[0-9]/.test(ch)) {
          text += ch;
          i++;
        } else if (ch === '.' && !seenDot && /[0-9]/.test(src[i + 1] ?? '')) {
          seenDot = true;
          text += ch;
          i++;
        } else if (src.startsWith('{,}', i) && /^[0-9]{3}/.test(src.slice(i + 3, i + 6)) && !seenDot) {
          i += 3; // thousands separator 4{,}096
        } else break;
      }
      if (text === '' || text === '.') {
        // A lone full stop (end of a sentence in a display formula) is a symbol the parser may skip.
        out.push({ kind: 'sym', value: '.', start, end: i + 1 });
        i++;
        continue;
      }
      out.push({ kind: 'num', value: text, start, end: i });
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      out.push({ kind: 'letter', value: c, start, end: i + 1 });
      i++;
      continue;
    }
    if (c === '\\') {
      const m = /^[A-Za-z]+/.exec(src.slice(i + 1));
      if (m) {
        out.push({ kind: 'cmd', value: m[0], start, end: i + 1 + m[0].length });
        i += 1 + m[0].length;
      } else if (i + 1 < src.length) {
        out.push({ kind: 'cmd', value: src[i + 1] as string, start, end: i + 2 });
        i += 2;
      } else {
        throw new FormulaError('A lone backslash ends the formula', start, start + 1);
      }
      continue;
    }
    if (c === '$') {
      out.push({ kind: 'sym', value: '$', start, end: i + 1 });
      i++;
      continue;
    }
    if (SYMBOLS.has(c)) {
      out.push({ kind: 'sym', value: c, start, end: i + 1 });
      i++;
      continue;
    }
    throw new FormulaError(`Unexpected character '${c}'`, start, start + 1);
  }
  out.push({ kind: 'eof', value: '', start: src.length, end: src.length });
  return out;
}
