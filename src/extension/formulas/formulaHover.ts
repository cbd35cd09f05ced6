// Hover: the value of the math under the mouse. Inside a selection: the selected formula; in
// Markdown, LaTeX and Python: the $…$ / $$…$$ / \(…\) / \[…\] / equation span around the position.
import * as vscode from 'vscode';
import { mathSpanAt } from '../../core/math/mathSpans';
import { formulaSettings, latexOption } from '../config';
import type { ExtensionContext } from '../context';

export const MATH_LANGUAGES = ['markdown', 'latex', 'tex', 'python', 'restructuredtext', 'plaintext'];

export class FormulaHoverProvider implements vscode.HoverProvider {
  constructor(private readonly ctx: ExtensionContext) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const settings = formulaSettings();
    if (!settings.hover || doc.languageId === 'mmath') return undefined;
    const target = this.target(doc, pos);
    if (!target) return undefined;
    const { text, range, latex } = target;
    let body: vscode.MarkdownString;
    try {
      const worksheet = this.ctx.worksheets.activeKey();
      const r = await this.ctx.math().evaluate(text, { latex, significantDigits: settings.significantDigits, byteUnits: settings.byteUnits }, worksheet ? { worksheet } : {});
      if (token.isCancellationRequested) return undefined;
      body = new vscode.MarkdownString();
      if (r.status === 'ok') {
        body.appendMarkdown(`**Model Math** = \`${r.text}\``);
        if (r.fullText !== r.text) body.appendMarkdown(`  \nfull precision: \`${r.fullText}\``);
      } else {
        body.appendMarkdown(`**Model Math**: needs values for ${r.freeVariables.map((v) => `\`${v}\``).join(', ')}`);
      }
      body.appendMarkdown('\n\nread as:');
      body.appendCodeblock(r.normalized, 'text');
    } catch (err) {
      body = new vscode.MarkdownString(`**Model Math**: ${err instanceof Error ? err.message : String(err)}`);
    }
    const args = encodeURIComponent(JSON.stringify([text]));
    body.appendMarkdown(`\n\n[Open in Formula view](command:modelmath.openFormula?${args})`);
    body.isTrusted = { enabledCommands: ['modelmath.openFormula'] };
    return new vscode.Hover(body, range);
  }

  private target(doc: vscode.TextDocument, pos: vscode.Position): { text: string; range: vscode.Range; latex: boolean | 'auto' } | undefined {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const sel = editor?.selections.find((s) => !s.isEmpty && s.contains(pos));
    if (sel && doc.getText(sel).length <= 100_000) return { text: doc.getText(sel), range: sel, latex: latexOption(formulaSettings().latex) };
    if (!MATH_LANGUAGES.includes(doc.languageId)) return undefined;
    const span = mathSpanAt(doc.getText(), doc.offsetAt(pos));
    if (!span || span.content.trim() === '') return undefined;
    return { text: span.content, range: new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)), latex: true };
  }
}
