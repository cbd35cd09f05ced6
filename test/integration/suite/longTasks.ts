// Who caused a stall of the extension host? The event-loop monitor sees every task on the thread,
// including VS Code's own and other extensions' (the built-in Git extension spawning processes, for
// example). A CPU profile taken at the same time tells them apart: each run of consecutive non-idle
// samples is (at least) one task, and its stacks say whose code ran.
import { Session } from 'node:inspector';

export interface LongTask {
  readonly ms: number;
  /** A frame of Model Math's bundles ran in it. */
  readonly ours: boolean;
  /**
   * How much of the stretch was Model Math's: samples with one of its frames on the stack, plus
   * garbage collection right after them (its allocations). A stretch can hold several tasks back to
   * back, so this bounds every Model Math task in it from above.
   */
  readonly ourMs: number;
  /** Frames that show it is someone else's: another extension's files, or process spawning (which Model Math never does on this thread). */
  readonly foreign: boolean;
  /** The most frequent leaf frames, for the record. */
  readonly top: readonly string[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T))));
}

const SAMPLE_INTERVAL_US = 1000;
/** The most time one sample may stand for (see longTasks). */
const MAX_SAMPLE_US = 10 * SAMPLE_INTERVAL_US;

/** Starts sampling this thread; stop() returns the busy stretches of at least `minMs`, longest first. */
export async function profileLongTasks(ourPath: string, minMs: number): Promise<{ stop(): Promise<LongTask[]> }> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: SAMPLE_INTERVAL_US });
  await post(session, 'Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
      session.disconnect();
      return longTasks(profile, ourPath, minMs);
    },
  };
}

function longTasks(p: Profile, ourPath: string, minMs: number): LongTask[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stack = (id: number): ProfileNode[] => {
    const out: ProfileNode[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) out.push(byId.get(x) as ProfileNode);
    return out;
  };
  const tasks: LongTask[] = [];
  let t = p.startTime;
  let start = 0;
  let ids: number[] = [];
  let ourMs = 0;
  let lastOurs = false;
  const isOurs = new Map<number, boolean>();
  const oursAt = (id: number) => {
    let v = isOurs.get(id);
    if (v === undefined) isOurs.set(id, (v = stack(id).some((f) => f.callFrame.url.includes(ourPath))));
    return v;
  };
  const close = (end: number) => {
    const ms = (end - start) / 1000;
    if (ids.length && ms >= minMs) {
      const frames = ids.flatMap(stack);
      const ours = frames.some((f) => f.callFrame.url.includes(ourPath));
      const foreign = frames.some((f) => /\/extensions\/(?!.*model-?math)/i.test(f.callFrame.url) || /child_process/.test(f.callFrame.url));
      const counts = new Map<string, number>();
      for (const id of ids) {
        const f = (byId.get(id) as ProfileNode).callFrame;
        const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, n]) => `${n}× ${k}`);
      tasks.push({ ms, ours, ourMs, foreign, top });
    }
    ids = [];
    ourMs = 0;
    lastOurs = false;
  };
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    t += dt;
    const name = (byId.get(id) as ProfileNode).callFrame.functionName;
    if (name === '(idle)') close(t);
    else {
      // A sample stands for the time since the previous one, except the first of a stretch (that
      // time was idle, and the stretch starts at this sample), and at most MAX_SAMPLE_US: samples
      // come every millisecond while the thread runs, even in native code, so a longer gap is the
      // whole process waiting for a core (seen: one 50 ms sample at load average 10), not our code.
      const counted = ids.length ? Math.min(dt, MAX_SAMPLE_US) : 0;
      if (!ids.length) start = t;
      ids.push(id);
      const mine = oursAt(id) || (lastOurs && name === '(garbage collector)');
      if (mine) ourMs += counted / 1000;
      lastOurs = mine;
    }
  });
  close(t);
  return tasks.sort((a, b) => b.ms - a.ms);
}
