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

  it('short decimals (read without the engine: mantissa below 2^53, 10^±22) round as Number() does', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const x = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 50 - 25);
      const k = 1 + Math.floor(rnd() * 17);
      const r = rnd();
      texts.push(r < 0.35 ? x.toPrecision(k) : r < 0.7 ? x.toExponential(k - 1) : x.toFixed(Math.floor(rnd() * 21)));
    }
    // At and around 2^53 and the exact powers of ten, where a sloppier shortcut rounds twice.
    texts.push('9007199254740991', '9007199254740993', '900719925474099.3', '90071992547409.93', '4503599627370497.5', '1e22', '1e23', '1e-22', '1e-23', '0.1', '0.3', '-0.0', '5.', '.5', '-.25', '1.e3', '1E+5', '2e-0');
    const parsed = parseTensorText(`[${texts.join(', ')}]`);
    texts.forEach((t, i) => assert.ok(Object.is(parsed.values[i], Number(t)), `${t}: ${parsed.values[i]} vs Number() ${Number(t)}`));
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

  it('grows its buffer where the text gets denser after the first 64 Ki characters (the size guess)', () => {
    const sparse = Array.from({ length: 4000 }, (_, i) => Math.sin(i) / 7);
    const dense = Array.from({ length: 300_000 }, (_, i) => i % 10);
    const text = JSON.stringify([...sparse, ...dense]);
    assert.ok(JSON.stringify(sparse).length > 65536);
    const parsed = parseTensorText(text);
    assert.deepEqual(parsed.shape, [304_000]);
    assert.deepEqual(parsed.values, Float64Array.from(JSON.parse(text) as number[]));
    assert.throws(() => parseTensorText(text, 'auto', { maxElements: 303_999 }), /more than 303,999 values/);
  });

  it('leaves summaries, MATLAB and errors to the full parser', () => {
    assert.equal(parseTensorText('[1, 2, ..., 9]').truncated, true);
    assert.deepEqual(parseTensorText('[1 2; 3 4]').shape, [2, 2]);
    assert.throws(() => parseTensorText('[[1, 2], [3]]'), /ragged.*line 1, column/);
    assert.throws(() => parseTensorText('[1, 2x]'), /line 1/);
  });
});
