// The editor stays responsive on huge inputs: an event-loop delay monitor runs in the extension
// host while a large selection is checked and a multi-GB checkpoint is streamed; no single task on
// this thread may take 50 ms or more. On a 2-core machine the tensor worker, the browser and the
// server compete with the extension host for CPU, which delays the event loop without any task
// blocking it; a blocking task would show in every run, so each workload runs up to three times and the
// best run must stay under the limit (50 ms plus what other processes add: limitMs) (all are recorded). The thread is shared with VS Code and the built-in
// extensions, so a CPU profile runs alongside: a run also passes when, in every busy stretch of 45 ms or
// more, Model Math's own code ran for less than the limit (longTasks.ts). (VS Code does not sync documents
// above 50 MB to extension hosts, so the largest selection an extension can ever receive is just under that.)
import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';
import { profileLongTasks, type LongTask } from './longTasks';

const dir = mkdtempSync(join(tmpdir(), 'mm-responsive-'));
/** Beside the test results, for the bench table. */
const record = (file: string, value: unknown) => {
  const out = process.env.MODELMATH_TEST_RESULTS;
  if (out) writeFileSync(join(dirname(out), file), JSON.stringify(value));
};

interface Run {
  maxMs: number;
  maxGcMs: number;
  /** Busy stretches of 45 ms or more in the CPU profile. */
  longTasks: readonly LongTask[];
}

/**
 * The stall allowed: 50 ms, plus what a busy machine adds to every task. The idle baseline (the
 * longest event-loop delay over an idle second measured just before, in the same run) is ~10 ms on
 * an otherwise idle machine (the monitor's resolution); anything above that is other processes
 * holding the cores (with both cores busy it was 18 ms and stretched a 30 ms task past 50 ms).
 */
const limitMs = (idleMs: number) => 50 + Math.max(0, idleMs - 10);

/**
 * A run passes when no task took longer than the limit, or when the profile shows that in every long
 * busy stretch Model Math's own code (with the garbage collection right after it) ran for less than
 * the limit. The rest of such a stretch is VS Code's, other extensions', or the thread waiting for a
 * core ("(program)" samples while both cores are busy): judging on our own samples keeps the test
 * able to fail on a Model Math task of 50 ms without failing on a loaded machine. A stall with no
 * profile to explain it fails.
 */
const passes = (r: Run, idleMs: number) =>
  r.maxMs < limitMs(idleMs) || (r.longTasks.length > 0 && r.longTasks.every((t) => t.ourMs < limitMs(idleMs)));

/** The longest event-loop stall during `work`, the longest garbage-collection pause (to tell them apart) and the long tasks. */
async function measure<T>(ourPath: string, work: () => Promise<T>): Promise<{ result: T; run: Run }> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  let maxGcMs = 0;
  const gc = new PerformanceObserver((list) => list.getEntries().forEach((e) => (maxGcMs = Math.max(maxGcMs, e.duration))));
  gc.observe({ entryTypes: ['gc'] });
  const profile = await profileLongTasks(ourPath, 45);
  h.enable();
  try {
    const result = await work();
    return { result, run: { maxMs: h.max / 1e6, maxGcMs, longTasks: await profile.stop() } };
  } finally {
    h.disable();
    gc.disconnect();
  }
}

/** Runs a workload up to three times until one run passes; returns the best run and all of them. */
async function bestOfThree<T>(ourPath: string, idleMs: number, before: (attempt: number) => Promise<void>, work: () => Promise<T>): Promise<{ result: T; best: Run; runs: Run[] }> {
  const runs: Run[] = [];
  let result: T | undefined;
  const ok = (r: Run) => passes(r, idleMs);
  for (let attempt = 0; attempt < 3 && !runs.some(ok); attempt++) {
    await before(attempt);
    const r = await measure(ourPath, work);
    result = r.result;
    runs.push(r.run);
  }
  const best = runs.find(ok) ?? runs.reduce((a, b) => (b.maxMs < a.maxMs ? b : a));
  return { result: result as T, best, runs };
}

function explain(best: Run, idleMs?: number): string {
  // A busy stretch may hold several tasks back to back: it bounds a task from above.
  const tasks = best.longTasks.map((t) => `\n  busy ${t.ms.toFixed(0)} ms${t.ours ? ` (Model Math code ${t.ourMs.toFixed(0)} ms)` : ''}${t.foreign ? ' (other code)' : ''}: ${t.top.join('; ')}`).join('');
  return `the extension host stalled for ${best.maxMs.toFixed(1)} ms (longest GC pause ${best.maxGcMs.toFixed(1)} ms${idleMs === undefined ? '' : `; idle baseline ${idleMs.toFixed(1)} ms, so the limit was ${limitMs(idleMs).toFixed(1)} ms`})${tasks}`;
}

describe('Responsiveness on huge inputs', () => {
  let api: ModelMathApi;
  let ourPath: string;
  before(async () => {
    const ext = vscode.extensions.getExtension('modelmath.model-math');
    api = (await ext?.activate()) as ModelMathApi;
    ourPath = `${ext?.extensionPath ?? '/model-math'}/dist/`;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('checking a 45 MB selection never blocks the extension host for 50 ms', async function () {
    this.timeout(180_000);
    const path = join(dir, 'big.txt');
    const row = Array.from({ length: 16 }, (_, i) => (Math.sin(i) * 0.5).toFixed(8)).join(', ');
    const lines = Math.floor(45e6 / (row.length + 1));
    writeFileSync(path, `${row}\n`.repeat(lines));
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, doc.lineCount, 0);
    // Built-in extensions in this extension host react to a 45 MB document too (e.g. scanning it
    // for merge conflicts): let them finish, and measure an idle second as the baseline.
    await new Promise((r) => setTimeout(r, 3000));
    const idle = await measure(ourPath, () => new Promise((r) => setTimeout(r, 1000)));
    const { result, best, runs } = await bestOfThree(
      ourPath,
      idle.run.maxMs,
      async () => {},
      () => Promise.resolve(vscode.commands.executeCommand('modelmath.checkTensor') as Thenable<{ shape: number[] } | undefined>),
    );
    record('stall-selection.json', { maxMs: best.maxMs, maxGcMs: best.maxGcMs, idleMs: idle.run.maxMs, runs });
    assert.deepEqual(result?.shape, [lines, 16]);
    assert.ok(passes(best, idle.run.maxMs), explain(best, idle.run.maxMs));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('streaming a 2 GiB checkpoint never blocks the extension host for 50 ms', async function () {
    this.timeout(900_000);
    // A sparse file: the header, then 2 GiB of float32 zeros the file system never stores.
    const count = 2 ** 29;
    const header = Buffer.from(JSON.stringify({ zeros: { dtype: 'F32', shape: [count], data_offsets: [0, count * 4] } }));
    const pre = Buffer.alloc(8);
    pre.writeBigUInt64LE(BigInt(header.length));
    const path = join(dir, 'huge.safetensors');
    const fd = openSync(path, 'w');
    writeSync(fd, pre);
    writeSync(fd, header);
    writeSync(fd, Buffer.alloc(1), 0, 1, 8 + header.length + count * 4 - 1);
    closeSync(fd);
    const config = vscode.workspace.getConfiguration('modelmath.tensors');
    await config.update('askAboveBytes', 2 ** 40, vscode.ConfigurationTarget.Global);
    try {
      const idle = await measure(ourPath, () => new Promise((r) => setTimeout(r, 1000)));
      const { best, runs } = await bestOfThree(
        ourPath,
        idle.run.maxMs,
        async (attempt) => {
          if (attempt > 0) await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        },
        async () => {
          await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path), 'modelmath.tensorFile');
          const deadline = Date.now() + 240_000;
          while (!api.tensorFileReports()?.get('zeros')) {
            if (Date.now() > deadline) throw new Error('the statistics of the 2 GiB file did not arrive within 4 minutes');
            await new Promise((res) => setTimeout(res, 200));
          }
        },
      );
      const report = api.tensorFileReports()?.get('zeros');
      record('stall-checkpoint.json', { maxMs: best.maxMs, maxGcMs: best.maxGcMs, idleMs: idle.run.maxMs, runs });
      assert.equal(report?.count, count);
      assert.ok(report?.checks.some((c) => c.id === 'all_zero'));
      assert.ok(passes(best, idle.run.maxMs), explain(best, idle.run.maxMs));
    } finally {
      await config.update('askAboveBytes', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
