// Tensors inside VS Code: Check Selected Tensor on a numpy repr (worker, Tensor view), the
// tensor-file editor on a sample .safetensors (table and streamed statistics), closed mid-stream.
import * as assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';
import { sample, until } from './helpers';

describe('Tensors', () => {
  let api: ModelMathApi;
  before(async () => {
    api = (await vscode.extensions.getExtension('modelmath.model-math')?.activate()) as ModelMathApi;
  });

  it('"Check Selected Tensor" on a selected numpy repr reports its saturated softmax row', async () => {
    const doc = await vscode.workspace.openTextDocument(sample('tensors', 'logits.txt'));
    const editor = await vscode.window.showTextDocument(doc);
    const start = doc.getText().indexOf('array(');
    editor.selection = new vscode.Selection(doc.positionAt(start), doc.positionAt(doc.getText().lastIndexOf(')') + 1));
    const report = (await vscode.commands.executeCommand('modelmath.checkTensor')) as { shape: number[]; dtype: string; checks: { id: string }[] } | undefined;
    assert.ok(report);
    assert.deepEqual(report.shape, [3, 4]);
    assert.equal(report.dtype, 'float32');
    assert.ok(report.checks.some((c) => c.id === 'softmax_saturation'));
    await api.tensorPanelReady();
    assert.match(api.lastTensor()?.source ?? '', /selection in tensors\/logits\.txt \(read as numpy\)/);
  });

  it('a ragged selection is an error, not a report', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '[[1, 2], [3]]' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 13);
    assert.equal(await vscode.commands.executeCommand('modelmath.checkTensor'), undefined);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('a big selection reads the same from a saved file (worker reads it) and from an unsaved document (sent in pieces)', async () => {
    // Above 20,000 lines the selection leaves the small path: a saved file is read by the worker,
    // an unsaved document is sent in pieces. Both must give the same tensor.
    const rows = Array.from({ length: 25_000 }, (_, i) => `${i % 7}, ${(i % 5) * 0.25}, -${i % 3}`);
    const dir = mkdtempSync(join(tmpdir(), 'mm-bigsel-'));
    const path = join(dir, 'rows.txt');
    writeFileSync(path, `# header line\n${rows.join('\n')}\n`);
    try {
      const saved = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(path)));
      saved.selection = new vscode.Selection(1, 0, 25_001, 0);
      const fromFile = (await vscode.commands.executeCommand('modelmath.checkTensor')) as { shape: number[]; mean: number } | undefined;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const unsaved = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'plaintext', content: `${rows.join('\n')}\n` }));
      unsaved.selection = new vscode.Selection(0, 0, 25_000, 0);
      const fromPieces = (await vscode.commands.executeCommand('modelmath.checkTensor')) as { shape: number[]; mean: number } | undefined;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      // The mean computed here from the rows themselves.
      const values = rows.flatMap((r) => r.split(', ').map(Number));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      assert.deepEqual(fromFile?.shape, [25_000, 3]);
      assert.deepEqual(fromPieces?.shape, [25_000, 3]);
      assert.ok(Math.abs((fromFile?.mean as number) - mean) < 1e-12 && Math.abs((fromPieces?.mean as number) - mean) < 1e-12, `means ${fromFile?.mean} and ${fromPieces?.mean}, expected ${mean}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the tensor-file editor reads a .safetensors table and streams every tensor’s statistics', async () => {
    await vscode.commands.executeCommand('vscode.openWith', sample('tensors', 'tiny_model.safetensors'), 'modelmath.tensorFile');
    const reports = await until(() => {
      const r = api.tensorFileReports();
      return r && r.size >= 3 ? r : undefined;
    }, 'statistics of every tensor');
    const embed = reports.get('embed.weight');
    assert.equal(embed?.dtype, 'bfloat16');
    assert.deepEqual(embed?.shape, [32, 16]);
    assert.ok(Math.abs((embed?.std as number) - 0.02) < 0.005);
  });

  it('closing the tensor-file editor while statistics stream stops them quietly', async () => {
    // A small tensor, then 1 GiB of zeros (a sparse file): close the editor once the first report
    // is in, while progress for the second is still arriving from the worker.
    const big = 2 ** 28;
    const header = Buffer.from(JSON.stringify({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] }, b: { dtype: 'F32', shape: [big], data_offsets: [16, 16 + big * 4] } }));
    const pre = Buffer.alloc(8);
    pre.writeBigUInt64LE(BigInt(header.length));
    const dir = mkdtempSync(join(tmpdir(), 'mm-close-'));
    const path = join(dir, 'closing.safetensors');
    const fd = openSync(path, 'w');
    writeSync(fd, pre);
    writeSync(fd, header);
    writeSync(fd, Buffer.alloc(1), 0, 1, 8 + header.length + 16 + big * 4 - 1);
    closeSync(fd);
    const config = vscode.workspace.getConfiguration('modelmath.tensors');
    await config.update('askAboveBytes', 2 ** 40, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path), 'modelmath.tensorFile');
      await until(() => (api.lastTensorFile()?.path === path ? api.tensorFileReports()?.get('a') : undefined), 'the first tensor’s report');
      assert.equal(api.tensorFileReports()?.get('b'), undefined, 'the big tensor finished before the editor could be closed');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      // Messages already on their way from the worker arrive now; none may throw (mocha fails this
      // test on an uncaught exception).
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      await config.update('askAboveBytes', undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
