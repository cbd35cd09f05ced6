// `npm run bench`: each benchmark is a ratio against a baseline measured in the same run, so the
// numbers mean the same on any machine. Writes bench/results.md and bench/results.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { attentionBenchmarks } from './cases/attention';
import { estimatorBenchmarks } from './cases/estimator';
import { formulaBenchmarks } from './cases/formulas';
import { tensorBenchmarks, textBenchmarks } from './cases/tensors';
import { checkpointBenchmarks } from './cases/checkpoints';
import { median, type Row } from './measure';

function timeCommand(cmd: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { stdio: 'ignore' });
    // A failed run (e.g. eval's worker over its time budget on a loaded machine) counts as missing.
    times.push(r.status === 0 ? performance.now() - t : NaN);
  }
  return median(times);
}

async function main(): Promise<void> {
// BENCH_ONLY=startup,tensors (a comma-separated list of these names) runs only those groups.
const only = process.env.BENCH_ONLY?.split(',').map((g) => g.trim());
const wanted = (group: string) => !only || only.includes(group);
const groups: [string, () => Row[]][] = [['formulas', formulaBenchmarks], ['estimator', estimatorBenchmarks], ['attention', attentionBenchmarks], ['tensors', tensorBenchmarks], ['checkpoints', checkpointBenchmarks]];
const rows: Row[] = groups.flatMap(([group, run]) => (wanted(group) ? run() : []));
// BENCH_ONLY=text: the text row of the tensors group alone.
if (only?.includes('text') && !only.includes('tensors')) rows.push(...textBenchmarks());

// CLI start-up per subcommand against a bare `node -e 0`, alternating (load hits both alike);
// the spread is the quartiles of the per-run ratios.
if (wanted('startup')) {
  const runs = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
  const cases: [string, string[], number][] = [
    ['`modelmath --version`', ['--version'], 1.5],
    ['`modelmath estimate CONFIG`', ['estimate', 'samples/configs/mixtral-8x7b.json'], 1.5],
    ['`modelmath scale --head-dim 128 --seq 8192`', ['scale', '--head-dim', '128', '--seq', '8192'], 1.5],
    ['`modelmath tensor FILE.npy` (small file)', ['tensor', 'test/fixtures/tensors/fp16-big-endian.npy'], 1.5],
    ['`modelmath eval "2 GiB / 4"`', ['eval', '2 GiB / 4'], 2],
  ];
  // One unmeasured run of each first: the first run of a subcommand writes its V8 code cache
  // (src/cli/compileCache.ts); what is measured is every run after it.
  for (const [, args] of cases) timeCommand(process.execPath, ['dist/cli.js', ...args], 1);
  const base: number[] = [];
  const subject = cases.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    base.push(timeCommand(process.execPath, ['-e', '0'], 1));
    cases.forEach(([, args], k) => subject[k]?.push(timeCommand(process.execPath, ['dist/cli.js', ...args], 1)));
  }
  const baselineMs = median(base);
  cases.forEach(([what, , target], k) => {
    const all = subject[k] as number[];
    const times = all.filter((t) => Number.isFinite(t));
    const ratios = all.map((t, i) => t / (base[i] as number)).filter((r) => Number.isFinite(r)).sort((a, b) => a - b);
    const ratio = median(ratios);
    const q = (f: number) => ratios[Math.floor(f * (ratios.length - 1))] as number;
    rows.push({ name: 'CLI start-up', subject: what, baseline: '`node -e 0`', subjectMs: median(times), baselineMs, ratio, target: `≤ ${target}×`, met: ratio <= target, note: `quartiles ${q(0.25).toFixed(2)}–${q(0.75).toFixed(2)}× over ${ratios.length} alternating runs${ratios.length < runs ? ` (${runs - ratios.length} failed)` : ''}` });
  });
}

/** What test/integration/suite/responsiveness.spec.ts records: its best run and every attempt. */
interface StallRecord {
  readonly maxMs: number;
  readonly idleMs: number;
  readonly runs?: readonly { readonly maxMs: number; readonly longTasks?: readonly { readonly ms: number; readonly ourMs: number }[] }[];
}

/**
 * A stall row judged as the integration test judges it: the event loop's longest delay when under
 * the limit (50 ms plus the idle machine's own delay above 10 ms), else the longest time Model Math
 * code ran within any long busy stretch (the rest of such a stretch is other code, or the thread
 * waiting for a core on a loaded machine).
 */
function stallRow(name: string, r: StallRecord): Row {
  const limit = 50 + Math.max(0, (r.idleMs ?? 10) - 10);
  const best = r.runs?.find((x) => x.maxMs === r.maxMs);
  const tasks = best?.longTasks ?? [];
  const raw = `event-loop delay max ${r.maxMs.toFixed(0)} ms (idle machine ${r.idleMs.toFixed(0)} ms)`;
  if (r.maxMs < limit) return { name, subject: 'event-loop delay max (monitorEventLoopDelay)', baseline: '—', subjectMs: r.maxMs, baselineMs: NaN, ratio: NaN, target: `< ${limit.toFixed(0)} ms`, met: true, note: `${raw}; from the last integration run` };
  const ours = tasks.length ? Math.max(...tasks.map((t) => t.ourMs)) : NaN;
  const longest = [...tasks].sort((a, b) => b.ms - a.ms);
  const stretches = longest.slice(0, 4).map((t) => `${t.ms.toFixed(0)} ms (ours ${t.ourMs.toFixed(0)})`).join(', ') + (longest.length > 4 ? ` and ${longest.length - 4} shorter` : '');
  return { name, subject: 'Model Math code within the longest busy stretch (CPU profile of the extension host)', baseline: '—', subjectMs: ours, baselineMs: NaN, ratio: NaN, target: `< ${limit.toFixed(0)} ms`, met: ours < limit, note: `${raw}; busy stretches ${stretches || 'not profiled'}; from the last integration run` };
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
    const r = read(file) as StallRecord | undefined;
    if (r) out.push(stallRow(what, r));
  }
  return out;
}
if (!only) rows.push(...editorRows());

const fmt = (x: number, unit = '') => (Number.isFinite(x) ? `${x.toFixed(2)}${unit}` : '—');
const table = [
  '| benchmark | subject | baseline | subject ms | baseline ms | ratio | target | met | note |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.subject} | ${r.baseline} | ${fmt(r.subjectMs)} | ${fmt(r.baselineMs)} | ${fmt(r.ratio, '×')} | ${r.target} | ${r.met ? 'yes' : 'no'} | ${r.note ?? ''} |`),
].join('\n');
// A partial run (BENCH_ONLY) only prints: the committed results stay those of a whole run.
if (!only) {
  writeFileSync('bench/results.md', `${table}\n`);
  writeFileSync('bench/results.json', `${JSON.stringify(rows, null, 2)}\n`);
}
console.log(table);
}

void main();
