// The "Formula" webview view: type plain math or LaTeX, see it rendered with KaTeX as you type,
// its value, the free variables as a table to fill in, and a history.
import * as vscode from 'vscode';
import { LIBRARY } from '../../core/math/library/functions';
import type { FormulaViewResult } from '../../shared/protocol';
import { affectsViewSettings, formulaSettings, latexOption, viewSettings } from '../config';
import type { MathService } from '../../node/mathService';
import { onValidMessage, post, setUpWebview } from '../webview/host';

export class FormulaViewProvider implements vscode.WebviewViewProvider {
  static readonly viewId = 'modelmath.formula';
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** A formula to show, re-sent until the view acknowledges it (a hidden view may reload). */
  private pendingFormula: { text: string; id: string } | undefined;
  private nextId = 1;
  private readyListeners: (() => void)[] = [];
  /** The last result posted, for tests. */
  lastResult: FormulaViewResult | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly math: () => MathService,
    private readonly worksheetKey: () => string | undefined,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    setUpWebview(view.webview, this.extensionUri, 'formula', 'Formula');
    const subs = [
      onValidMessage(view.webview, this.log, async (m) => {
        switch (m.type) {
          case 'ready':
            await post(view.webview, { type: 'init', view: 'formula', settings: viewSettings(), functions: LIBRARY.map((f) => ({ name: f.name, signature: f.signature, doc: f.doc })) });
            this.ready = true;
            if (this.pendingFormula) await post(view.webview, { type: 'setFormula', ...this.pendingFormula });
            this.readyListeners.splice(0).forEach((f) => f());
            break;
          case 'evaluate': {
            const result = await this.evaluate(m.text, m.latex, m.values);
            this.lastResult = result;
            await post(view.webview, { type: 'evaluation', requestId: m.requestId, result });
            break;
          }
          case 'copy':
            await vscode.env.clipboard.writeText(m.text);
            void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
            break;
          case 'ack':
            if (this.pendingFormula?.id === m.id) this.pendingFormula = undefined;
            break;
          case 'error':
            this.log.error(`Formula view: ${m.message}`);
            break;
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsViewSettings(e)) void post(view.webview, { type: 'settings', settings: viewSettings() });
      }),
    ];
    view.onDidChangeVisibility(() => {
      // A view without retained context reloads when shown again; it will say 'ready' then.
      if (!view.visible) this.ready = false;
    });
    view.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      this.view = undefined;
      this.ready = false;
    });
  }

  private async evaluate(text: string, latex: 'auto' | 'always' | 'never', values: Readonly<Record<string, string>>): Promise<FormulaViewResult> {
    const s = formulaSettings();
    const lets = Object.entries(values).filter(([, v]) => v.trim() !== '') as [string, string][];
    const worksheet = this.worksheetKey();
    try {
      const r = await this.math().evaluate(text, { latex: latexOption(latex), significantDigits: s.significantDigits, byteUnits: s.byteUnits }, { lets, ...(worksheet ? { worksheet } : {}) });
      if (r.status === 'ok') return { status: 'ok', text: r.text, fullText: r.fullText, unit: r.unit, normalized: r.normalized, tex: r.tex, ...(r.binding ? { binding: r.binding } : {}) };
      return { status: 'needs-values', freeVariables: r.freeVariables, normalized: r.normalized, tex: r.tex };
    } catch (err) {
      const e = err as { message?: string; start?: number; end?: number };
      return { status: 'error', message: e.message ?? String(err), ...(e.start !== undefined ? { start: e.start, end: e.end ?? e.start + 1 } : {}) };
    }
  }

  /** Shows the view with a formula in it (from a hover link or the command). */
  async show(text?: string): Promise<void> {
    if (text !== undefined) this.pendingFormula = { text, id: String(this.nextId++) };
    await vscode.commands.executeCommand(`${FormulaViewProvider.viewId}.focus`);
    // Never hang a command on a view that does not come up; the formula stays pending for it.
    await Promise.race([this.whenReady(), new Promise((r) => setTimeout(r, 5_000))]);
    if (this.view && this.pendingFormula) await post(this.view.webview, { type: 'setFormula', ...this.pendingFormula });
  }

  whenReady(): Promise<void> {
    if (this.view && this.ready) return Promise.resolve();
    return new Promise((resolve) => this.readyListeners.push(resolve));
  }
}
