// The paper-formula corpus (issue 13): formulas as papers typeset them, values computed by
// scripts/paper-formulas.py with Python's math module. At least 95 % must evaluate to the
// independent value and the rest give a clear error naming the construct; every wrong equation in
// the corpus is flagged and every right one holds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalCommand } from '../../../src/cli/commands/eval';
import { evaluateFormula } from '../../../src/core/math/evaluate';
import { wrongEquations } from '../../../src/core/math/documentEquations';
import { verdictText } from '../../../src/core/math/verdict';
import { evaluateWorksheet } from '../../../src/core/math/worksheet';
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

  it('the CLI, worksheets, the document check and evaluateFormula give the same verdict on every equation without variables', async () => {
    const cli = evalCommand(async (text, options) => evaluateFormula(text, new Map(), options));
    for (const e of corpus.equations.filter((x) => Object.keys(x.vars).length === 0)) {
      const direct = evaluateFormula(e.text, new Map(), { latex: e.latex });
      assert.ok(direct.status === 'ok' && direct.equation, e.text);
      let out = '';
      const code = await cli.run([...(e.latex ? ['--latex'] : []), '--', e.text], { out: (t) => (out += t), err: () => undefined });
      assert.equal(code, e.holds ? 0 : 3, e.text);
      assert.equal(out.trim(), verdictText(direct.equation), e.text);
      const line = evaluateWorksheet(e.text, { latex: e.latex }).lines[0];
      assert.equal(line?.equation?.holds, e.holds, `worksheet: ${e.text}`);
      if (e.latex) assert.equal(wrongEquations(`$${e.text}$`).length, e.holds ? 0 : 1, `document: ${e.text}`);
    }
  });
});
