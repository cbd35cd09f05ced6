// Hover: the value of the math under the mouse. Inside a selection: the selected formula; in
// Markdown, LaTeX and Python: the $…$ / $$…$$ / \(…\) / \[…\] / equation span around the position.
import * as vscode from 'vscode';
import { collectMacros, type Macros } from '../../core/math/latex/macros';
import { mathSpanAt } from '../../core/math/mathSpans';
import { verdictText } from '../../core/math/verdict';
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
    const { text, range, latex, macros } = target;
    let body: vscode.MarkdownString;
    try {
      const worksheet = this.ctx.worksheets.activeKey();
      const r = await this.ctx.math().evaluate(text, { latex, significantDigits: settings.significantDigits, byteUnits: settings.byteUnits, ...(macros ? { macros } : {}) }, worksheet ? { worksheet } : {});
      if (token.isCancellationRequested) return undefined;
      body = new vscode.MarkdownString();
      if (r.status === 'ok' && r.equation) {
        // An equation: the verdict first, then both sides.
        body.appendMarkdown(r.equation.holds ? `**Model Math** ✓ ${escape(verdictText(r.equation))}` : `**Model Math** ✗ **${escape(verdictText(r.equation))}**`);
        if (r.equations && r.equations.length > 1) body.appendMarkdown(`  \n${r.equations.filter((e) => e.holds).length} of ${r.equations.length} relations in the chain hold`);
        if (r.binding) body.appendMarkdown(`  \n\`${r.binding}\` = \`${r.text}\``);
      } else if (r.status === 'ok') {
        body.appendMarkdown(`**Model Math** ${r.binding ? `\`${r.binding}\` ` : ''}= \`${r.text}\``);
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

  private target(doc: vscode.TextDocument, pos: vscode.Position): { text: string; range: vscode.Range; latex: boolean | 'auto'; macros?: Macros } | undefined {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const sel = editor?.selections.find((s) => !s.isEmpty && s.contains(pos));
    if (sel && doc.getText(sel).length <= 100_000) return { text: doc.getText(sel), range: sel, latex: latexOption(formulaSettings().latex), ...documentMacros(doc, doc.offsetAt(sel.start)) };
    if (!MATH_LANGUAGES.includes(doc.languageId)) return undefined;
    const span = mathSpanAt(doc.getText(), doc.offsetAt(pos));
    if (!span || span.content.trim() === '') return undefined;
    return { text: span.content, range: new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)), latex: true, ...documentMacros(doc, span.start) };
  }
}

/** \newcommand, \def, \DeclareMathOperator written earlier in a Markdown or LaTeX document. */
export function documentMacros(doc: vscode.TextDocument, offset: number): { macros?: Macros } {
  if (!['markdown', 'latex', 'tex'].includes(doc.languageId)) return {};
  const macros = collectMacros(doc.getText().slice(0, offset));
  return Object.keys(macros).length > 0 ? { macros } : {};
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}
