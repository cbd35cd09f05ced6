// Evaluate Selection, Replace Selection with Result, Append Result: each selection on its own
// (multi-cursor); an empty selection means the statement on the cursor's line.
import * as vscode from 'vscode';
import type { EquationCheck } from '../../core/math/evaluate';
import { verdictMark, verdictText } from '../../core/math/verdict';
import { statementRange } from '../../core/math/worksheet';
import { documentMacros } from './formulaHover';
import type { ExtensionContext } from '../context';
import { evaluateWithPrompts } from './evaluateWithPrompts';
import { showInlineResults } from './resultDecorations';

export interface Evaluated {
  readonly range: vscode.Range;
  readonly expression: string;
  /** For people (rounded, grouped). */
  readonly text: string;
  /** For inserting into a document (every digit, no grouping). */
  readonly insert: string;
  /** The verdict when the selection is a relation (`2 \cdot 3 = 7`). */
  readonly equation?: EquationCheck;
}

/** The range each selection stands for. */
export function targetRanges(editor: vscode.TextEditor): vscode.Range[] {
  return editor.selections.map((sel) => {
    if (!sel.isEmpty) return new vscode.Range(sel.start, sel.end);
    const line = editor.document.lineAt(sel.active.line);
    const r = statementRange(line.text);
    return r ? new vscode.Range(line.lineNumber, r.start, line.lineNumber, r.end) : line.range;
  });
}

/** Evaluates every selection; undefined when the user cancelled or an error was shown. */
export async function evaluateSelections(ctx: ExtensionContext, editor: vscode.TextEditor): Promise<Evaluated[] | undefined> {
  const out: Evaluated[] = [];
  const ranges = targetRanges(editor);
  for (const [i, range] of ranges.entries()) {
    const expression = editor.document.getText(range);
    if (expression.trim() === '') {
      void vscode.window.showWarningMessage('Model Math: select a formula to evaluate (or put the cursor on a line that holds one).');
      return undefined;
    }
    const r = await evaluateWithPrompts(ctx, expression, documentMacros(editor.document, editor.document.offsetAt(range.start)).macros);
    if (!r.ok) {
      if ('message' in r) {
        const which = ranges.length > 1 ? ` (selection ${i + 1} of ${ranges.length}, line ${range.start.line + 1})` : '';
        void vscode.window.showErrorMessage(`Model Math: ${r.message}${which}`);
      }
      return undefined;
    }
    out.push({ range, expression, text: r.result.text, insert: r.result.fullText, ...(r.result.equation ? { equation: r.result.equation } : {}) });
  }
  return out;
}

export async function replaceWithResults(editor: vscode.TextEditor, results: readonly Evaluated[]): Promise<boolean> {
  return editor.edit((b) => results.forEach((r) => b.replace(r.range, r.insert)));
}

export async function appendResults(editor: vscode.TextEditor, results: readonly Evaluated[]): Promise<boolean> {
  return editor.edit((b) => results.forEach((r) => b.insert(r.range.end, ` = ${r.insert}`)));
}

function activeEditorOrWarn(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) void vscode.window.showWarningMessage('Model Math: open a file and select a formula first.');
  return editor;
}

export async function evaluateSelectionCommand(ctx: ExtensionContext): Promise<Evaluated[] | undefined> {
  const editor = activeEditorOrWarn();
  if (!editor) return undefined;
  const results = await evaluateSelections(ctx, editor);
  if (!results) return undefined;
  showInlineResults(editor, results);
  const one = (r: Evaluated) => (r.equation ? `${r.expression.trim()}: ${verdictText(r.equation)}` : `${r.expression.trim()} = ${r.text}`);
  const summary = results.length === 1 ? one(results[0] as Evaluated) : `${results.length} results: ${results.map((r) => (r.equation ? verdictMark(r.equation) : r.text)).join(', ')}`;
  if (results.some((r) => r.equation && !r.equation.holds)) {
    void vscode.window.showWarningMessage(`Model Math: ${summary.length > 300 ? `${summary.slice(0, 300)}…` : summary}`);
    return results;
  }
  const version = editor.document.version;
  void vscode.window.showInformationMessage(`Model Math: ${summary.length > 300 ? `${summary.slice(0, 300)}…` : summary}`, 'Copy', 'Replace', 'Append').then(async (choice) => {
    if (choice === 'Copy') await vscode.env.clipboard.writeText(results.map((r) => r.insert).join('\n'));
    if ((choice === 'Replace' || choice === 'Append') && editor.document.version !== version) {
      void vscode.window.showWarningMessage('Model Math: the document changed since the evaluation; run the command again.');
      return;
    }
    if (choice === 'Replace') await replaceWithResults(editor, results);
    if (choice === 'Append') await appendResults(editor, results);
  });
  return results;
}

export async function editSelectionCommand(ctx: ExtensionContext, how: 'replace' | 'append'): Promise<boolean> {
  const editor = activeEditorOrWarn();
  if (!editor) return false;
  const results = await evaluateSelections(ctx, editor);
  if (!results) return false;
  return how === 'replace' ? replaceWithResults(editor, results) : appendResults(editor, results);
}
