// JSON errors at line and column: positions counted by hand in the texts below.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonSyntaxError } from '../../src/core/format/jsonError';

describe('jsonSyntaxError', () => {
  it('valid JSON has no error', () => assert.equal(jsonSyntaxError('{"a": 1}'), undefined));

  it('a missing comma on line 4 is reported at line 4, column 3', () => {
    // '{\n  "a": 1,\n  "b": 2\n  "c": 3}': the offending '"' of "c" is the 3rd character of line 4.
    const e = jsonSyntaxError('{\n  "a": 1,\n  "b": 2\n  "c": 3}');
    assert.match(e ?? '', /^line 4, column 3: /);
    assert.doesNotMatch(e ?? '', /position/);
  });

  it('a trailing comma on the first line', () => {
    assert.match(jsonSyntaxError('{"a": 1,}') ?? '', /^line 1, column 9: /);
  });
});
