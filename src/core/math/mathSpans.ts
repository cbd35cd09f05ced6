// Finds the math formula around a position in prose: $…$, $$…$$, \(…\), \[…\] and
// \begin{equation|align}…\end{…}, as written in Markdown, LaTeX and Python docstrings or comments.

export interface MathSpan {
  /** Offsets of the whole span including delimiters. */
  readonly start: number;
  readonly end: number;
  /** The formula without its delimiters. */
  readonly content: string;
  readonly display: boolean;
}

/** Looks at most this far either side of the position (a hover must stay cheap on big files). */
const WINDOW = 4000;

export function mathSpanAt(text: string, offset: number): MathSpan | undefined {
  const from = Math.max(0, offset - WINDOW);
  const to = Math.min(text.length, offset + WINDOW);
  const slice = text.slice(from, to);
  for (const span of mathSpans(slice)) {
    if (span.start + from <= offset && offset <= span.end + from) return { ...span, start: span.start + from, end: span.end + from };
  }
  return undefined;
}

/** All math spans in the text, left to right. Escaped dollars (\$) are not delimiters. */
export function mathSpans(text: string): MathSpan[] {
  const spans: MathSpan[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '$') {
      i += 2;
      continue;
    }
    const env = /^\\begin\{(equation\*?|align\*?|gather\*?|multline\*?)\}/.exec(text.slice(i, i + 30));
    if (env) {
      const close = `\\end{${env[1]}}`;
      const end = text.indexOf(close, i);
      if (end < 0) break;
      spans.push({ start: i, end: end + close.length, content: text.slice(i, end + close.length), display: true });
      i = end + close.length;
      continue;
    }
    const pairs: [string, string, boolean][] = [
      ['$$', '$$', true],
      ['\\[', '\\]', true],
      ['\\(', '\\)', false],
      ['$', '$', false],
    ];
    const open = pairs.find(([o]) => text.startsWith(o, i));
    if (!open) {
      i++;
      continue;
    }
    const [o, cl, display] = open;
    let j = i + o.length;
    let found = -1;
    while (j < text.length) {
      if (text[j] === '\\' && text[j + 1] === '$') {
        j += 2;
        continue;
      }
      if (text.startsWith(cl, j)) {
        found = j;
        break;
      }
      // Inline $…$ does not span a blank line.
      if (!display && text[j] === '\n' && text[j + 1] === '\n') break;
      j++;
    }
    if (found < 0 || found === i + o.length) {
      i += o.length;
      continue;
    }
    spans.push({ start: i, end: found + cl.length, content: text.slice(i + o.length, found), display });
    i = found + cl.length;
  }
  return spans;
}
