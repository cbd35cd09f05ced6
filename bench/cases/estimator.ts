// Estimating a config must be far under a millisecond so a hover never waits (issue #4), for
// every config: the registry builds the whole tensor inventory (issue #12), so the slowest real
// config (the most layers × tensors) is measured, not one typical file.
import { readdirSync, readFileSync } from 'node:fs';
import { estimate } from '../../src/core/model/estimate';
import { normalizeConfigText } from '../../src/core/model/normalize';
import { timeIt, type Row } from '../measure';

function row(name: string, text: string, runs = 200): Row {
  const subjectMs = timeIt(() => {
    for (let i = 0; i < runs; i++) estimate(normalizeConfigText(text));
  }) / runs;
  const baselineMs = timeIt(() => {
    for (let i = 0; i < runs; i++) JSON.parse(text);
  }) / runs;
  return { name, subject: 'parse (Python JSON dialect) + registry + estimate', baseline: 'JSON.parse of the file', subjectMs, baselineMs, ratio: subjectMs / baselineMs, target: '< 1 ms', met: subjectMs < 1, note: `${(subjectMs * 1000).toFixed(0)} µs per estimate` };
}

export function estimatorBenchmarks(): Row[] {
  const rows = [row('estimate a config (Mixtral-8x7B: parse, registry, count, FLOPs, memory)', readFileSync('samples/configs/mixtral-8x7b.json', 'utf8'))];
  // Every real config of test/fixtures/real-configs: the slowest one is the row.
  const dir = 'test/fixtures/real-configs';
  let slowest: { file: string; ms: number; text: string } | undefined;
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const text = readFileSync(`${dir}/${f}`, 'utf8');
    let ms: number;
    try {
      ms = timeIt(() => estimate(normalizeConfigText(text)), 9, 2);
    } catch {
      continue; // refused types (e.g. Mamba) are not estimated
    }
    if (!slowest || ms > slowest.ms) slowest = { file: f, ms, text };
  }
  if (slowest) rows.push(row(`estimate the slowest of the real configs (${slowest.file.replace(/\.json$/, '')})`, slowest.text, 50));
  return rows;
}
