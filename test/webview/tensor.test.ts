// The Tensor view and the tensor-file editor front-ends in headless Chromium, under the strict CSP.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeText } from '../../src/core/tensor/analyzeText';
import { RESULTS_DIR } from '../support/browser';
import { handshake, openWebview, type WebviewHarness } from '../support/webviewHarness';

const settings = { significantDigits: 6, plotMaxLength: 131072 };

describe('Tensor view webview (Chromium)', () => {
  let view: WebviewHarness;
  before(async () => {
    view = await openWebview('tensor', { width: 420, height: 1700 });
  });
  after(() => view?.close());

  it('shows a report: checks, statistics, histogram, heatmap', async () => {
    assert.deepEqual(handshake(await view.waitForPosted('ready')), { type: 'ready', view: 'tensor', attempt: 1 });
    const { format: _f, ...report } = analyzeText('array([[ 0.12, -0.53,  1.07,  0.33],\n       [ 2.10,  1.95,   nan,  0.02],\n       [45.00,  0.10, -0.20, 7e4]], dtype=float32)');
    void _f;
    await view.send({ type: 'init', view: 'tensor', settings });
    await view.send({ type: 'showTensor', tensor: { id: 't1', source: 'selection in logits.txt', report } });
    await view.page.locator('#checks li[data-id="nan"]').waitFor();
    assert.match(await view.page.locator('#tensor-title').innerText(), /float32 \[3, 4\]/);
    assert.match(await view.page.locator('#stats').innerText(), /NaN\s+1/);
    assert.ok((await view.page.locator('#checks li[data-id="fp16_overflow"]').count()) === 1);
    assert.deepEqual((await view.posted()).filter((m) => m.type === 'ack').pop(), { type: 'ack', id: 't1' });
    await view.page.locator('#log-scale').click();
    await view.page.locator('#heatmap').waitFor();
    const painted = await view.paintedPixels();
    assert.equal(painted.length, 2);
    assert.ok((painted[0] ?? 0) > 500 && (painted[1] ?? 0) === 12, String(painted));
    mkdirSync(RESULTS_DIR, { recursive: true });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-tensor.png'), fullPage: true });
    assert.deepEqual(await view.cspViolations(), []);
  });

  it('a new report starts at its top; a withdrawn report gives way to the host’s note', async () => {
    await view.page.setViewportSize({ width: 420, height: 500 });
    const { format: _g, ...report } = analyzeText('[[1, 2, 3, 4], [5, 6, 7, 8]]');
    void _g;
    await view.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    assert.ok((await view.page.evaluate(() => window.scrollY)) > 100);
    await view.send({ type: 'showTensor', tensor: { id: 't2', source: 'a.safetensors → b', report } });
    await view.page.locator('#tensor-title', { hasText: '[2, 4]' }).waitFor();
    assert.equal(await view.page.evaluate(() => window.scrollY), 0);
    await view.send({ type: 'clearTensor', note: 'Click a tensor in other.safetensors to see its report.' });
    await view.page.locator('#empty', { hasText: 'other.safetensors' }).waitFor();
    assert.equal(await view.page.locator('#checks').count(), 0);
  });
});

describe('tensor-file editor webview (Chromium)', () => {
  let view: WebviewHarness;
  before(async () => {
    view = await openWebview('tensorFile', { width: 900, height: 700 });
  });
  after(() => view?.close());

  const table = {
    kind: 'safetensors' as const,
    file: 'tiny_model.safetensors',
    entries: [
      { name: 'embed.weight', dtype: 'bfloat16', shape: [32, 16], count: 512, byteLength: 1024 },
      { name: 'layer0.q_proj.weight', dtype: 'float32', shape: [16, 16], count: 256, byteLength: 1024 },
      { name: 'layer0.k_proj.weight', dtype: 'float32', shape: [16, 16], count: 256, byteLength: 1024 },
    ],
    metadata: { format: 'pt' },
    totalParams: 1024,
    totalBytes: 3072,
    notes: [],
  };

  it('shows the table from the header and asks before computing on a big file', async () => {
    await view.waitForPosted('ready');
    await view.send({ type: 'init', view: 'tensorFile', settings, table, fileSize: 3 * 2 ** 30, askFirst: true, crossCheck: '✓ 1,024 parameters, exactly what config.json beside this file implies.' });
    await view.page.locator('#rows tr').first().waitFor();
    assert.equal(await view.page.locator('#rows tr').count(), 3);
    assert.match(await view.page.locator('#summary').innerText(), /3 tensors · 1,024 parameters/);
    assert.match(await view.page.locator('#compute').innerText(), /Compute statistics \(3 GiB\)/);
    assert.equal((await view.posted()).filter((m) => m.type === 'computeStats').length, 0);
  });

  it('filters and sorts', async () => {
    await view.page.locator('#filter').click();
    await view.page.keyboard.type('proj');
    await view.page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 2);
    await view.page.locator('th[data-column="name"]').click(); // descending now
    assert.equal(await view.page.locator('#rows tr').first().getAttribute('data-name'), 'layer0.q_proj.weight');
  });

  it('computes statistics with progress and shows them as they arrive; a row opens its report', async () => {
    await view.page.locator('#compute').click();
    await view.waitForPosted('computeStats');
    await view.send({ type: 'tensorProgress', done: 1024, total: 3072, tensor: 'layer0.q_proj.weight' });
    await view.page.locator('#status:has-text("1 KiB of 3 KiB")').waitFor();
    const { format: _f, ...report } = analyzeText('[[1, 2], [3, NaN]]', { name: 'layer0.q_proj.weight' });
    void _f;
    await view.send({ type: 'tensorReport', report });
    await view.send({ type: 'tensorDone', cancelled: false });
    await view.page.locator('#rows tr[data-name="layer0.q_proj.weight"] td.sev-error').waitFor();
    await view.page.locator('#rows tr[data-name="layer0.q_proj.weight"]').click();
    const open = (await view.posted()).filter((m) => m.type === 'openReport').pop();
    assert.deepEqual(open, { type: 'openReport', name: 'layer0.q_proj.weight' });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-tensor-file.png'), fullPage: true });
    assert.deepEqual(await view.cspViolations(), []);
  });
});
