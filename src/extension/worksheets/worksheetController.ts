// Worksheets (.mmath): re-evaluated in the worker as you type; results drawn after each line,
// errors as diagnostics at their range, full precision on hover, completions for names.
import * as vscode from 'vscode';
import type { WorksheetLine } from '../../core/math/worksheet';
import { LIBRARY } from '../../core/math/library/functions';
import { verdictMark, verdictText, wrongEquationMessage } from '../../core/math/verdict';
import { formulaSettings, worksheetSettings } from '../config';
import type { MathService } from '../../node/mathService';

interface SheetState {
  version: number;
  lines: WorksheetLine[];
  names: string[];
  timer?: NodeJS.Timeout;
}

export class WorksheetController implements vscode.Disposable {
  private readonly sheets = new Map<string, SheetState>();
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('modelmath-worksheet');
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('modelmath.worksheetResultForeground'), margin: '0 0 0 2em' },
  });
  private readonly disposables: vscode.Disposable[] = [];
  private lastActive: string | undefined;
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(
    private readonly math: () => MathService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.diagnostics,
      this.decoration,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.render(e))),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && this.isSheet(e.document)) this.lastActive = e.document.uri.toString();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelmath')) vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
      }),
      vscode.languages.registerHoverProvider({ language: 'mmath' }, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerCompletionItemProvider({ language: 'mmath' }, { provideCompletionItems: (d) => this.completions(d) }),
    );
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
    const active = vscode.window.activeTextEditor?.document;
    if (active && this.isSheet(active)) this.lastActive = active.uri.toString();
  }

  /** Key of the worksheet whose bindings selections may use: the last active one still open. */
  activeKey(): string | undefined {
    return this.lastActive && this.sheets.has(this.lastActive) ? this.lastActive : undefined;
  }

  /** Latest results of a worksheet (tests and the hover use them). */
  results(uri: string): readonly WorksheetLine[] | undefined {
    return this.sheets.get(uri)?.lines;
  }

  /** Calls back after every evaluation of a worksheet (tests wait on it). */
  onDidEvaluate(f: (uri: string) => void): vscode.Disposable {
    this.listeners.add(f);
    return new vscode.Disposable(() => this.listeners.delete(f));
  }

  private isSheet(d: vscode.TextDocument): boolean {
    return d.languageId === 'mmath';
  }

  private schedule(doc: vscode.TextDocument, delay = worksheetSettings().delayMs): void {
    if (!this.isSheet(doc)) return;
    const key = doc.uri.toString();
    const state = this.sheets.get(key) ?? { version: -1, lines: [], names: [] };
    this.sheets.set(key, state);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void this.evaluate(doc), delay);
  }

  private async evaluate(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    const s = formulaSettings();
    try {
      const summary = await this.math().worksheet(key, doc.getText(), { latex: 'auto', significantDigits: s.significantDigits, byteUnits: s.byteUnits });
      const state = this.sheets.get(key);
      if (!state || doc.isClosed || doc.version !== version) return; // a newer edit is on its way
      state.version = version;
      state.lines = summary.lines;
      state.names = summary.names;
      this.diagnostics.set(doc.uri, summary.lines.filter((l) => l.status !== 'ok' || (l.equation && !l.equation.holds)).map((l) => this.diagnostic(l)));
    } catch (err) {
      const state = this.sheets.get(key);
      if (!state || doc.version !== version) return;
      // The whole sheet failed (time budget, memory): say so on the first line, keep the text.
      const message = err instanceof Error ? err.message : String(err);
      this.log.warn(`Worksheet ${doc.uri.fsPath}: ${message}`);
      state.version = version;
      state.lines = [];
      this.diagnostics.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, doc.lineAt(0).text.length), `Model Math could not evaluate this worksheet: ${message}`, vscode.DiagnosticSeverity.Error)]);
    }
    vscode.window.visibleTextEditors.filter((e) => e.document === doc).forEach((e) => this.render(e));
    this.listeners.forEach((f) => f(key));
  }

  private diagnostic(l: WorksheetLine): vscode.Diagnostic {
    const start = l.errorStart ?? l.start;
    const end = Math.max(l.errorEnd ?? l.end, start + 1);
    const message = l.status === 'ok' && l.equation ? wrongEquationMessage(l.equation) : (l.message ?? 'Error');
    const d = new vscode.Diagnostic(new vscode.Range(l.line, start, l.line, end), message, l.status === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    if (l.status === 'ok') d.code = 'wrong-equation';
    d.source = 'Model Math';
    return d;
  }

  private render(editor: vscode.TextEditor): void {
    if (!this.isSheet(editor.document)) return;
    const state = this.sheets.get(editor.document.uri.toString());
    if (!state || !worksheetSettings().showResults) return editor.setDecorations(this.decoration, []);
    const lineCount = editor.document.lineCount;
    editor.setDecorations(
      this.decoration,
      state.lines
        .filter((l) => l.status === 'ok' && l.line < lineCount)
        .map((l) => {
          const end = editor.document.lineAt(l.line).range.end;
          return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: l.equation ? `→ ${l.equation.lhs.text} ${verdictMark(l.equation)}` : `→ ${l.text ?? ''}` } } };
        }),
    );
  }

  private hover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const l = this.sheets.get(doc.uri.toString())?.lines.find((x) => x.line === pos.line);
    if (!l) return undefined;
    const md = new vscode.MarkdownString();
    if (l.status === 'ok' && l.equation) {
      md.appendMarkdown(`${l.equation.holds ? '✓' : '✗'} ${verdictText(l.equation)}`);
    } else if (l.status === 'ok') {
      md.appendMarkdown(`**${l.binding ? `${l.binding} = ` : ''}${l.fullText ?? ''}**`);
      if (l.unit) md.appendMarkdown(`  \nunit: \`${l.unit}\``);
    } else md.appendMarkdown(l.message ?? '');
    if (l.normalized) {
      md.appendMarkdown('\n\nread as:');
      md.appendCodeblock(l.normalized, 'text');
    }
    const fn = /([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(doc.lineAt(pos.line).text);
    const lib = fn && LIBRARY.find((f) => f.name === fn[1]);
    if (lib) md.appendMarkdown(`\n\n\`${lib.signature}\`: ${lib.doc} (${lib.source})`);
    return new vscode.Hover(md, new vscode.Range(l.line, l.start, l.line, l.end));
  }

  private completions(doc: vscode.TextDocument): vscode.CompletionItem[] {
    const names = this.sheets.get(doc.uri.toString())?.names ?? [];
    const vars = names.map((n) => {
      const item = new vscode.CompletionItem(n, vscode.CompletionItemKind.Variable);
      item.detail = 'defined in this worksheet';
      return item;
    });
    const fns = LIBRARY.map((f) => {
      const item = new vscode.CompletionItem(f.name, vscode.CompletionItemKind.Function);
      item.detail = f.signature;
      item.documentation = new vscode.MarkdownString(`${f.doc}\n\nSource: ${f.source}`);
      item.insertText = new vscode.SnippetString(`${f.name}($0)`);
      return item;
    });
    return [...vars, ...fns];
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const state = this.sheets.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    this.sheets.delete(key);
    this.diagnostics.delete(doc.uri);
    if (this.lastActive === key) this.lastActive = undefined;
    void this.math()
      .forget(key)
      .catch(() => undefined);
  }

  dispose(): void {
    this.sheets.forEach((s) => clearTimeout(s.timer));
    this.disposables.forEach((d) => d.dispose());
  }
}

export const WORKSHEET_TEMPLATE = `# Model Math worksheet: one statement a line; results appear after each line.
# Hover a line for full precision; errors are underlined. Library: attn_scale, logn_scale, alpha_star, …
d = 128
n = 8192
attn_scale(d)
logn_scale(n, d)
kv = kv_cache_bytes(32, 8, d) bytes
kv * n to GiB
`;
