// The policy for a webview view that was asked to show and has not come up (startupRecovery.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRecoveryStep, RECOVERY_DELAYS_MS } from '../../src/extension/webview/startupRecovery';

const base = { resolved: true, visible: true, pageSpoke: false, asked: true, attempt: 0 };

describe('webview startup recovery', () => {
  it('asks VS Code to show a view it never resolved, or resolved but hid', () => {
    assert.equal(nextRecoveryStep({ ...base, resolved: false, visible: false }).kind, 'focus');
    assert.equal(nextRecoveryStep({ ...base, visible: false, attempt: 3 }).kind, 'focus');
  });

  it('does not fight a user who hid a view no command asked for', () => {
    assert.equal(nextRecoveryStep({ ...base, asked: false, visible: false }).kind, 'stop');
    assert.equal(nextRecoveryStep({ ...base, asked: false }).kind, 'reloadHtml');
  });

  it('loads a silent page again at every check, never hiding the side bar (that restarts every other view)', () => {
    assert.deepEqual([0, 1, 2, 3].map((attempt) => nextRecoveryStep({ ...base, attempt }).kind), ['reloadHtml', 'reloadHtml', 'reloadHtml', 'reloadHtml']);
  });

  it('leaves a page that has spoken alone: its handshake repeats by itself', () => {
    assert.equal(nextRecoveryStep({ ...base, pageSpoke: true, attempt: 2 }).kind, 'wait');
  });

  it('gives up (and says so) after the last delay', () => {
    const step = nextRecoveryStep({ ...base, attempt: RECOVERY_DELAYS_MS.length });
    assert.equal(step.kind, 'giveUp');
    assert.ok(RECOVERY_DELAYS_MS.reduce((a, b) => a + b, 0) >= 60_000, 'recovery keeps trying for at least a minute');
  });
});
