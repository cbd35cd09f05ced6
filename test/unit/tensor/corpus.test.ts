// Known-bad and known-good corpora for the text tensor parser, recreated from nst/JSONTestSuite's
// number and array cases (y_: must parse to what JSON.parse gives; n_: invalid JSON, which must be
// either a clear TensorParseError or a documented leniency such as nan/inf, '1.' or '+1').
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTensorText, TensorParseError } from '../../../src/core/tensor/text/parseText';

const Y = ['[[]   ]', '[]', '[1]', '[-0]', '[1E22]', '[1E-2]', '[1E+2]', '[1e1]', '[1e-1]', '[123e45]', '[123.456e78]', '[0e+1]', '[0e1]', '[-123]', '[-1]', '[20e1]', '[123e-10000000]', '[1.5e999]', '[-9223372036854775808]', '[100000000000000000000]', '[1,2,3]', '[ 4]', '[1\n]', '[[1],[2]]', '[0.5 ,98.6\n,\n99.44\n,\n\n1066,\n1e1,\n0.1e1,\n1e-1,\n1e00,2e+00,2e-00\n]'];
// Invalid JSON the parser accepts on purpose (numpy / Python spellings), with the value it reads.
const LENIENT: Record<string, number[]> = { '[1.]': [1], '[2.e3]': [2000], '[+1]': [1], '[.5]': [0.5], '[NaN]': [NaN], '[Infinity]': [Infinity], '[-Infinity]': [-Infinity], '[inf]': [Infinity], '[1 2]': [1, 2], '[1,]': [1], '[,1]': [1], '[1,,2]': [1, 2], '[01]': [1], '[-01]': [-1], '[0.e1]': [0], '[-NaN]': [NaN] };
const N = ['[-]', '[--1]', '[0x1]', '[0x42]', '[1.0e]', '[1.0e+]', '[1.0e-]', '[.-1]', '[1eE2]', '[1e+-2]', '[- 1]', '[-foo]', '[1ea]', '[1.2a-3]', '[1.8011670033376514H-308]', '[Inf]x', '[1:2]', '[*]', '["x"]', '[\'x\']', '[ä]', '[1', '[1,', '[[]', '[]]', ']', '[', '[{}]', '[1]x', '[1] [2]', '[a]', '[True1]', '[1+2j]', '[\u0000]', '[1\u00a0]', '[1e]', '[e1]', '[1.2.3]', '[-.]'];

const clean = (text: string) => {
  try {
    return { ok: true as const, r: parseTensorText(text) };
  } catch (err) {
    assert.ok(err instanceof TensorParseError, `${JSON.stringify(text)}: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    return { ok: false as const, message: err.message };
  }
};

describe('JSONTestSuite-style corpus', () => {
  it('y_ cases parse to exactly what JSON.parse reads', () => {
    for (const text of Y) {
      const expected = (JSON.parse(text) as unknown[]).flat(Infinity) as number[];
      const got = clean(text);
      assert.ok(got.ok, `${JSON.stringify(text)} failed: ${got.ok ? '' : got.message}`);
      assert.deepEqual([...got.r.values], expected, text);
    }
  });
  it('documented leniencies read the numpy/Python value', () => {
    for (const [text, values] of Object.entries(LENIENT)) {
      const got = clean(text);
      assert.ok(got.ok, `${text}: ${got.ok ? '' : got.message}`);
      assert.deepEqual([...got.r.values], values, text);
    }
  });
  it('n_ cases are clear errors with a position', () => {
    for (const text of N) {
      const got = clean(text);
      assert.ok(!got.ok, `${JSON.stringify(text)} parsed as ${got.ok ? JSON.stringify([...got.r.values]) : ''}`);
      if (!got.ok) assert.match(got.message, /\(line \d+, column \d+\)|empty|no numbers/, text);
    }
  });
});
