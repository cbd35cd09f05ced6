// Estimating a config must be far under a millisecond so a hover never waits (issue #4).
import { readFileSync } from 'node:fs';
import { estimate } from '../../src/core/model/estimate';
import { normalizeConfig } from '../../src/core/model/normalize';
import { timeIt, type Row } from '../measure';

export function estimatorBenchmarks(): Row[] {
  const text = readFileSync('samples/configs/mixtral-8x7b.json', 'utf8');
  const runs = 200;
  const subjectMs = timeIt(() => {
    for (let i = 0; i < runs; i++) estimate(normalizeConfig(JSON.parse(text)));
  }) / runs;
  const baselineMs = timeIt(() => {
    for (let i = 0; i < runs; i++) JSON.parse(text);
  }) / runs;
  return [{ name: 'estimate a config (Mixtral-8x7B: parse, normalise, count, FLOPs, memory)', subject: 'normalizeConfig + estimate', baseline: 'JSON.parse of the file', subjectMs, baselineMs, ratio: subjectMs / baselineMs, target: '< 1 ms', met: subjectMs < 1, note: `${(subjectMs * 1000).toFixed(0)} µs per estimate` }];
}
