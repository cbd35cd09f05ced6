// The worker-backed evaluator: real worker bundle (built here with esbuild), time budget, reuse
// after a timeout, worksheet bindings for later selections.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { DEFAULT_LIMITS } from '../../src/core/math/engine';
import { FormulaError } from '../../src/core/math/errors';
import { MathService } from '../../src/node/mathService';

describe('MathService (evaluation worker)', () => {
  let dir: string;
  let service: MathService;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mm-worker-'));
    await esbuild.build({ entryPoints: [new URL('../../src/node/mathWorker.ts', import.meta.url).pathname], outfile: join(dir, 'mathWorker.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    // Starting a worker (loading mathjs) is slow on a loaded machine: warm it with a generous
    // budget, then test with the 1500 ms one.
    service = new MathService(join(dir, 'mathWorker.js'), { timeoutMs: 60_000, maxMemoryMb: 256, limits: DEFAULT_LIMITS });
    await service.evaluate('0');
    service.options = { ...service.options, timeoutMs: 1500 };
  });

  after(() => {
    service.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('evaluates in the worker with --let values', async () => {
    const r = await service.evaluate('\\frac{\\log_{512} n}{\\sqrt{d}}', {}, { lets: [['n', '4096'], ['d', '8^2']] });
    assert.equal(r.status, 'ok');
    assert.equal(r.status === 'ok' && r.value, Math.log(4096) / Math.log(512) / 8);
  });

  it('stops a runaway formula at the time budget, then works again', async () => {
    const t = Date.now();
    await assert.rejects(service.evaluate('f(x) = x > 0 ? f(x - 1) + f(x - 1) : 1; f(60)'), (e: unknown) => e instanceof FormulaError && /took longer than 1500 ms and was stopped/.test(e.message));
    assert.ok(Date.now() - t < 5000);
    // A fresh worker starts for the next request (again with time to load mathjs).
    service.options = { ...service.options, timeoutMs: 60_000 };
    const r = await service.evaluate('1 + 1');
    service.options = { ...service.options, timeoutMs: 1500 };
    assert.equal(r.status === 'ok' && r.value, 2);
  });

  it('starts the time budget once the worker is ready: a slow start-up on a busy machine is not a timeout', async () => {
    // A worker that takes 1.2 s to start (as loading the engine can under CPU contention), then answers at once.
    const slow = join(dir, 'slowWorker.js');
    writeFileSync(slow, `const { parentPort } = require('node:worker_threads');
const until = Date.now() + 1200; while (Date.now() < until) {}
parentPort.on('message', (req) => parentPort.postMessage({ id: req.id, ok: true, result: { status: 'ok', value: 42 } }));
parentPort.postMessage({ ready: true });`);
    const quick = new MathService(slow, { timeoutMs: 300, maxMemoryMb: 64, limits: DEFAULT_LIMITS });
    try {
      const r = await quick.evaluate('anything');
      assert.equal(r.status === 'ok' && r.value, 42);
    } finally {
      quick.dispose();
    }
  });

  it('keeps a worksheet’s bindings for later evaluations under its key', async () => {
    const sheet = await service.worksheet('file:///w.mmath', 'd = 64\nn = 4096\nbad +');
    assert.deepEqual(sheet.names.sort(), ['d', 'n']);
    assert.equal(sheet.lines.find((l) => l.line === 2)?.status, 'error');
    const r = await service.evaluate('logn_scale(n, d)', {}, { worksheet: 'file:///w.mmath' });
    assert.equal(r.status === 'ok' && r.text, '0.166667');
    await service.forget('file:///w.mmath');
    const again = await service.evaluate('logn_scale(n, d)', {}, { worksheet: 'file:///w.mmath' });
    assert.equal(again.status, 'needs-values');
  });

  it('checks the equations of a document in the worker', async () => {
    const wrong = await service.wrongEquations('Fine: $2^{10} = 1024$. Wrong: $2 \\cdot 3 = 7$.');
    assert.deepEqual(wrong.map((w) => [w.start, w.equation.lhs.value, w.equation.rhs.value]), [[30, 6, 7]]);
  });

  it('passes formula errors through with their position', async () => {
    await assert.rejects(service.evaluate('1 + * 2'), (e: unknown) => e instanceof FormulaError && e.start === 4);
  });
});
