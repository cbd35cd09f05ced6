// Deferred typed functions (src/core/math/lazyTyped.ts) against mathjs as it comes: every expected
// value here is what a plain `create(all)` instance gives (the real library), never our own code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { all, create, type FactoryFunctionMap, type MathJsInstance } from 'mathjs';
import { deferTypedFunctions, factoriesWithDeferredTyped } from '../../../src/core/math/lazyTyped';

const config = { predictable: true, number: 'number' } as const;
const eager = () => create(all as FactoryFunctionMap, config);
const deferred = () => create(factoriesWithDeferredTyped(), config);
type AnyFn = ((...args: unknown[]) => unknown) & { signatures?: Record<string, unknown> };

/** Names of the instance's typed functions (reading each builds its factory, not the function). */
function typedFunctionNames(math: MathJsInstance): string[] {
  const m = math as unknown as Record<string, unknown>;
  return Object.keys(m).filter((name) => {
    const f = m[name];
    return typeof f === 'function' && '_typedFunctionData' in f;
  });
}

function outcome(f: () => unknown): string {
  try {
    const v = f();
    return `ok ${typeof v} ${String(v)}`;
  } catch (err) {
    return `error ${(err as Error).message}`;
  }
}

describe('deferred typed functions', () => {
  it('give every function the signatures mathjs gives it, in the same order, before and after building', () => {
    const plain = eager() as unknown as Record<string, AnyFn>;
    const lazy = deferred() as unknown as Record<string, AnyFn>;
    const names = typedFunctionNames(lazy as unknown as MathJsInstance);
    assert.ok(names.length > 200, `only ${names.length} typed functions`);
    for (const name of names) {
      const expected = Object.keys((plain[name] as AnyFn).signatures ?? {});
      assert.deepEqual(Object.keys((lazy[name] as AnyFn).signatures ?? {}), expected, name);
    }
    // After every function has been built (the _typedFunctionData read builds it).
    for (const name of names) void (lazy[name] as unknown as { _typedFunctionData: unknown })._typedFunctionData;
    for (const name of names) assert.deepEqual(Object.keys((lazy[name] as AnyFn).signatures ?? {}), Object.keys((plain[name] as AnyFn).signatures ?? {}), name);
  });

  it('answer calls the way the built functions do, before the build and after it', () => {
    const samples: ((m: MathJsInstance) => unknown[])[] = [
      () => [2, 3],
      () => [-2.5],
      () => [0, 0],
      (m) => [m.unit('2 GiB'), 4],
      (m) => [3, m.unit('5 m')],
      (m) => [m.unit('1 kg'), m.unit('2 lb')],
      () => ['2', 3],
      () => [true, 1],
      (m) => [m.matrix([1, 2]), 2],
      () => [[1, 2], [3, 4]],
      (m) => [m.fraction(1, 3), 2],
      (m) => [m.bignumber(2), 3],
      (m) => [m.complex(1, 2), 2],
      () => [null],
      () => [],
    ];
    const names = ['add', 'subtract', 'multiply', 'divide', 'pow', 'sqrt', 'abs', 'floor', 'ceil', 'fix', 'round', 'equal', 'larger', 'mod', 'max', 'min', 'sum', 'mean', 'log', 'exp', 'unaryMinus', 'isNumeric', 'number', 'format', 'dot', 'det', 'inv', 'to', 'multiplyScalar', 'divideScalar', 'addScalar', 'equalScalar', 'gcd', 'hypot', 'sign', 'norm'];
    for (const name of names) {
      // A fresh instance per function: its calls are answered before it is built (the first 64).
      const plain = eager();
      const lazy = deferred();
      for (const sample of samples) {
        const expected = outcome(() => ((plain as unknown as Record<string, AnyFn>)[name] as AnyFn)(...sample(plain)));
        const actual = outcome(() => ((lazy as unknown as Record<string, AnyFn>)[name] as AnyFn)(...sample(lazy)));
        assert.equal(actual, expected, `${name}(${sample(plain).map(String).join(', ')})`);
      }
    }
  });

  it('evaluate as mathjs does, and keep a conversion added later out of functions declared before it', () => {
    const lazy = deferred();
    assert.equal(lazy.evaluate('2 GiB / 4').toString(), eager().evaluate('2 GiB / 4').toString());
    // mathjs's parse adds a string → Node conversion; a function declared before it and built
    // after must not see it, exactly as when it was built eagerly.
    const plain = eager();
    assert.equal(outcome(() => lazy.isNumeric('x' as never)), outcome(() => plain.isNumeric('x' as never)));
    assert.equal(outcome(() => lazy.simplify('x + x').toString()), outcome(() => plain.simplify('x + x').toString()));
  });

  it('build a function a new conversion would change before adding it, as typed-function would have', () => {
    // The same steps on mathjs's own typed (eager) and on the deferring one: a function declared
    // before a string → Node conversion must not accept strings, one declared after must.
    const run = (typed: Record<string, unknown> & ((...a: unknown[]) => AnyFn)) => {
      const before = typed('before', { Node: () => 'node' });
      const untouched = typed('untouched', { 'Node | string': () => 'node or string' });
      (typed.addConversion as (c: object) => void)({ from: 'string', to: 'Node', convert: (s: string) => ({ isNode: true, s }) });
      const after = typed('after', { Node: () => 'node' });
      return [outcome(() => before('x')), outcome(() => untouched('x')), outcome(() => after('x'))];
    };
    const plainTyped = eager().typed as unknown as Record<string, unknown> & ((...a: unknown[]) => AnyFn);
    const expected = run(plainTyped);
    assert.match(expected[0] as string, /^error/);
    assert.equal(expected[2], 'ok string node');
    assert.deepEqual(run(deferTypedFunctions(eager().typed as never) as never), expected);
  });
});
