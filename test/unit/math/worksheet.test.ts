import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateWorksheet, statementRange } from '../../../src/core/math/worksheet';

describe('worksheets', () => {
  const sheet = ['# Attention scale', 'd = 128', 'n = 32768   # context', 'attn_scale(d)', '', 'logn_scale(n, d)', 'kv = 2 * 32 * 32 * 128 * 2 bytes', 'kv * 4096 to GiB', 'f(x) = x^2 + 1', 'f(3)', 'oops +', 'y * 2', '\\frac{\\log_{512} n}{\\sqrt{d}}'].join('\n');
  const { lines, scope } = evaluateWorksheet(sheet);
  const at = (line: number) => lines.find((l) => l.line === line);

  it('evaluates every statement top to bottom with one scope; comments and blank lines have no result', () => {
    assert.equal(at(0), undefined);
    assert.equal(at(4), undefined);
    assert.equal(at(1)?.text, '128');
    assert.equal(at(1)?.binding, 'd');
    assert.equal(at(3)?.fullText, String(1 / Math.sqrt(128)));
    assert.equal(at(5)?.text, ((Math.log(32768) / Math.log(512)) / Math.sqrt(128)).toPrecision(6));
    assert.equal(at(7)?.text, '2 GiB');
    assert.equal(at(7)?.unit, 'GiB');
    assert.equal(at(9)?.text, '10');
    assert.equal(at(12)?.text, at(5)?.text);
    assert.deepEqual([...scope.keys()].sort(), ['d', 'f', 'kv', 'n']);
  });

  it('reports errors with their column range, and free variables as needing values', () => {
    assert.equal(at(10)?.status, 'error');
    assert.match(at(10)?.message ?? '', /Unexpected end of expression/);
    assert.equal(at(10)?.errorStart, 6);
    assert.equal(at(11)?.status, 'needs-values');
    assert.match(at(11)?.message ?? '', /Needs a value for y/);
  });

  it('ranges exclude indentation and trailing comments; # inside strings is text', () => {
    assert.deepEqual(statementRange('  n = 3   # c'), { start: 2, end: 7 });
    assert.deepEqual(statementRange('"a#b"'), { start: 0, end: 5 });
    assert.equal(statementRange('   # only a comment'), undefined);
  });
});
