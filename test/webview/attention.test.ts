// The Attention view's real HTML and bundle in headless Chromium: plots, verdicts, table, config
// notes, all under the strict CSP (the formula engine runs here for "your scale").
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RESULTS_DIR } from '../support/browser';
import { handshake, openWebview, type WebviewHarness } from '../support/webviewHarness';

describe('Attention view webview (Chromium)', () => {
  let view: WebviewHarness;
  const settings = { significantDigits: 6, plotMaxLength: 131072 };
  const setField = (id: string, value: string) => view.setField(id, value);
  const verdictIds = () => view.page.locator('#verdicts li').evaluateAll((lis) => lis.map((li) => `${li.querySelector('strong')?.textContent ?? ''}${li.getAttribute('data-id') ?? ''}`));

  before(async () => {
    view = await openWebview('attention', { width: 460, height: 2400 });
  });
  after(() => view?.close());

  it('draws the default comparison on init', async () => {
    assert.deepEqual(handshake(await view.waitForPosted('ready')), { type: 'ready', view: 'attention', attempt: 1 });
    await view.send({ type: 'init', view: 'attention', settings });
    await view.page.locator('#verdicts li').first().waitFor();
    const ids = await verdictIds();
    assert.ok(ids.includes('ln(n)/√d: natural_log'), ids.join(' | '));
    assert.ok(ids.includes('1/√d: healthy'), ids.join(' | '));
    assert.ok(ids.includes('1/√d: length_drift'), ids.join(' | '));
    assert.equal(await view.page.getAttribute('body', 'data-series'), '4');
  });

  it('analyses a typed scale and explains a bad one', async () => {
    await setField('expression', '1/d');
    await view.page.locator('#verdicts li[data-id="near_uniform"]', { hasText: '1 / d' }).waitFor();
    await setField('expression', 'x/');
    await view.page.locator('#errors:has-text("Scale \'x/\'")').waitFor();
    await setField('expression', '');
    await view.page.waitForFunction(() => document.getElementById('errors')?.textContent === '');
  });

  it('redraws when the head dimension changes (α* and the table follow)', async () => {
    // α* for normal scores at n/2 = 512 keys: root of e^{α²}(1+2α²) = 512 (worked value 2.00839).
    const expected = 2.00839;
    const before = Number(await view.page.getAttribute('body', 'data-alpha-star'));
    assert.ok(Math.abs(before - expected) > 1e-3, String(before));
    await setField('train', '1024');
    // Typing redraws after every key (1, 10, 102, 1024): wait for the last one, not the first change.
    await view.page.waitForFunction((e) => Math.abs(Number(document.body.dataset.alphaStar) - e) < 1e-5, expected, { timeout: 15_000 }).catch(() => undefined);
    const after = Number(await view.page.getAttribute('body', 'data-alpha-star'));
    assert.ok(Math.abs(after - expected) < 1e-5, String(after));
    assert.ok((await view.page.locator('#table tbody tr').count()) >= 4);
  });

  it('takes a config from the host and lists the fields that change the scale', async () => {
    const gemma2 = JSON.parse(readFileSync('samples/configs/gemma-2-9b.json', 'utf8')) as Record<string, unknown>;
    await view.send({ type: 'setAttention', request: { id: 'cfg-1', config: { id: 'file:///w/config.json', name: 'gemma-2-9b.json', config: gemma2 } } });
    await view.page.locator('#config-notes li', { hasText: 'query_pre_attn_scalar' }).waitFor();
    assert.match(await view.page.locator('#config-notes').innerText(), /attn_logit_softcapping: 50/);
    const acks = (await view.posted()).filter((m) => m.type === 'ack');
    assert.deepEqual(acks.pop(), { type: 'ack', id: 'cfg-1' });
  });

  it('paints three plots and the formulas under the strict CSP', async () => {
    const painted = await view.paintedPixels();
    assert.equal(painted.length, 3);
    assert.ok(painted.every((n) => n > 1000), String(painted));
    assert.ok((await view.page.locator('#formulas .katex').count()) >= 4);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-attention.png'), fullPage: true });
    assert.deepEqual(await view.cspViolations(), []);
  });
});
