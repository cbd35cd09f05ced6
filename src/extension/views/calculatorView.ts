// The "FLOPs & Memory" calculator view. The estimate itself runs in the webview (the core is pure
// and takes well under a millisecond); the host supplies presets, the active config and settings.
import * as vscode from 'vscode';
import { PRESETS } from '../../core/model/presets';
import type { ConfigPayload } from '../../shared/protocol';
import { affectsViewSettings, viewSettings } from '../config';
import { estimateText } from '../estimator/configDocument';
import { onValidMessage, post, setUpWebview } from '../webview/host';

export class CalculatorViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'modelmath.calculator';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readyListeners: (() => void)[] = [];
  /** A config to show, re-sent until the view acknowledges it (a hidden view reloads). */
  private pending: ConfigPayload | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    setUpWebview(view.webview, this.extensionUri, 'calculator', 'FLOPs & Memory');
    const decimal = () => vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
    const subs = [
      onValidMessage(view.webview, this.log, async (m) => {
        switch (m.type) {
          case 'ready': {
            const active = this.pending ?? activeConfig();
            await post(view.webview, { type: 'init', view: 'calculator', settings: viewSettings(), decimal: decimal(), presets: PRESETS.map((p) => ({ id: p.id, name: p.name, config: p.config })), ...(active ? { active } : {}) });
            this.ready = true;
            this.readyListeners.splice(0).forEach((f) => f());
            break;
          }
          case 'copy':
            await vscode.env.clipboard.writeText(m.text);
            void vscode.window.setStatusBarMessage('$(check) Estimate copied as Markdown', 2000);
            break;
          case 'error':
            this.log.error(`Calculator view: ${m.message}`);
            break;
          case 'ack':
            if (this.pending?.id === m.id) this.pending = undefined;
            break;
          default:
            break;
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsViewSettings(e)) void post(view.webview, { type: 'settings', settings: viewSettings() });
      }),
    ];
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.ready = false;
    });
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      this.view = undefined;
      this.ready = false;
    });
  }

  /** Shows the calculator, prefilled with a config when one is given. */
  async show(config?: ConfigPayload): Promise<void> {
    if (config) this.pending = config;
    await vscode.commands.executeCommand(`${CalculatorViewProvider.viewId}.focus`);
    await Promise.race([this.whenReady(), new Promise((r) => setTimeout(r, 5_000))]);
    if (this.view && this.pending) await post(this.view.webview, { type: 'setConfig', config: this.pending });
  }

  whenReady(): Promise<void> {
    if (this.view && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }
}

/** The active editor's config, when it is one. */
export function activeConfig(): ConfigPayload | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return undefined;
  const r = estimateText(doc.getText());
  if (!r?.ok) return undefined;
  return { id: doc.uri.toString(), name: vscode.workspace.asRelativePath(doc.uri), config: r.raw };
}
