// What every Model Math webview view shares: the HTML shell, validated messages, a 'ready'
// handshake, settings pushes, a payload re-sent until the view acknowledges it (views without
// retained context reload when shown again), and whenReady() for commands and tests.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { post, setUpWebview, type WebviewBundle } from './host';
import { connectPage } from './pageHandshake';
import { traceLifecycle } from './lifecycleTrace';
import type { RecoveryStep } from './startupRecovery';
import { StartupSupervisor } from './startupSupervisor';

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
  /**
   * Until the view says 'ready', checks on it now and then and takes the next recovery step: ask
   * VS Code to show it, give it a new frame or load its page again (startupRecovery.ts). Each step
   * is logged with the view's lifecycle, so a view that never came up says where it stopped.
   */
  private readonly startup = new StartupSupervisor({
    settled: () => this.view !== undefined && this.ready,
    situation: () => ({ resolved: this.view !== undefined, visible: this.view?.visible ?? false, asked: this.asked }),
    take: (step, label) => this.takeStep(step, label),
  });
  /** A command asked for the view and is (or was) waiting for it. */
  private asked = false;
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
    this.startup.supervise();
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
          this.startup.ready();
          this.readyListeners.splice(0).forEach((f) => f());
        },
        booted: (scriptFailed) => this.startup.pageBooted(scriptFailed),
        onMessage: (m, webview) => this.onMessage(m, webview),
        trace: (event) => {
          // Any word from the page means its frame and script run (startupRecovery.ts).
          if (event.startsWith("'ready'")) this.startup.heard();
          this.trace(event);
        },
      }),
      view.onDidChangeVisibility(() => {
        this.trace(view.visible ? 'shown' : 'hidden');
        // A view without retained context reloads when shown again and will say 'ready' then.
        if (!view.visible && !this.retainsContext) {
          this.ready = false;
          this.startup.forgetPage();
        }
        if (view.visible && !this.ready) this.startup.supervise();
      }),
    ];
    view.onDidDispose(() => {
      this.trace('disposed');
      if (this.view === view) {
        this.startup.stop();
        this.view = undefined;
        this.ready = false;
        this.startup.forgetPage();
      }
      subs.forEach((s) => s.dispose());
    });
  }

  private load(view: vscode.WebviewView): void {
    this.startup.forgetPage();
    setUpWebview(view.webview, this.extensionUri, this.bundle, this.title, { testHooks: true });
    this.trace('HTML set');
  }

  /** Carries out a recovery step; false when supervision ends (stop or give up). */
  private async takeStep(step: Exclude<RecoveryStep, { kind: 'wait' }>, label: string): Promise<boolean> {
    const view = this.view;
    switch (step.kind) {
      case 'stop':
        this.trace(`startup check stopped: ${step.why}`);
        return false;
      case 'giveUp':
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
    if (!this.asked) this.startup.restartIfIdle();
    this.asked = true;
    this.trace(`reveal asked (resolved: ${this.view !== undefined}, ready: ${this.ready})`);
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
    this.trace(`focus command done (resolved: ${this.view !== undefined}, visible: ${this.view?.visible ?? false})`);
    if (!this.ready) this.startup.supervise();
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
