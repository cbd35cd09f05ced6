// The loop that carries out the startup policy for a view or a panel (startupSupervisor.ts): when
// it checks, which step it hands over, and when it stops. Timers are mocked, so the test is about
// order and timing, not about a clock. The expected timings are RECOVERY_DELAYS_MS's documented
// values (5, 10, 15, 20, 30, 30 s), written out here rather than read from the module.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { StartupSupervisor } from '../../src/extension/webview/startupSupervisor';

interface Fake {
  supervisor: StartupSupervisor;
  steps: { at: number; kind: string }[];
  state: { ready: boolean; visible: boolean; asked: boolean };
}

let now = 0;
function fake(onStep: (kind: string, f: Fake) => boolean = () => true): Fake {
  const f = { steps: [], state: { ready: false, visible: true, asked: true } } as unknown as Fake;
  f.supervisor = new StartupSupervisor({
    settled: () => f.state.ready,
    situation: () => ({ resolved: true, visible: f.state.visible, asked: f.state.asked }),
    take: (step) => {
      f.steps.push({ at: now, kind: step.kind });
      if (step.kind === 'reloadHtml' || step.kind === 'newFrame') f.supervisor.forgetPage();
      return Promise.resolve(onStep(step.kind, f) && step.kind !== 'giveUp' && step.kind !== 'stop');
    },
  });
  return f;
}

/** Advances mocked time second by second, letting the promise chain of each step settle. */
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    now += 1000;
    mock.timers.tick(1000);
    for (let k = 0; k < 5; k++) await Promise.resolve();
  }
}

describe('webview startup supervisor', () => {
  beforeEach(() => {
    now = 0;
    mock.timers.enable({ apis: ['setTimeout'] });
  });
  afterEach(() => mock.timers.reset());

  it('checks a page that never boots at 5, 15, 30, 50, 80 and 110 s, alternating reload and new frame, then gives up once', async () => {
    const f = fake();
    f.supervisor.supervise();
    await advance(200);
    assert.deepEqual(
      f.steps.map((s) => `${s.at / 1000}:${s.kind}`),
      ['5:reloadHtml', '15:newFrame', '30:reloadHtml', '50:newFrame', '80:reloadHtml', '110:newFrame', '140:giveUp'],
    );
  });

  it('reloads at once when the page reports that its script did not load', async () => {
    const f = fake();
    f.supervisor.supervise();
    await advance(2);
    f.supervisor.pageBooted(true);
    await advance(0);
    for (let k = 0; k < 5; k++) await Promise.resolve();
    assert.deepEqual(f.steps, [{ at: 2000, kind: 'reloadHtml' }]);
  });

  it('stops checking when the page is ready, and starts over on the next request', async () => {
    const f = fake();
    f.supervisor.supervise();
    await advance(16);
    assert.equal(f.steps.length, 2);
    f.state.ready = true;
    f.supervisor.ready();
    await advance(120);
    assert.equal(f.steps.length, 2, 'no step after ready');
    f.state.ready = false;
    f.supervisor.restartIfIdle();
    f.supervisor.supervise();
    await advance(5);
    assert.deepEqual(f.steps.at(-1), { at: 141_000, kind: 'reloadHtml' }, 'the first delay and the first step again');
  });

  it('leaves a page the user hid (no command waiting) alone', async () => {
    const f = fake();
    f.state.visible = false;
    f.state.asked = false;
    f.supervisor.supervise();
    await advance(120);
    assert.deepEqual(f.steps.map((s) => s.kind), ['stop']);
  });

  it('waits twice for a page that booted but is still loading, then reloads it', async () => {
    const f = fake();
    f.supervisor.supervise();
    f.supervisor.pageBooted(false);
    await advance(30);
    assert.deepEqual(f.steps.map((s) => `${s.at / 1000}:${s.kind}`), ['30:reloadHtml']);
  });
});
