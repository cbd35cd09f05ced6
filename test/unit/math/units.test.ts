// Units and result formatting. Expected values are computed by hand from the unit definitions
// (1 GiB = 2^30 B, 1 PF-day = 10^15 FLOP/s × 86,400 s).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateFormula, type EvalSuccess } from '../../../src/core/math/evaluate';
import { jsonValue } from '../../../src/core/math/format';

function ok(expr: string, opts: Parameters<typeof evaluateFormula>[2] = {}, scope = new Map<string, unknown>()): EvalSuccess {
  const r = evaluateFormula(expr, scope, opts);
  assert.equal(r.status, 'ok', expr);
  return r as EvalSuccess;
}

describe('units', () => {
  it('bytes with binary and SI prefixes, converted with to', () => {
    const r = ok('7e9 * 2 bytes to GiB');
    assert.equal(r.unit, 'GiB');
    assert.equal(r.value, 14e9 / 2 ** 30);
    assert.equal(r.text, '13.0385 GiB');
    assert.equal(ok('1 GiB to MiB').value, 1024);
    assert.equal(ok('1 GB to MB').value, 1000);
    assert.equal(ok('2 GiB to GB').value, 2 * 2 ** 30 / 1e9);
  });

  it('picks the readable byte unit the setting asks for when no unit is requested', () => {
    assert.equal(ok('524288 * 4096 bytes').text, '2 GiB');
    assert.equal(ok('524288 * 4096 bytes', { byteUnits: 'decimal' }).text, '2.14748 GB');
    assert.equal(ok('512 B').text, '512 B');
  });

  it('FLOPs with SI prefixes and PF-days', () => {
    assert.equal(ok('3.14e23 FLOP to PFdays').value, 3.14e23 / 8.64e19);
    assert.equal(ok('1 PFday to FLOP').value, 8.64e19);
    assert.equal(ok('989 TFLOP/s * 1 day to PFdays').value, (989e12 * 86400) / 8.64e19);
    assert.equal(ok('6 * 7e9 * 2e12 FLOP').text, '84 ZFLOP'); // 8.4e22 FLOP
  });

  it('a unit name is a variable where no unit is written', () => {
    const r = evaluateFormula('h * 2', new Map());
    assert.equal(r.status, 'needs-values');
    assert.deepEqual(r.status === 'needs-values' && r.freeVariables, ['h']);
    assert.equal(ok('h * 2', {}, new Map([['h', 3]])).value, 6);
  });
});

describe('formatting', () => {
  it('6 significant digits by default, the setting otherwise, full precision on demand', () => {
    const r = ok('1/3');
    assert.equal(r.text, '0.333333');
    assert.equal(r.fullText, '0.3333333333333333');
    assert.equal(ok('1/3', { significantDigits: 3 }).text, '0.333');
  });
  it('groups the digits of large integers', () => assert.equal(ok('2 * 6607077376 * 128 + 4 * 32 * 128^2 * 4096').text, '1,700,001,742,848'));
  it('shows vectors element by element', () => assert.equal(ok('[1/3, 2]').text, '[0.333333, 2]'));
  it('--json style values keep non-finite numbers as strings', () => {
    assert.equal(jsonValue(Infinity), 'Infinity');
    assert.equal(jsonValue(-Infinity), '-Infinity');
    assert.equal(jsonValue(NaN), 'NaN');
    assert.deepEqual(jsonValue([1, NaN]), [1, 'NaN']);
  });
  it('a complex result is a clear error, not a silent number', () =>
    assert.throws(() => evaluateFormula('sqrt(-1)', new Map()), /complex number i; Model Math works with real numbers/));
});
