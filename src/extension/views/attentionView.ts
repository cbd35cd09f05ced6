// The Attention view: the scale checker with plots. The analysis runs in the webview (pure core);
// the host sends what to check (numbers, an expression or a config) and settings.
import type * as vscode from 'vscode';
import type { AttentionRequest, HostMessage } from '../../shared/protocol';
import { viewSettings } from '../config';
import type { PanelSubject } from '../webview/subjectPanel';
import { ViewProvider } from '../webview/viewProvider';

export const ATTENTION_PANEL = 'modelmath.attentionPanel';

export class AttentionViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.attention';
  /** The last request shown (tests read it). */
  lastRequest: AttentionRequest | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'attention', 'Attention Scale', AttentionViewProvider.viewId);
  }

  protected init(): HostMessage {
    return this.initMessage(this.pendingMessage());
  }

  initMessage(pending: HostMessage | undefined): HostMessage {
    return { type: 'init', view: 'attention', settings: viewSettings(), ...(pending?.type === 'setAttention' ? { request: pending.request } : {}) };
  }

  /** The panel subject: the same page, large, in the editor area. */
  panelSubject(): PanelSubject {
    return { viewType: ATTENTION_PANEL, bundle: 'attention', title: 'Attention Scale', init: (pending) => this.initMessage(pending) };
  }

  show(request?: AttentionRequest): Promise<void> {
    if (request) this.lastRequest = request;
    return this.reveal(request ? { id: request.id, message: { type: 'setAttention', request } } : undefined);
  }
}
