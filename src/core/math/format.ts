// Turning mathjs values into what people read (`text`), what a hover shows (`fullText`, every
// digit) and what --json prints (`value`, `unit`).
import type { MathJsInstance, Unit } from 'mathjs';
import { formatNumber } from '../format/number';
import { byteUnit, siUnit } from '../format/units';

export type ByteUnits = 'binary' | 'decimal';

export interface FormatOptions {
  readonly significantDigits: number;
  readonly byteUnits: ByteUnits;
  /** The expression ended in `to UNIT`: keep the unit the user asked for. */
  readonly unitFixed: boolean;
}

export type JsonValue = number | string | boolean | null | JsonValue[];

export interface FormattedValue {
  readonly kind: 'number' | 'unit' | 'matrix' | 'boolean' | 'function' | 'string';
  /** Plain number (or nested arrays); non-finite numbers stay numbers here. */
  readonly value: number | number[] | number[][] | boolean | string | null;
  readonly unit: string | null;
  readonly text: string;
  readonly fullText: string;
}


export function formatValue(math: MathJsInstance, v: unknown, o: FormatOptions): FormattedValue {
  if (typeof v === 'number') return { kind: 'number', value: v, unit: null, text: formatNumber(v, o.significantDigits), fullText: fullNumber(v) };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, unit: null, text: String(v), fullText: String(v) };
  if (typeof v === 'string') return { kind: 'string', value: v, unit: null, text: JSON.stringify(v), fullText: JSON.stringify(v) };
  if (typeof v === 'function') {
    const sig = (v as { syntax?: string }).syntax ?? 'function';
    return { kind: 'function', value: null, unit: null, text: `${sig} defined`, fullText: sig };
  }
  if (math.isUnit(v)) return formatUnit(math, v, o);
  if (math.isMatrix(v) || Array.isArray(v)) {
    const arr = (math.isMatrix(v) ? v.valueOf() : v) as unknown[];
    const show = (x: unknown, full: boolean): string =>
      Array.isArray(x) ? `[${x.map((y) => show(y, full)).join(', ')}]` : typeof x === 'number' ? (full ? fullNumber(x) : formatNumber(x, o.significantDigits)) : String(x);
    if (!arr.flat(Infinity).every((x) => typeof x === 'number')) throw new TypeError('Only matrices of plain numbers can be shown');
    return { kind: 'matrix', value: arr as number[], unit: null, text: show(arr, false), fullText: show(arr, true) };
  }
  if (math.isComplex(v)) throw new TypeError(`The result is the complex number ${math.format(v, { precision: 6 })}; Model Math works with real numbers`);
  if (v === undefined || v === null) throw new TypeError('The expression has no value');
  if (math.isResultSet(v)) {
    const entries = (v as unknown as { entries: unknown[] }).entries;
    return formatValue(math, entries[entries.length - 1], o);
  }
  throw new TypeError(`Cannot show a value of type ${math.typeOf(v)}`);
}

const references = new WeakMap<MathJsInstance, { byte: Unit; flop: Unit }>();

function formatUnit(math: MathJsInstance, u: Unit, o: FormatOptions): FormattedValue {
  let ref = references.get(math);
  if (!ref) {
    ref = { byte: math.unit('1 B'), flop: math.unit('1 FLOP') };
    references.set(math, ref);
  }
  let unit: string;
  if (o.unitFixed) unit = u.formatUnits();
  else if (u.equalBase(ref.byte)) {
    const bytes = u.toNumber('B');
    unit = byteUnit(bytes, o.byteUnits === 'decimal').unit;
  } else if (u.equalBase(ref.flop)) {
    unit = siUnit(u.toNumber('FLOP'), 'FLOP').unit;
  } else {
    unit = u.toBest().formatUnits();
  }
  const value = unit === '' ? (u.value as number) : u.toNumber(unit);
  return { kind: 'unit', value, unit, text: `${formatNumber(value, o.significantDigits)} ${unit}`, fullText: `${fullNumber(value)} ${unit}` };
}

/** Every digit JavaScript keeps (the shortest text that reads back as the same double). */
export function fullNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : formatNumber(x);
}

/** JSON for --json: non-finite numbers become the strings "Infinity", "-Infinity", "NaN". */
export function jsonValue(v: FormattedValue['value']): JsonValue {
  const conv = (x: unknown): JsonValue => (Array.isArray(x) ? x.map(conv) : typeof x === 'number' && !Number.isFinite(x) ? String(x) : (x as JsonValue));
  return conv(v);
}
