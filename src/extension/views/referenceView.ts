// The "Formula Reference" webview view: the reference formulas rendered with KaTeX, their worked
// values computed by src/core, and a plot of attention scales against sequence length.
import * as vscode from 'vscode';
import { formulaCatalog } from '../../core/reference/catalog';
import { affectsViewSettings, viewSettings } from '../config';
import { onValidMessage, post, setUpWebview } from '../webview/host';

export class ReferenceViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'modelmath.reference';
  private view: vscode.WebviewView | undefined;
  private readyListeners: (() => void)[] = [];
  private ready = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    setUpWebview(view.webview, this.extensionUri, 'reference', 'Formula Reference');
    const subscriptions = [
      onValidMessage(view.webview, this.log, async (message) => {
        switch (message.type) {
          case 'ready':
            await post(view.webview, { type: 'init', view: 'reference', formulas: formulaCatalog(), settings: viewSettings() });
            this.ready = true;
            this.readyListeners.splice(0).forEach((f) => f());
            break;
          case 'copy':
            await vscode.env.clipboard.writeText(message.text);
            void vscode.window.setStatusBarMessage('$(check) LaTeX copied', 2000);
            break;
          case 'error':
            this.log.error(`Formula Reference view: ${message.message}`);
            break;
          default:
            this.log.warn(`Formula Reference view: unexpected '${message.type}' message`);
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsViewSettings(e)) void post(view.webview, { type: 'settings', settings: viewSettings() });
      }),
    ];
    view.onDidDispose(() => {
      subscriptions.forEach((s) => s.dispose());
      this.view = undefined;
      this.ready = false;
    });
  }

  async show(): Promise<void> {
    await vscode.commands.executeCommand(`${ReferenceViewProvider.viewId}.focus`);
    await this.whenReady();
  }

  /** Resolves once the view has rendered its first content (used by the command and by tests). */
  whenReady(): Promise<void> {
    if (this.view && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }
}
