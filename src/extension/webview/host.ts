// The one place that creates webviews: options, HTML with CSP, and validated message handling.
import * as vscode from 'vscode';
import { isWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import { makeNonce, webviewHtml } from './html';

/** Bundles built by esbuild into dist/webview/<name>.js and .css. */
export type WebviewBundle = 'reference' | 'formula' | 'calculator' | 'attention' | 'tensor' | 'tensorFile';

export function setUpWebview(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: WebviewBundle, title: string): void {
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
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(bundleRoot, `${bundle}.js`)).toString(),
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
    if (!isWebviewMessage(raw)) {
      log.warn(`Dropped a webview message that does not match the protocol: ${safePreview(raw)}`);
      return;
    }
    try {
      await handler(raw);
    } catch (err) {
      log.error(`Handling webview message '${raw.type}' failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

export function post(webview: vscode.Webview, message: HostMessage): Thenable<boolean> {
  return webview.postMessage(message);
}

function safePreview(x: unknown): string {
  try {
    return JSON.stringify(x).slice(0, 200);
  } catch {
    return String(x).slice(0, 200);
  }
}
