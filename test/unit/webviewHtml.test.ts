import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, errorPageHtml, makeNonce, webviewHtml } from '../../src/extension/webview/html';

describe('webview HTML shell', () => {
  const nonce = makeNonce();
  const html = webviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce, title: 'T <x>', scriptUri: 'https://a/b.js', styleUris: ['https://a/b.css'] });

  it('declares a strict CSP: nothing by default, nonce scripts, no eval, no inline', () => {
    const csp = contentSecurityPolicy('SRC', nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce}'`));
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline|\*|https?:/);
    assert.ok(html.includes(`content="${contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', nonce)}"`));
  });

  it('gives every script the nonce and escapes the title', () => {
    // The inline boot script (says 'boot' before the bundle loads), then the bundle.
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    assert.equal(scripts.length, 2);
    assert.ok(!(scripts[0] ?? '').includes(' src=') && (scripts[1] ?? '').includes(' src='), scripts.join(' '));
    assert.ok(scripts.every((s) => s.includes(`nonce="${nonce}"`)));
    assert.ok(html.includes('<title>T &lt;x&gt;</title>'));
  });

  it('makes a fresh 32-character nonce each time', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, makeNonce());
  });

  it('the error page (tensor files that cannot be read) allows nothing at all and escapes the message', () => {
    const page = errorPageHtml('<img src=x onerror=alert(1)> & "quotes"');
    assert.match(page, /content="default-src 'none';"/);
    assert.doesNotMatch(page, /<script|<img/);
    assert.match(page, /&lt;img src=x onerror=alert\(1\)&gt; &amp;/);
  });
});
