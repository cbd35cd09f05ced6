// The FLOPs & Memory calculator's real HTML and bundle in headless Chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PRESETS } from '../../src/core/model/presets';
import { RESULTS_DIR } from '../support/browser';
import { handshake, openWebview, type WebviewHarness } from '../support/webviewHarness';

describe('FLOPs & Memory calculator webview (Chromium)', () => {
  let view: WebviewHarness;
  const settings = { significantDigits: 6, plotMaxLength: 131072 };
  const setField = (id: string, value: string) => view.setField(id, value);
  const row = (label: RegExp) => view.page.locator('#results tr', { hasText: label }).first().locator('td.mm-num');

  before(async () => {
    view = await openWebview('calculator', { width: 420, height: 1800 });
  });
  after(() => view?.close());

  it('renders the first preset’s exact parameter count on init', async () => {
    assert.deepEqual(handshake(await view.waitForPosted('ready')), { type: 'ready', view: 'calculator', attempt: 1 });
    await view.send({ type: 'init', view: 'calculator', settings, decimal: false, presets: PRESETS.map((p) => ({ id: p.id, name: p.name, config: p.config })) });
    await view.page.locator('#results table').waitFor();
    assert.equal(await row(/^total/).innerText(), '8,030,261,248 params'); // Llama-3-8B
  });

  it('recomputes when an option changes (KV cache at a longer context)', async () => {
    const before = await row(/^1 × 2048 tokens/).innerText();
    assert.equal(before, '256 MiB'); // 131,072 B/token · 2048
    await setField('opt-seq', '8192');
    await view.page.locator('#results tr', { hasText: '1 × 8192 tokens' }).waitFor();
    assert.equal(await row(/^1 × 8192 tokens/).innerText(), '1 GiB');
    const state = await view.page.evaluate(() => (window as unknown as { __state: { options: { seq: number } } }).__state);
    assert.equal(state.options.seq, 8192);
  });

  it('takes a config from the host (setConfig) and shows MoE active parameters', async () => {
    const mixtral = PRESETS.find((p) => p.id === 'mixtral-8x7b');
    await view.send({ type: 'setConfig', config: { id: 'file:///x/config.json', name: 'config.json', config: mixtral?.config } });
    await view.page.locator('#results tr', { hasText: 'active per token' }).waitFor();
    assert.equal(await row(/^active per token/).innerText(), '12,879,925,248 params');
  });

  it('explains a bad option instead of showing stale numbers', async () => {
    await setField('opt-gpus', '3');
    await setField('opt-tp', '2');
    await view.page.locator('#error:has-text("must be a multiple of tp × pp")').waitFor();
    await setField('opt-tp', '1');
    await setField('opt-gpus', '1');
    await view.page.waitForFunction(() => document.getElementById('error')?.textContent === '');
  });

  it('copies the estimate as Markdown', async () => {
    await view.page.locator('#copy-markdown').click();
    const copy = (await view.posted()).filter((m) => m.type === 'copy').pop() as { text: string } | undefined;
    assert.match(copy?.text ?? '', /^# FLOPs & memory: config.json/);
    assert.match(copy?.text ?? '', /\| total \| 46,702,792,704 params \|/);
  });

  it('draws both charts and the formulas, under the strict CSP', async () => {
    const painted = await view.paintedPixels();
    assert.equal(painted.length, 2);
    assert.ok(painted.every((n) => n > 1000), String(painted));
    assert.equal(await view.page.locator('.mm-formulas .katex-display').count(), 4);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-calculator.png'), fullPage: true });
    assert.deepEqual(await view.cspViolations(), []);
  });
});
