// What every Model Math webview view shares: the HTML shell, validated messages, a 'ready'
// handshake, settings pushes, a payload re-sent until the view acknowledges it (views without
// retained context reload when shown again), and whenReady() for commands and tests.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { affectsViewSettings, viewSettings } from '../config';
import { onValidMessage, post, setUpWebview, type WebviewBundle } from './host';
import { traceLifecycle } from './lifecycleTrace';
import { nextRecoveryStep, RECOVERY_DELAYS_MS } from './startupRecovery';

export abstract class ViewProvider implements vscode.WebviewViewProvider {
  protected view: vscode.WebviewView | undefined;
  private ready = false;
  private readyListeners: (() => void)[] = [];
  /** Registered with retainContextWhenHidden: hiding keeps the page, so it stays ready. */
  readonly retainsContext: boolean = false;
  /** The next startup check while the view has not said 'ready' (startupRecovery.ts). */
  private recovery: ReturnType<typeof setTimeout> | undefined;
  /** A command asked for the view and is (or was) waiting for it. */
  private asked = false;
  /** The page said 'ready' since its HTML was last set. */
  private pageSpoke = false;
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

  /** Messages other than ready / ack / error. */
  protected onMessage(message: WebviewMessage, webview: vscode.Webview): void | Promise<void> {
    if (message.type === 'copy') {
      void vscode.env.clipboard.writeText(message.text);
      void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
      return;
    }
    void webview;
    this.log.warn(`${this.title} view: unexpected '${message.type}' message`);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    this.trace(`resolved (visible: ${view.visible})`);
    this.load(view);
    this.supervise(0);
    const subs = [
      onValidMessage(view.webview, this.log, async (m) => {
        switch (m.type) {
          case 'ready': {
            this.pageSpoke = true;
            this.trace(`'ready' #${m.attempt ?? '?'} received (page +${m.pageMs ?? '?'} ms)`);
            const delivered = await post(view.webview, await this.init());
            this.trace(`init posted (${delivered ? 'delivered' : 'not delivered'})`);
            if (this.pending) await post(view.webview, this.pending.message);
            this.ready = true;
            this.asked = false;
            this.stopSupervising();
            this.readyListeners.splice(0).forEach((f) => f());
            break;
          }
          case 'ack':
            if (this.pending?.id === m.id) this.pending = undefined;
            break;
          case 'error':
            this.log.error(`${this.title} view: ${m.message}`);
            break;
          default:
            await this.onMessage(m, view.webview);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsViewSettings(e)) void post(view.webview, { type: 'settings', settings: viewSettings() });
      }),
      view.onDidChangeVisibility(() => {
        this.trace(view.visible ? 'shown' : 'hidden');
        // A view without retained context reloads when shown again and will say 'ready' then.
        if (!view.visible && !this.retainsContext) {
          this.ready = false;
          this.pageSpoke = false;
        }
        if (view.visible && !this.ready) this.supervise(0);
      }),
    ];
    view.onDidDispose(() => {
      this.trace('disposed');
      this.stopSupervising();
      subs.forEach((s) => s.dispose());
      this.view = undefined;
      this.ready = false;
    });
  }

  private load(view: vscode.WebviewView): void {
    this.pageSpoke = false;
    setUpWebview(view.webview, this.extensionUri, this.bundle, this.title);
    this.trace('HTML set');
  }

  /**
   * Until the view says 'ready', checks on it now and then and takes the next recovery step: ask
   * VS Code to show it or load its page again (startupRecovery.ts). Each step
   * is logged with the view's lifecycle, so a view that never came up says where it stopped.
   */
  private supervise(attempt: number): void {
    if (this.recovery !== undefined || (this.view && this.ready)) return;
    const delay = RECOVERY_DELAYS_MS[Math.min(attempt, RECOVERY_DELAYS_MS.length - 1)] ?? 10_000;
    this.recovery = setTimeout(() => {
      this.recovery = undefined;
      void this.recover(attempt);
    }, delay);
  }

  private stopSupervising(): void {
    clearTimeout(this.recovery);
    this.recovery = undefined;
  }

  private async recover(attempt: number): Promise<void> {
    if (this.view && this.ready) return;
    const view = this.view;
    const step = nextRecoveryStep({ resolved: view !== undefined, visible: view?.visible ?? false, pageSpoke: this.pageSpoke, asked: this.asked, attempt });
    switch (step.kind) {
      case 'wait':
        break;
      case 'stop':
        this.trace(`startup check stopped: ${step.why}`);
        return;
      case 'giveUp':
        this.trace(`gave up: ${step.why}`);
        this.log.error(`${this.title} view did not come up (${step.why}); run "Developer: Reload Window" and report this with the "Model Math" output`);
        return;
      case 'focus':
        this.trace(`recovery ${attempt + 1}: asking VS Code to show it (${step.why})`);
        await vscode.commands.executeCommand(`${this.viewId}.focus`);
        break;
      case 'reloadHtml':
        this.trace(`recovery ${attempt + 1}: loading its page again (${step.why})`);
        if (view) this.load(view);
        break;
    }
    this.supervise(attempt + 1);
  }

  private trace(event: string): void {
    traceLifecycle(this.log, this.title, event);
  }

  /** Focuses the view; with a payload, delivers it (now, and again on reload until acknowledged). */
  protected async reveal(payload?: { id: string; message: HostMessage }): Promise<void> {
    if (payload) this.pending = payload;
    this.asked = true;
    this.trace(`reveal asked (resolved: ${this.view !== undefined}, ready: ${this.ready})`);
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
    this.trace(`focus command done (resolved: ${this.view !== undefined}, visible: ${this.view?.visible ?? false})`);
    if (!this.ready) this.supervise(0);
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
