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
    // Wall-clock time, or CPU time when other processes hold the cores and stretch the wall clock:
    // this thread's own where Linux reports it, else the whole process's (which can only overstate
    // ours: seen 35 ms of process CPU against ~8 ms usual at load average 14).
    const spent = Math.min(t.totalMs, Number.isFinite(t.threadCpuMs) ? t.threadCpuMs : t.cpuMs);
    assert.ok(spent < 20, `evaluating the bundle ${t.moduleMs.toFixed(1)} ms + activate() ${t.activateMs.toFixed(1)} ms (CPU ${t.cpuMs.toFixed(1)} ms, this thread ${t.threadCpuMs.toFixed(1)} ms)`);
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

  it('the Formula view (which keeps its page while hidden) is ready again at once after being hidden', async function () {
    this.timeout(90_000);
    const api = await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate();
    assert.ok(api);
    await vscode.commands.executeCommand('modelmath.formula.focus');
    await Promise.race([api.formulaViewReady(), new Promise((_, reject) => setTimeout(() => reject(new Error('the Formula view did not come up within 60 s')), 60_000))]);
    await vscode.commands.executeCommand('workbench.view.explorer'); // hides the Model Math side bar
    await new Promise((r) => setTimeout(r, 500));
    await vscode.commands.executeCommand('modelmath.formula.focus');
    // Its page was kept, so it will not say 'ready' again: the host must not wait for that.
    await Promise.race([api.formulaViewReady(), new Promise((_, reject) => setTimeout(() => reject(new Error('the Formula view was not ready within 3 s of being shown again')), 3000))]);
  });

  // Views asked for in the situations that once left one on "Loading…" (decision 0007). Each must come
  // up; the lifecycle trace (saved with the results) says how.
  describe('a view that is asked to show always comes up', () => {
    const ready = async (what: string, wait: () => Promise<void>, ms = 60_000) =>
      Promise.race([wait(), new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not come up within ${ms / 1000} s`)), ms))]);
    const hideModelMath = () => vscode.commands.executeCommand('workbench.view.explorer');

    it('while the side bar is closed', async function () {
      this.timeout(90_000);
      const api = (await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate()) as ModelMathApi;
      await hideModelMath();
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      void vscode.commands.executeCommand('modelmath.openReference');
      await ready('the Formula Reference view', () => api.referenceViewReady());
    });

    it('when hidden again while its page loads, then asked for again', async function () {
      this.timeout(90_000);
      const api = (await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate()) as ModelMathApi;
      await hideModelMath();
      // The side-bar view (the Open command now opens the editor panel).
      void vscode.commands.executeCommand('modelmath.attention.focus');
      await new Promise((r) => setTimeout(r, 300));
      await hideModelMath();
      await new Promise((r) => setTimeout(r, 300));
      void vscode.commands.executeCommand('modelmath.attention.focus');
      await ready('the Attention Scale view', () => api.attentionViewReady());
    });

    it('two views asked for at once', async function () {
      this.timeout(90_000);
      const api = (await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate()) as ModelMathApi;
      await hideModelMath();
      void vscode.commands.executeCommand('modelmath.calculator.focus');
      void vscode.commands.executeCommand('modelmath.openReference');
      await ready('the FLOPs & Memory and Formula Reference views', () => Promise.all([api.calculatorViewReady(), api.referenceViewReady()]).then(() => undefined));
    });

    it('when its frame never runs the page, even again, then its script does not load: it is recovered, alone', async function () {
      this.timeout(90_000);
      // MODELMATH_TEST_SILENT_PAGE=tensor:dead+dead+missing (set by the harness): the Tensor view's
      // first two pages have no scripts (a frame that never runs our HTML), the third a bundle that
      // does not load.
      const api = (await vscode.extensions.getExtension<ModelMathApi>(EXTENSION_ID)?.activate()) as ModelMathApi;
      const since = api.viewLifecycle().length;
      void vscode.commands.executeCommand('modelmath.tensor.focus');
      await ready('the Tensor view', () => api.tensorViewReady());
      const events = api.viewLifecycle().slice(since);
      const steps = events.filter((e) => e.view === 'Tensor').map((e) => e.event);
      const at = (prefix: string) => steps.findIndex((e) => e.startsWith(prefix));
      const order = [at('recovery 1: loading its page again (its frame never ran the page)'), at('recovery 2: giving it a new frame'), at('disposed'), at('page booted but its script did not load'), at('recovery 3: loading its page again (its script did not load)'), at("'ready'")];
      assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > (order[k - 1] ?? -1))), `the Tensor view did not recover by a reload, a new frame, then a reload: ${steps.join(' | ')}`);
      // …and no other view was restarted by it (hiding the side bar once restarted them all).
      const others = events.filter((e) => e.view !== 'Tensor' && /^(disposed|hidden|HTML set)/.test(e.event));
      assert.deepEqual(others.map((e) => `${e.view}: ${e.event}`), [], 'other views were restarted');
    });
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
