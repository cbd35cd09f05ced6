// Where tensor reports go: the Tensor Report editor panel (large, beside the file) and, without
// revealing it, the side-bar Tensor view. A report from a tensor file is withdrawn when another
// tensor file comes to the front, so no view shows the previous file's report as if it were current.
import * as vscode from 'vscode';
import type { TensorPayload } from '../../shared/protocol';
import type { ExtensionContext } from '../context';

/** The tensor file (URI string) the report shown came from; undefined for selections. */
let shownFrom: string | undefined;

export async function showTensorReport(ctx: ExtensionContext, tensor: TensorPayload, fromFile?: vscode.Uri): Promise<void> {
  shownFrom = fromFile?.toString();
  ctx.tensorView.update(tensor);
  await ctx.tensorPanel.show({ id: tensor.id, message: { type: 'showTensor', tensor } });
}

/** A tensor file's editor became active: a report from a different file is withdrawn. */
export function tensorFileActivated(ctx: ExtensionContext, uri: vscode.Uri): void {
  if (shownFrom === undefined || shownFrom === uri.toString()) return;
  shownFrom = undefined;
  const note = `Click a tensor in ${vscode.workspace.asRelativePath(uri)} to see its report.`;
  ctx.tensorView.update(undefined, note);
  void ctx.tensorPanel.postIfOpen({ type: 'clearTensor', note });
}
