// `npm run bench`: each benchmark is a ratio against a baseline measured in the same run, so the
// numbers mean the same on any machine. Writes bench/results.md and bench/results.json.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { attentionBenchmarks } from './cases/attention';
import { estimatorBenchmarks } from './cases/estimator';
import { formulaBenchmarks } from './cases/formulas';
import { tensorBenchmarks } from './cases/tensors';
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
const rows: Row[] = [...formulaBenchmarks(), ...estimatorBenchmarks(), ...attentionBenchmarks(), ...(await tensorBenchmarks())];

// CLI start-up: `modelmath --version` against a bare `node -e 0` (target: within 2×).
{
  const baselineMs = timeCommand(process.execPath, ['-e', '0'], 15);
  const subjectMs = timeCommand(process.execPath, ['dist/cli.js', '--version'], 15);
  const ratio = subjectMs / baselineMs;
  rows.push({ name: 'CLI start-up', subject: '`modelmath --version`', baseline: '`node -e 0`', subjectMs, baselineMs, ratio, target: '≤ 2×', met: ratio <= 2 });
}

const table = [
  '| benchmark | subject | baseline | subject ms | baseline ms | ratio | target | met | note |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.subject} | ${r.baseline} | ${r.subjectMs.toFixed(2)} | ${r.baselineMs.toFixed(2)} | ${r.ratio.toFixed(2)}× | ${r.target} | ${r.met ? 'yes' : 'no'} | ${r.note ?? ''} |`),
].join('\n');
writeFileSync('bench/results.md', `${table}\n`);
writeFileSync('bench/results.json', `${JSON.stringify(rows, null, 2)}\n`);
console.log(table);
}

void main();
