// The "Formula Reference" webview view: the reference formulas rendered with KaTeX, their worked
// values computed by src/core, and a plot of attention scales against sequence length.
import type * as vscode from 'vscode';
import { formulaCatalog } from '../../core/reference/catalog';
import type { HostMessage } from '../../shared/protocol';
import { viewSettings } from '../config';
import { ViewProvider } from '../webview/viewProvider';

export class ReferenceViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.reference';

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'reference', 'Formula Reference', ReferenceViewProvider.viewId);
  }

  protected init(): HostMessage {
    return { type: 'init', view: 'reference', formulas: formulaCatalog(), settings: viewSettings() };
  }

  show(): Promise<void> {
    return this.reveal();
  }
}
