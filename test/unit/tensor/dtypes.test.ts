// Narrow float formats decoded from their bit patterns, against the values the IEEE 754 / OCP fp8
// specs give for them (independently known constants).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, dtypeFromName, fp8E4M3Table, fp8E5M2Table, halfToNumber } from '../../../src/core/tensor/dtypes';

describe('dtype decoding', () => {
  it('float16 bit patterns', () => {
    assert.equal(halfToNumber(0x3c00), 1);
    assert.equal(halfToNumber(0x7bff), 65504);
    assert.equal(halfToNumber(0x0001), 2 ** -24); // 5.96e-8, smallest subnormal
    assert.equal(halfToNumber(0x0400), 2 ** -14); // 6.10e-5, smallest normal
    assert.equal(halfToNumber(0xc000), -2);
    assert.equal(halfToNumber(0xfc00), -Infinity);
    assert.ok(Number.isNaN(halfToNumber(0x7e00)));
    assert.ok(Object.is(halfToNumber(0x8000), -0));
  });

  it('bfloat16 is the top half of a float32', () => {
    const out = new Float64Array(4);
    decode('bfloat16', new Uint8Array([0x80, 0x3f, 0x7f, 0x7f, 0x01, 0x00, 0xc0, 0x7f]), 4, true, out);
    assert.equal(out[0], 1);
    assert.equal(out[1], 3.3895313892515355e38);
    assert.equal(out[2], 2 ** -133); // smallest bf16 subnormal
    assert.ok(Number.isNaN(out[3] as number));
  });

  it('float8 e4m3fn: max 448, no infinities, S.1111.111 is NaN', () => {
    const t = fp8E4M3Table();
    assert.equal(t[0x7e], 448);
    assert.ok(Number.isNaN(t[0x7f] as number));
    assert.equal(t[0x78], 256); // 1.000 × 2^8
    assert.equal(t[0x38], 1);
    assert.equal(t[0x01], 2 ** -9);
    assert.equal(t[0xfe], -448);
    assert.ok([...t].every((x) => x !== Infinity && x !== -Infinity));
  });

  it('float8 e5m2: max 57344, infinities, NaNs', () => {
    const t = fp8E5M2Table();
    assert.equal(t[0x7b], 57344);
    assert.equal(t[0x7c], Infinity);
    assert.ok(Number.isNaN(t[0x7d] as number));
    assert.equal(t[0x3c], 1);
    assert.equal(t[0x01], 2 ** -16);
  });

  it('integers and both byte orders', () => {
    const out = new Float64Array(2);
    decode('int16', new Uint8Array([0xff, 0xfe, 0x00, 0x01]), 2, false, out);
    assert.deepEqual([...out], [-2, 1]);
    decode('int64', new Uint8Array([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 5, 0, 0, 0, 0, 0, 0, 0]), 2, true, out);
    assert.deepEqual([...out], [-2, 5]);
  });

  it('numpy-style names', () => {
    assert.equal(dtypeFromName('torch.float16'), 'float16');
    assert.equal(dtypeFromName('jnp.bfloat16'), 'bfloat16');
    assert.equal(dtypeFromName('half'), 'float16');
    assert.equal(dtypeFromName('complex64'), undefined);
  });
});
