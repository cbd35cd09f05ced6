// The HTML shell of every Model Math webview. Pure (no `vscode` import) so the Chromium tests load
// exactly the page the extension serves. CSP: nothing by default; scripts only with this page's
// nonce; styles, fonts and images only from the extension's own bundle folders; no eval.

export interface WebviewPage {
  /** `webview.cspSource` (or the test server's origin). */
  readonly cspSource: string;
  readonly nonce: string;
  readonly title: string;
  /** URIs of the bundled script and stylesheets, already converted with asWebviewUri. */
  readonly scriptUri: string;
  /** Test hook: a page with no scripts at all, as if its frame never ran our HTML. */
  readonly dead?: boolean;
  readonly styleUris: readonly string[];
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function webviewHtml(page: WebviewPage): string {
  const styles = page.styleUris.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(page.cspSource, page.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeText(page.title)}</title>
  </head>
  <body>
    <main id="root" aria-live="polite"><p class="mm-muted">Loading…</p></main>
    ${page.dead ? '' : `<script nonce="${escapeAttr(page.nonce)}">${BOOT_SCRIPT}</script>
    <script nonce="${escapeAttr(page.nonce)}" src="${escapeAttr(page.scriptUri)}"></script>`}
  </body>
</html>`;
}

/**
 * Runs first and says 'boot' at once: the host then knows the frame runs our HTML, so a page that
 * is slow to say 'ready' is waited for and only a frame that never booted is replaced
 * (startupRecovery.ts). It also reports a bundle that failed to load, which a reload cures. The API
 * can be acquired only once per page, so it is left on window for the bundle (vscodeApi.ts).
 */
const BOOT_SCRIPT = `(function () {
      var api = acquireVsCodeApi();
      window.__modelmathApi = api;
      var boot = function (failed) { api.postMessage({ type: 'boot', pageMs: Math.round(performance.now()), scriptFailed: failed }); };
      boot(false);
      window.addEventListener('error', function (e) { if (e.target && e.target.tagName === 'SCRIPT') boot(true); }, true);
    })();`;

/** 32 random alphanumerics; `crypto.getRandomValues` exists in Node ≥ 19 and in browsers. */
export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A page with no scripts at all, for a webview that can only say what went wrong. */
export function errorPageHtml(message: string): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none';">
    <title>Model Math</title>
  </head>
  <body>
    <h3>Model Math could not read this tensor file</h3>
    <p id="error">${escapeText(message)}</p>
  </body>
</html>`;
}
