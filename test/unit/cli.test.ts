import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, SUBCOMMANDS } from '../../src/cli/main';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

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
      assert.ok(r.out.startsWith(s.usage));
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
});
