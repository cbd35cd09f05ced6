// `modelmath eval` with equations, formulas that start with a minus, stdin and worksheet files (issue
// 13). In-process evaluators (the worker path is covered by mathService.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCommand, splitEvalArguments } from '../../../src/cli/commands/eval';
import { reportError } from '../../../src/cli/errors';
import { evaluateFormula, type Scope } from '../../../src/core/math/evaluate';
import { evaluateWorksheet } from '../../../src/core/math/worksheet';

const files: Record<string, string> = {
  'notes.mmath': ['# KV cache of a 32-layer GQA model', 'kv = kv_cache_bytes(32, 8, 128)', 'kv = 131072', 'kv * 8192 bytes = 1 GiB', '2 * 3 = 7'].join('\n'),
  'good.mmath': ['d = 64', '1/sqrt(d) == 0.125'].join('\n'),
  'broken.mmath': ['x = 2', 'x +'].join('\n'),
};
let stdin = '';
const command = evalCommand(
  async (text, options, lets) => {
    const scope: Scope = new Map();
    for (const [name, value] of lets) {
      const r = evaluateFormula(value, scope, options);
      if (r.status === 'ok') scope.set(name, r.value);
    }
    return evaluateFormula(text, scope, options);
  },
  async (text, options) => evaluateWorksheet(text, options).lines,
  (path) => {
    if (path === 0) return stdin;
    const f = files[path];
    if (f === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    return f;
  },
);

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const io = { out: (s: string) => (out += s), err: (s: string) => (err += s) };
  let code: number;
  try {
    code = await command.run(argv, io);
  } catch (e) {
    code = reportError(e, false, io.err);
  }
  return { code, out, err };
}

describe('modelmath eval: equations', () => {
  it("'2 \\cdot 3 = 7' does not hold: both values, exit 3", async () => {
    const r = await run('2 \\cdot 3 = 7');
    assert.equal(r.code, 3);
    assert.match(r.out, /does not hold: 6 ≠ 7/);
  });
  it('the note from the issue: 2·32·8·128·2 is 131,072, not 262,144', async () => {
    const r = await run('$2 \\cdot 32 \\cdot 8 \\cdot 128 \\cdot 2 = 262144$', '--json');
    assert.equal(r.code, 3);
    const j = JSON.parse(r.out) as { value: number; equation: { lhs: number; rhs: number; holds: boolean; relation: string; ratio: number } };
    assert.equal(j.value, 131072);
    assert.deepEqual({ lhs: j.equation.lhs, rhs: j.equation.rhs, holds: j.equation.holds, relation: j.equation.relation }, { lhs: 131072, rhs: 262144, holds: false, relation: '=' });
    assert.equal(j.equation.ratio, 0.5);
  });
  it('a right equation holds to the precision written on the right side, exit 0', async () => {
    const r = await run('\\frac{1}{6} \\approx 0.1667', '--json');
    assert.equal(r.code, 0);
    const j = JSON.parse(r.out) as { equation: { holds: boolean; relation: string; rhs: number } };
    assert.deepEqual([j.equation.holds, j.equation.relation, j.equation.rhs], [true, '≈', 0.1667]);
  });
  it('a definition still binds and prints its value (no equation)', async () => {
    const r = await run('n = 2^12', '--json');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), { value: 4096, unit: null, text: '4,096' });
  });
  it('--let values make a bound left side a check', async () => {
    assert.equal((await run('x = 2 * 3', '--let', 'x=7')).code, 3);
    assert.equal((await run('x = 2 * 3', '--let', 'x=6')).code, 0);
  });
});

describe('modelmath eval: formulas that start with a minus, --, stdin', () => {
  it('a leading minus without -- is the formula, not an option', async () => {
    const r = await run('-\\alpha_t(1-p_t)^\\gamma\\log(p_t)', '--let', 'alpha_t=0.25', '--let', 'gamma=2', '--let', 'p_t=0.9', '--json');
    assert.equal(r.code, 0, r.err);
    const expected = -0.25 * (1 - 0.9) ** 2 * Math.log(0.9);
    assert.ok(Math.abs((JSON.parse(r.out) as { value: number }).value - expected) < 1e-15);
  });
  it('-(p\\log p+q\\log q) and the same after --', async () => {
    const expected = -(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7));
    for (const argv of [['-(p\\log p+q\\log q)'], ['--', '-(p\\log p+q\\log q)']]) {
      const r = await run(...argv, '--let', 'p=0.3', '--let', 'q=0.7', '--json');
      // after --, the options are formula text too: put them first
      if (argv[0] === '--') continue;
      assert.equal(r.code, 0, r.err);
      assert.ok(Math.abs((JSON.parse(r.out) as { value: number }).value - expected) < 1e-15);
    }
    const r = await run('--let', 'p=0.3', '--let', 'q=0.7', '--json', '--', '-(p\\log p+q\\log q)');
    assert.equal(r.code, 0, r.err);
    assert.ok(Math.abs((JSON.parse(r.out) as { value: number }).value - expected) < 1e-15);
  });
  it('splits options from the formula', () => {
    assert.deepEqual(splitEvalArguments(['-2 * 3', '--json']), { options: ['--json'], formula: ['-2 * 3'] });
    assert.deepEqual(splitEvalArguments(['--let', 'n=4', '--', '--json']), { options: ['--let', 'n=4'], formula: ['--json'] });
  });
  it('- reads the formula from stdin', async () => {
    stdin = '\\sqrt{2} \\approx 1.414\n';
    const r = await run('-');
    assert.equal(r.code, 0);
    assert.match(r.out, /^holds: 1\.41421 ≈ 1\.414/);
  });
});

describe('modelmath eval FILE.mmath', () => {
  it('prints each line with its result; exit 3 when an equation does not hold', async () => {
    const r = await run('notes.mmath');
    assert.equal(r.code, 3);
    assert.match(r.out, /kv = kv_cache_bytes\(32, 8, 128\)\s+→\s+kv = 131,072/);
    assert.match(r.out, /kv \* 8192 bytes = 1 GiB\s+→\s+holds: 1 GiB = 1 GiB/);
    assert.match(r.out, /2 \* 3 = 7\s+→\s+does not hold: 6 ≠ 7/);
  });
  it('--json prints a list with the equations', async () => {
    const r = await run('notes.mmath', '--json');
    const lines = JSON.parse(r.out) as { line: number; equation?: { holds: boolean } }[];
    assert.deepEqual(lines.map((l) => [l.line, l.equation?.holds ?? null]), [[2, null], [3, null], [4, true], [5, false]]);
  });
  it('exit 0 when every line is right, 2 on an error line, 2 for a missing file', async () => {
    assert.equal((await run('good.mmath')).code, 0);
    assert.equal((await run('broken.mmath')).code, 2);
    const missing = await run('missing.mmath');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read 'missing.mmath': no such file/);
  });
});

describe('units of library results', () => {
  it('kv_cache_bytes(32,8,128) * 8192 to GiB converts; a plain number says what is missing', async () => {
    assert.equal(JSON.parse((await run('kv_cache_bytes(32,8,128) * 8192 to GiB', '--json')).out).text, '1 GiB');
    const r = await run('131072 to GiB');
    assert.equal(r.code, 2);
    assert.match(r.err, /plain number, with no unit/);
  });
  it('1 PF-day and 2 PF-days are units', async () => {
    assert.equal(JSON.parse((await run('1 PF-day to FLOP', '--json')).out).value, 8.64e19);
    assert.equal(JSON.parse((await run('2 PF-days to PFday', '--json')).out).value, 2);
  });
});
