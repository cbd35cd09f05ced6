// mathjs's `typed` with deferred construction. Building a typed-function (parsing its signatures,
// adding conversions, sorting them, compiling the tests) is most of what building the engine costs,
// and most functions built are never called: they are dependencies of dependencies (the Unit
// class alone pulls in pow → inv → det → multiply…). Here `typed(name, signatures…)` returns a
// stand-in that builds the real function from the same arguments on its first call or the first
// look at its signatures, so only what a formula uses is built (decision 0017).
//
// One thing could make a deferred build differ from an eager one: a conversion added or removed
// in between (mathjs's parse adds string → Node; simplify adds Object → Map only while it builds).
// Before any such change every pending function whose signatures name the converted-to type is
// built, so each one sees exactly the conversions it would have seen when it was declared.
import { all, factory, type FactoryFunction, type FactoryFunctionMap } from 'mathjs';

type Typed = ((...args: unknown[]) => unknown) & Record<string, unknown>;
interface Pending {
  readonly signatureText: string;
  build(): unknown;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A type name as a whole word of a signature ("Node" in "Node, Object", not in "ConstantNode"). */
function namesType(signatureText: string, type: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])${type.replace(/[^A-Za-z0-9_$]/g, '\\$&')}([^A-Za-z0-9_$]|$)`).test(signatureText);
}

/** Wraps a typed-function instance so that `typed(name, {…}, …)` defers building; everything else passes through. */
export function deferTypedFunctions(typed: Typed): Typed {
  const pending = new Set<Pending>();
  const buildPending = (type?: string) => {
    for (const p of [...pending]) if (type === undefined || namesType(p.signatureText, type)) p.build();
  };

  const entries = new WeakMap<object, Pending>();
  /** The signatures an argument brings, as text: a plain object's keys, a typed function's (a stand-in's without building it). */
  const signatureText = (a: unknown): string => (isPlainObject(a) ? Object.keys(a).join('\n') : (entries.get(a as object)?.signatureText ?? Object.keys((a as { signatures: object }).signatures).join('\n')));

  const deferred = (args: unknown[]) => {
    const name = args[0] as string;
    let built: ((...a: unknown[]) => unknown) | undefined;
    const entry: Pending = {
      signatureText: args.slice(1).map(signatureText).join('\n'),
      build() {
        if (!built) {
          pending.delete(entry);
          built = Reflect.apply(typed, undefined, args) as (...a: unknown[]) => unknown;
        }
        return built;
      },
    };
    const stand = function (this: unknown, ...callArgs: unknown[]) {
      return (built ?? (entry.build() as (...a: unknown[]) => unknown)).apply(this, callArgs);
    };
    Object.defineProperty(stand, 'name', { value: name });
    // What mathjs and typed-function read of a typed function: its signatures and internal data.
    for (const key of ['signatures', '_typedFunctionData']) {
      Object.defineProperty(stand, key, {
        get: () => (entry.build() as Record<string, unknown>)[key],
        set(value: unknown) {
          Object.defineProperty(stand, key, { value, writable: true, enumerable: true, configurable: true });
        },
        enumerable: true,
        configurable: true,
      });
    }
    pending.add(entry);
    entries.set(stand, entry);
    return stand;
  };

  const conversionChange = new Set(['addConversion', 'removeConversion']);
  const typeChange = new Set(['addConversions', 'removeConversions', 'clearConversions', 'addType', 'addTypes', 'clear']);
  return new Proxy(typed, {
    apply(target, thisArg, args: unknown[]) {
      // typed(name, signatures or typed functions to merge…): deferred (a merge reads the merged
      // functions' data only when it is built). Every other form is built now.
      const isTypedFunction = target.isTypedFunction as (x: unknown) => boolean;
      if (typeof args[0] === 'string' && args.length > 1 && args.slice(1).every((a) => isPlainObject(a) || isTypedFunction(a))) return deferred(args);
      return Reflect.apply(target, thisArg, args);
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      if (conversionChange.has(key)) {
        return (conversion: { to?: unknown }, ...rest: unknown[]) => {
          buildPending(typeof conversion?.to === 'string' ? conversion.to : undefined);
          return Reflect.apply(value, target, [conversion, ...rest]);
        };
      }
      if (typeChange.has(key)) {
        return (...rest: unknown[]) => {
          buildPending();
          return Reflect.apply(value, target, rest);
        };
      }
      return value;
    },
  }) as Typed;
}

const createTyped = (all as unknown as Record<string, FactoryFunction<unknown> & { dependencies: string[] }>).createTyped;
if (!createTyped) throw new Error('mathjs no longer exports createTyped: see src/core/math/lazyTyped.ts');

/** mathjs's factories with `typed` replaced by the deferring one. */
export const FACTORIES_WITH_DEFERRED_TYPED: FactoryFunctionMap = {
  ...(all as FactoryFunctionMap),
  createTyped: factory('typed', createTyped.dependencies as never, (deps) => deferTypedFunctions((createTyped as unknown as (d: unknown) => Typed)(deps))),
};
