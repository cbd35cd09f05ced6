// The paper-formula corpus (issue 13): formulas as papers typeset them, values computed by
// scripts/paper-formulas.py with Python's math module. At least 95 % must evaluate to the
// independent value and the rest give a clear error naming the construct; every wrong equation in
// the corpus is flagged and every right one holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCorpus, runCase, runEquation } from '../../support/formulaCorpus';

const corpus = loadCorpus();

describe('paper-formula corpus', () => {
  it('has at least 60 formulas from real papers and a corpus of wrong equations', () => {
    assert.ok(corpus.cases.length >= 60, `${corpus.cases.length} cases`);
    assert.ok(corpus.equations.filter((e) => !e.holds).length >= 10);
  });

  it('at least 95 % evaluate to the independent value; the rest are clear errors naming the construct', (t) => {
    const outcomes = corpus.cases.map(runCase);
    const wrong = outcomes.filter((o) => o.verdict === 'wrong');
    const withValues = corpus.cases.filter((c) => c.expected !== null).length;
    const right = outcomes.filter((o) => o.verdict === 'value').length;
    t.diagnostic(`${right}/${withValues} evaluate to the independent value`);
    assert.deepEqual(wrong, [], 'every case is a right value or a clear error');
    assert.ok(right / withValues >= 0.95, `${right}/${withValues}`);
  });

  for (const c of corpus.cases) {
    it(`${c.id} (${c.source})`, () => {
      const o = runCase(c);
      assert.notEqual(o.verdict, 'wrong', `${c.tex}: ${o.detail}`);
    });
  }

  it('flags every wrong equation and lets every right one hold', () => {
    const bad = corpus.equations.map(runEquation).filter((e) => !e.ok);
    assert.deepEqual(bad, []);
  });
});
