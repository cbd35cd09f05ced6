// CLI failures: one line on stderr, exit 2 for bad input and 1 for internal errors; a stack trace
// only with --debug.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { evalCommand } from '../../src/cli/commands/eval';
import { reportError, UsageError } from '../../src/cli/errors';

describe('CLI error reporting', () => {
  const capture = (err: unknown, debug: boolean) => {
    let out = '';
    const code = reportError(err, debug, (s) => (out += s));
    return { code, out };
  };
  it('bad input: exit 2, one line, no stack', () => {
    const r = capture(new UsageError('--seq must be a positive whole number'), false);
    assert.equal(r.code, 2);
    assert.equal(r.out, 'modelmath: --seq must be a positive whole number\n');
  });
  it('bad input from a subcommand bundle (its own copy of UsageError) is still exit 2, not an internal error', async () => {
    // dist/cli-NAME.js bundles errors.ts again: build such a copy and throw its UsageError.
    const dir = mkdtempSync(join(tmpdir(), 'mm-errors-'));
    try {
      const file = join(dir, 'errors.js');
      await esbuild.build({ entryPoints: [new URL('../../src/cli/errors.ts', import.meta.url).pathname], outfile: file, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
      const copy = createRequire(import.meta.url)(file) as { UsageError: typeof UsageError };
      assert.notEqual(copy.UsageError, UsageError);
      const r = capture(new copy.UsageError('missing the expression to evaluate'), false);
      assert.deepEqual(r, { code: 2, out: 'modelmath: missing the expression to evaluate\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('internal errors: exit 1, one line, the stack only with --debug', () => {
    const err = new TypeError('x is undefined');
    const plain = capture(err, false);
    assert.equal(plain.code, 1);
    assert.equal(plain.out.trim().split('\n').length, 1);
    assert.doesNotMatch(plain.out, /\n\s+at /);
    assert.match(plain.out, /internal error: x is undefined \(run with --debug for details\)/);
    const debug = capture(err, true);
    assert.match(debug.out, /\n\s+at /);
  });
  it('a subcommand that fails unexpectedly is an internal error (exit 1)', async () => {
    const sub = evalCommand(() => Promise.reject(new RangeError('boom')));
    let code: number | undefined;
    try {
      await sub.run(['1+1'], { out: () => undefined, err: () => undefined });
    } catch (err) {
      code = capture(err, false).code;
    }
    assert.equal(code, 1);
  });
});
