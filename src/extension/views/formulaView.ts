// The "Formula" webview view: type plain math or LaTeX, see it rendered with KaTeX as you type,
// its value, the free variables as a table to fill in, and a history.
import type * as vscode from 'vscode';
import { LIBRARY } from '../../core/math/library/functions';
import { verdictText } from '../../core/math/verdict';
import type { MathService } from '../../node/mathService';
import type { FormulaViewResult, HostMessage, LatexMode, WebviewMessage } from '../../shared/protocol';
import { formulaSettings, latexOption, viewSettings } from '../config';
import { post } from '../webview/host';
import { ViewProvider } from '../webview/viewProvider';

export class FormulaViewProvider extends ViewProvider {
  static readonly viewId = 'modelmath.formula';
  /** The typed formula and its variables survive collapsing the view. */
  override readonly retainsContext = true;
  private nextId = 1;
  /** The last result posted, for tests. */
  lastResult: FormulaViewResult | undefined;

  constructor(
    extensionUri: vscode.Uri,
    log: vscode.LogOutputChannel,
    private readonly math: () => MathService,
    private readonly worksheetKey: () => string | undefined,
  ) {
    super(extensionUri, log, 'formula', 'Formula', FormulaViewProvider.viewId);
  }

  protected init(): HostMessage {
    return { type: 'init', view: 'formula', settings: viewSettings(), functions: LIBRARY.map((f) => ({ name: f.name, signature: f.signature, doc: f.doc })) };
  }

  protected override async onMessage(m: WebviewMessage, webview: vscode.Webview): Promise<void> {
    if (m.type !== 'evaluate') return super.onMessage(m, webview);
    const result = await this.evaluate(m.text, m.latex, m.values);
    this.lastResult = result;
    await post(webview, { type: 'evaluation', requestId: m.requestId, result });
  }

  private async evaluate(text: string, latex: LatexMode, values: Readonly<Record<string, string>>): Promise<FormulaViewResult> {
    const s = formulaSettings();
    const lets = Object.entries(values).filter(([, v]) => v.trim() !== '') as [string, string][];
    const worksheet = this.worksheetKey();
    try {
      const r = await this.math().evaluate(text, { latex: latexOption(latex), significantDigits: s.significantDigits, byteUnits: s.byteUnits }, { lets, ...(worksheet ? { worksheet } : {}) });
      if (r.status === 'ok') {
        const equation = r.equation ? { holds: r.equation.holds, verdict: verdictText(r.equation), lhs: r.equation.lhs.text, rhs: r.equation.rhs.text } : undefined;
        return { status: 'ok', text: r.text, fullText: r.fullText, unit: r.unit, normalized: r.normalized, tex: r.tex, ...(r.binding ? { binding: r.binding } : {}), ...(equation ? { equation } : {}) };
      }
      return { status: 'needs-values', freeVariables: r.freeVariables, normalized: r.normalized, tex: r.tex };
    } catch (err) {
      const e = err as { message?: string; start?: number; end?: number };
      return { status: 'error', message: e.message ?? String(err), ...(e.start !== undefined ? { start: e.start, end: e.end ?? e.start + 1 } : {}) };
    }
  }

  /** Shows the view, with a formula in it when one is given (from a hover link or the command). */
  show(text?: string): Promise<void> {
    const id = String(this.nextId++);
    return this.reveal(text === undefined ? undefined : { id, message: { type: 'setFormula', text, id } });
  }
}
