// Shows " = result" after each evaluated selection until the document changes.
import * as vscode from 'vscode';
import type { EquationCheck } from '../../core/math/evaluate';
import { verdictMark, verdictText } from '../../core/math/verdict';

let decoration: vscode.TextEditorDecorationType | undefined;
let clearOnChange: vscode.Disposable | undefined;

function type(): vscode.TextEditorDecorationType {
  decoration ??= vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('modelmath.worksheetResultForeground'), margin: '0 0 0 0.5em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  return decoration;
}

export function showInlineResults(editor: vscode.TextEditor, results: readonly { range: vscode.Range; text: string; insert: string; equation?: EquationCheck }[]): void {
  editor.setDecorations(
    type(),
    results.map((r) => ({
      range: r.range,
      // An equation shows its verdict: "→ 131,072 ✗ ≠ 262,144" or "→ 0.166667 ✓ ≈ 0.1667".
      renderOptions: { after: { contentText: r.equation ? `→ ${r.equation.lhs.text} ${verdictMark(r.equation)}` : `= ${r.text}` } },
      hoverMessage: new vscode.MarkdownString().appendCodeblock(r.equation ? verdictText(r.equation) : r.insert, 'text'),
    })),
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
