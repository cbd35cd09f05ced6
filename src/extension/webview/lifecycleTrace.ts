// A small record of what each webview did and when (resolved, HTML set, 'ready' received, init
// posted, shown, hidden, disposed), kept in memory and logged to the "Model Math" channel. When a
// view stays on "Loading…" this says which step never happened; tests save it with their evidence.
import type * as vscode from 'vscode';

export interface LifecycleEvent {
  /** Milliseconds since the extension was activated. */
  readonly t: number;
  readonly view: string;
  readonly event: string;
}

const MAX_EVENTS = 500;
const events: LifecycleEvent[] = [];
const origin = Date.now();

export function traceLifecycle(log: vscode.LogOutputChannel, view: string, event: string): void {
  const entry = { t: Date.now() - origin, view, event };
  events.push(entry);
  if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
  log.info(`${view.endsWith(' panel') ? view : `${view} view`}: ${event} (+${entry.t} ms)`);
}

export function lifecycleEvents(): readonly LifecycleEvent[] {
  return events.slice();
}
