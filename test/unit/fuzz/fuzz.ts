// Shared settings for the property tests: a few thousand cases per target, a fixed seed so CI
// failures reproduce (FUZZ_SEED overrides it; FUZZ_RUNS scales the count).
import fc from 'fast-check';

export const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
export const SEED = Number(process.env.FUZZ_SEED ?? 20261122);

export function check<T>(arb: fc.Arbitrary<T>, property: (x: T) => void, runs = RUNS): void {
  fc.assert(fc.property(arb, property), { numRuns: runs, seed: SEED, endOnFailure: true });
}

export async function checkAsync<T>(arb: fc.Arbitrary<T>, property: (x: T) => Promise<void>, runs = RUNS): Promise<void> {
  await fc.assert(fc.asyncProperty(arb, property), { numRuns: runs, seed: SEED, endOnFailure: true });
}

/** A string from pieces of a vocabulary (tokens that matter to the parser under test). */
export const tokens = (vocabulary: readonly string[], max = 40) => fc.array(fc.constantFrom(...vocabulary), { maxLength: max }).map((xs) => xs.join(''));

/** Mutations of a valid input: delete, insert or replace a few characters. */
export function mutated(valid: readonly string[], alphabet: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.constantFrom(0, 1, 2), fc.constantFrom(...alphabet.split(''))), { maxLength: 6 }))
    .map(([s, edits]) => {
      let out = s;
      for (const [pos, kind, ch] of edits) {
        const i = out.length ? pos % (out.length + 1) : 0;
        if (kind === 0) out = out.slice(0, i) + out.slice(i + 1);
        else if (kind === 1) out = out.slice(0, i) + ch + out.slice(i);
        else out = out.slice(0, i) + ch + out.slice(i + 1);
      }
      return out;
    });
}

/** Byte mutations of a valid file: flips, truncation, splices. */
export function mutatedBytes(valid: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...valid), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 8 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([b, flips, cut]) => {
      const out = b.slice();
      for (const [pos, value] of flips) if (out.length) out[pos % out.length] = value;
      return cut === undefined ? out : out.slice(0, cut % (out.length + 1));
    });
}

/** Fails the property unless `f` returns or throws one of the allowed error classes. */
export function onlyClearErrors(f: () => unknown, allowed: readonly (new (...a: never[]) => Error)[]): void {
  try {
    f();
  } catch (err) {
    if (!allowed.some((cls) => err instanceof cls)) throw new Error(`unexpected ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
    if (!(err instanceof Error) || err.message.length === 0 || /\bat \S+:\d+:\d+/.test(err.message)) throw new Error(`unclear error: ${String(err)}`);
  }
}
