// Shows " = result" after each evaluated selection until the document changes.
import * as vscode from 'vscode';

let decoration: vscode.TextEditorDecorationType | undefined;
let clearOnChange: vscode.Disposable | undefined;

function type(): vscode.TextEditorDecorationType {
  decoration ??= vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('modelmath.worksheetResultForeground'), margin: '0 0 0 0.5em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  return decoration;
}

export function showInlineResults(editor: vscode.TextEditor, results: readonly { range: vscode.Range; text: string; insert: string }[]): void {
  editor.setDecorations(
    type(),
    results.map((r) => ({ range: r.range, renderOptions: { after: { contentText: `= ${r.text}` } }, hoverMessage: new vscode.MarkdownString().appendCodeblock(r.insert, 'text') })),
  );
  clearOnChange?.dispose();
  clearOnChange = vscode.workspace.onDidChangeTextDocument((e) => {
    if (e.document === editor.document && e.contentChanges.length > 0) {
      editor.setDecorations(type(), []);
      clearOnChange?.dispose();
      clearOnChange = undefined;
    }
  });
}

export function disposeInlineResults(): void {
  clearOnChange?.dispose();
  decoration?.dispose();
  decoration = undefined;
}
