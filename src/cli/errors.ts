// CLI failures: bad input exits 2, anything unexpected exits 1; one line on stderr, no stack trace
// unless --debug.
export class UsageError extends Error {
  readonly exitCode = 2;
}

export function reportError(err: unknown, debug: boolean, write: (s: string) => void): number {
  if (err instanceof UsageError) {
    write(`modelmath: ${err.message}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`modelmath: internal error: ${message}${debug ? '' : ' (run with --debug for details)'}\n`);
  if (debug && err instanceof Error && err.stack) write(`${err.stack}\n`);
  return 1;
}
