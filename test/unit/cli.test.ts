import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUBCOMMANDS } from '../../src/cli/main';
import { cli } from '../support/cli';
import { evaluateFormula, type Scope } from '../../src/core/math/evaluate';
import { evalCommand } from '../../src/cli/commands/eval';

// The eval command with a plain evaluator (the CLI's own one, with its time budget, is covered by
// inProcessMath.test.ts).
const inProcessEval = evalCommand(async (text, options, lets) => {
  const scope: Scope = new Map();
  for (const [name, value] of lets) {
    const r = evaluateFormula(value, scope, options);
    if (r.status === 'ok') scope.set(name, r.value);
  }
  return evaluateFormula(text, scope, options);
});

async function evalCli(...argv: string[]) {
  let out = '';
  let err = '';
  const io = { out: (s: string) => (out += s), err: (s: string) => (err += s) };
  let code: number;
  try {
    code = await inProcessEval.run(argv, io);
  } catch (e) {
    const { reportError } = await import('../../src/cli/errors');
    code = reportError(e, false, io.err);
  }
  return { code, out, err };
}

const run = cli;

describe('modelmath CLI', () => {
  it('lists every subcommand in --help and exits 0', async () => {
    const r = await run('--help');
    assert.equal(r.code, 0);
    for (const s of SUBCOMMANDS) assert.match(r.out, new RegExp(`^  ${s.name}\\s`, 'm'));
  });

  it('describes each subcommand with <sub> --help', async () => {
    for (const s of SUBCOMMANDS) {
      const r = await run(s.name, '--help');
      assert.equal(r.code, 0);
      const sub = await s.load();
      assert.ok(r.out.startsWith(sub.usage));
      // The table main.ts lists without loading a module says what the module says.
      assert.equal(s.summary, sub.summary, `${s.name}: the summary in src/cli/main.ts differs from the command's`);
      assert.equal(s.name, sub.name);
    }
  });

  it('reports an unknown command in one line on stderr with exit code 2', async () => {
    const r = await run('frobnicate');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /unknown command 'frobnicate'/);
  });

  it('reports an unknown option with the usage and exit code 2', async () => {
    const r = await run('formulas', '--frob');
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown option '--frob'.*Usage: modelmath formulas/);
  });

  it('formulas --json prints parseable cards; an unknown id lists the known ones', async () => {
    const r = await run('formulas', 'kv-cache', '--json');
    assert.equal(r.code, 0);
    const cards = JSON.parse(r.out) as { id: string; example: { value: number } }[];
    assert.equal(cards.length, 1);
    assert.equal(cards[0]?.example.value, 524_288);
    const bad = await run('formulas', 'nope');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /no formula with id 'nope'. Known ids: standard-scale/);
  });

  it('eval prints the value; --json prints value, unit and text', async () => {
    assert.deepEqual(await evalCli('6 * 8e9 * 15e12'), { code: 0, out: '7.2e+23\n', err: '' });
    const r = await evalCli('7e9 * 2 bytes to GiB', '--json');
    assert.deepEqual(JSON.parse(r.out), { value: 14e9 / 2 ** 30, unit: 'GiB', text: '13.0385 GiB' });
    const inf = await evalCli('1/0', '--json');
    assert.deepEqual(JSON.parse(inf.out), { value: 'Infinity', unit: null, text: '∞' });
  });

  it('eval reads LaTeX, takes --let values and names missing ones', async () => {
    const r = await evalCli('\\frac{\\log_{512} n}{\\sqrt{d}}', '--let', 'n=4096', '--let', 'd=64');
    assert.equal(r.out, '0.166667\n');
    const missing = await evalCli('\\frac{\\log_{512} n}{\\sqrt{d}}');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /needs values for n, d: pass --let n=… --let d=…/);
    const forced = await evalCli('--latex', '2^{10}');
    assert.equal(forced.out, '1,024\n');
  });

  it('eval errors are one line with exit code 2', async () => {
    for (const args of [['1 +'], ['--let', 'oops', '1'], ['--digits', '0', '1'], []]) {
      const r = await evalCli(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });
});
