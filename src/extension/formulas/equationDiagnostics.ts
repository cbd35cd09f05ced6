// Wrong equations in Markdown, LaTeX and Python comments/docstrings: a warning at the math span
// whose relation does not hold (`$2 \cdot 3 = 7$`), checked in the evaluation worker after each
// pause in typing. The setting modelmath.formulas.checkEquations turns it off.
import * as vscode from 'vscode';
import { formulaSettings } from '../config';
import type { MathService } from '../../node/mathService';

/** Languages whose math spans are checked (plain text is not: a $ there is rarely math). */
export const CHECKED_LANGUAGES = ['markdown', 'latex', 'tex', 'python', 'restructuredtext'];
/** Larger documents are not checked (a hover still works on any span). */
const MAX_CHARACTERS = 2_000_000;
const DELAY_MS = 400;

export class EquationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('modelmath-equations');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(
    private readonly math: () => MathService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelmath.formulas.checkEquations')) vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
      }),
    );
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  /** Calls back after each check of a document (tests wait on it). */
  onDidCheck(f: (uri: string) => void): vscode.Disposable {
    this.listeners.add(f);
    return new vscode.Disposable(() => this.listeners.delete(f));
  }

  private schedule(doc: vscode.TextDocument, delay = DELAY_MS): void {
    if (!CHECKED_LANGUAGES.includes(doc.languageId) || doc.uri.scheme === 'output') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.check(doc), delay),
    );
  }

  private clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.collection.delete(uri);
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    this.timers.delete(key);
    if (!formulaSettings().checkEquations || doc.isClosed) return this.collection.delete(doc.uri);
    const text = doc.getText();
    // Only documents that write a relation inside math are worth a trip to the worker.
    if (text.length > MAX_CHARACTERS || !/[$\\]/.test(text)) return this.collection.delete(doc.uri);
    const version = doc.version;
    try {
      const wrong = await this.math().wrongEquations(text);
      if (doc.isClosed || doc.version !== version) return;
      this.collection.set(
        doc.uri,
        wrong.map((w) => {
          const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(w.start), doc.positionAt(w.end)), w.message, vscode.DiagnosticSeverity.Warning);
          d.source = 'Model Math';
          d.code = 'wrong-equation';
          return d;
        }),
      );
    } catch (err) {
      this.log.warn(`Checking the equations of ${doc.uri.fsPath}: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.listeners.forEach((f) => f(key));
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}
