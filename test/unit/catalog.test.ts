// Every reference card must render with KaTeX (the view would show an error otherwise) and carry
// the worked value documented in references/model-math.md.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import katex from 'katex';
import { formulaCatalog } from '../../src/core/reference/catalog';

describe('formula catalog', () => {
  const cards = formulaCatalog();

  it('has unique ids and a source for every card', () => {
    assert.equal(new Set(cards.map((c) => c.id)).size, cards.length);
    for (const c of cards) assert.match(c.source, /\S/);
  });

  for (const c of cards) {
    it(`renders ${c.id} with KaTeX in strict mode`, () => {
      assert.doesNotThrow(() => katex.renderToString(c.latex, { displayMode: true, throwOnError: true }));
    });
  }

  it('shows the documented worked values', () => {
    const value = (id: string) => cards.find((c) => c.id === id)?.example.value;
    assert.equal(value('standard-scale'), 0.125);
    assert.ok(Math.abs((value('entropy-invariant-scale') ?? 0) - 0.1666667) < 5e-8);
    assert.ok(Math.abs((value('alpha-star-normal') ?? 0) - 2.00839) < 5e-6);
    assert.ok(Math.abs((value('yarn-factor') ?? 0) - 1.143434) < 5e-7);
    assert.equal(value('layer-multiplications'), 4_026_531_840);
    assert.equal(value('kv-cache'), 524_288);
  });
});
