// The bit-pattern accumulator on 16-bit dtypes of either byte order: NaN/±Inf found from the
// exponent bits, and the distinct values in ascending order taken from the pattern order. Expected
// values are decoded here from the IEEE 754 / two's-complement definitions, value by value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accumulatorFor } from '../../../src/core/tensor/accumulate';

/** IEEE 754 binary16, from its definition. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return e === 0 ? sign * m * 2 ** -24 : sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** bfloat16: the upper half of a float32. */
function bf16(bits: number): number {
  const dv = new DataView(new ArrayBuffer(4));
  dv.setUint32(0, bits << 16);
  return dv.getFloat32(0);
}

const DECODE: Record<'float16' | 'bfloat16' | 'int16' | 'uint16', (b: number) => number> = {
  float16: half,
  bfloat16: bf16,
  int16: (b) => (b & 0x8000 ? b - 0x10000 : b),
  uint16: (b) => b,
};

describe('16-bit bit-pattern tables', () => {
  // Every 7th pattern of all 65,536 (every sign and exponent), then the special ones again.
  const patterns: number[] = [];
  for (let b = 0; b < 0x10000; b += 7) patterns.push(b);
  patterns.push(0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7f80, 0xff80, 0x7fc0, 0xffff, 0x7fff);
  for (const dtype of ['float16', 'bfloat16', 'int16', 'uint16'] as const) {
    for (const littleEndian of [true, false]) {
      it(`${dtype}, ${littleEndian ? 'little' : 'big'}-endian: NaN/Inf counts, min, max and the ascending distinct values`, () => {
        const bytes = new Uint8Array(patterns.length * 2);
        const dv = new DataView(bytes.buffer);
        patterns.forEach((b, i) => dv.setUint16(2 * i, b, littleEndian));
        const acc = accumulatorFor(dtype, [patterns.length], { keepElements: 0 });
        acc.pushBytes(bytes, patterns.length, littleEndian);
        const s = acc.finish();
        const xs = patterns.map(DECODE[dtype]);
        const finite = xs.filter((x) => Number.isFinite(x));
        assert.equal(s.nan, xs.filter((x) => Number.isNaN(x)).length);
        assert.equal(s.posInf, xs.filter((x) => x === Infinity).length);
        assert.equal(s.negInf, xs.filter((x) => x === -Infinity).length);
        assert.equal(s.min, Math.min(...finite));
        assert.equal(s.max, Math.max(...finite));
        const counts = new Map<number, number>();
        for (const x of finite) counts.set(x + 0, (counts.get(x + 0) ?? 0) + 1); // −0 and +0 are one value
        const values = [...counts.keys()].sort((a, b) => a - b);
        assert.deepEqual([...(s.distribution?.values ?? [])].map((v) => v + 0), values, 'zero of either sign');
        assert.deepEqual([...(s.distribution?.counts ?? [])], values.map((v) => counts.get(v)));
      });
    }
  }
});
