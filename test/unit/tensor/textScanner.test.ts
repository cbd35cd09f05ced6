// The text fast path (numbers scanned straight into a Float64Array) against JSON.parse, the
// engine's own parser, as the oracle; anything it does not take goes to the full parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTensorText } from '../../../src/core/tensor/text/parseText';

describe('text tensor fast path', () => {
  it('reads every double as JSON.parse does (17 digits, exponents, -0, integers)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    const rows = Array.from({ length: 50 }, () => Array.from({ length: 40 }, () => {
      const r = rnd();
      return r < 0.1 ? Math.round(rnd() * 1e6) : r < 0.2 ? (rnd() - 0.5) * 10 ** Math.round(rnd() * 600 - 300) : r < 0.21 ? -0 : Math.sin(rnd() * 1e4) * 1e-3;
    }));
    const text = JSON.stringify(rows).replace(/,/g, (m, at: number) => (at % 3 === 0 ? ', ' : m)).replace('0.0', '0.0e0');
    const parsed = parseTensorText(text);
    assert.equal(parsed.format, 'json');
    assert.deepEqual(parsed.shape, [50, 40]);
    assert.deepEqual(parsed.values, Float64Array.from((JSON.parse(text) as number[][]).flat()));
  });

  it('Python lists with nan / inf / True, and lists without commas', () => {
    const a = parseTensorText('[[1.5, nan, -inf], [inf, -0.0, 2e-3]]');
    assert.equal(a.format, 'python');
    assert.deepEqual(Array.from(a.values), [1.5, NaN, -Infinity, Infinity, -0, 0.002]);
    const b = parseTensorText('[True, False, True]');
    assert.equal(b.dtype, 'bool');
    const c = parseTensorText('[[1 2 3]\n [4 5 6]]');
    assert.deepEqual(c.shape, [2, 3]);
    assert.equal(c.format, 'python');
  });

  it('leaves summaries, MATLAB and errors to the full parser', () => {
    assert.equal(parseTensorText('[1, 2, ..., 9]').truncated, true);
    assert.deepEqual(parseTensorText('[1 2; 3 4]').shape, [2, 2]);
    assert.throws(() => parseTensorText('[[1, 2], [3]]'), /ragged.*line 1, column/);
    assert.throws(() => parseTensorText('[1, 2x]'), /line 1/);
  });
});
