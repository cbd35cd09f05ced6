// CLI failures: bad input exits 2, anything unexpected exits 1; one line on stderr, no stack trace
// unless --debug.
// Each subcommand is its own bundle (esbuild.mjs) with its own copy of this class, so the
// dispatcher in dist/cli.js recognises a usage error by a registered symbol, not by instanceof.
const USAGE_ERROR = Symbol.for('modelmath.UsageError');

export class UsageError extends Error {
  readonly exitCode = 2;
  readonly [USAGE_ERROR] = true;
}

function isUsageError(err: unknown): err is UsageError {
  return typeof err === 'object' && err !== null && (err as { [USAGE_ERROR]?: unknown })[USAGE_ERROR] === true;
}

export function reportError(err: unknown, debug: boolean, write: (s: string) => void): number {
  if (isUsageError(err)) {
    write(`modelmath: ${err.message}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`modelmath: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err instanceof Error && err.stack) write(`${err.stack}\n`);
  return 1;
}
