// "Check Selected Tensor": the selection (or the whole file when nothing is selected) is parsed
// and checked in the tensor worker under a cancellable progress notification; the report opens
// in the Tensor view. Tensor files open in the tensor-file editor instead.
import * as vscode from 'vscode';
import { leadFinding } from '../../core/tensor/findings';
import { showTensorReport } from './tensorReports';
import type { TensorReport } from '../../core/tensor/report';
import { TensorError } from '../../node/tensorService';
import type { ExtensionContext } from '../context';
import { maxSelectionCharacters, maxTextElements, tensorThresholds } from './settings';
import { TENSOR_EDITOR_VIEW_TYPE, TENSOR_INDEX_VIEW_TYPE } from './tensorFileEditor';

let counter = 0;

// 256 K characters: one getText + postMessage per event-loop turn stays a few ms even when other
// processes hold the cores (1 MB pieces stalled the host 80 ms under load average 20).
const PIECE_CHARACTERS = 256_000;
/** Ranges of fewer lines are read in one go. */
const SMALL_LINES = 20_000;

/** Stops with a clear error once the pieces pass the character limit. */
function* limited(source: Iterable<string>, limit: number, message: (n: number) => string): Generator<string> {
  let total = 0;
  for (const piece of source) {
    total += piece.length;
    if (total > limit) throw new TensorError(message(total), true);
    yield piece;
  }
}

/** The text of `range` in pieces of about PIECE_CHARACTERS (whole lines, or slices of a long line). */
export function* pieces(doc: vscode.TextDocument, range: vscode.Range): Generator<string> {
  // Lines per piece from the first line's length (one lineAt per piece, not per line: a huge
  // document has hundreds of thousands of lines, and every TextLine is garbage to collect).
  let start = range.start;
  while (start.isBefore(range.end)) {
    const first = doc.lineAt(start.line).text.length;
    const lineEnd = start.line === range.end.line ? range.end.character : first;
    if (lineEnd - start.character > PIECE_CHARACTERS) {
      // One very long line (a JSON array on one line): slice it.
      const stop = new vscode.Position(start.line, start.character + PIECE_CHARACTERS);
      yield doc.getText(new vscode.Range(start, stop));
      start = stop;
      continue;
    }
    const perPiece = Math.max(1, Math.floor(PIECE_CHARACTERS / (first + 1)));
    const endLine = Math.min(range.end.line, start.line + perPiece);
    const end = endLine >= range.end.line ? range.end : new vscode.Position(endLine, 0);
    yield doc.getText(new vscode.Range(start, end));
    start = end;
  }
}

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
  const small = range.end.line - range.start.line < SMALL_LINES;
  const text = small ? doc.getText(range) : undefined;
  // A big selection of a saved file is read from the file by the worker (decision 0017): no text
  // passes through this thread. Its offsets cost one pass over the line lengths (a Uint32Array).
  const fromFile = !small && doc.uri.scheme === 'file' && !doc.isDirty && !doc.isUntitled;
  const slice = fromFile ? { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end), length: doc.offsetAt(doc.lineAt(doc.lineCount - 1).range.end) } : undefined;
  const limit = maxSelectionCharacters();
  const tooLong = (length: number) => `the ${editor.selection.isEmpty ? 'file' : 'selection'} has ${length > limit ? `more than ${limit.toLocaleString('en-US')}` : length.toLocaleString('en-US')} characters, above the limit of ${limit.toLocaleString('en-US')} (setting modelmath.tensors.maxSelectionCharacters). Save the tensor with np.save and open the .npy instead.`;
  const known = text?.length ?? (slice ? slice.end - slice.start : undefined);
  if (known !== undefined && known > limit) {
    void vscode.window.showErrorMessage(`Model Math: ${tooLong(known)}`);
    return undefined;
  }
  const where = `${editor.selection.isEmpty ? '' : `selection in `}${vscode.workspace.asRelativePath(doc.uri)}`;
  try {
    const report = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Model Math: checking the tensor', cancellable: true }, (_progress, token) => {
      // Small selections go in one message; big ones are read from the saved file by the worker, or
      // else (unsaved, or the file's text is not the document's) sent in ~256 KB pieces of lines, so
      // no single step on this thread copies the whole text.
      const options = { thresholds: tensorThresholds(), maxElements: maxTextElements() };
      const sendPieces = () => ctx.tensors().analyzeTextPieces(limited(pieces(doc, range), limit, tooLong), options);
      const work =
        text !== undefined
          ? ctx.tensors().analyzeText(text, options)
          : slice
            ? ctx.tensors().analyzeTextFile(doc.uri.fsPath, slice, options).then((report) => report ?? sendPieces())
            : sendPieces();
      return new Promise<TensorReport & { format: string }>((resolve, reject) => {
        token.onCancellationRequested(() => {
          ctx.tensors().dispose(); // stop the parse where it is; the next request starts a fresh worker
          reject(new vscode.CancellationError());
        });
        work.then(resolve, reject);
      });
    });
    const { format, ...plain } = report;
    await showTensorReport(ctx, { id: `text:${++counter}`, source: `${where} (read as ${format})`, report: plain });
    // The status bar leads with the most severe finding (infos included: never "no warnings" over a finding).
    const lead = leadFinding(plain.checks);
    void vscode.window.setStatusBarMessage(`$(${lead.severity === 'ok' ? 'check' : lead.severity === 'info' ? 'info' : lead.severity === 'error' ? 'error' : 'warning'}) Tensor [${plain.shape.join(', ')}] ${plain.dtype}: ${lead.text}`, 8000);
    return plain;
  } catch (err) {
    if (err instanceof vscode.CancellationError) return undefined;
    const message = err instanceof TensorError || err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Model Math: ${where}: ${toDocument(message, range.start)}`);
    ctx.log.warn(`Check Selected Tensor: ${message}`);
    return undefined;
  }
}
