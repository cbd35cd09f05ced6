// Reads one config the way transformers' configuration class does: a field, else one of its aliases
// (the class's attribute_map, e.g. GPT-2's n_embd for hidden_size), else the class default. JSON
// null means "use the default", as in transformers. Every value is checked; errors name the field.
import { ConfigError } from '../spec';

export type Json = Record<string, unknown>;
export const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Sizes beyond this are typos or hostile: the counts they imply overflow exact integers. */
export const MAX_SIZE = 2 ** 31;
/** Layers are listed tensor by tensor: bound them (real models have at most a few hundred). */
export const MAX_LAYERS = 10_000;

/** Names every family accepts (transformers v4 → v5 renames). */
const COMMON_ALIASES: Readonly<Record<string, readonly string[]>> = { dtype: ['torch_dtype'] };

export class ConfigReader {
  /** Fields read from the class defaults, for reports ("intermediate_size: 11008 (LlamaConfig default)"). */
  readonly defaultsUsed: string[] = [];

  constructor(
    readonly raw: Json,
    private readonly defaults: Json,
    private readonly aliases: Readonly<Record<string, readonly string[]>> = {},
    readonly modelType = '',
  ) {}

  /** The raw value under the name or an alias, without defaults; undefined when absent or null. */
  private readonly givenMemo = new Map<string, { name: string; value: unknown } | undefined>();

  given(name: string): { name: string; value: unknown } | undefined {
    if (this.givenMemo.has(name)) return this.givenMemo.get(name);
    const g = this.findGiven(name);
    this.givenMemo.set(name, g);
    return g;
  }

  private findGiven(name: string): { name: string; value: unknown } | undefined {
    for (const n of [name, ...(this.aliases[name] ?? []), ...(COMMON_ALIASES[name] ?? [])]) {
      const v = Object.prototype.hasOwnProperty.call(this.raw, n) ? this.raw[n] : undefined;
      if (v !== undefined && v !== null) return { name: n, value: v };
    }
    return undefined;
  }

  private readonly memo = new Map<string, unknown>();

  get(name: string): unknown {
    // Builders ask for the same fields once per layer: answer from a memo after the first time.
    if (this.memo.has(name)) return this.memo.get(name);
    const v = this.lookup(name);
    this.memo.set(name, v);
    return v;
  }

  private lookup(name: string): unknown {
    const g = this.given(name);
    if (g) return g.value;
    for (const n of [name, ...(this.aliases[name] ?? [])]) {
      const d = Object.prototype.hasOwnProperty.call(this.defaults, n) ? this.defaults[n] : undefined;
      if (d !== undefined && d !== null) {
        this.defaultsUsed.push(name);
        return d;
      }
    }
    return undefined;
  }

  private fieldName(name: string): string {
    return this.given(name)?.name ?? name;
  }

  /** A positive whole number; `fallback` when absent (else a ConfigError naming the field). */
  int(name: string, what: string, fallback?: number, max = MAX_SIZE): number {
    const v = this.get(name);
    if (v === undefined) {
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`The config has no ${what} ("${name}"${this.aliases[name]?.length ? ` or ${this.aliases[name]?.map((a) => `"${a}"`).join(', ')}` : ''}); add it to the config`, name);
    }
    const f = this.fieldName(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new ConfigError(`"${f}" must be a positive whole number (the ${what}), got ${JSON.stringify(v)}`, f);
    if (v > max) throw new ConfigError(`"${f}" is ${v.toLocaleString('en-US')}, beyond any real model (at most ${max.toLocaleString('en-US')}); check the ${what}`, f);
    return v;
  }

  /** A whole number ≥ 0 (0 is meaningful: first_k_dense_replace = 0). */
  count(name: string, what: string, fallback = 0, max = MAX_SIZE): number {
    const v = this.get(name);
    if (v === undefined) return fallback;
    const f = this.fieldName(name);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new ConfigError(`"${f}" must be a whole number ≥ 0 (the ${what}), got ${JSON.stringify(v)}`, f);
    if (v > max) throw new ConfigError(`"${f}" is ${v.toLocaleString('en-US')}, beyond any real model (at most ${max.toLocaleString('en-US')}); check the ${what}`, f);
    return v;
  }

  /** A positive whole number or undefined (absent/null). */
  optInt(name: string, what: string, max = MAX_SIZE): number | undefined {
    return this.get(name) === undefined ? undefined : this.int(name, what, undefined, max);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw new ConfigError(`"${this.fieldName(name)}" must be true or false, got ${JSON.stringify(v)}`, this.fieldName(name));
    return v;
  }

  num(name: string, fallback: number): number {
    const v = this.get(name);
    return typeof v === 'number' ? v : fallback;
  }

  str(name: string, fallback = ''): string {
    const v = this.get(name);
    return typeof v === 'string' ? v : fallback;
  }

  list(name: string): readonly unknown[] | undefined {
    const v = this.get(name);
    return Array.isArray(v) ? v : undefined;
  }

  /** Field was written in the file (not defaulted). */
  has(name: string): boolean {
    return this.given(name) !== undefined;
  }
}
