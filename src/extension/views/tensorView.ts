// The Tensor view: one tensor's report. Reports come from the tensor worker (selection command,
// tensor-file editor); the view only renders.
import type * as vscode from 'vscode';
import type { HostMessage, TensorPayload } from '../../shared/protocol';
import { viewSettings } from '../config';
import { post } from '../webview/host';
import type { PanelSubject } from '../webview/subjectPanel';
import { ViewProvider } from '../webview/viewProvider';

export const TENSOR_PANEL = 'modelmath.tensorPanel';

export class TensorViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.tensor';
  last: TensorPayload | undefined;

  constructor(extensionUri: vscode.Uri, log: vscode.LogOutputChannel) {
    super(extensionUri, log, 'tensor', 'Tensor', TensorViewProvider.viewId);
  }

  protected init(): HostMessage {
    return this.initMessage(this.pendingMessage());
  }

  initMessage(pending: HostMessage | undefined): HostMessage {
    const tensor = pending?.type === 'showTensor' ? pending.tensor : this.last;
    return { type: 'init', view: 'tensor', settings: viewSettings(), ...(tensor ? { tensor } : {}) };
  }

  /** The panel subject: the same page, large, in the editor area. */
  panelSubject(): PanelSubject {
    return { viewType: TENSOR_PANEL, bundle: 'tensor', title: 'Tensor Report', init: (pending) => this.initMessage(pending) };
  }

  /** Keeps the side-bar view in step without revealing it: posted when it is open, sent on init otherwise. */
  update(tensor: TensorPayload | undefined, note = ''): void {
    this.last = tensor;
    if (this.view) void post(this.view.webview, tensor ? { type: 'showTensor', tensor } : { type: 'clearTensor', note });
  }

  show(tensor: TensorPayload): Promise<void> {
    this.last = tensor;
    return this.reveal({ id: tensor.id, message: { type: 'showTensor', tensor } });
  }
}
