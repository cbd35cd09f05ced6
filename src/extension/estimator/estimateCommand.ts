// "Estimate FLOPs & Memory": for the active config, a selected JSON object, or a picked file; the
// full estimate opens as a rendered Markdown preview beside the config (read-only, nothing to save).
import * as vscode from 'vscode';
import { jsonSyntaxError } from '../../core/format/jsonError';
import { estimateMarkdown } from '../../core/model/report';
import type { TensorDifference } from '../../core/model/crossCheck';
import { checkpointCheck, estimateText, type CheckpointCheck, type ConfigEstimate } from './configDocument';
import { reportDocuments } from './reportDocuments';

/** The last report's URI (tests read it). */
export let lastReportUri: vscode.Uri | undefined;

async function source(arg: unknown): Promise<{ text: string; name: string; uri?: vscode.Uri } | undefined> {
  if (typeof arg === 'string' || arg instanceof vscode.Uri) {
    const uri = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg;
    const doc = await vscode.workspace.openTextDocument(uri);
    return { text: doc.getText(), name: vscode.workspace.asRelativePath(uri), uri };
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const sel = editor.selection;
    if (!sel.isEmpty) return { text: editor.document.getText(sel), name: `selection in ${vscode.workspace.asRelativePath(editor.document.uri)}` };
    if (/json/.test(editor.document.languageId)) return { text: editor.document.getText(), name: vscode.workspace.asRelativePath(editor.document.uri), uri: editor.document.uri };
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Model config': ['json'] }, openLabel: 'Estimate' });
  if (!picked?.[0]) return undefined;
  const bytes = await vscode.workspace.fs.readFile(picked[0]);
  return { text: new TextDecoder().decode(bytes), name: vscode.workspace.asRelativePath(picked[0]), uri: picked[0] };
}

export async function estimateConfigCommand(arg?: unknown): Promise<ConfigEstimate | undefined> {
  const src = await source(arg);
  if (!src) return undefined;
  const r = await estimateText(src.text);
  if (!r) {
    const syntax = jsonSyntaxError(src.text);
    void vscode.window.showErrorMessage(
      syntax ? `Model Math: ${src.name} is not valid JSON: ${syntax}.` : `Model Math: ${src.name} is not a model config (valid JSON with model_type, hidden_size, num_hidden_layers…).`,
    );
    return undefined;
  }
  if (!r.ok) {
    void vscode.window.showErrorMessage(`Model Math: ${src.name}: ${r.message}`);
    return r;
  }
  const decimal = vscode.workspace.getConfiguration('modelmath').get('display.byteUnits') === 'decimal';
  const check = src.uri ? await checkpointCheck(src.uri, r.estimate) : undefined;
  const markdown = estimateMarkdown(r.estimate, `FLOPs & memory: ${src.name}`, decimal) + (check ? checkpointReport(check) : '');
  // Rendered, read-only, beside the config: a Markdown preview of a virtual document.
  const uri = reportDocuments.put(`FLOPs & memory – ${src.name}`, markdown);
  lastReportUri = uri;
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    // The built-in Markdown extension disabled: the read-only source, still nothing to save.
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
  return r;
}

/** The checkpoint comparison as a report section: summary, then each kind of difference listed. */
function checkpointReport(c: CheckpointCheck): string {
  const cmp = c.comparison;
  const out = ['', '## Checkpoint comparison', '', `${cmp.source}: ${cmp.agrees ? 'agrees' : 'differs'}: ${cmp.summary}.`];
  if (c.index) out.push('', `Parameter count ${c.index.message}.`);
  const list = (title: string, items: readonly TensorDifference[]) => {
    if (!items.length) return;
    out.push('', `### ${title} (${items.length})`, '', ...items.slice(0, 50).map((t) => `- \`${t.name}\`${t.shape ? ` stored ${JSON.stringify(t.shape)}` : ''}${t.ours ? ` expected ${JSON.stringify(t.ours)}` : ''}`), ...(items.length > 50 ? [`- … and ${items.length - 50} more`] : []));
  };
  list('Tied, not stored', cmp.tiedNotStored);
  list('Missing from the checkpoint', cmp.missing);
  list('Other shape', cmp.shapeMismatch);
  list('Persisted buffers', cmp.buffers);
  list('Quantisation side tensors', cmp.quantization);
  list('Not in the model transformers builds', cmp.unknown);
  return `${out.join('\n')}\n`;
}
