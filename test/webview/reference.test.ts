// The Formula Reference view's real HTML (the same shell, CSP and bundle the extension serves) in
// headless Chromium, with a recorded acquireVsCodeApi standing in for the host.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { formulaCatalog } from '../../src/core/reference/catalog';
import type { HostMessage } from '../../src/shared/protocol';
import { RESULTS_DIR } from '../support/browser';
import { handshake, openWebview, type WebviewHarness } from '../support/webviewHarness';

describe('Formula Reference webview (Chromium)', () => {
  let view: WebviewHarness;
  let page: Page;
  const settings = { significantDigits: 6, plotMaxLength: 131072 };

  before(async () => {
    view = await openWebview('reference');
    page = view.page;
  });

  after(() => view?.close());

  const posted = () => view.posted();
  const send = (m: HostMessage | unknown) => view.send(m);

  it('says it is ready, then renders every formula with KaTeX on init', async () => {
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
    // The shell's boot script speaks first (the host tells a slow page from a dead frame by it).
    const [boot, ready] = await posted();
    assert.equal((boot as { type: string }).type, 'boot');
    assert.equal((boot as { scriptFailed?: boolean }).scriptFailed, false);
    assert.deepEqual(handshake(ready), { type: 'ready', view: 'reference', attempt: 1 });
    await send({ type: 'init', view: 'reference', formulas: formulaCatalog(), settings });
    await page.waitForSelector('article.mm-card .katex-display');
    assert.equal(await page.locator('article.mm-card').count(), formulaCatalog().length);
    assert.equal(await page.locator('article.mm-card .katex-display').count(), formulaCatalog().length);
    assert.equal(await page.locator('.mm-math.mm-error').count(), 0);
    // KaTeX's own fonts loaded from the bundle (not a fallback font).
    await page.waitForFunction(() => document.fonts.check('16px KaTeX_Main'));
  });

  it('shows the worked values formatted to the configured digits', async () => {
    const text = await page.locator('article[data-id="entropy-invariant-scale"] .mm-worked').innerText();
    assert.equal(text, 'Worked: d = 64, n = 4096 → 0.166667');
    const kv = await page.locator('article[data-id="kv-cache"] .mm-worked').innerText();
    assert.match(kv, /→ 524,288 bytes$/);
  });

  it('draws the scale plot on a canvas', async () => {
    const painted = await page.evaluate(() => {
      const c = document.querySelector('canvas');
      if (!c) return 0;
      const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    assert.ok(painted > 1000, `only ${painted} painted pixels`);
  });

  it('keeps the head dimension in webview state and explains bad input', async () => {
    const field = page.locator('#head-dim');
    await field.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('128');
    await page.waitForFunction(() => (window as unknown as { __state?: { headDim: number } }).__state?.headDim === 128);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await page.waitForSelector('.mm-error:has-text("Head dimension d must be a positive number")');
    assert.equal(await page.evaluate(() => (window as unknown as { __state?: { headDim: number } }).__state?.headDim), 128);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('64');
  });

  it('posts a copy request with the LaTeX when "Copy LaTeX" is clicked', async () => {
    await page.locator('article[data-id="yarn-factor"] vscode-button').click();
    const copy = (await posted()).find((m) => (m as { type: string }).type === 'copy');
    assert.deepEqual(copy, { type: 'copy', text: formulaCatalog().find((c) => c.id === 'yarn-factor')?.latex });
  });

  it('re-renders on a settings message', async () => {
    await send({ type: 'settings', settings: { significantDigits: 3, plotMaxLength: 4096 } });
    await page.waitForFunction(() => document.querySelector('article[data-id="entropy-invariant-scale"] .mm-worked')?.textContent?.endsWith('0.167'));
  });

  it('ignores a host message that fails validation and reports it', async () => {
    const before = await page.locator('article.mm-card').count();
    await send({ type: 'init', view: 'reference', formulas: 'not a list', settings });
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'error'));
    assert.equal(await page.locator('article.mm-card').count(), before);
  });

  it('runs under the strict CSP with no violation, and looks right', async () => {
    await send({ type: 'settings', settings });
    await page.waitForTimeout(200);
    assert.deepEqual(await view.cspViolations(), []);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await page.screenshot({ path: join(RESULTS_DIR, 'webview-reference.png'), fullPage: true });
  });
});
