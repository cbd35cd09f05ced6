// An editor-area panel for one subject (the calculator, the attention explorer, tensor reports):
// the same bundle and protocol as the side-bar view, but large, beside the file it is about, one
// tab per subject (a command reveals the existing tab instead of opening another) and restored
// after a reload by a WebviewPanelSerializer.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { post, setUpWebview, type WebviewBundle } from './host';
import { traceLifecycle } from './lifecycleTrace';
import { connectPage } from './pageHandshake';
import type { RecoveryStep } from './startupRecovery';
import { StartupSupervisor } from './startupSupervisor';

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
  /** Until the page says 'ready', checks on it like a side-bar view (startupRecovery.ts). */
  private readonly startup = new StartupSupervisor({
    settled: () => this.panel === undefined || this.ready,
    // A tab the user put behind another is theirs: it loads when shown (and is checked again then).
    situation: () => ({ resolved: true, visible: this.panel?.visible ?? false, asked: this.panel?.visible ?? false }),
    take: (step, label) => this.takeStep(step, label),
  });

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
      this.startup.restartIfIdle();
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

  /** Carries out a recovery step; false when supervision ends. */
  private takeStep(step: Exclude<RecoveryStep, { kind: 'wait' }>, label: string): Promise<boolean> {
    const panel = this.panel;
    if (!panel) return Promise.resolve(false);
    switch (step.kind) {
      case 'stop':
      case 'giveUp':
      case 'focus':
        this.trace(`startup check ended: ${step.why}`);
        if (step.kind === 'giveUp') this.log.error(`${this.subject.title} panel did not come up (${step.why}); close it and run the command again`);
        return Promise.resolve(false);
      case 'reloadHtml':
        this.trace(`${label}loading its page again (${step.why})`);
        this.load(panel);
        return Promise.resolve(true);
      case 'newFrame': {
        // A panel is ours to replace: close it and open a new one in the same place.
        this.trace(`${label}opening it again in a new frame (${step.why})`);
        const column = panel.viewColumn ?? vscode.ViewColumn.Beside;
        panel.dispose();
        this.attach(this.create(column, true));
        return Promise.resolve(true);
      }
    }
  }

  private load(panel: vscode.WebviewPanel): void {
    this.startup.forgetPage();
    setUpWebview(panel.webview, this.extensionUri, this.subject.bundle, this.subject.title);
    this.trace('HTML set');
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    this.load(panel);
    this.startup.supervise();
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
          this.startup.ready();
          this.readyListeners.splice(0).forEach((f) => f());
        },
        booted: (scriptFailed) => this.startup.pageBooted(scriptFailed),
        onMessage: this.subject.onMessage?.bind(this.subject),
        trace: (event) => {
          if (event.startsWith("'ready'")) this.startup.heard();
          this.trace(event);
        },
      }),
      // Without retained context a hidden tab's page is rebuilt when shown and says 'ready' again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) {
          this.ready = false;
          this.startup.forgetPage();
        } else if (!this.ready) this.startup.supervise();
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
        this.startup.stop();
      }
    });
  }
}
