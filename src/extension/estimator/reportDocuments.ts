// Read-only virtual documents for rendered reports: the Estimate report is Markdown served under
// this scheme and opened in the Markdown preview, so nothing unsaved is left behind (an Untitled
// editor asked to be saved on close).
import * as vscode from 'vscode';

export const REPORT_SCHEME = 'modelmath-report';

class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores a report under a stable name (re-running replaces it) and returns its URI. */
  put(name: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${name.replace(/[\\/:*?"<>|#]+/g, '_')}.md` });
    if (this.texts.size > 32) this.texts.clear();
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# Report no longer available\n\nRun **Model Math: Estimate FLOPs & Memory** again.';
  }
}

export const reportDocuments = new ReportDocuments();
