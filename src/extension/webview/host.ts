// The one place that creates webviews: options, HTML with CSP, and validated message handling.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { receiveWebviewMessage } from '../../shared/receive';
import { makeNonce, webviewHtml } from './html';

/** Bundles built by esbuild into dist/webview/<name>.js and .css. */
export type WebviewBundle = 'reference' | 'formula' | 'calculator' | 'attention' | 'tensor' | 'tensorFile';

/**
 * Test hook: MODELMATH_TEST_SILENT_PAGE=<bundle> makes the first page of that bundle load a script
 * that does not exist, so the integration tests can prove a view whose page never starts recovers.
 */
const silentOnce = new Set<string>((process.env.MODELMATH_TEST_SILENT_PAGE ?? '').split(',').filter(Boolean));

export function setUpWebview(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: WebviewBundle, title: string): void {
  const script = silentOnce.delete(bundle) ? `${bundle}.missing.js` : `${bundle}.js`;
  const bundleRoot = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  webview.options = {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [bundleRoot, vscode.Uri.joinPath(extensionUri, 'media')],
  };
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    title,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, script)).toString(),
    styleUris: [webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, `${bundle}.css`)).toString()],
  });
}

/** Delivers only messages that pass the protocol's guard; logs and drops the rest. */
export function onValidMessage(
  webview: vscode.Webview,
  log: vscode.LogOutputChannel,
  handler: (message: WebviewMessage) => void | Promise<void>,
): vscode.Disposable {
  return webview.onDidReceiveMessage(async (raw: unknown) => {
    const message = receiveWebviewMessage(raw, (w) => log.warn(w));
    if (!message) return;
    try {
      await handler(message);
    } catch (err) {
      log.error(`Handling webview message '${message.type}' failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

/** Posts a protocol message; false when the webview is gone (closed while work was finishing). */
export async function post(webview: vscode.Webview, message: HostMessage): Promise<boolean> {
  try {
    return await webview.postMessage(message);
  } catch {
    return false;
  }
}
