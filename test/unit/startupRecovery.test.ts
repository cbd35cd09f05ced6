// The policy for a webview view that was asked to show and has not come up (startupRecovery.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRecoveryStep, RECOVERY_DELAYS_MS } from '../../src/extension/webview/startupRecovery';

const base = { resolved: true, visible: true, pageSpoke: false, booted: false, scriptFailed: false, asked: true, attempt: 0 };

describe('webview startup recovery', () => {
  it('asks VS Code to show a view it never resolved, or resolved but hid', () => {
    assert.equal(nextRecoveryStep({ ...base, resolved: false, visible: false }).kind, 'focus');
    assert.equal(nextRecoveryStep({ ...base, visible: false, attempt: 3 }).kind, 'focus');
  });

  it('does not fight a user who hid a view no command asked for', () => {
    assert.equal(nextRecoveryStep({ ...base, asked: false, visible: false }).kind, 'stop');
  });

  it('reloads a page whose frame never ran it, then gives it a new frame, alternating, never hiding the side bar', () => {
    // Measured: a fresh frame's first HTML is often not run and a second one is; a frame hung on its
    // service worker is cured only by a new frame (decision 0007), made for this one view.
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((attempt) => nextRecoveryStep({ ...base, attempt }).kind), ['reloadHtml', 'newFrame', 'reloadHtml', 'newFrame', 'reloadHtml', 'newFrame']);
    assert.equal(nextRecoveryStep({ ...base, asked: false }).kind, 'reloadHtml', 'a view the user opened is recovered too');
  });

  it('reloads a page whose script failed to load, at once', () => {
    assert.equal(nextRecoveryStep({ ...base, booted: true, scriptFailed: true }).kind, 'reloadHtml');
  });

  it('waits for a page that booted and is still loading its script (a busy machine), then reloads it', () => {
    assert.deepEqual([0, 1, 2, 3].map((attempt) => nextRecoveryStep({ ...base, booted: true, attempt }).kind), ['wait', 'wait', 'reloadHtml', 'reloadHtml']);
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
