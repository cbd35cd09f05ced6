// The mathjs instance Model Math evaluates with: Model Math's units and library imported, then
// locked down as mathjs's security guide describes (no import, createUnit, evaluate, parse,
// simplify, derivative, compile… inside expressions) and with size caps on anything that
// allocates. Created once, on first use (mathjs is heavy).
import { create, type MathJsInstance, type MathNode, type Matrix } from 'mathjs';
import { factoriesWithDeferredTyped } from './lazyTyped';
import { LIBRARY, type LibraryFunction } from './library/functions';

export interface Limits {
  /** Largest matrix or range a single expression may create. */
  readonly maxElements: number;
  /** Longest input accepted, in characters. */
  readonly maxLength: number;
  /** Most iterations of \sum / \prod. */
  readonly maxIterations: number;
}

export const DEFAULT_LIMITS: Limits = { maxElements: 1_000_000, maxLength: 1_000_000, maxIterations: 1_000_000 };

export class LimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitError';
  }
}

export interface Engine {
  readonly math: MathJsInstance;
  /** The original parser, kept before the lock-down (expressions cannot reach it). */
  parse(text: string): MathNode;
  limits: Limits;
}

let engine: Engine | undefined;

export function getEngine(): Engine {
  engine ??= createEngine();
  return engine;
}

function toNumbers(x: unknown, fn: string): number[] {
  const arr = isMatrix(x) ? x.valueOf() : x;
  if (!Array.isArray(arr)) throw new TypeError(`${fn} expects a vector like [1, 2, 3]`);
  const flat = (arr as unknown[]).flat(Infinity);
  if (!flat.every((v) => typeof v === 'number')) throw new TypeError(`${fn} expects a vector of plain numbers`);
  return flat as number[];
}

function isMatrix(x: unknown): x is Matrix {
  return typeof x === 'object' && x !== null && (x as { isMatrix?: boolean }).isMatrix === true;
}

/**
 * math.import(record, { override: true }) without building what it replaces: import reads each
 * name's current value first, and mathjs builds its functions lazily, so that read would build
 * the function and all it depends on (simplify's rule set, range's matrices…) only to drop it, a
 * third of the engine's start-up. Each lazy property is removed first.
 */
function importOverriding(math: MathJsInstance, record: Record<string, unknown>): void {
  const doImport = math.import.bind(math);
  // Deleted rather than redefined: redefining a property of an object with ~600 of them cost
  // ~1.5 ms each (V8 copies its descriptors), deleting costs that once.
  const m = math as unknown as Record<string, unknown>;
  for (const name of Object.keys(record)) {
    if (Object.getOwnPropertyDescriptor(math, name)?.get) delete m[name];
  }
  // import also asks, for each name, whether it is a unit's name (a search through every unit and
  // prefix) and then overrides regardless: that answer is not needed with override.
  const unit = math.Unit as unknown as { isValuelessUnit(name: string): boolean };
  const isValuelessUnit = Object.getOwnPropertyDescriptor(unit, 'isValuelessUnit');
  unit.isValuelessUnit = () => false;
  try {
    doImport(record, { override: true });
  } finally {
    if (isValuelessUnit) Object.defineProperty(unit, 'isValuelessUnit', isValuelessUnit);
  }
}

/** A mathjs function as it was before an override, built on first use (see importOverriding). */
function original(math: MathJsInstance, name: string): (...args: unknown[]) => unknown {
  const d = Object.getOwnPropertyDescriptor(math, name);
  let f: ((...args: unknown[]) => unknown) | undefined;
  return (...args) => {
    f ??= (d?.get ? d.get.call(math) : d?.value) as (...args: unknown[]) => unknown;
    return f(...args);
  };
}

function createEngine(): Engine {
  // Typed functions are built on first use (lazyTyped.ts): most of the ones mathjs creates are never called.
  const math = create(factoriesWithDeferredTyped(), { predictable: true, number: 'number' });
  const limits: { current: Limits } = { current: DEFAULT_LIMITS };

  // Units: FLOPs with SI prefixes, PF-days; bytes (B, with SI and IEC prefixes) are built in.
  math.createUnit('FLOP', { aliases: ['FLOPs', 'flop', 'flops'], prefixes: 'short' });
  math.createUnit('PFday', { definition: '8.64e19 FLOP', aliases: ['PFdays'] });

  const wrap = (f: LibraryFunction) =>
    function (...args: unknown[]) {
      const min = f.params.length - (f.optional ?? 0);
      if (args.length < min || args.length > f.params.length) {
        throw new TypeError(`${f.name} takes ${min === f.params.length ? min : `${min} to ${f.params.length}`} argument${f.params.length === 1 ? '' : 's'}: ${f.signature}`);
      }
      const converted = args.map((a, i) => {
        if (f.params[i] === 'vector') return toNumbers(a, f.name);
        if (f.name === 'pf_days' && math.isUnit(a)) return a.toNumber('FLOP');
        if (typeof a !== 'number') throw new TypeError(`${f.name}: argument ${i + 1} must be a number (${f.signature})`);
        return a;
      });
      const r = (f.fn as (...a: unknown[]) => number | number[])(...converted);
      return Array.isArray(r) ? math.matrix(r) : r;
    };
  const library: Record<string, unknown> = {};
  for (const f of LIBRARY) if (f.name !== 'erf') library[f.name] = wrap(f);

  // \sum_{i=a}^{b} body → sum_over(i, a, b, body): raw arguments so body is evaluated per i.
  const bigOperator = (name: string, combine: (acc: number, x: number) => number, unit: number) => {
    const fn = (args: MathNode[], _math: unknown, scope: Map<string, unknown>) => {
      const [index, loNode, hiNode, body] = args;
      if (!index || !loNode || !hiNode || !body || index.type !== 'SymbolNode') throw new TypeError(`${name}(index, from, to, body)`);
      const lo = loNode.compile().evaluate(scope) as number;
      const hi = hiNode.compile().evaluate(scope) as number;
      if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new TypeError(`the bounds of a sum or product must be integers, got ${lo} and ${hi}`);
      if (hi - lo + 1 > limits.current.maxIterations) throw new LimitError(`the sum or product runs over ${hi - lo + 1} terms, more than the limit of ${limits.current.maxIterations} (setting modelmath.formulas.maxElements)`);
      const code = body.compile();
      const name_ = (index as unknown as { name: string }).name;
      const inner = new Map(scope);
      let acc = unit;
      for (let i = lo; i <= hi; i++) {
        inner.set(name_, i);
        acc = combine(acc, code.evaluate(inner) as number);
      }
      return acc;
    };
    (fn as unknown as { rawArgs: boolean }).rawArgs = true;
    return fn;
  };
  library.sum_over = bigOperator('sum_over', (a, x) => a + x, 0);
  library.prod_over = bigOperator('prod_over', (a, x) => a * x, 1);
  importOverriding(math, library);

  // Size caps on everything that allocates from a size argument.
  const checkSize = (fn: string, dims: unknown[]) => {
    const sizes = dims.flatMap((d) => (isMatrix(d) ? (d.valueOf() as unknown[]) : Array.isArray(d) ? d : [d])).filter((d): d is number => typeof d === 'number');
    const count = sizes.reduce((p, d) => p * Math.max(0, d), 1);
    if (count > limits.current.maxElements) throw new LimitError(`${fn}(${sizes.join(', ')}) would create ${count.toExponential(2)} elements, more than the limit of ${limits.current.maxElements.toLocaleString('en-US')} (setting modelmath.formulas.maxElements)`);
  };
  const capped: Record<string, unknown> = {};
  for (const fn of ['zeros', 'ones', 'identity', 'random', 'randomInt', 'resize'] as const) {
    const uncapped = original(math, fn);
    capped[fn] = (...args: unknown[]) => {
      const dims = fn === 'resize' ? args.slice(1, 2) : fn === 'random' || fn === 'randomInt' ? args.slice(0, 1).filter((a) => Array.isArray(a) || isMatrix(a)) : args.filter((a) => typeof a !== 'string');
      // identity(n) is n × n.
      checkSize(fn, fn === 'identity' && dims.length === 1 && typeof dims[0] === 'number' ? [dims[0], dims[0]] : dims);
      return uncapped(...args);
    };
  }
  const originalRange = original(math, 'range');
  capped.range = (...args: unknown[]) => {
    const [start, end, step = 1] = args as number[];
    if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number' && step !== 0) {
      const count = Math.floor((end - start) / step) + 1;
      if (count > limits.current.maxElements) throw new LimitError(`the range ${start}:${end} has ${count.toExponential(2)} elements, more than the limit of ${limits.current.maxElements.toLocaleString('en-US')} (setting modelmath.formulas.maxElements)`);
    }
    return originalRange(...args);
  };
  importOverriding(math, capped);

  const parse = math.parse.bind(math) as (text: string) => MathNode;
  const disabled = (name: string) => () => {
    throw new Error(`Function ${name} is disabled in Model Math formulas`);
  };
  const lock: Record<string, unknown> = {};
  for (const name of ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'compile', 'resolve', 'reviver', 'chain', 'rationalize', 'leafCount', 'symbolicEqual', 'config']) {
    lock[name] = disabled(name);
  }
  importOverriding(math, lock);

  return {
    math,
    parse,
    get limits() {
      return limits.current;
    },
    set limits(l: Limits) {
      limits.current = l;
    },
  };
}
