// The "FLOPs & Memory" calculator view. The estimate itself runs in the webview (the core is pure
// and takes well under a millisecond); the host supplies presets, the active config and settings.
import * as vscode from 'vscode';
import { PRESETS } from '../../core/model/presets';
import type { ConfigPayload, HostMessage } from '../../shared/protocol';
import { viewSettings } from '../config';
import { parseConfigText } from '../estimator/configDocument';
import type { PanelSubject } from '../webview/subjectPanel';
import { ViewProvider } from '../webview/viewProvider';

export const CALCULATOR_PANEL = 'modelmath.calculatorPanel';

export class CalculatorViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.calculator';

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'calculator', 'FLOPs & Memory', CalculatorViewProvider.viewId);
  }

  protected init(): HostMessage {
    return this.initMessage(this.pendingMessage());
  }

  /** The init message for the view or the editor panel, carrying a config waiting to be shown. */
  initMessage(pending: HostMessage | undefined): HostMessage {
    const active = pending?.type === 'setConfig' ? pending.config : activeConfig();
    const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
    return { type: 'init', view: 'calculator', settings: viewSettings(), decimal, presets: PRESETS.map((p) => ({ id: p.id, name: p.name, config: p.config })), ...(active ? { active } : {}) };
  }

  /** The panel subject: the same page, large, in the editor area. */
  panelSubject(): PanelSubject {
    return { viewType: CALCULATOR_PANEL, bundle: 'calculator', title: 'FLOPs & Memory', init: (pending) => this.initMessage(pending) };
  }

  /** Shows the calculator in the side bar, prefilled with a config when one is given. */
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
