// Restricted Mode (README "Trust and privacy", decision 0006): in an untrusted folder Model Math
// still computes on text you open, reads tensor files only inside the workspace folders, and
// ignores the workspace's values of the limit settings (package.json restrictedConfigurations).
// The folder is made by test/integration/workbench.test.ts: config.json, tiny_model.safetensors and
// .vscode/settings.json setting modelmath.tensors.maxTextElements to 3; MODELMATH_OUTSIDE_TENSOR
// names a copy of the tensor file outside it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';
import { sample, until } from '../suite/helpers';

describe('Restricted Mode (untrusted folder)', () => {
  let api: ModelMathApi;
  before(async () => {
    api = (await vscode.extensions.getExtension('modelmath.model-math')?.activate()) as ModelMathApi;
  });
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
  /** The tensor file at `path` once the editor has read its table or refused it. */
  const settled = (path: string) => {
    const file = api.lastTensorFile();
    return file?.path === path && (file.tensors !== undefined || file.error) ? file : undefined;
  };

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the test folder is trusted: the Restricted Mode run did not set up');
    assert.ok(api, 'the extension did not activate in Restricted Mode');
  });

  it('evaluates a selected formula (pure computation)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '6 * 8e9 * 15e12' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 15);
    const results = (await vscode.commands.executeCommand('modelmath.evaluateSelection')) as { text: string }[];
    assert.equal(results[0]?.text, '7.2e+23');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows exact counts when hovering a config in the workspace', async () => {
    const uri = sample('config.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('"hidden_size"'));
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(line, 5))) as vscode.Hover[];
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
    assert.match(text, /\| Parameters \| 6,738,415,616 \|/);
  });

  it('opens a tensor file inside the workspace folder', async () => {
    const uri = sample('tiny_model.safetensors');
    await vscode.commands.executeCommand('vscode.openWith', uri, 'modelmath.tensorFile');
    const file = await until(() => settled(uri.fsPath), 'the tensor file inside the workspace');
    assert.equal(file.error, undefined);
    assert.equal(file.tensors, 3);
  });

  it('refuses a tensor file outside the workspace and says how to allow it', async () => {
    const outside = process.env.MODELMATH_OUTSIDE_TENSOR;
    assert.ok(outside, 'MODELMATH_OUTSIDE_TENSOR is not set');
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(outside), 'modelmath.tensorFile');
    const file = await until(() => settled(outside), 'the tensor file outside the workspace');
    assert.equal(file.tensors, undefined, 'a file outside the workspace was read in Restricted Mode');
    assert.match(file.error ?? '', /Restricted Mode.*inside the workspace folders.*Trust the workspace/);
  });

  it("ignores the workspace's value of a limit setting", async () => {
    // VS Code hides the ignored value from inspect() too, so read the folder's settings file.
    const settings = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(sample('.vscode', 'settings.json')))) as Record<string, unknown>;
    assert.equal(settings['modelmath.tensors.maxTextElements'], 3, 'the test folder does not set the limit');
    assert.notEqual(vscode.workspace.getConfiguration('modelmath.tensors').get('maxTextElements'), 3);
    // End to end: five values are fine although the workspace says at most 3.
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '[1, 2, 3, 4, 5]' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 15);
    const report = (await vscode.commands.executeCommand('modelmath.checkTensor')) as { shape: number[] } | undefined;
    assert.deepEqual(report?.shape, [5]);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
