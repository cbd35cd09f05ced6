// The Tensor view: one tensor's report. Reports come from the tensor worker (selection command,
// tensor-file editor); the view only renders.
import type * as vscode from 'vscode';
import type { HostMessage, TensorPayload } from '../../shared/protocol';
import { viewSettings } from '../config';
import { ViewProvider } from '../webview/viewProvider';

export class TensorViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.tensor';
  last: TensorPayload | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'tensor', 'Tensor', TensorViewProvider.viewId);
  }

  protected init(): HostMessage {
    const pending = this.pendingMessage();
    const tensor = pending?.type === 'showTensor' ? pending.tensor : this.last;
    return { type: 'init', view: 'tensor', settings: viewSettings(), ...(tensor ? { tensor } : {}) };
  }

  show(tensor: TensorPayload): Promise<void> {
    this.last = tensor;
    return this.reveal({ id: tensor.id, message: { type: 'showTensor', tensor } });
  }
}
