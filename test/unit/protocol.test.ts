import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formulaCatalog } from '../../src/core/reference/catalog';
import { isHostMessage, isWebviewMessage, MAX_MESSAGE_TEXT } from '../../src/shared/protocol';

const settings = { significantDigits: 6, plotMaxLength: 131072 };

describe('message protocol guards', () => {
  it('accepts every well-formed message', () => {
    assert.ok(isHostMessage({ type: 'init', view: 'reference', formulas: formulaCatalog(), settings }));
    assert.ok(isHostMessage({ type: 'settings', settings }));
    assert.ok(isWebviewMessage({ type: 'ready', view: 'reference' }));
    assert.ok(isWebviewMessage({ type: 'copy', text: '\\frac{1}{2}' }));
    assert.ok(isWebviewMessage({ type: 'error', message: 'boom' }));
  });

  it('rejects unknown types, wrong shapes and oversized text', () => {
    for (const bad of [null, 42, 'ready', [], {}, { type: 'eval' }, { type: 'ready', view: 'other' }, { type: 'copy' }, { type: 'copy', text: 5 }, { type: 'copy', text: 'x'.repeat(MAX_MESSAGE_TEXT + 1) }]) {
      assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad)?.slice(0, 80));
    }
    assert.equal(isHostMessage({ type: 'settings', settings: { significantDigits: 0, plotMaxLength: 100 } }), false);
    assert.equal(isHostMessage({ type: 'init', view: 'reference', formulas: [{ id: 'x' }], settings }), false);
    assert.equal(isHostMessage({ type: 'init', view: 'reference', formulas: 'nope', settings }), false);
  });

  it('accepts an evaluation with an equation verdict and rejects a malformed one', () => {
    const ok = { status: 'ok', text: '6', fullText: '6', unit: null, normalized: '2 * 3 = 7', tex: '2\\cdot3=7' };
    const equation = { holds: false, verdict: 'does not hold: 6 ≠ 7', lhs: '6', rhs: '7' };
    assert.ok(isHostMessage({ type: 'evaluation', requestId: 1, result: { ...ok, equation } }));
    assert.equal(isHostMessage({ type: 'evaluation', requestId: 1, result: { ...ok, equation: { ...equation, holds: 'no' } } }), false);
    assert.equal(isHostMessage({ type: 'evaluation', requestId: 1, result: { ...ok, equation: { holds: true } } }), false);
  });

  it('checks the Formula view messages field by field', () => {
    assert.ok(isWebviewMessage({ type: 'evaluate', requestId: 3, text: '1+1', latex: 'auto', values: { n: '4096' } }));
    assert.ok(isWebviewMessage({ type: 'ready', view: 'formula' }));
    for (const bad of [
      { type: 'evaluate', requestId: 1.5, text: '1', latex: 'auto', values: {} },
      { type: 'evaluate', requestId: 1, text: '1', latex: 'maybe', values: {} },
      { type: 'evaluate', requestId: 1, text: '1', latex: 'auto', values: { 'not a name': '1' } },
      { type: 'evaluate', requestId: 1, text: '1', latex: 'auto', values: { n: 5 } },
    ]) assert.equal(isWebviewMessage(bad), false, JSON.stringify(bad));
    assert.ok(isHostMessage({ type: 'evaluation', requestId: 1, result: { status: 'ok', text: '2', fullText: '2', unit: null, normalized: '1 + 1', tex: '1+1' } }));
    assert.ok(isHostMessage({ type: 'evaluation', requestId: 1, result: { status: 'needs-values', freeVariables: ['n'], normalized: 'n', tex: 'n' } }));
    assert.ok(isHostMessage({ type: 'evaluation', requestId: 1, result: { status: 'error', message: 'boom' } }));
    assert.equal(isHostMessage({ type: 'evaluation', requestId: 1, result: { status: 'weird' } }), false);
    assert.ok(isHostMessage({ type: 'init', view: 'formula', settings, functions: [{ name: 'gelu', signature: 'gelu(x)', doc: 'd' }] }));
    assert.ok(isHostMessage({ type: 'setFormula', text: 'x', id: '1' }));
    assert.equal(isHostMessage({ type: 'setFormula', text: 'x' }), false);
    // A withdrawn tensor report carries the note to show instead.
    assert.ok(isHostMessage({ type: 'clearTensor', note: 'Click a tensor in b.safetensors to see its report.' }));
    assert.equal(isHostMessage({ type: 'clearTensor' }), false);
    assert.equal(isHostMessage({ type: 'clearTensor', note: 'x'.repeat(MAX_MESSAGE_TEXT + 1) }), false);
    assert.ok(isWebviewMessage({ type: 'ack', id: '1' }));
  });
});

describe('messages that fail validation', () => {
  it('are dropped and logged, every kind of junk', async () => {
    const { receiveWebviewMessage } = await import('../../src/shared/receive');
    const logged: string[] = [];
    const junk: unknown[] = [null, 42, 'ready', [], {}, { type: 'ready', view: 'nope' }, { type: 'evaluate', requestId: 1, text: 'x', latex: 'maybe', values: {} }, { type: 'copy', text: 'x'.repeat(200_000) }, { type: 'openReport', name: 5 }, { type: '__proto__' }, { type: 'ack' }];
    for (const j of junk) assert.equal(receiveWebviewMessage(j, (m) => logged.push(m)), undefined, JSON.stringify(j)?.slice(0, 60));
    assert.equal(logged.length, junk.length);
    assert.ok(logged.every((m) => m.startsWith('Dropped a webview message that does not match the protocol') && m.length < 300));
    assert.deepEqual(receiveWebviewMessage({ type: 'ready', view: 'tensor' }, () => assert.fail('logged a valid message')), { type: 'ready', view: 'tensor' });
  });
});
