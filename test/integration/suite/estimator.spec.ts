// The estimator inside VS Code: config hover, CodeLens summary, the Estimate FLOPs & Memory command.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as vscode from 'vscode';

function configUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return vscode.Uri.joinPath(folder.uri, 'configs', name);
}

async function hoverText(uri: vscode.Uri, key: string): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => l.includes(`"${key}"`));
  assert.ok(line >= 0, key);
  const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, 5))) as vscode.Hover[];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

describe('Estimator: configs', () => {
  before(async () => {
    await vscode.extensions.getExtension('modelmath.model-math')?.activate();
  });

  it('hovering a Llama-2-7B config shows its exact parameter count', async () => {
    const text = await hoverText(configUri('llama-2-7b.json'), 'hidden_size');
    assert.match(text, /\| Parameters \| 6,738,415,616 \|/);
    assert.match(text, /KV cache per token \| 512 KiB/);
  });

  it('hovering num_key_value_heads explains GQA and what it saves (Mistral-7B)', async () => {
    const text = await hoverText(configUri('mistral-7b.json'), 'num_key_value_heads');
    assert.match(text, /GQA 32:8/);
    assert.match(text, /128 KiB\/token instead of 512 KiB/);
  });

  it('shows a CodeLens summary at the top of the file', async () => {
    const uri = configUri('mixtral-8x7b.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri)) as vscode.CodeLens[];
    const titles = lenses.map((l) => l.command?.title ?? '').join('\n');
    assert.match(titles, /46\.7B params \(12\.9B active\)/);
  });

  it('"Estimate FLOPs & Memory" renders the full report in a Markdown preview, leaving nothing unsaved', async () => {
    const r = (await vscode.commands.executeCommand('modelmath.estimateConfig', configUri('gpt2.json').toString())) as { ok: boolean };
    assert.equal(r.ok, true);
    const api = (await vscode.extensions.getExtension('modelmath.model-math')?.activate()) as { lastEstimateReport: () => string | undefined };
    const uri = api.lastEstimateReport();
    assert.ok(uri, 'no report');
    const source = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    assert.match(source.getText(), /\| total \| 124,439,808 params \|/);
    assert.equal(source.isUntitled, false);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)), tabs.map((t) => t.label).join(', '));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.isDirty && d.getText().includes('FLOPs & memory')), 'an unsaved report was left behind');
  });

  it('a broken config gets a hover that names the field', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: '{"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 2, "num_attention_heads": 32, "num_key_value_heads": 5, "vocab_size": 10}' });
    const r = (await vscode.commands.executeCommand('modelmath.estimateConfig', doc.uri.toString())) as { ok: boolean; message?: string };
    assert.equal(r.ok, false);
    assert.match(r.message ?? '', /num_key_value_heads/);
  });

  it('"Open FLOPs & Memory Calculator" opens one editor panel beside the config, and reuses it', async function () {
    this.timeout(60_000);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(configUri('llama-3-8b.json')));
    const api = (await vscode.extensions.getExtension('modelmath.model-math')?.activate()) as { calculatorPanelReady: () => Promise<void> };
    await vscode.commands.executeCommand('modelmath.openCalculator');
    await Promise.race([api.calculatorPanelReady(), new Promise((_, reject) => setTimeout(() => reject(new Error('the calculator did not come up in 30 s')), 30_000))]);
    await vscode.commands.executeCommand('modelmath.openCalculator');
    const panels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelmath.calculatorPanel'));
    assert.equal(panels.length, 1);
    // Beside the config: not in the config's editor group.
    const configGroup = vscode.window.tabGroups.all.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.path.endsWith('llama-3-8b.json')));
    assert.ok(configGroup && !configGroup.tabs.includes(panels[0] as vscode.Tab));
  });

  it('cross-checks the count with a model.safetensors.index.json beside the config', async () => {
    // out/test/integration/index.js → the repository's test fixtures
    const uri = vscode.Uri.file(resolve(__dirname, '../../../test/fixtures/llama-2-7b/config.json'));
    const text = await hoverText(uri, 'hidden_size');
    assert.match(text, /agrees with model\.safetensors\.index\.json \(13,476,831,232 bytes \/ 2 = 6,738,415,616\)/);
  });

  it('"Inspect Model Folder" reports a snapshot folder in a Markdown preview (.bin shards with persisted buffers)', async function () {
    this.timeout(30_000);
    const folder = vscode.Uri.file(resolve(__dirname, '../../../test/fixtures/model-folders/tiny-llama-bin'));
    const markdown = (await vscode.commands.executeCommand('modelmath.inspectModelFolder', folder)) as string | undefined;
    assert.ok(markdown, 'no report');
    assert.match(markdown, /## Dtype mix/);
    assert.match(markdown, /\+ persisted buffers \(2: not parameters\) \| \+16 \|/);
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)), tabs.map((t) => t.label).join(', '));
  });

  it('records hover latency on a config in the real editor (a measurement, not a timed assertion)', async () => {
    const uri = configUri('mixtral-8x7b.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"num_local_experts"'));
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t = performance.now();
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, 5))) as vscode.Hover[];
      times.push(performance.now() - t);
      assert.ok(hovers.length > 0);
    }
    times.sort((a, b) => a - b);
    const out = process.env.MODELMATH_TEST_RESULTS;
    if (out) writeFileSync(join(dirname(out), 'hover-latency.json'), JSON.stringify({ what: 'vscode.executeHoverProvider on mixtral-8x7b.json (all hover providers, round trip through the workbench)', medianMs: times[12], p90Ms: times[22] }, null, 2));
  });
});
