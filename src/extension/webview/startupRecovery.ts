// What to do about a webview view that was asked to show and has not said 'ready' yet. Pure (no
// vscode import) so the policy is unit-tested; ViewProvider carries the steps out and logs each.
//
// A view can fail to come up at four points (docs/decisions/0007-webview-startup.md): VS Code never
// resolves it (the side bar was not ready, another container took the focus), it is resolved but
// hidden (collapsed, or its container lost the side bar), its page never starts (a script load lost
// while the workbench's service workers were replaced), or its handshake is lost (the page repeats
// 'ready' by itself, so the host needs no step for that).

export interface ViewStartupState {
  /** VS Code called resolveWebviewView for the current view. */
  readonly resolved: boolean;
  readonly visible: boolean;
  /** The page said 'ready' at least once since its HTML was last set. */
  readonly pageSpoke: boolean;
  /** A command asked for the view (reveal); otherwise the user opened it and may hide it again. */
  readonly asked: boolean;
  /** Steps already taken for this request to show the view. */
  readonly attempt: number;
}

export type RecoveryStep =
  | { readonly kind: 'wait' }
  | { readonly kind: 'stop'; readonly why: string }
  | { readonly kind: 'focus'; readonly why: string }
  | { readonly kind: 'reloadHtml'; readonly why: string }
  | { readonly kind: 'giveUp'; readonly why: string };

/** Delays before each check: patient at first (a busy machine loads a page in seconds), then steady. */
export const RECOVERY_DELAYS_MS: readonly number[] = [10_000, 15_000, 20_000, 30_000, 30_000];

export function nextRecoveryStep(s: ViewStartupState): RecoveryStep {
  if (s.attempt >= RECOVERY_DELAYS_MS.length) return { kind: 'giveUp', why: `no 'ready' after ${s.attempt} attempts` };
  // Hidden and nobody asked for it: the user closed it, which is theirs to decide.
  if (!s.asked && (!s.resolved || !s.visible)) return { kind: 'stop', why: 'hidden, and no command is waiting for it' };
  if (!s.resolved) return { kind: 'focus', why: 'VS Code has not resolved the view' };
  if (!s.visible) return { kind: 'focus', why: 'the view is resolved but hidden' };
  // The page answered once: its handshake repeats by itself, nothing to do but wait.
  if (s.pageSpoke) return { kind: 'wait' };
  // A silent page (a script load lost while the workbench replaced its service workers): load it
  // again. Hiding the side bar to get a new frame was tried and removed: it restarts every other
  // view's page too, and on a busy machine they then all looked silent and hid it again (decision 0007).
  return { kind: 'reloadHtml', why: s.attempt === 0 ? 'its page never started' : 'its page stayed silent after a reload' };
}
