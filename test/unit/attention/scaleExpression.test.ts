import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScaleExpression, pythonToMath } from '../../../src/core/attention/scaleExpression';

describe('scale expressions', () => {
  it('reads the forms people write', () => {
    assert.equal(parseScaleExpression('1/sqrt(64)').evaluate({ d: 64, n: 1 }), 0.125);
    assert.equal(parseScaleExpression('d**-0.5').evaluate({ d: 64, n: 1 }), 0.125);
    assert.ok(Math.abs(parseScaleExpression('log(n)/log(512)/sqrt(d)').evaluate({ d: 64, n: 4096 }) - 1 / 6) < 1e-15);
    assert.equal(parseScaleExpression('1.0 / math.sqrt(k.size(-1))').evaluate({ d: 256, n: 1 }), 1 / 16);
    assert.equal(parseScaleExpression('self.head_dim ** -0.5').evaluate({ d: 16, n: 1 }), 0.25);
    assert.equal(parseScaleExpression('\\frac{1}{\\sqrt{d}}').evaluate({ d: 4, n: 1 }), 0.5);
  });

  it('knows a natural log without a base from one with a base', () => {
    assert.equal(parseScaleExpression('log(n)/sqrt(d)').naturalLog, true);
    assert.equal(parseScaleExpression('math.log(n) / math.log(512) / math.sqrt(d)').naturalLog, false);
    assert.equal(parseScaleExpression('log(n, 512)/sqrt(d)').naturalLog, false);
    assert.equal(parseScaleExpression('log2(n)/sqrt(d)').naturalLog, false);
    assert.equal(parseScaleExpression('log(L)/sqrt(d)').naturalLog, false);
  });

  it('says which names it does not know', () => {
    assert.throws(() => parseScaleExpression('x/2').evaluate({ d: 1, n: 1 }), /Unknown name 'x'.*d \(head dimension\)/);
    assert.throws(() => parseScaleExpression('log(n)/log(L)').evaluate({ d: 1, n: 8 }), /training length/);
    assert.throws(() => parseScaleExpression('1/(d-d)').evaluate({ d: 1, n: 8 }), /finite number/);
  });

  it('translates Python spellings', () => assert.equal(pythonToMath('q.shape[-1] ** -0.5 // 1'), 'd ^ -0.5 / 1'));
});

describe('natural-log test without the formula engine', () => {
  it('agrees with the parsed expression tree on every example', async () => {
    const { naturalLogWithoutBase } = await import('../../../src/core/attention/scaleSyntax');
    for (const text of ['log(n)/sqrt(d)', 'math.log(n) / math.log(512) / math.sqrt(d)', 'log(n, 512)/sqrt(d)', 'log2(n)/sqrt(d)', 'log(L)/sqrt(d)', 'np.log(seq_len) * d**-0.5', 'log(max(n, 16))/log(512)/sqrt(d)', '1/sqrt(d)', 'log(d)']) {
      assert.equal(naturalLogWithoutBase(text), parseScaleExpression(text).naturalLog, text);
    }
  });
});
