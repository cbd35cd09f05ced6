// "Inspect Model Folder": a Hugging Face snapshot folder (config.json + safetensors/.bin shards or
// GGUF) as a rendered, read-only Markdown report beside the editor, like Estimate FLOPs & Memory.
// Headers only (no tensor data), read file by file with progress and cancel.
import * as vscode from 'vscode';
import { loadModelCore } from './modelCore';
import { reportDocuments } from './reportDocuments';

/** The last report's URI (tests read it). */
export let lastFolderReportUri: vscode.Uri | undefined;

async function pickFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return arg.includes('://') ? vscode.Uri.parse(arg) : vscode.Uri.file(arg);
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Inspect', title: 'Model Math: a model folder (config.json and the weights)', ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}) });
  return picked?.[0];
}

export async function inspectModelFolderCommand(arg?: unknown): Promise<string | undefined> {
  let uri = await pickFolder(arg);
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Model Math: Inspect Model Folder reads local folders only.');
    return undefined;
  }
  // A file in the folder (config.json, a shard) stands for its folder.
  if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) uri = vscode.Uri.joinPath(uri, '..');
  const name = vscode.workspace.asRelativePath(uri);
  const core = await loadModelCore();
  let markdown: string;
  try {
    markdown = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Model Math: reading ${name}`, cancellable: true }, async (progress, token) => {
      const contents = await core.readModelFolder(uri.fsPath, { onFile: (file, i, of) => progress.report({ message: `${file} (${i + 1} of ${of})`, increment: 100 / of }), cancelled: () => token.isCancellationRequested });
      const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
      return core.folderMarkdown(core.inspectModelFolder({ ...contents, folder: name }), decimal);
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (message === 'cancelled') return undefined;
    if (err instanceof Error && err.name === 'UnsafePickleError') void vscode.window.showWarningMessage(`Model Math security warning: ${name}: ${message}`, { modal: false });
    else void vscode.window.showErrorMessage(`Model Math: ${message}`);
    return undefined;
  }
  const doc = reportDocuments.put(`Model folder – ${name}`, markdown);
  lastFolderReportUri = doc;
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
  } catch {
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return markdown;
}
