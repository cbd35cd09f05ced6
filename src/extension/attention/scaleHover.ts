// Hover on an attention scale in Python: its value for the resolved head size and the checker's
// analysis at a typical length, with a link into the Attention view.
import * as vscode from 'vscode';
import { analyzeChoice, type LengthPoint } from '../../core/attention/analysis';
import { pythonToMath, SCALE_ALIASES } from '../../core/attention/scaleSyntax';
import type { ExtensionContext } from '../context';
import { resolveHeadDim, scanDocument } from './pythonChecks';

const f = (x: number, digits = 4) => String(Number(x.toPrecision(digits)));

export class AttentionScaleHoverProvider implements vscode.HoverProvider {
  constructor(private readonly ctx: ExtensionContext) {}

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const scan = scanDocument(doc);
    if (!scan) return undefined;
    const offset = doc.offsetAt(pos);
    const site = scan.sites.find((s) => s.start <= offset && offset <= s.end);
    if (!site) return undefined;
    const range = new vscode.Range(doc.positionAt(site.start), doc.positionAt(site.end));
    const md = new vscode.MarkdownString();
    md.supportThemeIcons = true;
    md.isTrusted = { enabledCommands: ['modelmath.checkAttentionScale'] };
    const expression = pythonToMath(site.resolved);
    md.appendMarkdown(`**Model Math · attention scale** ${site.kind === 'default' ? '(the default of scaled_dot_product_attention)' : ''}\n\n`);
    const bare = (t: string) => t.replace(/[()\s]/g, '');
    md.appendCodeblock(site.kind === 'default' ? `scale = ${site.text}` : `${site.text}${bare(site.resolved) !== bare(site.text) ? `  ⇒  ${site.resolved}` : ''}`, 'python');
    const d = await resolveHeadDim(doc, site.start);
    const n = d?.maxPositions ? Math.max(16, Math.round(d.maxPositions / 2)) : 4096;
    const args = { id: `hover:${doc.uri.toString()}:${site.start}`, ...(d ? { d: d.value } : {}), nMax: Math.max(2 * n, 1024), expression: expression.replace(/\b([A-Za-z_]\w*)\b/g, (m) => (SCALE_ALIASES[m] ? SCALE_ALIASES[m] : m)) };
    const link = `[Check in the Attention view](command:modelmath.checkAttentionScale?${encodeURIComponent(JSON.stringify([args]))})`;
    if (!d) {
      md.appendMarkdown(`The head dimension d is not known here: assign it (\`head_dim = 64\`) or keep a model \`config.json\` in the workspace. ${link}`);
      return new vscode.Hover(md, range);
    }
    const lets: [string, string][] = [];
    for (const name of new Set(expression.match(/[A-Za-z_]\w*/g) ?? [])) {
      const alias = SCALE_ALIASES[name];
      if (alias === 'd') lets.push([name, String(d.value)]);
      if (alias === 'n') lets.push([name, String(n)]);
    }
    try {
      const r = await this.ctx.math().evaluate(expression, { describe: false, latex: false }, { lets });
      if (r.status !== 'ok' || typeof r.value !== 'number' || !Number.isFinite(r.value)) {
        const missing = r.status === 'needs-values' ? r.freeVariables.map((v) => `\`${v}\``).join(', ') : '';
        md.appendMarkdown(`d = ${d.value} (${d.from}).${missing ? ` The scale also uses ${missing}, which this file does not assign a number to.` : ''} ${link}`);
        return new vscode.Hover(md, range);
      }
      const scale = r.value;
      const analysis = analyzeChoice({ id: 'code', label: site.text, tex: '', formula: site.text, kind: 'dot', scale: () => scale, lengthDependent: false, source: 'code' }, { d: d.value, lengths: [n], causal: true });
      const p = analysis.points[0] as LengthPoint;
      md.appendMarkdown(`d = ${d.value} (${d.from}) → **scale ${f(scale, 6)}**, α = scale·√d = ${f(p.alpha)} (1 for 1/√d)\n\n`);
      md.appendMarkdown(`At n = ${n.toLocaleString('en-US')} keys (decoder, α* at n/2 = ${f(p.alphaStar, 3)}): expected entropy ${f(p.monteCarlo.entropy, 3)} of ${f(Math.log(n), 3)} nats, max probability ${f(p.monteCarlo.maxProb, 2)}, gradient α(1−Σp²) ${f(p.monteCarlo.gradient, 3)} → **${p.state}**\n\n`);
      md.appendMarkdown(`${link}\n\n_q, k random with unit-variance entries; kexue.fm/archives/8620, 9812._`);
    } catch (err) {
      md.appendMarkdown(`Could not evaluate the scale: ${err instanceof Error ? err.message : String(err)}`);
    }
    return new vscode.Hover(md, range);
  }
}
