// Attention scale inside VS Code: diagnostics and quick fixes on Python, the scale hover, the
// config hover section, settings that switch checks off, the command and view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';
import { sample, until } from './helpers';

const hoverText = (hovers: vscode.Hover[]) => hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');

describe('Attention scale', () => {
  let api: ModelMathApi;
  before(async () => {
    api = (await vscode.extensions.getExtension('modelmath.model-math')?.activate()) as ModelMathApi;
  });

  it('flags the unscaled and natural-log variants in samples/attention.py, and nothing else', async () => {
    const uri = sample('attention.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diagnostics = await until(() => {
      const d = api.attentionDiagnostics(uri.toString());
      return d.length >= 2 ? d : undefined;
    }, 'attention diagnostics');
    const ids = diagnostics.map((d) => (typeof d.code === 'object' ? d.code.value : d.code)).sort();
    assert.deepEqual(ids, ['natural_log_scale', 'unscaled_logits']);
    assert.ok(diagnostics.every((d) => d.source === 'Model Math' && d.severity === vscode.DiagnosticSeverity.Warning));
    // The same diagnostics reach VS Code's own list.
    const listed = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Model Math');
    assert.equal(listed.length, 2);
  });

  it('offers the conventional form as a quick fix, and applying it clears the diagnostic', async () => {
    const text = (await vscode.workspace.openTextDocument(sample('attention.py'))).getText();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: text });
    const editor = await vscode.window.showTextDocument(doc);
    const unscaled = await until(() => api.attentionDiagnostics(doc.uri.toString()).find((d) => (d.code as { value: string }).value === 'unscaled_logits'), 'unscaled diagnostic');
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, unscaled.range)) as vscode.CodeAction[];
    const fix = actions.find((a) => a.title === 'Scale by 1/√d');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /\(torch\.matmul\(q, k\.transpose\(-2, -1\)\)\) \* q\.shape\[-1\] \*\* -0\.5/);
    await until(() => (api.attentionDiagnostics(doc.uri.toString()).some((d) => (d.code as { value: string }).value === 'unscaled_logits') ? undefined : true), 'the diagnostic to clear');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a check set to "off" disappears', async () => {
    const uri = sample('attention.py');
    const config = vscode.workspace.getConfiguration('modelmath.attention');
    await config.update('naturalLogScale', 'off', vscode.ConfigurationTarget.Global);
    try {
      await until(() => (api.attentionDiagnostics(uri.toString()).some((d) => (d.code as { value: string }).value === 'natural_log_scale') ? undefined : true), 'natural-log check to switch off');
    } finally {
      await config.update('naturalLogScale', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(() => (api.attentionDiagnostics(uri.toString()).length === 2 ? true : undefined), 'the check to come back');
  });

  it('hovering a scale shows its value for the head_dim in the file and the analysis', async () => {
    const uri = sample('attention.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('/ math.sqrt(d)') && l.includes('scores ='));
    const col = doc.lineAt(line).text.indexOf('math.sqrt(d)') + 3;
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, col))) as vscode.Hover[];
    const text = hoverText(hovers);
    assert.match(text, /attention scale/);
    assert.match(text, /d = 64 \(head_dim = 64 in this file\) → \*\*scale 0\.125\*\*/);
    assert.match(text, /\*\*healthy\*\*/);
  });

  it('the config hover gains an "Attention scale" section (Gemma 2: query_pre_attn_scalar, soft-cap)', async () => {
    const uri = sample('configs', 'gemma-2-9b.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"query_pre_attn_scalar"'));
    const text = hoverText((await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, 5))) as vscode.Hover[]);
    assert.match(text, /\*\*Attention scale\*\* · d = 256/);
    assert.match(text, /query_pre_attn_scalar: 256/);
    assert.match(text, /attn_logit_softcapping: 50/);
  });

  it('"Check Attention Scale" on the active config opens the Attention panel with it', async () => {
    const r = (await vscode.commands.executeCommand('modelmath.checkAttentionScale')) as { config?: { name: string }; d?: number } | undefined;
    assert.equal(r?.d, 256);
    assert.match(r?.config?.name ?? '', /gemma-2-9b\.json$/);
    await api.attentionPanelReady();
  });

  it('"Check Attention Scale" on a selected expression checks that scale', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'log(n)/log(512)/sqrt(d)' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
    const r = (await vscode.commands.executeCommand('modelmath.checkAttentionScale')) as { expression?: string } | undefined;
    assert.equal(r?.expression, 'log(n)/log(512)/sqrt(d)');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
