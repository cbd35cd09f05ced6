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
});
