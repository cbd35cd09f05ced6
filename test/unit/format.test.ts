import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber } from '../../src/core/format/number';

describe('formatNumber', () => {
  it('groups the digits of integers', () => {
    assert.equal(formatNumber(4_026_531_840), '4,026,531,840');
    assert.equal(formatNumber(-1234), '-1,234');
    assert.equal(formatNumber(0), '0');
  });

  it('rounds to the requested significant digits and trims trailing zeros', () => {
    assert.equal(formatNumber(1 / 6), '0.166667');
    assert.equal(formatNumber(0.125), '0.125');
    assert.equal(formatNumber(2.008391234, 3), '2.01');
    assert.equal(formatNumber(123456.789, 6), '123,457');
  });

  it('uses exponents only for very large or very small magnitudes', () => {
    assert.equal(formatNumber(3.14e23), '3.14e+23');
    assert.equal(formatNumber(5.96e-8), '5.96e-8');
    assert.equal(formatNumber(0.000272, 3), '0.000272');
  });

  it('names non-finite values', () => {
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(Infinity), '∞');
    assert.equal(formatNumber(-Infinity), '−∞');
  });
});
