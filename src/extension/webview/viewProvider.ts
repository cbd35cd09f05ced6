// What every Model Math webview view shares: the HTML shell, validated messages, a 'ready'
// handshake, settings pushes, a payload re-sent until the view acknowledges it (views without
// retained context reload when shown again), and whenReady() for commands and tests.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { post, setUpWebview, type WebviewBundle } from './host';
import { connectPage } from './pageHandshake';
import { traceLifecycle } from './lifecycleTrace';
import { nextRecoveryStep, RECOVERY_DELAYS_MS } from './startupRecovery';

/**
 * New frames are made one view at a time, a few seconds apart: frames created together are what
 * replace each other's service worker in the first place (startupRecovery.ts).
 */
let frameTurn: Promise<void> = Promise.resolve();
function inTurn(step: () => Promise<void>): Promise<void> {
  const run = frameTurn.then(step).then(() => new Promise<void>((r) => setTimeout(r, 3_000)));
  frameTurn = run.catch(() => undefined);
  return run;
}

export abstract class ViewProvider implements vscode.WebviewViewProvider {
  protected view: vscode.WebviewView | undefined;
  private ready = false;
  private readyListeners: (() => void)[] = [];
  /** Registered with retainContextWhenHidden: hiding keeps the page, so it stays ready. */
  readonly retainsContext: boolean = false;
  /** The next startup check while the view has not said 'ready' (startupRecovery.ts). */
  private recovery: ReturnType<typeof setTimeout> | undefined;
  /** Recovery steps taken since the view was last ready; kept across a new frame so steps advance. */
  private attempt = 0;
  /** A recovery step is running (it may dispose and re-resolve the view); no other check meanwhile. */
  private recovering = false;
  /** A command asked for the view and is (or was) waiting for it. */
  private asked = false;
  /** The page said 'ready' since its HTML was last set. */
  private pageSpoke = false;
  /** The page's boot script ran since its HTML was last set (and whether its bundle failed). */
  private booted = false;
  private scriptFailed = false;
  /** A message re-sent on every 'ready' until the view acks its id. */
  private pending: { id: string; message: HostMessage } | undefined;

  protected constructor(
    protected readonly extensionUri: vscode.Uri,
    protected readonly log: vscode.LogOutputChannel,
    private readonly bundle: WebviewBundle,
    private readonly title: string,
    private readonly viewId: string,
  ) {}

  /** The init message for a fresh webview. */
  protected abstract init(): HostMessage | Promise<HostMessage>;

  /** Messages other than ready / ack / error / copy. */
  protected onMessage(message: WebviewMessage, webview: vscode.Webview): void | Promise<void> {
    void webview;
    this.log.warn(`${this.title} view: unexpected '${message.type}' message`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    this.trace(`resolved (visible: ${view.visible})`);
    this.load(view);
    this.supervise();
    const subs = [
      ...connectPage(view.webview, this.log, {
        label: `${this.title} view`,
        init: () => this.init(),
        pending: () => this.pending,
        acknowledged: (id) => {
          if (this.pending?.id === id) this.pending = undefined;
        },
        ready: () => {
          this.ready = true;
          this.asked = false;
          this.attempt = 0;
          this.stopSupervising();
          this.readyListeners.splice(0).forEach((f) => f());
        },
        booted: (scriptFailed) => {
          this.booted = true;
          this.scriptFailed ||= scriptFailed;
          // A bundle that did not load will not load by waiting: take the next step now.
          if (scriptFailed && !this.recovering) {
            this.stopSupervising();
            void this.recover();
          }
        },
        onMessage: (m, webview) => this.onMessage(m, webview),
        trace: (event) => {
          // Any word from the page means its frame and script run (startupRecovery.ts).
          if (event.startsWith("'ready'")) this.pageSpoke = true;
          this.trace(event);
        },
      }),
      view.onDidChangeVisibility(() => {
        this.trace(view.visible ? 'shown' : 'hidden');
        // A view without retained context reloads when shown again and will say 'ready' then.
        if (!view.visible && !this.retainsContext) {
          this.ready = false;
          this.forgetPage();
        }
        if (view.visible && !this.ready) this.supervise();
      }),
    ];
    view.onDidDispose(() => {
      this.trace('disposed');
      if (this.view === view) {
        this.stopSupervising();
        this.view = undefined;
        this.ready = false;
        this.forgetPage();
      }
      subs.forEach((s) => s.dispose());
    });
  }

  /** What the host knew about the page no longer holds (a new page, or none). */
  private forgetPage(): void {
    this.pageSpoke = false;
    this.booted = false;
    this.scriptFailed = false;
  }

  private load(view: vscode.WebviewView): void {
    this.forgetPage();
    setUpWebview(view.webview, this.extensionUri, this.bundle, this.title, { testHooks: true });
    this.trace('HTML set');
  }

  /**
   * Until the view says 'ready', checks on it now and then and takes the next recovery step: ask
   * VS Code to show it, give it a new frame or load its page again (startupRecovery.ts). Each step
   * is logged with the view's lifecycle, so a view that never came up says where it stopped.
   */
  private supervise(): void {
    if (this.recovery !== undefined || this.recovering || (this.view && this.ready)) return;
    const delay = RECOVERY_DELAYS_MS[Math.min(this.attempt, RECOVERY_DELAYS_MS.length - 1)] ?? 10_000;
    this.recovery = setTimeout(() => void this.recover(), delay);
  }

  private stopSupervising(): void {
    clearTimeout(this.recovery);
    this.recovery = undefined;
  }

  private async recover(): Promise<void> {
    this.recovery = undefined;
    if (this.view && this.ready) return;
    this.recovering = true;
    try {
      if (!(await this.takeStep())) return;
    } finally {
      this.recovering = false;
    }
    // The new page already reported a bundle that did not load: no need to wait for the next check.
    if (this.scriptFailed) void this.recover();
    else this.supervise();
  }

  /** Takes the next recovery step; false when supervision ends (stop or give up). */
  private async takeStep(): Promise<boolean> {
    const view = this.view;
    const attempt = this.attempt++;
    const step = nextRecoveryStep({ resolved: view !== undefined, visible: view?.visible ?? false, pageSpoke: this.pageSpoke, booted: this.booted, scriptFailed: this.scriptFailed, asked: this.asked, attempt });
    const label = `recovery ${attempt + 1}: `;
    switch (step.kind) {
      case 'wait':
        return true;
      case 'stop':
        this.attempt = 0;
        this.trace(`startup check stopped: ${step.why}`);
        return false;
      case 'giveUp':
        this.attempt = 0;
        this.trace(`gave up: ${step.why}`);
        this.log.error(`${this.title} view did not come up (${step.why}); run "Developer: Reload Window" and report this with the "Model Math" output`);
        return false;
      case 'focus':
        this.trace(`${label}asking VS Code to show it (${step.why})`);
        await vscode.commands.executeCommand(`${this.viewId}.focus`);
        return true;
      case 'newFrame':
        this.trace(`${label}giving it a new frame: hiding the view and showing it again (${step.why})`);
        await inTurn(async () => {
          try {
            await vscode.commands.executeCommand(`${this.viewId}.removeView`);
          } catch (err) {
            this.trace(`could not hide it (${err instanceof Error ? err.message : String(err)}); loading its page again instead`);
            if (this.view) this.load(this.view);
          }
          await vscode.commands.executeCommand(`${this.viewId}.focus`);
        });
        return true;
      case 'reloadHtml':
        this.trace(`${label}loading its page again (${step.why})`);
        if (view) this.load(view);
        return true;
    }
  }

  private trace(event: string): void {
    traceLifecycle(this.log, this.title, event);
  }

  /** Focuses the view; with a payload, delivers it (now, and again on reload until acknowledged). */
  protected async reveal(payload?: { id: string; message: HostMessage }): Promise<void> {
    if (payload) this.pending = payload;
    // A new request starts the recovery steps over (after a give-up, too).
    if (!this.asked && this.recovery === undefined && !this.recovering) this.attempt = 0;
    this.asked = true;
    this.trace(`reveal asked (resolved: ${this.view !== undefined}, ready: ${this.ready})`);
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
    this.trace(`focus command done (resolved: ${this.view !== undefined}, visible: ${this.view?.visible ?? false})`);
    if (!this.ready) this.supervise();
    // Never hang a command on a view that does not come up; the payload stays pending for it.
    await Promise.race([this.whenReady(), new Promise((r) => setTimeout(r, 5_000))]);
    if (this.view && this.pending) await post(this.view.webview, this.pending.message);
  }

  /** The payload waiting for an ack (the calculator puts it in its init message). */
  protected pendingMessage(): HostMessage | undefined {
    return this.pending?.message;
  }

  whenReady(): Promise<void> {
    if (this.view && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }
}
