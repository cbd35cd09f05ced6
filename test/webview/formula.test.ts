// The Formula view's real HTML and bundle in headless Chromium, driven as the host would drive it.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RESULTS_DIR } from '../support/browser';
import { handshake, openWebview, type WebviewHarness } from '../support/webviewHarness';

describe('Formula webview (Chromium)', () => {
  let view: WebviewHarness;
  const settings = { significantDigits: 6, plotMaxLength: 131072 };

  before(async () => {
    view = await openWebview('formula', { width: 360, height: 900 });
  });
  after(() => view?.close());

  it('asks for init (again while none arrives), then shows the input and stops asking', async () => {
    assert.deepEqual(handshake(await view.waitForPosted('ready')), { type: 'ready', view: 'formula', attempt: 1 });
    // A host reply lost in transit must not leave the view on "Loading…": it asks again.
    await view.waitForPosted('ready', 2);
    await view.send({ type: 'init', view: 'formula', settings, functions: [] });
    await view.page.locator('#formula-input').waitFor();
    // A late copy of init (the answer to the repeated 'ready') must not mount the view twice.
    await view.send({ type: 'init', view: 'formula', settings, functions: [] });
    const asked = (await view.posted()).filter((m) => m.type === 'ready').length;
    await view.page.waitForTimeout(2500);
    assert.equal((await view.posted()).filter((m) => m.type === 'ready').length, asked, 'still asking for init after it arrived');
    assert.equal(await view.page.locator('#formula-input').count(), 1);
  });

  it('renders LaTeX with KaTeX as you type and asks the host to evaluate it', async () => {
    await view.page.locator('#formula-input').click();
    await view.page.keyboard.type('\\frac{\\log_{512} n}{\\sqrt{d}}');
    await view.page.locator('#preview .katex-display').waitFor();
    assert.match((await view.page.locator('#preview .katex-mathml annotation').textContent()) ?? '', /\\frac\{\\log_\{512\} n\}\{\\sqrt\{d\}\}/);
    // Evaluations are posted as you type: wait for the one with the whole formula.
    await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string; text?: string }[] }).__posted.some((m) => m.type === 'evaluate' && m.text === '\\frac{\\log_{512} n}{\\sqrt{d}}'));
    const req = (await view.posted()).filter((m) => m.type === 'evaluate').pop() as unknown as { text: string; latex: string };
    assert.equal(req.text, '\\frac{\\log_{512} n}{\\sqrt{d}}');
    assert.equal(req.latex, 'auto');
  });

  it('lists free variables as fields and sends their values', async () => {
    const req = await view.waitForPosted('evaluate');
    await view.send({ type: 'evaluation', requestId: req.requestId, result: { status: 'needs-values', freeVariables: ['n', 'd'], normalized: 'log(n, 512) / sqrt(d)', tex: '\\frac{\\log_{512}(n)}{\\sqrt{d}}' } });
    await view.page.locator('#variables vscode-textfield[data-name="n"]').click();
    await view.page.keyboard.type('4096');
    // The host now says only d is missing: n's field must stay (it holds the value being sent).
    await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string; values?: Record<string, string> }[] }).__posted.some((m) => m.type === 'evaluate' && m.values?.n === '4096'));
    const partial = (await view.posted()).filter((m) => m.type === 'evaluate').pop();
    await view.send({ type: 'evaluation', requestId: partial?.requestId, result: { status: 'needs-values', freeVariables: ['d'], normalized: 'log(n, 512) / sqrt(d)', tex: '' } });
    await view.page.waitForTimeout(100);
    assert.equal(await view.page.locator('#variables vscode-textfield').count(), 2);
    await view.page.locator('#variables vscode-textfield[data-name="d"]').click();
    await view.page.keyboard.type('64');
    await view.page.waitForFunction(() => (window as unknown as { __posted: { type: string; values?: Record<string, string> }[] }).__posted.some((m) => m.type === 'evaluate' && m.values?.d === '64' && m.values?.n === '4096'));
    const withValues = (await view.posted()).filter((m) => m.type === 'evaluate').pop();
    await view.send({ type: 'evaluation', requestId: withValues?.requestId, result: { status: 'ok', text: '0.166667', fullText: '0.16666666666666666', unit: null, normalized: 'log(n, 512) / sqrt(d)', tex: '\\frac{\\log_{512}(n)}{\\sqrt{d}}' } });
    await view.page.locator('#value:has-text("0.166667")').waitFor();
  });

  it('ignores a stale evaluation that arrives after a newer one', async () => {
    await view.send({ type: 'evaluation', requestId: 1, result: { status: 'ok', text: 'stale', fullText: 'stale', unit: null, normalized: '', tex: '' } });
    await view.page.waitForTimeout(100);
    assert.equal(await view.page.locator('#value').innerText(), '0.166667');
  });

  it('copies the full-precision value and keeps history across reloads of state', async () => {
    await view.page.locator('#copy').click();
    const copy = (await view.posted()).filter((m) => m.type === 'copy').pop();
    assert.deepEqual(copy, { type: 'copy', text: '0.16666666666666666' });
    await view.page.locator('#formula-input').click();
    await view.page.keyboard.press('Control+Enter');
    await view.page.locator('#history li').first().waitFor();
    const state = await view.page.evaluate(() => (window as unknown as { __state: { history: string[]; values: Record<string, string> } }).__state);
    assert.deepEqual(state.history, ['\\frac{\\log_{512} n}{\\sqrt{d}}']);
    assert.deepEqual(state.values, { n: '4096', d: '64' });
  });

  it('applies a formula the host sends and acknowledges it', async () => {
    await view.send({ type: 'setFormula', text: '2^{10}', id: '7' });
    await view.waitForPosted('ack');
    assert.deepEqual((await view.posted()).filter((m) => m.type === 'ack').pop(), { type: 'ack', id: '7' });
    assert.equal(await view.page.locator('#formula-input').evaluate((e) => (e as unknown as { value: string }).value), '2^{10}');
  });

  it('shows the verdict on an equation: does not hold with both values, holds, and none for a plain value', async () => {
    const wrong = { holds: false, verdict: 'does not hold: 131,072 ≠ 262,144 (compared to the integer written (rounded), left/right = 0.5)', lhs: '131,072', rhs: '262,144' };
    await view.send({ type: 'evaluation', requestId: 9000, result: { status: 'ok', text: '131,072', fullText: '131072', unit: null, normalized: '2 * 32 * 8 * 128 * 2 = 262144', tex: '2\\cdot32\\cdot8\\cdot128\\cdot2=262144', equation: wrong } });
    await view.page.locator('#verdict.mm-fails:has-text("Does not hold: 131,072 ≠ 262,144")').waitFor();
    assert.equal(await view.page.locator('#verdict').isVisible(), true);
    mkdirSync(RESULTS_DIR, { recursive: true });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-formula-wrong-equation.png'), fullPage: true });
    const right = { holds: true, verdict: 'holds: 0.166667 ≈ 0.1667 (to 4 decimals (±1 in the last digit))', lhs: '0.166667', rhs: '0.1667' };
    await view.send({ type: 'evaluation', requestId: 9001, result: { status: 'ok', text: '0.166667', fullText: '0.16666666666666666', unit: null, normalized: '1 / 6 ≈ 0.1667', tex: '\\frac{1}{6}\\approx0.1667', equation: right } });
    await view.page.locator('#verdict.mm-holds:has-text("Holds: 0.166667 ≈ 0.1667")').waitFor();
    await view.send({ type: 'evaluation', requestId: 9002, result: { status: 'ok', text: '1,024', fullText: '1024', unit: null, normalized: '2 ^ 10', tex: '{2}^{10}' } });
    await view.page.locator('#value:has-text("1,024")').waitFor();
    assert.equal(await view.page.locator('#verdict').isVisible(), false);
  });

  it('shows errors from the host, runs under the strict CSP, and looks right', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    await view.page.screenshot({ path: join(RESULTS_DIR, 'webview-formula.png'), fullPage: true });
    await view.send({ type: 'evaluation', requestId: 10_000, result: { status: 'error', message: "Unknown LaTeX command '\\foo' at column 1", start: 0, end: 4 } });
    await view.page.locator('#value.mm-error:has-text("Unknown LaTeX command")').waitFor();
    assert.deepEqual(await view.cspViolations(), []);
  });
});
