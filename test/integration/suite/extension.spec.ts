// API-level tests inside the real VS Code extension host (code-server 4.100.3 = VS Code 1.100.3).
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';

const EXTENSION_ID = 'modelmath.model-math';

describe('Model Math in VS Code', () => {
  it('is installed and not yet active (activation is lazy)', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    assert.equal(ext.isActive, false);
  });

  it('registers every contributed command once activated, each in category "Model Math"', async () => {
    const ext = vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string; category: string }[] } }).contributes.commands;
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributed) {
      assert.ok(registered.has(c.command), `${c.command} is not registered`);
      assert.equal(c.category, 'Model Math');
    }
  });

  it('activates in under 20 ms: evaluating the bundle plus activate(), measured in the extension host', async () => {
    const api = await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate();
    assert.ok(api);
    const t = api.activation();
    const out = process.env.MODELMATH_TEST_RESULTS;
    if (out) writeFileSync(join(dirname(out), 'activation.json'), JSON.stringify(t));
    assert.ok(t.activateMs < 20, `activate() took ${t.activateMs.toFixed(1)} ms`);
    assert.ok(t.totalMs < 20, `evaluating the bundle ${t.moduleMs.toFixed(1)} ms + activate() ${t.activateMs.toFixed(1)} ms`);
  });

  it('"Open Formula Reference" shows the webview view and it renders', async () => {
    const ext = vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID);
    assert.ok(ext);
    const api = await ext.activate();
    await Promise.race([
      vscode.commands.executeCommand('modelmath.openReference'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('the view did not become ready within 20 s')), 20_000)),
    ]);
    await api.referenceViewReady();
  });

  it('the Formula view (which keeps its page while hidden) is ready again at once after being hidden', async () => {
    const api = await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate();
    assert.ok(api);
    await vscode.commands.executeCommand('modelmath.formula.focus');
    await api.formulaViewReady();
    await vscode.commands.executeCommand('workbench.view.explorer'); // hides the Model Math side bar
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('modelmath.formula.focus');
    // Its page was kept, so it will not say 'ready' again: the host must not wait for that.
    await Promise.race([api.formulaViewReady(), new Promise((_, reject) => setTimeout(() => reject(new Error('the Formula view was not ready within 3 s of being shown again')), 3000))]);
  });

  it('opens .mmath files as the Model Math Worksheet language', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the samples folder is not open');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'worksheet.mmath'));
    assert.equal(doc.languageId, 'mmath');
    assert.ok((await vscode.languages.getLanguages()).includes('mmath'));
  });

  it('contributes its settings with their defaults', () => {
    const c = vscode.workspace.getConfiguration('modelmath');
    assert.equal(c.get('display.significantDigits'), 6);
    assert.equal(c.get('display.byteUnits'), 'binary');
    assert.equal(c.get('reference.plotMaxLength'), 131072);
  });
});
