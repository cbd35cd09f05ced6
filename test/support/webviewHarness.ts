// Serves a view's real HTML (the extension's shell, CSP and bundle) from dist/webview to headless
// Chromium, with a recorded acquireVsCodeApi standing in for the host and a dark theme's variables.
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { makeNonce, webviewHtml } from '../../src/extension/webview/html';
import { launchBrowser } from './browser';

const dist = new URL('../../dist/webview/', import.meta.url).pathname;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf' };

const THEME = `body{--vscode-foreground:#cccccc;--vscode-editor-foreground:#d4d4d4;--vscode-descriptionForeground:#9d9d9d;--vscode-errorForeground:#f48771;--vscode-widget-border:#454545;--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-charts-blue:#3794ff;--vscode-charts-orange:#d18616;--vscode-textLink-foreground:#3794ff;background:#252526}`;

function recorderScript(nonce: string): string {
  return `<script nonce="${nonce}">
    window.__posted = []; window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  </script>`;
}

export interface WebviewHarness {
  readonly page: Page;
  posted(): Promise<{ type: string; [k: string]: unknown }[]>;
  send(message: unknown): Promise<void>;
  waitForPosted(type: string, count?: number): Promise<{ type: string; [k: string]: unknown }>;
  cspViolations(): Promise<string[]>;
  /** Replaces a text field's value by typing, as a person would ('' clears it). */
  setField(id: string, value: string): Promise<void>;
  /** Non-transparent pixels of each canvas on the page (a plot that drew nothing has ~0). */
  paintedPixels(): Promise<number[]>;
  close(): Promise<void>;
}

export async function openWebview(bundle: string, viewport = { width: 420, height: 1400 }): Promise<WebviewHarness> {
  assert.ok(existsSync(join(dist, `${bundle}.js`)), `dist/webview/${bundle}.js is missing: run \`npm run build\` first`);
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      const nonce = makeNonce();
      const html = webviewHtml({ cspSource: origin, nonce, title: bundle, scriptUri: `${origin}/${bundle}.js`, styleUris: [`${origin}/theme.css`, `${origin}/${bundle}.css`] }).replace('<main', `${recorderScript(nonce)}\n<main`);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html);
      return;
    }
    if (url.pathname === '/theme.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(THEME);
    const file = normalize(join(dist, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await launchBrowser();
  const page = await browser.newPage({ viewport });
  // Generous: on a machine whose cores other processes hold, a page takes seconds to load; the
  // assertions, not the timeouts, decide what passes.
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(60_000);
  // Record CSP violations from the very first byte of the page.
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${(e.target as Element | null)?.outerHTML?.slice(0, 90) ?? ''}`));
  });
  // No network: anything not served by this test server (or inline data) fails the CSP check too.
  const offsite: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) offsite.push(`offsite request ${url}`);
  });
  try {
    await page.goto(origin);
  } catch (err) {
    // Leave nothing running: an open browser or server keeps the test process alive forever.
    await browser.close();
    server.close();
    throw err;
  }
  type Posted = { type: string; [k: string]: unknown };
  const posted = () => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
  return {
    page,
    posted,
    send: (m) => page.evaluate((msg) => window.postMessage(msg, '*'), m as object),
    async waitForPosted(type, count = 1) {
      await page.waitForFunction(([t, c]) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= (c as number), [type, count] as const);
      const all = (await posted()).filter((m) => m.type === type);
      // The count-th message, not the latest: a page under load may already have repeated it.
      return all[count - 1] as Posted;
    },
    async setField(id, value) {
      await page.locator(`#${id}`).click();
      await page.keyboard.press('Control+A');
      if (value === '') await page.keyboard.press('Backspace');
      else await page.keyboard.type(value);
    },
    paintedPixels: () =>
      page.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => {
          const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
          let n = 0;
          for (let i = 3; i < d.length; i += 4) if ((d[i] ?? 0) > 0) n++;
          return n;
        }),
      ),
    cspViolations: async () => [...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)), ...offsite],
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** A 'ready' message without its timing (pageMs varies): what the handshake says. */
export function handshake(m: unknown): unknown {
  if (typeof m !== 'object' || m === null) return m;
  const { pageMs, ...rest } = m as { pageMs?: unknown };
  assert.ok(typeof pageMs === 'number' && pageMs >= 0, `'ready' carries the page's age, got ${String(pageMs)}`);
  return rest;
}
