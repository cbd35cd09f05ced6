// The tensor-file editor on a GGUF table (ggml types, bits per weight, model facts) and a PyTorch
// table (tied weights), in headless Chromium under the strict CSP.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RESULTS_DIR } from '../support/browser';
import { openWebview, type WebviewHarness } from '../support/webviewHarness';

const settings = { significantDigits: 6, plotMaxLength: 131072 };

describe('tensor-file editor on checkpoints (Chromium)', () => {
  let view: WebviewHarness;
  before(async () => {
    view = await openWebview('tensorFile', { width: 900, height: 700 });
  });
  after(() => view?.close());

  it('GGUF: a type column with ggml names, bits per weight per tensor and in total, the model facts', async () => {
    await view.waitForPosted('ready');
    const table = {
      kind: 'gguf' as const,
      file: 'tiny-Q4_K_M.gguf',
      entries: [
        { name: 'blk.0.attn_q.weight', dtype: 'float32', storage: 'Q4_K', shape: [256, 256], count: 65536, byteLength: 36864 },
        { name: 'blk.0.ffn_down.weight', dtype: 'float32', storage: 'Q6_K', shape: [256, 256], count: 65536, byteLength: 53760 },
        { name: 'output_norm.weight', dtype: 'float32', storage: 'F32', shape: [256], count: 256, byteLength: 1024 },
      ],
      metadata: { 'general.architecture': 'llama' },
      totalParams: 131328,
      totalBytes: 91648,
      notes: [],
      facts: { architecture: 'llama', contextLength: 4096, headCount: 8, chatTemplate: true },
    };
    await view.send({ type: 'init', view: 'tensorFile', settings, table, fileSize: 92000, askFirst: true });
    await view.page.locator('#rows tr').first().waitFor();
    assert.equal(await view.page.locator('th[data-column="dtype"]').innerText(), 'type');
    assert.equal(await view.page.locator('th[data-column="bpw"]').innerText(), 'bits/weight');
    const q4 = await view.page.locator('#rows tr[data-name="blk.0.attn_q.weight"]').innerText();
    assert.match(q4, /Q4_K/);
    assert.match(q4, /\b4\.5\b/); // 36864 bytes × 8 / 65536 values
    assert.match(await view.page.locator('#rows tr[data-name="blk.0.ffn_down.weight"]').innerText(), /6\.563/);
    assert.match(await view.page.locator('#summary').innerText(), /GGUF · 3 tensors · 131,328 parameters .* 5\.583 bits per weight/);
    assert.match(await view.page.locator('#facts').innerText(), /architecture: llama · contextLength: 4096 · headCount: 8 · chatTemplate: true/);
    await view.page.locator('#filter').click();
    await view.page.keyboard.type('q6_k');
    await view.page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1);
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-tensor-file-gguf.png'), fullPage: true });
    assert.deepEqual(await view.cspViolations(), []);
  });
});

describe('tensor-file editor on a PyTorch checkpoint (Chromium)', () => {
  let view: WebviewHarness;
  before(async () => {
    view = await openWebview('tensorFile', { width: 420, height: 700 });
  });
  after(() => view?.close());

  it('marks tied weights and keeps the dtype column', async () => {
    await view.waitForPosted('ready');
    const table = {
      kind: 'torch' as const,
      file: 'pytorch_model.bin',
      entries: [
        { name: 'model.embed_tokens.weight', dtype: 'float32', shape: [16, 8], count: 128, byteLength: 512 },
        { name: 'lm_head.weight', dtype: 'float32', shape: [16, 8], count: 128, byteLength: 512, sharedWith: 'model.embed_tokens.weight' },
      ],
      metadata: {},
      totalParams: 128,
      totalBytes: 512,
      notes: ['lm_head.weight is the same tensor as model.embed_tokens.weight (shared storage, e.g. tied weights): counted once'],
      facts: { format: 'PyTorch zip (torch.save ≥ 1.6)', unpickler: 'allowlist (nothing executed)' },
    };
    await view.send({ type: 'init', view: 'tensorFile', settings, table, fileSize: 1200, askFirst: true });
    await view.page.locator('#rows tr').first().waitFor();
    assert.equal(await view.page.locator('th[data-column="dtype"]').innerText(), 'dtype');
    assert.equal(await view.page.locator('th[data-column="bpw"]').count(), 0);
    assert.match(await view.page.locator('#rows tr[data-name="lm_head.weight"]').innerText(), /lm_head\.weight ⇄ model\.embed_tokens\.weight/);
    assert.match(await view.page.locator('#summary').innerText(), /PyTorch checkpoint · 2 tensors · 128 parameters/);
    assert.deepEqual(await view.cspViolations(), []);
  });
});
