// The scanner's own decimal → double conversion (decimal.ts) against the engine's (Number(),
// JSON.parse) as the oracle, on the inputs where a shortcut goes wrong: 16–20-digit mantissas,
// exact halfway points between doubles and digits just either side, extremes, denormals, -0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalToDouble } from '../../../src/core/tensor/text/decimal';
import { parseTensorText } from '../../../src/core/tensor/text/parseText';

let seed = 2024;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
const randomDigits = (n: number) => String(1 + Math.floor(rnd() * 9)) + Array.from({ length: n - 1 }, () => Math.floor(rnd() * 10)).join('');

/** digits × 10^scale written out plainly (no exponent). */
function plain(digits: string, scale: number): string {
  if (scale >= 0) return digits + '0'.repeat(scale);
  const p = digits.length + scale;
  return p > 0 ? `${digits.slice(0, p)}.${digits.slice(p)}` : `0.${'0'.repeat(-p)}${digits}`;
}

/** The exact decimal of the point halfway between x (> 0, normal) and the next double up (BigInt arithmetic). */
function halfway(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const mantissa = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  const e = Number((bits >> 52n) & 0x7ffn) - 1075 - 1; // halfway = (2·mantissa + 1)·2^e
  const odd = 2n * mantissa + 1n;
  return e >= 0 ? (odd << BigInt(e)).toString() : plain((odd * 5n ** BigInt(-e)).toString(), e);
}

/** The first `keep` significant digits of a plain decimal, the last one moved by `bump`, as "digitsE±n". */
function shorten(decimal: string, keep: number, bump: number): string {
  const [int = '', frac = ''] = decimal.split('.');
  const all = int + frac;
  const lead = all.search(/[1-9]/);
  const cut = Math.min(all.length, lead + keep);
  return `${BigInt(all.slice(0, cut)) + BigInt(bump)}e${all.length - cut - frac.length}`;
}

/** A decimal's digits split as the scanner splits them (head below 9·10^14 takes the next digit). */
function split(text: string): [number, number, number, number] {
  const m = /^(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text);
  assert.ok(m, text);
  let head = 0;
  let tail = 0;
  let tailDigits = 0;
  for (const ch of (m[1] ?? '') + (m[2] ?? '')) {
    if (head < 9e14) head = head * 10 + Number(ch);
    else {
      tail = tail * 10 + Number(ch);
      tailDigits++;
    }
  }
  return [head, tail, tailDigits, Number(m[3] ?? 0) - (m[2] ?? '').length];
}

describe('text tensors: exact decimal conversion', () => {
  const halfways: string[] = [];
  for (const x of [2 ** 53, 2 ** 54 + 8, 2 ** 60 + 2 ** 9, 2 ** 52 + 1, 2 ** 51 + 0.5, 2 ** 50 + 0.25, 0.1, 1 / 3, 6.02214076e23, 1e-7, 0.0009844272333987107]) halfways.push(halfway(x));
  for (let i = 0; i < 3000; i++) halfways.push(halfway((rnd() + 0.5) * 2 ** Math.floor(rnd() * 150 - 75)));

  it('exact halfway points round to even, as Number() does (ties never decided by the shortcut)', () => {
    const texts = halfways.filter((h) => h.replace(/^0\.0*|\./g, '').length <= 20);
    assert.ok(texts.length >= 5, 'some halfway points short enough for the double-double path');
    for (const t of texts) {
      const v = decimalToDouble(...split(t));
      assert.ok(Number.isNaN(v) || Object.is(v, Number(t)), `${t}: ${v} vs Number() ${Number(t)}`);
    }
    const parsed = parseTensorText(`[${texts.join(', ')}]`);
    texts.forEach((t, i) => assert.ok(Object.is(parsed.values[i], Number(t)), `${t}: ${parsed.values[i]} vs Number() ${Number(t)}`));
  });

  it('17–20 significant digits just below, at and above halfway points, and at random, as Number() does', () => {
    const texts: string[] = [];
    for (const h of halfways) for (const keep of [17, 18, 19, 20]) texts.push(shorten(h, keep, Math.floor(rnd() * 3) - 1));
    for (let i = 0; i < 20_000; i++) {
      const digits = randomDigits(16 + Math.floor(rnd() * 5));
      const scale = Math.floor(rnd() * 101) - 60;
      texts.push(rnd() < 0.5 ? `${digits}e${scale}` : plain(digits, scale));
    }
    let decided = 0;
    for (const t of texts) {
      const v = decimalToDouble(...split(t));
      if (!Number.isNaN(v)) {
        decided++;
        assert.ok(Object.is(v, Number(t)), `${t}: ${v} vs Number() ${Number(t)}`);
      }
    }
    // The shortcut must take most of them (else it is not a fast path): those within 10^±44 and 20 digits.
    assert.ok(decided > texts.length * 0.6, `decided ${decided} of ${texts.length}`);
    const signed = texts.map((t) => (rnd() < 0.5 ? `-${t}` : t));
    const parsed = parseTensorText(`[${signed.join(', ')}]`);
    signed.forEach((t, i) => assert.ok(Object.is(parsed.values[i], Number(t)), `${t}: ${parsed.values[i]} vs Number() ${Number(t)}`));
  });

  it('JSON.stringify output (shortest round-trip digits) of doubles across the range reads back exactly', () => {
    const xs = Array.from({ length: 20_000 }, () => (rnd() - 0.5) * 10 ** (rnd() * 80 - 40));
    const text = JSON.stringify(xs);
    assert.deepEqual(parseTensorText(text).values, Float64Array.from(JSON.parse(text) as number[]));
    // At least one JSON.stringify'd value has 17 digits (the double-double path, not Clinger's).
    const sample = JSON.stringify(0.0016829419696157931);
    assert.equal(decimalToDouble(...split(sample)), JSON.parse(sample));
  });

  it('extremes, denormals, -0, long mantissas and the spellings of NaN and infinity', () => {
    const texts = ['0', '-0', '-0.0', '0e0', '-0e-5', '1e308', '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '1e309', '2.2250738585072014e-308', '2.2250738585072011e-308', '4.9e-324', '5e-324', '2.4703282292062328e-324', '2.4703282292062327e-324', '1e-400', '123456789012345678901234567890', '0.100000000000000000000000000001', '9007199254740993', '-9007199254740993', '9007199254740992.5', '1E+22', '1e23', '1e-22', '1e-23', '8.98846567431158e307', '0.30000000000000004', '4.35679130334e-319', '1.00000000000000011102230246251565404236316680908203125', '1.00000000000000011102230246251565404236316680908203124', '1.00000000000000011102230246251565404236316680908203126', '1e44', '1e45', '1e-44', '1e-45', '5e-44', '0e-44', '9.999999999999999e43', '1.2345678901234567e-7', '123456789012345678e-44', '12345678901234567890e-44', '9007199254740993e-30', '9007199254740993e30'];
    const parsed = parseTensorText(`[${texts.join(', ')}]`);
    assert.equal(parsed.format, 'json');
    const oracle = JSON.parse(`[${texts.join(', ')}]`) as number[];
    texts.forEach((t, i) => {
      assert.ok(Object.is(parsed.values[i], Number(t)), `${t}: ${parsed.values[i]} vs Number() ${Number(t)}`);
      assert.ok(Object.is(parsed.values[i], oracle[i]), `${t}: ${parsed.values[i]} vs JSON.parse ${oracle[i]}`);
    });
    const words = parseTensorText('[nan, NaN, NAN, inf, -inf, Inf, -INF, infinity, Infinity, -Infinity, +inf]');
    assert.equal(words.format, 'python');
    assert.deepEqual(Array.from(words.values), [NaN, NaN, NaN, Infinity, -Infinity, Infinity, -Infinity, Infinity, Infinity, -Infinity, Infinity]);
    assert.equal(parseTensorText('[NaN, Infinity, -Infinity]').format, 'json');
  });
});
