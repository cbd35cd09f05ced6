// mathjs's `typed` with deferred construction. Building a typed-function (parsing its signatures,
// adding conversions, sorting them, compiling the tests) is most of what building the engine costs,
// and most functions built are never called: they are dependencies of dependencies (the Unit
// class alone pulls in pow → inv → det → multiply…). Here `typed(name, signatures…)` returns a
// stand-in that builds the real function from the same arguments on its first call or the first
// look at its signatures, so only what a formula uses is built (decision 0021). Until then a call
// whose arguments match exactly one signature by type, without conversions, 'any' or rest
// parameters, runs that signature's function directly: typed-function would pick the same one
// (it orders exact, any-free, rest-free signatures first), and `2 GiB / 4` needs no build at all.
//
// One thing could make a deferred build differ from an eager one: a conversion added or removed
// in between (mathjs's parse adds string → Node; simplify adds Object → Map only while it builds).
// Before any such change every pending function it would change (a parameter that accepts the
// converted-to type but not the converted-from one) is built, so each one sees exactly the
// conversions it would have seen when it was declared.
import { all, factory, type FactoryFunction, type FactoryFunctionMap } from 'mathjs';

type Fn = (...args: unknown[]) => unknown;
type Typed = Fn & Record<string, unknown>;
interface Pending {
  readonly args: unknown[];
  /** The stand-in: what a referToSelf is given before the build (calling it dispatches like the built function). */
  self?: Fn;
  readonly signatureText: string;
  build(): unknown;
  /** The signatures with their type tests, for calls before the build; undefined until first needed. */
  exact?: readonly ExactSignature[];
  /** `signatures` as typed-function would give it, when it can be told without building. */
  signatures?: Record<string, unknown> | undefined;
}
/** One signature as typed-function splits it (one type per parameter, unions as alternatives). */
interface ExactSignature {
  readonly tests: readonly ((x: unknown) => boolean)[];
  /** Rest parameter or 'any': never the unique exact match. */
  readonly loose: boolean;
  /** The function, or undefined when only the build can resolve it (referTo, referToSelf). */
  readonly fn: Fn | undefined;
}

/** Calls a stand-in answers from its signatures before it builds the real function (a loop is faster built). */
const CALLS_BEFORE_BUILD = 64;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Whether a conversion from → to changes the function with these signatures (one per line):
 * typed-function adds it to each parameter that accepts `to` and does not already accept `from`.
 */
function convertedBy(signatureText: string, from: string | undefined, to: string | undefined): boolean {
  if (to === undefined) return true;
  if (!signatureText.includes(to)) return false; // most functions: no need to split their signatures
  return signatureText.split('\n').some((key) =>
    key.split(',').some((param) => {
      const types = param.trim().replace(/^\.\.\./, '').split('|').map((t) => t.trim());
      return types.includes(to) && (from === undefined || !types.includes(from));
    }),
  );
}

/** Wraps a typed-function instance so that `typed(name, {…}, …)` defers building; everything else passes through. */
export function deferTypedFunctions(typed: Typed): Typed {
  const pending = new Set<Pending>();
  const buildPending = (from?: string, to?: string) => {
    for (const p of [...pending]) if (convertedBy(p.signatureText, from, to)) p.build();
  };

  const entries = new WeakMap<object, Pending>();
  /** The signatures an argument brings, as text: a plain object's keys, a typed function's (a stand-in's without building it). */
  const signatureText = (a: unknown): string => (isPlainObject(a) ? Object.keys(a).join('\n') : (entries.get(a as object)?.signatureText ?? Object.keys((a as { signatures: object }).signatures).join('\n')));

  const findType = typed._findType as ((name: string) => { name: string; test: (x: unknown) => boolean }) | undefined;
  const isTypedFunction = typed.isTypedFunction as (x: unknown) => boolean;
  /** Signatures as typed-function parses them: 'A | B, ...C' → parameters split at ',' and types at '|'. */
  /**
   * A signature's function as typed-function resolves it: referToSelf gets the stand-in (calling
   * it dispatches as the built function would); referTo names other signatures, which only the
   * build resolves (undefined).
   */
  const resolved = new WeakMap<object, Fn>();
  const resolve = (owner: Pending | undefined, value: unknown): Fn | undefined => {
    if (typeof value === 'function') return value as Fn;
    const self = (value as { referToSelf?: { callback?: unknown } } | null)?.referToSelf;
    if (!owner?.self || typeof self?.callback !== 'function') return undefined;
    let fn = resolved.get(value as object);
    if (!fn) resolved.set(value as object, (fn = (self.callback as (s: Fn) => Fn)(owner.self)));
    return fn;
  };
  const parseSignatures = (map: Record<string, unknown>, owner?: Pending): ExactSignature[] =>
    Object.keys(map).map((key) => {
      const value = resolve(owner, map[key]);
      const params = key.trim() === '' ? [] : key.split(',').map((p) => p.trim());
      const loose = params.some((p) => p.startsWith('...') || p.split('|').some((t) => t.trim() === 'any'));
      const tests = loose || !findType ? [] : params.map((p) => p.split('|').map((t) => findType(t.trim()).test));
      return { tests: tests.map((alternatives) => (x: unknown) => alternatives.some((test) => test(x))), loose, fn: value };
    });
  const exactSignatures = (entry: Pending, args: readonly unknown[]): readonly ExactSignature[] =>
    (entry.exact ??= args.slice(1).flatMap((a) => {
      if (isPlainObject(a)) return parseSignatures(a, entry);
      const inner = entries.get(a as object);
      return inner ? exactSignatures(inner, inner.args) : parseSignatures((a as { signatures: Record<string, unknown> }).signatures);
    }));
  /**
   * What typed-function's `signatures` property would hold (its signatures with unions split, in
   * its order), without building: undefined when only a build can tell (a referTo or referToSelf
   * to resolve, a signature given twice).
   */
  const splitSignatures = (entry: Pending): Record<string, unknown> | undefined => {
    if (!findType) return undefined;
    const out: Record<string, unknown> = {};
    const add = (key: string, fn: unknown): boolean => {
      if (Object.prototype.hasOwnProperty.call(out, key)) return false;
      out[key] = fn;
      return true;
    };
    for (const a of entry.args.slice(1)) {
      if (isPlainObject(a)) {
        for (const key of Object.keys(a)) {
          const fn = resolve(entry, a[key]);
          if (!fn) return undefined;
          const params = key.trim() === '' ? [] : key.trim().split(',').map((p) => {
            const param = p.trim();
            const rest = param.startsWith('...');
            const types = (rest ? (param.length > 3 ? param.slice(3) : 'any') : param).split('|').map((t) => findType(t.trim()).name);
            return rest ? [`...${types.join('|')}`] : types;
          });
          let keys = [''];
          params.forEach((alternatives, i) => {
            keys = keys.flatMap((k) => alternatives.map((t) => (i === 0 ? t : `${k},${t}`)));
          });
          for (const k of keys) if (!add(k, fn)) return undefined;
        }
      } else {
        const inner = entries.get(a as object);
        const sigs = inner ? (inner.signatures ??= splitSignatures(inner)) : (a as { signatures: Record<string, unknown> }).signatures;
        if (!sigs) return undefined;
        for (const k of Object.keys(sigs)) if (!add(k, sigs[k])) return undefined;
      }
    }
    return out;
  };

  /** The one signature that matches `callArgs` exactly, if there is exactly one and its function is known. */
  const exactMatch = (signatures: readonly ExactSignature[], callArgs: readonly unknown[]): Fn | undefined => {
    let match: ExactSignature | undefined;
    for (const sig of signatures) {
      if (sig.loose) continue;
      if (sig.tests.length !== callArgs.length || !sig.tests.every((test, i) => test(callArgs[i]))) continue;
      if (match) return undefined;
      match = sig;
    }
    return match?.fn;
  };

  const deferred = (args: unknown[]) => {
    const name = args[0] as string;
    let built: ((...a: unknown[]) => unknown) | undefined;
    let calls = 0;
    const entry: Pending = {
      args,
      signatureText: args.slice(1).map(signatureText).join('\n'),
      build() {
        if (!built) {
          pending.delete(entry);
          built = Reflect.apply(typed, undefined, args) as (...a: unknown[]) => unknown;
        }
        return built;
      },
    };
    /** Calls before the build: the exact match's function, or the build. */
    const early = (self: unknown, callArgs: ArrayLike<unknown>): unknown => {
      if (findType && ++calls <= CALLS_BEFORE_BUILD) {
        const list = Array.from(callArgs);
        let direct: Fn | undefined;
        try {
          direct = exactMatch(exactSignatures(entry, args), list);
        } catch {
          direct = undefined; // an unknown type name: the build reports it
        }
        if (direct) return direct.apply(self, list);
      }
      return (entry.build() as Fn).apply(self, Array.from(callArgs));
    };
    // `arguments` rather than a rest parameter: once built, this is one more call on every
    // evaluation step, and V8 passes `arguments` to apply without copying it.
    const stand = function (this: unknown) {
      // eslint-disable-next-line prefer-rest-params
      return built ? built.apply(this, arguments as unknown as unknown[]) : early(this, arguments);
    };
    Object.defineProperty(stand, 'name', { value: name });
    // What mathjs and typed-function read of a typed function: its signatures (mathjs extends
    // matrix functions with their scalar function's; answered without a build when it can be)
    // and internal data.
    for (const key of ['signatures', '_typedFunctionData']) {
      Object.defineProperty(stand, key, {
        get: () => {
          if (key === 'signatures' && !built) {
            const sigs = (entry.signatures ??= splitSignatures(entry));
            if (sigs) return sigs;
          }
          return (entry.build() as Record<string, unknown>)[key];
        },
        set(value: unknown) {
          Object.defineProperty(stand, key, { value, writable: true, enumerable: true, configurable: true });
        },
        enumerable: true,
        configurable: true,
      });
    }
    pending.add(entry);
    entries.set(stand, entry);
    entry.self = stand;
    return stand;
  };

  const conversionChange = new Set(['addConversion', 'removeConversion']);
  const typeChange = new Set(['addConversions', 'removeConversions', 'clearConversions', 'addType', 'addTypes', 'clear']);
  return new Proxy(typed, {
    apply(target, thisArg, args: unknown[]) {
      // typed(name, signatures or typed functions to merge…): deferred (a merge reads the merged
      // functions' data only when it is built). Every other form is built now.
      if (typeof args[0] === 'string' && args.length > 1 && args.slice(1).every((a) => isPlainObject(a) || isTypedFunction(a))) return deferred(args);
      return Reflect.apply(target, thisArg, args);
    },
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      if (conversionChange.has(key)) {
        return (conversion: { from?: unknown; to?: unknown }, ...rest: unknown[]) => {
          buildPending(typeof conversion?.from === 'string' ? conversion.from : undefined, typeof conversion?.to === 'string' ? conversion.to : undefined);
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

/**
 * mathjs's factories with `typed` replaced by the deferring one. A function, not a module-level
 * value: bundles that import this module without creating an engine (the extension host) must
 * not keep all of mathjs.
 */
export function factoriesWithDeferredTyped(): FactoryFunctionMap {
  const createTyped = (all as unknown as Record<string, FactoryFunction<unknown> & { dependencies: string[] }>).createTyped;
  if (!createTyped) throw new Error('mathjs no longer exports createTyped: see src/core/math/lazyTyped.ts');
  return {
    ...(all as FactoryFunctionMap),
    createTyped: factory('typed', createTyped.dependencies as never, (deps) => deferTypedFunctions((createTyped as unknown as (d: unknown) => Typed)(deps))),
  };
}
