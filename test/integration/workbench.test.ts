// Integration tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by Debian's
// Chromium. Part 1 runs the mocha suites inside the extension host against the development copy;
// part 2 installs the packaged .vsix and checks the workbench UI as a person sees it.
// Recipe: ../shared/references/vscode-testing-offline.md.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { unzipSync } from 'fflate';
import type { BrowserContext, FrameLocator, Page } from 'playwright-core';
import { ensureCodeServer, installVsix, makeProfile, startCodeServer } from '../../scripts/code-server.mjs';
import { launchPersistent, RESULTS_DIR } from '../support/browser';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const samples = join(root, 'samples');
const vsix = join(root, 'dist', 'model-math.vsix');
const suiteBundle = join(root, 'out', 'test', 'integration', 'index.js');
const restrictedBundle = join(root, 'out', 'test', 'integration', 'restricted.js');

const cleanups: (() => Promise<unknown> | void)[] = [];

before(async () => {
  assert.ok(existsSync(join(root, 'dist', 'extension.js')), 'dist/extension.js is missing: run `npm run package` first');
  ensureCodeServer();
  mkdirSync(RESULTS_DIR, { recursive: true });
  await esbuild.build({
    entryPoints: { index: join(root, 'test', 'integration', 'suite', 'index.ts'), restricted: join(root, 'test', 'integration', 'restricted', 'index.ts') },
    outdir: dirname(suiteBundle),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
});

function scratch(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mm-${name}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await launchPersistent();
  cleanups.push(() => context.close());
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  // Loading the workbench is the harness's wait, not an assertion: a busy machine may take minutes.
  page.setDefaultNavigationTimeout(180_000);
  return { context, page };
}

/**
 * Loads the development copy into code-server with `folder` open, runs the mocha suites bundled at
 * `tests` inside its extension host and checks their results (scripts/test-all.mjs adds the counts
 * in `resultsName` to the total).
 */
async function runExtensionHostSuites(options: { name: string; tests: string; folder: string; resultsName: string; minPassed: number; trust?: boolean; env?: Record<string, string> }): Promise<void> {
  const profile = makeProfile(scratch(options.name), options.trust ? TRUST_SETTINGS : {});
  const resultsFile = join(RESULTS_DIR, options.resultsName);
  rmSync(resultsFile, { force: true });
  const server = await startCodeServer(profile, { env: { MODELMATH_TEST_RESULTS: resultsFile, MODELMATH_TEST_SILENT_PAGE: 'tensor:dead+dead+missing', ...options.env }, logFile: join(RESULTS_DIR, `code-server-${options.name}.log`), workspaceTrust: options.trust ?? false });
  cleanups.push(server.stop);
  const { page } = await open();
  const logs: string[] = [];
  const evidence = recordBrowserConsole(page, `browser-console-${options.name}.log`);
  let failureShots = 0;
  const exit = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      logs.push(`${new Date().toISOString()} ${line}`);
      if (process.env.MODELMATH_VERBOSE) process.stderr.write(`[host ${type}] ${line}\n`);
      // The mocha runner announces a failure as it happens: photograph the workbench right then.
      const failed = /MODELMATH_TEST_FAILED: (.*)/.exec(line);
      if (failed && failureShots < 10) {
        failureShots++;
        void page.screenshot({ path: join(RESULTS_DIR, `failure-${options.name}-${failureShots}-${slug(failed[1] ?? "")}.png`) }).catch(() => undefined);
      }
    });
    void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
  });
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(options.tests)],
  ]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(payload)}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within 600 s:\n${logs.join('\n')}`)), 600_000);
  });
  const code = await Promise.race([exit, timeout])
    .catch(async (err: unknown) => {
      await page.screenshot({ path: join(RESULTS_DIR, `failure-${options.name}-no-result.png`) }).catch(() => undefined);
      throw err;
    })
    .finally(() => {
      clearTimeout(timer);
      writeFileSync(join(RESULTS_DIR, `extension-host-${options.name}.log`), logs.join('\n'));
      evidence.save();
      // VS Code's own logs (extension host, renderer, the "Model Math" output channel) for this run.
      const logsDir = join(profile.userData, 'logs');
      if (existsSync(logsDir)) cpSync(logsDir, join(RESULTS_DIR, `vscode-logs-${options.name}`), { recursive: true });
    });
  const results = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number; failures: string[] }) : undefined;
  assert.ok(results, `the extension host wrote no results (exit code ${code}):\n${logs.slice(-40).join('\n')}`);
  assert.deepEqual(results.failures, []);
  assert.ok(results.passed >= options.minPassed, `only ${results.passed} extension-host tests ran`);
  assert.equal(code, 0);
}

/** A file-name-safe short form of a test title. */
function slug(title: string): string {
  return title.replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/**
 * Records every console line of the workbench and of its webview frames (Model Math's webviews log
 * their handshake: script start, each 'ready', init received) with timestamps; save() writes them.
 */
function recordBrowserConsole(page: Page, file: string): { save: () => void } {
  const lines: string[] = [];
  page.on('console', (msg) => lines.push(`${new Date().toISOString()} [${msg.type()}] ${msg.text().slice(0, 2000)}`));
  page.on('pageerror', (err) => lines.push(`${new Date().toISOString()} [pageerror] ${err.message}`));
  page.on('requestfailed', (req) => lines.push(`${new Date().toISOString()} [requestfailed] ${req.url().slice(0, 300)} ${req.failure()?.errorText ?? ''}`));
  return { save: () => writeFileSync(join(RESULTS_DIR, file), lines.join('\n')) };
}

/** Workspace Trust on, no prompt: a folder never trusted before opens in Restricted Mode. */
const TRUST_SETTINGS = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
};

describe('extension host API tests (development copy)', () => {
  it('pass inside VS Code 1.100.3', { timeout: 900_000 }, () =>
    runExtensionHostSuites({ name: 'api', tests: suiteBundle, folder: samples, resultsName: 'extension-host-results.json', minPassed: 5 }));

  it('pass in Restricted Mode (an untrusted folder)', { timeout: 300_000 }, () => {
    const folder = scratch('untrusted');
    copyFileSync(join(samples, 'configs', 'llama-2-7b.json'), join(folder, 'config.json'));
    copyFileSync(join(samples, 'tensors', 'tiny_model.safetensors'), join(folder, 'tiny_model.safetensors'));
    mkdirSync(join(folder, '.vscode'));
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'modelmath.tensors.maxTextElements': 3 }));
    const outside = join(scratch('outside'), 'tiny_model.safetensors');
    copyFileSync(join(samples, 'tensors', 'tiny_model.safetensors'), outside);
    return runExtensionHostSuites({ name: 'restricted', tests: restrictedBundle, folder, resultsName: 'extension-host-restricted-results.json', minPassed: 6, trust: true, env: { MODELMATH_OUTSIDE_TENSOR: outside } });
  });
});

describe('the packaged .vsix', () => {
  it('carries the bundles, media, grammars and docs and nothing else', () => {
    const files = Object.keys(unzipSync(readFileSync(vsix)));
    const allowed = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/, /^extension\/dist\/(extension|cli|cli-[\w-]+|mathWorker|tensorWorker|tensorRangeWorker|modelCore)\.js$/, /^extension\/dist\/webview\/[\w./-]+\.(js|css|woff2?|ttf)$/, /^extension\/media\/(screenshots\/)?[\w.-]+$/, /^extension\/syntaxes\/[\w.-]+\.json$/];
    const stray = files.filter((f) => !allowed.some((r) => r.test(f)));
    assert.deepEqual(stray, []);
    for (const needed of ['extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/cli-tensor.js', 'extension/dist/cli-estimate.js', 'extension/dist/mathWorker.js', 'extension/dist/tensorWorker.js', 'extension/dist/tensorRangeWorker.js', 'extension/dist/webview/reference.js', 'extension/dist/webview/reference.css', 'extension/media/icon.png', 'extension/syntaxes/mmath.tmLanguage.json']) {
      assert.ok(files.includes(needed), `${needed} is missing from the .vsix`);
    }
    assert.ok(!files.some((f) => f.endsWith('.ts') || f.endsWith('.map') || f.includes('node_modules')));
  });
});

describe('no network in the packaged bundles', () => {
  it('no bundle loads a network module or calls fetch/XMLHttpRequest/WebSocket', () => {
    const files = unzipSync(readFileSync(vsix));
    const node = Object.keys(files).filter((f) => /^extension\/dist\/\w+\.js$/.test(f));
    assert.ok(node.length >= 4);
    for (const f of node) {
      const text = new TextDecoder().decode(files[f]);
      const found = text.match(/require\(["'](?:node:)?(?:http|https|http2|net|tls|dgram|dns)["']\)|\bfetch\(|new XMLHttpRequest|new WebSocket\(/g);
      assert.equal(found, null, `${f} reaches for the network: ${found?.join(', ')}`);
    }
    // Webview bundles: the CSP (default-src 'none', no connect-src) blocks requests; they must not try.
    for (const f of Object.keys(files).filter((x) => /^extension\/dist\/webview\/\w+\.js$/.test(x))) {
      const text = new TextDecoder().decode(files[f]);
      assert.equal(text.match(/new WebSocket\(|navigator\.sendBeacon/g), null, f);
    }
  });
});

describe('workbench UI with the installed .vsix', () => {
  let page: Page;
  let uiConsole: { save: () => void } | undefined;

  /** A UI test that, when it fails, leaves a screenshot and the console so far in test-results/. */
  function uiIt(name: string, options: { timeout: number }, fn: () => Promise<void>): void {
    it(name, options, async () => {
      try {
        await fn();
      } catch (err) {
        await page.screenshot({ path: join(RESULTS_DIR, `failure-ui-${slug(name)}.png`) }).catch(() => undefined);
        uiConsole?.save();
        throw err;
      }
    });
  }

  before(async () => {
    const profile = makeProfile(scratch('ui'));
    installVsix(profile, vsix);
    const server = await startCodeServer(profile, { logFile: join(RESULTS_DIR, 'code-server-ui.log') });
    cleanups.push(server.stop);
    ({ page } = await open());
    uiConsole = recordBrowserConsole(page, 'browser-console-ui.log');
    await page.goto(`${server.url}/?folder=${encodeURIComponent(samples)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row:has-text("worksheet.mmath")', { timeout: 60_000 });
  });

  async function runCommand(title: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.fill(`>${title}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: 3000 });
        await page.keyboard.press('Enter');
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`the command palette never listed '${title}'`);
      }
    }
  }

  /** Opens a workspace file with Quick Open (the side bar shows Model Math, not the explorer). */
  async function quickOpen(file: string): Promise<void> {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').fill(file);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /**
   * Moves the mouse onto the editor token with `token` until a hover containing `text` shows.
   * Monaco re-renders lines while tokenizing, so the span is looked up again on every try.
   */
  async function hoverUntil(token: string, text: string, line?: string) {
    const hover = page.locator(`.monaco-hover:has-text("${text}")`).first();
    const scope = line ? page.locator('.monaco-editor .view-lines .view-line', { hasText: line }).first() : page.locator('.monaco-editor .view-lines .view-line');
    for (let attempt = 0; attempt < 8; attempt++) {
      await scope.locator('span span', { hasText: token }).first().hover();
      try {
        await hover.waitFor({ timeout: 4000 });
        return hover;
      } catch {
        await page.mouse.move(5, 5);
      }
    }
    await page.screenshot({ path: join(RESULTS_DIR, `failure-hover-${token.replace(/\W/g, '')}.png`) });
    const shown = await page.locator('.monaco-hover').allInnerTexts().catch(() => []);
    throw new Error(`no hover with '${text}' appeared over '${token}'; hovers shown: ${shown.join(' | ').slice(0, 500)}`);
  }

  /** The webview whose document contains `selector` (several views may be open). */
  async function webviewFrame(selector: string, timeout = 60_000): Promise<FrameLocator> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const outer = page.locator('iframe.webview.ready');
      const n = await outer.count();
      for (let i = 0; i < n; i++) {
        const frame = page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
        if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
      }
      if (Date.now() > deadline) {
        const bodies = await Promise.all([...Array(n).keys()].map((i) => page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame').locator('body').innerHTML({ timeout: 2000 }).then((h) => h.slice(0, 300)).catch((e: Error) => e.message.slice(0, 200))));
        throw new Error(`no webview shows ${selector} (${n} webviews):\n${bodies.join('\n---\n')}`);
      }
      await page.waitForTimeout(250);
    }
  }

  uiIt('runs "Model Math: Open Formula Reference" from the palette and renders the view with KaTeX', { timeout: 120_000 }, async () => {
    await runCommand('Model Math: Open Formula Reference');
    const frame = await webviewFrame('article.mm-card .katex-display');
    assert.equal(await frame.locator('article.mm-card').count(), 7);
    assert.match(await frame.locator('article[data-id="alpha-star-normal"] .mm-worked').innerText(), /n = 512 → 2\.00839/);
    await frame.locator('canvas').waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-reference.png') });
  });

  uiIt('opens a worksheet with its grammar: comments and numbers get their own colours', { timeout: 60_000 }, async () => {
    await quickOpen('worksheet.mmath');
    await page.waitForSelector('.statusbar-item:has-text("Model Math Worksheet")');
    const line = page.locator('.monaco-editor .view-lines .view-line', { hasText: 'attn_scale(d)' }).first();
    await line.waitFor();
    const comment = page.locator('.monaco-editor .view-lines .view-line', { hasText: '# Attention scale' }).first();
    const colorOf = async (loc: typeof line, text: string) => loc.locator(`span > span:text-is("${text}")`).first().evaluate((e) => getComputedStyle(e).color);
    const numberColor = await colorOf(page.locator('.monaco-editor .view-lines .view-line', { hasText: 'd = 128' }).first(), '128');
    const commentColor = await comment.locator('span > span').first().evaluate((e) => getComputedStyle(e).color);
    const plainColor = await colorOf(line, '(');
    assert.notEqual(numberColor, plainColor, 'numbers are not highlighted');
    assert.notEqual(commentColor, plainColor, 'comments are not highlighted');
  });

  uiIt('draws each worksheet line’s result after it', { timeout: 60_000 }, async () => {
    // Decorations are CSS ::after content on spans inside the line.
    const afterTexts = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.monaco-editor .view-lines .view-line span')]
          .map((e) => getComputedStyle(e, '::after').content)
          .filter((c) => c && c !== 'none' && c !== 'normal'),
      );
    const deadline = Date.now() + 30_000;
    let texts: string[] = [];
    while (Date.now() < deadline) {
      texts = await afterTexts();
      if (texts.some((t) => t.includes('2 GiB'))) break;
      await page.waitForTimeout(250);
    }
    assert.ok(texts.some((t) => t.includes('→ 0.0883883')), `results drawn: ${texts.join(' | ')}`);
    assert.ok(texts.some((t) => t.includes('→ 2 GiB')));
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-worksheet.png') });
  });

  uiIt('hovers over LaTeX in a Markdown note and shows its value', { timeout: 90_000 }, async () => {
    await quickOpen('notes.md');
    await page.waitForSelector('.statusbar-item:has-text("Markdown")');
    const hover = await hoverUntil('0.1667', 'Model Math');
    assert.match(await hover.innerText(), /0\.166667/);
    await page.waitForTimeout(600); // let the hover finish fading in
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-hover.png') });
    await page.mouse.move(5, 5);
  });

  uiIt('underlines a wrong equation in a Markdown note and its hover says it does not hold', { timeout: 90_000 }, async () => {
    await quickOpen('notes.md');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
    // VS Code shows the diagnostic's message ("does not hold …") first and each hover provider's part
    // as it arrives: wait for Model Math's own part, which writes the two sides with ≠.
    const hover = await hoverUntil('262144', '131,072 ≠ 262,144', 'GQA');
    assert.match(await hover.innerText(), /does not hold/);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-wrong-equation.png') });
    await page.mouse.move(5, 5);
  });

  uiIt('hovers over a Hugging Face config.json and shows exact counts', { timeout: 90_000 }, async () => {
    await quickOpen('mistral-7b.json');
    await page.locator('.monaco-editor .codelens-decoration:has-text("params")').first().waitFor({ timeout: 30_000 });
    const hover = await hoverUntil('num_key_value_heads', 'GQA');
    assert.match(await hover.innerText(), /7,241,732,096/);
    await page.waitForTimeout(600); // let the hover finish fading in
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-config-hover.png') });
    await page.mouse.move(5, 5);
  });

  uiIt('the FLOPs & Memory calculator opens on the active config and computes in place', { timeout: 90_000 }, async () => {
    await runCommand('Model Math: Open FLOPs & Memory Calculator');
    const frame = await webviewFrame('#results table');
    // The active editor is mistral-7b.json (previous test): the calculator starts there.
    await frame.locator('#results tr:has-text("total") td.mm-num:has-text("7,241,732,096")').waitFor({ timeout: 30_000 });
    // An editor tab beside the config, not a strip of the side bar.
    await page.locator('.tabs-container .tab', { hasText: 'FLOPs & Memory' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-calculator.png') });
  });

  uiIt('Python attention code: squiggles on the mistakes, and a hover on a scale shows its value', { timeout: 90_000 }, async () => {
    await quickOpen('attention.py');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 30_000 });
    assert.ok((await page.locator('.monaco-editor .squiggly-warning').count()) >= 2);
    const hover = await hoverUntil('sqrt', 'attention scale', 'scores = q @ k.transpose(-2, -1) / math.sqrt(d)');
    assert.match(await hover.innerText(), /scale 0\.125/);
    await page.waitForTimeout(600);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-attention-code.png') });
    await page.mouse.move(5, 5);
  });

  uiIt('the Attention Scale view draws entropy, max probability and gradient plots with verdicts', { timeout: 90_000 }, async () => {
    await runCommand('Model Math: Open Attention Scale View');
    const frame = await webviewFrame('#entropy-chart');
    await frame.locator('#verdicts li[data-id="natural_log"]').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('canvas').count(), 3);
    await page.locator('.tabs-container .tab', { hasText: 'Attention Scale' }).first().waitFor({ timeout: 10_000 });
    // Every plot in the panel has labelled ticks (the page records what Chart.js drew).
    for (const id of ['entropy-chart', 'maxprob-chart', 'gradient-chart']) assert.ok(Number(await frame.locator(`#${id}`).getAttribute('data-x-ticks')) >= 2, id);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-attention.png') });
  });

  uiIt('"Check Selected Tensor" on a numpy repr opens the Tensor view with its checks', { timeout: 90_000 }, async () => {
    await quickOpen('logits.txt');
    await page.locator('.monaco-editor .view-line', { hasText: 'array(' }).first().waitFor();
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await runCommand('Model Math: Check Selected Tensor');
    const frame = await webviewFrame('#checks');
    await frame.locator('#checks li[data-id="softmax_saturation"][data-severity="warning"]').waitFor({ timeout: 30_000 });
    await page.locator('.tabs-container .tab', { hasText: 'Tensor Report' }).first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-tensor.png') });
  });

  uiIt('a .safetensors file opens in the tensor-file editor with its table and statistics', { timeout: 90_000 }, async () => {
    await quickOpen('tiny_model.safetensors');
    const frame = await webviewFrame('#rows tr');
    await frame.locator('body[data-reports="3"]').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#rows tr').count(), 3);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-tensor-file.png') });
  });

  uiIt('the Formula view renders LaTeX as you type and evaluates with the variables you give', { timeout: 90_000 }, async () => {
    try {
    await runCommand('Model Math: Open Formula View');
    const frame = await webviewFrame('#formula-input');
    const input = frame.locator('#formula-input');
    await input.click();
    // m and k: names the open worksheet does not bind (its n and d would be used otherwise).
    await page.keyboard.type('\\frac{\\log_{512} m}{\\sqrt{k}}');
    await frame.locator('#preview .katex-display').waitFor();
    await frame.locator('#variables vscode-textfield[data-name="m"]').waitFor();
    await frame.locator('#variables vscode-textfield[data-name="m"]').click();
    await page.keyboard.type('4096');
    await frame.locator('#variables vscode-textfield[data-name="k"]').click();
    await page.keyboard.type('64');
    await frame.locator('#value:has-text("0.166667")').waitFor();
    await page.keyboard.press('Control+Enter');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(RESULTS_DIR, 'workbench-formula.png') });
    } catch (err) {
      await page.screenshot({ path: join(RESULTS_DIR, 'failure-formula.png') });
      throw err;
    }
  });
});
