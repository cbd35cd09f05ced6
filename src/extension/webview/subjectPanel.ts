// An editor-area panel for one subject (the calculator, the attention explorer, tensor reports):
// the same bundle and protocol as the side-bar view, but large, beside the file it is about, one
// tab per subject (a command reveals the existing tab instead of opening another) and restored
// after a reload by a WebviewPanelSerializer.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { post, setUpWebview, type WebviewBundle } from './host';
import { traceLifecycle } from './lifecycleTrace';
import { connectPage } from './pageHandshake';
import { nextRecoveryStep, RECOVERY_DELAYS_MS } from './startupRecovery';

export interface PanelSubject {
  /** The panel's viewType (package.json declares an onWebviewPanel activation event for it). */
  readonly viewType: string;
  readonly bundle: WebviewBundle;
  readonly title: string;
  /** The init message, given the payload waiting to be shown (it may carry it). */
  init(pending: HostMessage | undefined): HostMessage | Promise<HostMessage>;
  /** Messages other than ready / ack / error / copy. */
  onMessage?(message: WebviewMessage, webview: vscode.Webview): void | Promise<void>;
}

export class SubjectPanel implements vscode.WebviewPanelSerializer {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private readyListeners: (() => void)[] = [];
  private pending: { id: string; message: HostMessage } | undefined;
  /** Startup supervision, as for side-bar views (startupRecovery.ts): what the page said so far. */
  private page = { spoke: false, booted: false, scriptFailed: false };
  private attempt = 0;
  private recovery: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly subject: PanelSubject,
  ) {}

  /** Registers the serializer: a panel open at shutdown comes back after a reload. */
  register(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(this.subject.viewType, this);
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel beside the active editor (or reveals the open one) and delivers a payload. */
  async show(payload?: { id: string; message: HostMessage }, options: { preserveFocus?: boolean } = {}): Promise<void> {
    if (payload) this.pending = payload;
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus ?? true);
      if (this.ready && this.pending) await post(this.panel.webview, this.pending.message);
    } else {
      this.attempt = 0;
      this.attach(this.create(vscode.ViewColumn.Beside, options.preserveFocus ?? true));
    }
    await Promise.race([this.whenReady(), new Promise((r) => setTimeout(r, 5_000))]);
  }

  /** Restores a panel VS Code kept across a reload; its page state (setState) comes back with it. */
  deserializeWebviewPanel(panel: vscode.WebviewPanel): Thenable<void> {
    this.panel?.dispose();
    this.attach(panel);
    return Promise.resolve();
  }

  /** Posts to the panel when it is open and ready (e.g. a settings change or a cleared report). */
  async postIfOpen(message: HostMessage): Promise<void> {
    if (this.panel && this.ready) await post(this.panel.webview, message);
  }

  whenReady(): Promise<void> {
    if (this.panel && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }

  private create(column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(this.subject.viewType, this.subject.title, { viewColumn: column, preserveFocus }, { enableFindWidget: true });
  }

  private trace(event: string): void {
    traceLifecycle(this.log, `${this.subject.title} panel`, event);
  }

  /** Until the page says 'ready', checks on it like a side-bar view (startupRecovery.ts). */
  private supervise(): void {
    if (this.recovery !== undefined || !this.panel || this.ready) return;
    const delay = RECOVERY_DELAYS_MS[Math.min(this.attempt, RECOVERY_DELAYS_MS.length - 1)] ?? 10_000;
    this.recovery = setTimeout(() => this.recover(), delay);
  }

  private recover(): void {
    this.recovery = undefined;
    const panel = this.panel;
    if (!panel || this.ready) return;
    const attempt = this.attempt++;
    // A tab the user put behind another is theirs: it loads when shown (and is checked again then).
    const step = nextRecoveryStep({ resolved: true, visible: panel.visible, pageSpoke: this.page.spoke, booted: this.page.booted, scriptFailed: this.page.scriptFailed, asked: panel.visible, attempt });
    switch (step.kind) {
      case 'stop':
      case 'giveUp':
      case 'focus':
        this.trace(`startup check ended: ${step.why}`);
        if (step.kind === 'giveUp') this.log.error(`${this.subject.title} panel did not come up (${step.why}); close it and run the command again`);
        this.attempt = 0;
        return;
      case 'wait':
        break;
      case 'reloadHtml':
        this.trace(`recovery ${attempt + 1}: loading its page again (${step.why})`);
        this.load(panel);
        break;
      case 'newFrame': {
        // A panel is ours to replace: close it and open a new one in the same place.
        this.trace(`recovery ${attempt + 1}: opening it again in a new frame (${step.why})`);
        const column = panel.viewColumn ?? vscode.ViewColumn.Beside;
        panel.dispose();
        this.attach(this.create(column, true));
        return;
      }
    }
    this.supervise();
  }

  private load(panel: vscode.WebviewPanel): void {
    this.page = { spoke: false, booted: false, scriptFailed: false };
    setUpWebview(panel.webview, this.extensionUri, this.subject.bundle, this.subject.title);
    this.trace('HTML set');
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    this.load(panel);
    this.supervise();
    const label = `${this.subject.title} panel`;
    this.trace('opened');
    const subs = [
      ...connectPage(panel.webview, this.log, {
        label,
        init: () => this.subject.init(this.pending?.message),
        pending: () => this.pending,
        acknowledged: (id) => {
          if (this.pending?.id === id) this.pending = undefined;
        },
        ready: () => {
          this.ready = true;
          this.attempt = 0;
          clearTimeout(this.recovery);
          this.recovery = undefined;
          this.readyListeners.splice(0).forEach((f) => f());
        },
        booted: (scriptFailed) => {
          this.page.booted = true;
          this.page.scriptFailed ||= scriptFailed;
          if (scriptFailed) {
            clearTimeout(this.recovery);
            this.recover();
          }
        },
        onMessage: this.subject.onMessage?.bind(this.subject),
        trace: (event) => {
          if (event.startsWith("'ready'")) this.page.spoke = true;
          this.trace(event);
        },
      }),
      // Without retained context a hidden tab's page is rebuilt when shown and says 'ready' again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.ready = false;
          this.page = { spoke: false, booted: false, scriptFailed: false };
        } else if (!this.ready) this.supervise();
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
        clearTimeout(this.recovery);
        this.recovery = undefined;
      }
    });
  }
}
