// `npm run bench`: each benchmark is a ratio against a baseline measured in the same run, so the
// numbers mean the same on any machine. Writes bench/results.md and bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { attentionBenchmarks } from './cases/attention';
import { estimatorBenchmarks } from './cases/estimator';
import { formulaBenchmarks } from './cases/formulas';
import { tensorBenchmarks } from './cases/tensors';
import { checkpointBenchmarks } from './cases/checkpoints';
import { median, type Row } from './measure';

function timeCommand(cmd: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function main(): Promise<void> {
const rows: Row[] = [...formulaBenchmarks(), ...estimatorBenchmarks(), ...attentionBenchmarks(), ...(await tensorBenchmarks()), ...checkpointBenchmarks()];

// CLI start-up: `modelmath --version` against a bare `node -e 0` (target: within 2×).
{
  const baselineMs = timeCommand(process.execPath, ['-e', '0'], 15);
  const subjectMs = timeCommand(process.execPath, ['dist/cli.js', '--version'], 15);
  const ratio = subjectMs / baselineMs;
  rows.push({ name: 'CLI start-up', subject: '`modelmath --version`', baseline: '`node -e 0`', subjectMs, baselineMs, ratio, target: '≤ 2×', met: ratio <= 2 });
}

// Measurements only the real editor can make, recorded by the last `npm run test:integration`.
function editorRows(): Row[] {
  const read = (f: string) => {
    const path = join('test-results', f);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, number>) : undefined;
  };
  const out: Row[] = [];
  const hover = read('hover-latency.json');
  if (hover) out.push({ name: 'config hover latency in VS Code (median of 25)', subject: 'vscode.executeHoverProvider on a config.json (every hover provider, workbench round trip)', baseline: '—', subjectMs: hover.medianMs ?? NaN, baselineMs: NaN, ratio: NaN, target: '< 50 ms', met: (hover.medianMs ?? Infinity) < 50, note: 'from the last integration run' });
  const activation = read('activation.json');
  if (activation) out.push({ name: 'activation in VS Code', subject: 'evaluating the bundle + activate()', baseline: '—', subjectMs: activation.totalMs ?? NaN, baselineMs: NaN, ratio: NaN, target: '< 20 ms', met: (activation.totalMs ?? Infinity) < 20, note: `module ${(activation.moduleMs ?? NaN).toFixed(1)} ms (requiring vscode ${(activation.requiresMs ?? NaN).toFixed(1)} ms) + activate() ${(activation.activateMs ?? NaN).toFixed(1)} ms; VS Code's own context preparation in between (${(activation.contextWaitMs ?? NaN).toFixed(1)} ms, asynchronous) not counted; from the last integration run` });
  for (const [file, what] of [['stall-selection.json', 'longest extension-host task while checking a 45 MB selection'], ['stall-checkpoint.json', 'longest extension-host task while streaming a 2 GiB checkpoint']] as const) {
    const r = read(file);
    if (r) out.push({ name: what, subject: 'monitorEventLoopDelay max', baseline: '—', subjectMs: r.maxMs ?? NaN, baselineMs: NaN, ratio: NaN, target: '< 50 ms', met: (r.maxMs ?? Infinity) < 50, note: 'from the last integration run' });
  }
  return out;
}
rows.push(...editorRows());

const fmt = (x: number, unit = '') => (Number.isFinite(x) ? `${x.toFixed(2)}${unit}` : '—');
const table = [
  '| benchmark | subject | baseline | subject ms | baseline ms | ratio | target | met | note |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.subject} | ${r.baseline} | ${fmt(r.subjectMs)} | ${fmt(r.baselineMs)} | ${fmt(r.ratio, '×')} | ${r.target} | ${r.met ? 'yes' : 'no'} | ${r.note ?? ''} |`),
].join('\n');
writeFileSync('bench/results.md', `${table}\n`);
writeFileSync('bench/results.json', `${JSON.stringify(rows, null, 2)}\n`);
console.log(table);
}

void main();
