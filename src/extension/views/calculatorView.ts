// The "FLOPs & Memory" calculator view. The estimate itself runs in the webview (the core is pure
// and takes well under a millisecond); the host supplies presets, the active config and settings.
import * as vscode from 'vscode';
import { PRESETS } from '../../core/model/presets';
import type { ConfigPayload, HostMessage } from '../../shared/protocol';
import { viewSettings } from '../config';
import { parseConfigText } from '../estimator/configDocument';
import { ViewProvider } from '../webview/viewProvider';

export class CalculatorViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.calculator';

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'calculator', 'FLOPs & Memory', CalculatorViewProvider.viewId);
  }

  protected init(): HostMessage {
    const pending = this.pendingMessage();
    const active = pending?.type === 'setConfig' ? pending.config : activeConfig();
    const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
    return { type: 'init', view: 'calculator', settings: viewSettings(), decimal, presets: PRESETS.map((p) => ({ id: p.id, name: p.name, config: p.config })), ...(active ? { active } : {}) };
  }

  /** Shows the calculator, prefilled with a config when one is given. */
  show(config?: ConfigPayload): Promise<void> {
    return this.reveal(config ? { id: config.id, message: { type: 'setConfig', config } } : undefined);
  }
}

/** The active editor's config, when it is one. */
export function activeConfig(): ConfigPayload | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc) return undefined;
  const config = parseConfigText(doc.getText());
  if (!config) return undefined;
  return { id: doc.uri.toString(), name: vscode.workspace.asRelativePath(doc.uri), config };
}
