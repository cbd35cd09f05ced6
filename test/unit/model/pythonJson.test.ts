// config.json as transformers writes it: Python's json module emits Infinity, -Infinity and NaN;
// JSON.parse rejects them. Errors must say where (line and column), not "at position 123".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonSyntaxError, lineColumn, parsePythonJson } from '../../../src/core/model/config/pythonJson';

describe('config.json in Python’s JSON dialect', () => {
  it('reads Infinity, -Infinity and NaN as numbers', () => {
    const v = parsePythonJson('{"a": Infinity, "b": -Infinity, "c": [NaN, 1e-5], "d": null}') as Record<string, unknown>;
    assert.equal(v.a, Infinity);
    assert.equal(v.b, -Infinity);
    assert.ok(Number.isNaN((v.c as number[])[0]));
    assert.equal((v.c as number[])[1], 1e-5);
    assert.equal(v.d, null);
  });

  it('agrees with JSON.parse on plain JSON, escapes included', () => {
    const text = '{"s": "a\\"b\\\\c\\u00e9\\n", "n": -0.5e3, "t": true, "f": false, "x": [], "o": {}}';
    assert.deepEqual(parsePythonJson(text.replace('"t"', '"t" ').replace('-0.5e3', '-0.5e3 ') + ' '), JSON.parse(text));
    // the dialect path (a NaN elsewhere) gives the same values as JSON.parse
    const withNaN = `${text.slice(0, -1)}, "z": NaN}`;
    assert.deepEqual({ ...(parsePythonJson(withNaN) as object), z: 0 }, { ...(JSON.parse(text) as object), z: 0 });
  });

  it('names line and column of a syntax error', () => {
    const text = '{\n  "model_type": "llama",\n  "hidden_size": 64,\n}\n';
    assert.throws(() => parsePythonJson(text), (e: unknown) => e instanceof JsonSyntaxError && e.line === 4 && e.column === 1 && /expected a "key" but found '}' at line 4, column 1/.test(e.message));
    assert.throws(() => parsePythonJson('{"a": 1 "b": 2}'), /expected ',' or '}' after the value of "a" but found '"' at line 1, column 9/);
    assert.throws(() => parsePythonJson('{"a": Infinit}'), /unexpected 'I' at line 1, column 7/);
    assert.throws(() => parsePythonJson('{"a": "x'), /unterminated string at line 1, column 7/);
    assert.throws(() => parsePythonJson('{} {}'), /after the end of the JSON value at line 1, column 4/);
  });

  it('keeps "__proto__" as data', () => {
    const v = parsePythonJson('{"__proto__": {"polluted": 1}, "x": NaN}') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.keys(v), ['__proto__', 'x']);
  });

  it('lineColumn counts from 1', () => assert.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 }));
});
