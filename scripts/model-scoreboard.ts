// Scoreboard of the model registry against the reference fixtures generated from transformers:
// per model type exact / wrong / refused / approximate / error, and the real configs.
//   npx tsx scripts/model-scoreboard.ts            summary and every type that is not exact
//   npx tsx scripts/model-scoreboard.ts --all      every type
//   npx tsx scripts/model-scoreboard.ts llama bert only these types, with details
//   npx tsx scripts/model-scoreboard.ts --markdown the README's tables of refused and approximate types
import { listModelTypes, loadModelCases } from '../test/support/modelFixtures';
import { compareCase, typeVerdict, type CaseResult, type Verdict } from '../test/support/registryScore';

const args = process.argv.slice(2);
const all = args.includes('--all');
const markdown = args.includes('--markdown');
const listed: Record<'refused' | 'approximate', string[]> = { refused: [], approximate: [] };
const only = args.filter((a) => !a.startsWith('--'));
const counts: Record<Verdict, number> = { exact: 0, wrong: 0, refused: 0, approximate: 0, error: 0, skipped: 0 };
let forwards = 0;
for (const type of listModelTypes()) {
  if (only.length && !only.includes(type)) continue;
  const results: (CaseResult & { name: string })[] = loadModelCases(type).map((c) => ({ ...compareCase(c), name: `${c.variant}/${c.architecture}` }));
  const verdict = typeVerdict(results);
  counts[verdict]++;
  forwards += results.filter((r) => r.checkedForward).length;
  if (verdict === 'refused' || verdict === 'approximate') {
    const why = results.find((r) => r.verdict === verdict)?.details ?? [];
    listed[verdict].push(`| \`${type}\` | ${(verdict === 'refused' ? (why[0] ?? '') : why.join('; ')).replace(/\|/g, '\\|')} |`);
  }
  if (markdown) continue;
  if (all || only.length || verdict !== 'exact') {
    console.log(`${verdict.padEnd(11)} ${type}`);
    const shown = results.filter((r) => r.verdict === verdict && r.details.length).slice(0, only.length ? 20 : 1);
    for (const r of shown) for (const d of r.details.slice(0, only.length ? 12 : 3)) console.log(`            ${r.name}: ${d}`);
  }
}
if (markdown) {
  console.log('| model type | refused because |\n|---|---|');
  console.log(listed.refused.join('\n'));
  if (listed.approximate.length) {
    console.log('\n| model type | estimated as approximate because |\n|---|---|');
    console.log(listed.approximate.join('\n'));
  } else console.log('\nNo type is estimated as approximate.');
}
const n = Object.values(counts).reduce((a, b) => a + b, 0) - counts.skipped;
console.log(`\n${n} model types: ${counts.exact} exact, ${counts.wrong} wrong, ${counts.refused} refused, ${counts.approximate} approximate, ${counts.error} error (${counts.skipped} skipped: transformers itself cannot build them); ${forwards} forwards compared (FLOPs, KV cache)`);
