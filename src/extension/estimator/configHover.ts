// Hover anywhere in a model config: the headline numbers, and what the hovered key contributes.
import * as vscode from 'vscode';
import { attentionConfigMarkdown } from '../../core/attention/configMarkdown';
import { formatBytes } from '../../core/format/bytes';
import { formatNumber } from '../../core/format/number';
import { approximateNote, formatFlops, keyContribution, summaryMarkdown } from '../../core/model/report';
import { checkpointCheck, checkpointMarkdown, estimateDocument } from './configDocument';

function keyAt(doc: vscode.TextDocument, pos: vscode.Position): string | undefined {
  const line = doc.lineAt(pos.line).text;
  const m = /^\s*"([^"]+)"\s*:/.exec(line);
  return m ? m[1] : undefined;
}

export class ConfigHoverProvider implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const r = await estimateDocument(doc);
    if (!r) return undefined;
    const md = new vscode.MarkdownString();
    md.isTrusted = { enabledCommands: ['modelmath.estimateConfig', 'modelmath.openCalculator', 'modelmath.checkAttentionScale'] };
    if (!r.ok) {
      md.appendMarkdown(`**Model Math**: ${r.message}`);
      return new vscode.Hover(md);
    }
    const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
    const key = keyAt(doc, pos);
    const contribution = key ? keyContribution(r.estimate, key, decimal) : undefined;
    md.appendMarkdown(`**Model Math** · ${r.estimate.spec.architecture || r.estimate.spec.family}\n\n`);
    if (contribution) md.appendMarkdown(`${contribution}\n\n`);
    md.appendMarkdown(summaryMarkdown(r.estimate, decimal));
    const attention = attentionConfigMarkdown(r.raw);
    if (attention) md.appendMarkdown(`\n\n---\n\n${attention} [Check in the Attention view](command:modelmath.checkAttentionScale)`);
    const check = await checkpointCheck(doc.uri, r.estimate);
    if (check) md.appendMarkdown(`\n\n${checkpointMarkdown(check)}`);
    md.supportThemeIcons = true;
    md.appendMarkdown(`\n\n_Matmul FLOPs, 1 multiply-add = 2; memory ${decimal ? 'GB = 10⁹' : 'GiB = 2³⁰'} bytes._ [Full estimate…](command:modelmath.estimateConfig?${encodeURIComponent(JSON.stringify([doc.uri.toString()]))}) · [Open in calculator](command:modelmath.openCalculator)`);
    return new vscode.Hover(md);
  }
}

export class ConfigCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const r = await estimateDocument(doc);
    if (!r) return [];
    const range = new vscode.Range(0, 0, 0, 0);
    if (!r.ok) return [new vscode.CodeLens(range, { title: `Model Math: ${r.message.slice(0, 120)}`, command: '' })];
    const e = r.estimate;
    const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
    const approx = e.spec.approximate ? '$(warning) approximate · ' : '';
    const params = e.spec.moe ? `${formatNumber(e.params.total / 1e9, 4)}B params (${formatNumber(e.params.active / 1e9, 3)}B active)` : `${formatNumber(e.params.total / 1e9, 4)}B params`;
    return [
      new vscode.CodeLens(range, {
        title: `$(symbol-numeric) ${approx}${params} · ${formatFlops(e.flops.forwardPerToken, 3)}/token at ${formatNumber(e.options.seq)} ctx · KV ${formatBytes(e.kvCache.bytesPerToken, decimal, 3)}/token · ${formatBytes(e.memory.weightsBytes, decimal, 3)} ${e.quantization && 'layout' in e.quantization ? `${e.quantization.layout.method} weights (${formatNumber(e.quantization.layout.bitsPerWeight, 3)} bits/weight)` : 'bf16 weights'}`,
        command: 'modelmath.estimateConfig',
        arguments: [doc.uri.toString()],
        tooltip: e.spec.approximate ? `${approximateNote(e.spec) ?? ''}\n\nOpen the full FLOPs & memory estimate` : `Forward FLOPs per token averaged over a ${e.options.seq}-token context (${e.options.attention}). Open the full FLOPs & memory estimate`,
      }),
    ];
  }
}
