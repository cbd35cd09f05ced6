// The Attention view: the scale checker with plots. The analysis runs in the webview (pure core);
// the host sends what to check (numbers, an expression or a config) and settings.
import type * as vscode from 'vscode';
import type { AttentionRequest, HostMessage } from '../../shared/protocol';
import { viewSettings } from '../config';
import { ViewProvider } from '../webview/viewProvider';

export class AttentionViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.attention';
  /** The last request shown (tests read it). */
  lastRequest: AttentionRequest | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'attention', 'Attention Scale', AttentionViewProvider.viewId);
  }

  protected init(): HostMessage {
    const pending = this.pendingMessage();
    return { type: 'init', view: 'attention', settings: viewSettings(), ...(pending?.type === 'setAttention' ? { request: pending.request } : {}) };
  }

  show(request?: AttentionRequest): Promise<void> {
    if (request) this.lastRequest = request;
    return this.reveal(request ? { id: request.id, message: { type: 'setAttention', request } } : undefined);
  }
}
