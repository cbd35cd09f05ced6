// What to do about a webview view that was asked to show and has not said 'ready' yet. Pure (no
// vscode import) so the policy is unit-tested; ViewProvider carries the steps out and logs each.
//
// A view can fail to come up at five points (docs/decisions/0007-webview-startup.md): VS Code never
// resolves it (the side bar was not ready, another container took the focus), it is resolved but
// hidden (collapsed, or its container lost the side bar), its frame never runs our HTML (no 'boot'),
// its bundle never loads ('boot' with a failed script), or its handshake is lost (the page repeats
// 'ready' by itself, so the host needs no step for that).

export interface ViewStartupState {
  /** VS Code called resolveWebviewView for the current view. */
  readonly resolved: boolean;
  readonly visible: boolean;
  /** The page said 'ready' at least once since its HTML was last set. */
  readonly pageSpoke: boolean;
  /** The page's boot script ran since its HTML was last set: the frame runs our HTML. */
  readonly booted: boolean;
  /** The boot script saw the page's bundle fail to load. */
  readonly scriptFailed: boolean;
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
  | { readonly kind: 'newFrame'; readonly why: string }
  | { readonly kind: 'giveUp'; readonly why: string };

/**
 * Delays before each check. A page boots within ~1.5 s of its HTML even under load average 20
 * (measured), so the first check comes at 5 s; later ones are patient, then steady.
 */
export const RECOVERY_DELAYS_MS: readonly number[] = [5_000, 10_000, 15_000, 20_000, 30_000, 30_000];

export function nextRecoveryStep(s: ViewStartupState): RecoveryStep {
  if (s.attempt >= RECOVERY_DELAYS_MS.length) return { kind: 'giveUp', why: `no 'ready' after ${s.attempt} attempts` };
  // Hidden and nobody asked for it: the user closed it, which is theirs to decide.
  if (!s.asked && (!s.resolved || !s.visible)) return { kind: 'stop', why: 'hidden, and no command is waiting for it' };
  if (!s.resolved) return { kind: 'focus', why: 'VS Code has not resolved the view' };
  if (!s.visible) return { kind: 'focus', why: 'the view is resolved but hidden' };
  // The page answered once: its handshake repeats by itself, nothing to do but wait.
  if (s.pageSpoke) return { kind: 'wait' };
  // A page that booted but whose bundle did not load (a resource lost while the workbench replaced
  // its service workers): load it again.
  if (s.scriptFailed) return { kind: 'reloadHtml', why: 'its script did not load' };
  // Booted and still loading: a busy machine takes seconds for a bundle. Wait twice (15 s in all),
  // then load it again in case a request was lost.
  if (s.booted) return s.attempt < 2 ? { kind: 'wait' } : { kind: 'reloadHtml', why: 'its page booted but its script never said ready' };
  // Never booted: the frame did not run our HTML. Measured under load: in a frame VS Code has just
  // made (a view shown again, a new frame), the first HTML is often never run, and setting it again
  // boots the page within ~2 s — so reload first. A frame that still runs nothing waits on its
  // service worker (VS Code web registers one per webview on a shared scope; decision 0007): only a
  // new frame cures that, for this one view (hide it, show it again); hiding the whole side bar was
  // tried and removed because it restarts every other view's page too.
  return s.attempt % 2 === 0
    ? { kind: 'reloadHtml', why: s.attempt === 0 ? 'its frame never ran the page' : 'its new frame never ran the page' }
    : { kind: 'newFrame', why: 'its frame still runs nothing after a reload' };
}
