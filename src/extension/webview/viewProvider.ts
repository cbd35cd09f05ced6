// What every Model Math webview view shares: the HTML shell, validated messages, a 'ready'
// handshake, settings pushes, a payload re-sent until the view acknowledges it (views without
// retained context reload when shown again), and whenReady() for commands and tests.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { affectsViewSettings, viewSettings } from '../config';
import { onValidMessage, post, setUpWebview, type WebviewBundle } from './host';
import { traceLifecycle } from './lifecycleTrace';

const READY_TIMEOUT_MS = 15_000;

export abstract class ViewProvider implements vscode.WebviewViewProvider {
  protected view: vscode.WebviewView | undefined;
  private ready = false;
  private readyListeners: (() => void)[] = [];
  /** Registered with retainContextWhenHidden: hiding keeps the page, so it stays ready. */
  readonly retainsContext: boolean = false;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
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
    setUpWebview(view.webview, this.extensionUri, this.bundle, this.title);
    this.trace('HTML set');
    this.watch(view, 0);
    const subs = [
      onValidMessage(view.webview, this.log, async (m) => {
        switch (m.type) {
          case 'ready': {
            this.trace(`'ready' #${m.attempt ?? '?'} received (page +${m.pageMs ?? '?'} ms)`);
            const delivered = await post(view.webview, await this.init());
            this.trace(`init posted (${delivered ? 'delivered' : 'not delivered'})`);
            if (this.pending) await post(view.webview, this.pending.message);
            this.ready = true;
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
        if (!view.visible && !this.retainsContext) this.ready = false;
        if (view.visible) this.watch(view, 0);
      }),
    ];
    view.onDidDispose(() => {
      this.trace('disposed');
      clearTimeout(this.watchdog);
      subs.forEach((s) => s.dispose());
      this.view = undefined;
      this.ready = false;
    });
  }

  /**
   * A visible view that has not said 'ready' after a while never ran its script (a resource load
   * that failed): load its HTML again, a few times, rather than leave "Loading…" up for good.
   */
  private watch(view: vscode.WebviewView, reloads: number): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.view !== view || this.ready || !view.visible) return;
      if (reloads >= 3) {
        this.log.error(`${this.title} view: its page did not start after ${reloads} reloads`);
        return;
      }
      this.log.warn(`${this.title} view: its page did not start within ${READY_TIMEOUT_MS / 1000} s; loading it again`);
      this.trace(`reload #${reloads + 1}`);
      setUpWebview(view.webview, this.extensionUri, this.bundle, this.title);
      this.watch(view, reloads + 1);
    }, READY_TIMEOUT_MS);
  }

  private trace(event: string): void {
    traceLifecycle(this.log, this.title, event);
  }

  /** Focuses the view; with a payload, delivers it (now, and again on reload until acknowledged). */
  protected async reveal(payload?: { id: string; message: HostMessage }): Promise<void> {
    if (payload) this.pending = payload;
    this.trace(`reveal asked (resolved: ${this.view !== undefined}, ready: ${this.ready})`);
    await vscode.commands.executeCommand(`${this.viewId}.focus`);
    this.trace(`focus command done (resolved: ${this.view !== undefined}, visible: ${this.view?.visible ?? false})`);
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
