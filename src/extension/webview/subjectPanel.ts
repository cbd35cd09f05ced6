// An editor-area panel for one subject (the calculator, the attention explorer, tensor reports):
// the same bundle and protocol as the side-bar view, but large, beside the file it is about, one
// tab per subject (a command reveals the existing tab instead of opening another) and restored
// after a reload by a WebviewPanelSerializer.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { affectsViewSettings, viewSettings } from '../config';
import { onValidMessage, post, setUpWebview, type WebviewBundle } from './host';

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
      const panel = vscode.window.createWebviewPanel(this.subject.viewType, this.subject.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: options.preserveFocus ?? true }, { enableFindWidget: true });
      this.attach(panel);
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

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'activitybar.svg');
    setUpWebview(panel.webview, this.extensionUri, this.subject.bundle, this.subject.title);
    const subs = [
      onValidMessage(panel.webview, this.log, async (m) => {
        switch (m.type) {
          case 'ready':
            await post(panel.webview, await this.subject.init(this.pending?.message));
            if (this.pending) await post(panel.webview, this.pending.message);
            this.ready = true;
            this.readyListeners.splice(0).forEach((f) => f());
            break;
          case 'ack':
            if (this.pending?.id === m.id) this.pending = undefined;
            break;
          case 'error':
            this.log.error(`${this.subject.title} panel: ${m.message}`);
            break;
          case 'copy':
            void vscode.env.clipboard.writeText(m.text);
            void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
            break;
          default:
            if (this.subject.onMessage) await this.subject.onMessage(m, panel.webview);
            else this.log.warn(`${this.subject.title} panel: unexpected '${m.type}' message`);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsViewSettings(e)) void post(panel.webview, { type: 'settings', settings: viewSettings() });
      }),
      // Without retained context a hidden tab's page is rebuilt when shown and says 'ready' again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (this.panel === panel) {
        this.panel = undefined;
        this.ready = false;
      }
    });
  }
}
