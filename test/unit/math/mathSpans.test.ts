import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mathSpanAt, mathSpans } from '../../../src/core/math/mathSpans';

describe('math spans in prose', () => {
  const md = 'The scale $\\frac{1}{\\sqrt{d}}$ and\n\n$$\\log_{512} n$$\ncosts \\$5, \\(a+b\\) or \\[x^2\\].';

  it('finds $…$, $$…$$, \\(…\\) and \\[…\\] with their contents', () => {
    assert.deepEqual(
      mathSpans(md).map((s) => [s.content, s.display]),
      [
        ['\\frac{1}{\\sqrt{d}}', false],
        ['\\log_{512} n', true],
        ['a+b', false],
        ['x^2', true],
      ],
    );
  });

  it('returns the span around an offset, and nothing outside math', () => {
    const at = md.indexOf('sqrt');
    assert.equal(mathSpanAt(md, at)?.content, '\\frac{1}{\\sqrt{d}}');
    assert.equal(mathSpanAt(md, md.indexOf('costs')), undefined);
    assert.equal(mathSpanAt(md, md.indexOf('\\$5') + 1), undefined);
  });

  it('keeps equation environments whole and does not join $ across blank lines', () => {
    const tex = 'x \\begin{equation}\\alpha = 2\\end{equation} y';
    assert.equal(mathSpanAt(tex, tex.indexOf('alpha'))?.content, '\\begin{equation}\\alpha = 2\\end{equation}');
    assert.deepEqual(mathSpans('a $ b\n\nc $ d'), []);
  });

  it('finds math in a Python docstring', () => {
    const py = 'def f():\n    """Scale is $\\log_{512} n / \\sqrt{d}$."""\n';
    assert.equal(mathSpanAt(py, py.indexOf('512'))?.content, '\\log_{512} n / \\sqrt{d}');
  });
});
