// "Check Selected Tensor": the selection (or the whole file when nothing is selected) is parsed
// and checked in the tensor worker under a cancellable progress notification; the report opens
// in the Tensor view. Tensor files open in the tensor-file editor instead.
import * as vscode from 'vscode';
import type { TensorReport } from '../../core/tensor/report';
import { TensorError } from '../../node/tensorService';
import type { ExtensionContext } from '../context';
import { maxSelectionCharacters, maxTextElements, tensorThresholds } from './settings';
import { TENSOR_EDITOR_VIEW_TYPE, TENSOR_INDEX_VIEW_TYPE } from './tensorFileEditor';

let counter = 0;

/** Moves "(line L, column C)" of an error in the selection to document coordinates. */
function toDocument(message: string, start: vscode.Position): string {
  return message.replace(/\(line (\d+), column (\d+)\)/, (_m, l: string, col: string) => {
    const line = Number(l) - 1 + start.line;
    const column = Number(l) === 1 ? Number(col) + start.character : Number(col);
    return `(line ${line + 1}, column ${column})`;
  });
}

export async function checkTensorCommand(ctx: ExtensionContext, arg?: unknown): Promise<TensorReport | undefined> {
  if (arg instanceof vscode.Uri) {
    await vscode.commands.executeCommand('vscode.openWith', arg, /\.index\.json$/i.test(arg.path) ? TENSOR_INDEX_VIEW_TYPE : TENSOR_EDITOR_VIEW_TYPE);
    return undefined;
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Model Math: open a file and select a tensor (a list, a numpy/torch repr, rows of numbers) first, or open a .npy / .npz / .safetensors file.');
    return undefined;
  }
  const doc = editor.document;
  const range = editor.selection.isEmpty ? new vscode.Range(0, 0, doc.lineCount, 0) : editor.selection;
  const text = doc.getText(range);
  const limit = maxSelectionCharacters();
  if (text.length > limit) {
    void vscode.window.showErrorMessage(`Model Math: the ${editor.selection.isEmpty ? 'file' : 'selection'} has ${text.length.toLocaleString('en-US')} characters, above the limit of ${limit.toLocaleString('en-US')} (setting modelmath.tensors.maxSelectionCharacters). Save the tensor with np.save and open the .npy instead.`);
    return undefined;
  }
  const where = `${editor.selection.isEmpty ? '' : `selection in `}${vscode.workspace.asRelativePath(doc.uri)}`;
  try {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Math: checking the tensor', cancellable: true }, (_progress, token) => {
      const work = ctx.tensors().analyzeText(text, { thresholds: tensorThresholds(), maxElements: maxTextElements() });
      return new Promise<TensorReport & { format: string }>((resolve, reject) => {
        token.onCancellationRequested(() => {
          ctx.tensors().dispose(); // stop the parse where it is; the next request starts a fresh worker
          reject(new vscode.CancellationError());
        });
        work.then(resolve, reject);
      });
    });
    const { format, ...plain } = report;
    await ctx.tensorView.show({ id: `text:${++counter}`, source: `${where} (read as ${format})`, report: plain });
    const worst = plain.checks.find((c) => c.severity === 'error') ?? plain.checks.find((c) => c.severity === 'warning');
    void vscode.window.setStatusBarMessage(`$(${worst ? 'warning' : 'check'}) Tensor [${plain.shape.join(', ')}] ${plain.dtype}: ${worst ? `${plain.checks.filter((c) => c.severity !== 'info').length} check(s), first ${worst.id}` : 'no warnings'}`, 8000);
    return plain;
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    const message = err instanceof TensorError || err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Model Math: ${where}: ${toDocument(message, range.start)}`);
    ctx.log.warn(`Check Selected Tensor: ${message}`);
    return undefined;
  }
}
