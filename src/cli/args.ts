// Minimal, strict argument parsing shared by every subcommand (node:util parseArgs underneath).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  debug: { type: 'boolean' },
} as const satisfies OptionSpec;

export function parse<T extends OptionSpec>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options: { ...GLOBAL_OPTIONS, ...options } as typeof GLOBAL_OPTIONS & T, allowPositionals: true, strict: true });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err);
    throw new UsageError(`${message.replace(/\. To specify.*$/, '')}. Usage: ${usage}`);
  }
}

/** A positive number option (whole by default); undefined when absent. */
export function positiveOption(flag: string, value: string | undefined, o: { integer?: boolean; min?: number } = {}): number | undefined {
  if (value === undefined) return undefined;
  const integer = o.integer ?? true;
  const n = Number(value.replace(/_/g, ''));
  const min = o.min ?? 0;
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n < min || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${flag} must be a ${integer ? 'whole number' : 'number'} ${min > 1 ? `≥ ${min}` : 'above 0'}, got '${value}'`);
  }
  return n;
}
