// "Check Attention Scale": on a selection (a scale expression or attention code), the active
// config, or values asked for; the result opens in the Attention view.
import * as vscode from 'vscode';
import { scanAttentionCode } from '../../core/attention/code/scanAttention';
import { attentionFromConfig } from '../../core/attention/configScale';
import { pythonToMath } from '../../core/attention/scaleSyntax';
import { isAttentionRequest, type AttentionRequest } from '../../shared/protocol';
import type { ExtensionContext } from '../context';
import { resolveHeadDim } from './pythonChecks';

let counter = 0;
const nextId = (what: string) => `${what}:${Date.now()}:${++counter}`;

function looksLikeCode(text: string): boolean {
  return /@|matmul|einsum|softmax|scaled_dot_product_attention|\n\s*\w+\s*=/.test(text);
}

async function ask(prompt: string, value: string, optional = false): Promise<number | undefined | null> {
  const answer = await vscode.window.showInputBox({
    title: 'Model Math: Check Attention Scale',
    prompt,
    value,
    validateInput: (v) => (v.trim() === '' && optional) || (Number.isInteger(Number(v.replace(/_/g, ''))) && Number(v.replace(/_/g, '')) > 1) ? undefined : 'A whole number greater than 1',
  });
  if (answer === undefined) return null; // cancelled
  return answer.trim() === '' ? undefined : Number(answer.replace(/_/g, ''));
}

/** What to check, from the argument, the selection, the active config or questions. */
async function request(arg: unknown): Promise<AttentionRequest | undefined> {
  if (isAttentionRequest(arg)) {
    if (arg.d !== undefined || arg.config) return arg;
    // From a hover whose head size could not be resolved: ask for it.
    const d = await ask(`Head dimension d for ${arg.expression ? `the scale ${arg.expression}` : 'this scale'}`, '128');
    return d === null || d === undefined ? undefined : { ...arg, d };
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const doc = editor.document;
    const selected = editor.selection.isEmpty ? '' : doc.getText(editor.selection);
    if (selected.trim()) {
      const d = await resolveHeadDim(doc, doc.offsetAt(editor.selection.start));
      if (looksLikeCode(selected)) {
        const scan = scanAttentionCode(selected);
        const site = scan.sites[0];
        if (scan.findings.length) void vscode.window.showWarningMessage(`Model Math: ${scan.findings[0]?.message}`);
        if (!site) {
          void vscode.window.showInformationMessage('Model Math: no attention scale found in the selection (looked for q @ k.T, matmul, einsum, scaled_dot_product_attention and the scaling around them).');
          return undefined;
        }
        return { id: nextId('selection'), ...(d ? { d: d.value } : {}), expression: pythonToMath(site.resolved) };
      }
      return { id: nextId('selection'), ...(d ? { d: d.value } : {}), expression: selected.trim() };
    }
    if (/json/.test(doc.languageId)) {
      try {
        const raw = JSON.parse(doc.getText()) as Record<string, unknown>;
        const cfg = attentionFromConfig(raw);
        return { id: nextId('config'), config: { id: doc.uri.toString(), name: vscode.workspace.asRelativePath(doc.uri), config: raw }, d: cfg.headDim, ...(cfg.maxPositions ? { nMax: Math.max(cfg.maxPositions, 1024) } : {}) };
      } catch (err) {
        if (!(err instanceof SyntaxError)) void vscode.window.showWarningMessage(`Model Math: ${err instanceof Error ? err.message : String(err)}. Enter the values instead.`);
      }
    }
  }
  const d = await ask('Head dimension d (size of one attention head)', '128');
  if (d === null || d === undefined) return undefined;
  const n = await ask('Longest sequence length n to check (keys a query sees)', '32768');
  if (n === null || n === undefined) return undefined;
  const L = await ask('Training length L (optional: anchors log-n scales and the length-drift check)', '4096', true);
  if (L === null) return undefined;
  return { id: nextId('asked'), d, nMax: n, ...(L ? { trainLength: L } : {}) };
}

export async function checkAttentionScaleCommand(ctx: ExtensionContext, arg?: unknown): Promise<AttentionRequest | undefined> {
  const r = await request(arg);
  if (!r) return undefined;
  ctx.attentionView.lastRequest = r;
  await ctx.attentionPanel.show({ id: r.id, message: { type: 'setAttention', request: r } });
  return r;
}
