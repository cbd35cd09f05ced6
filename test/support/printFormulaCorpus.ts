// Prints how the paper-formula corpus fares: npx tsx test/support/printFormulaCorpus.ts [--verbose]
import { loadCorpus, runCase, runEquation } from './formulaCorpus';

const verbose = process.argv.includes('--verbose');
const corpus = loadCorpus();
const outcomes = corpus.cases.map(runCase);
const count = (v: string) => outcomes.filter((o) => o.verdict === v).length;
for (const o of outcomes) if (verbose || o.verdict === 'wrong') console.log(`${o.verdict.padEnd(11)} ${o.id}: ${o.detail}`);
const withValues = corpus.cases.filter((c) => c.expected !== null).length;
console.log(`paper corpus: ${count('value')}/${withValues} evaluate to the independent value (${((100 * count('value')) / withValues).toFixed(1)} %), ${count('clear-error')}/${corpus.cases.length - withValues} expected errors are clear, ${count('wrong')} wrong`);
const eqs = corpus.equations.map(runEquation);
for (const e of eqs) if (verbose || !e.ok) console.log(`${e.ok ? 'ok   ' : 'WRONG'} ${e.text}: ${e.detail}`);
console.log(`equations: ${eqs.filter((e) => e.ok).length}/${eqs.length} given the right verdict`);
