// The one place that creates webviews: options, HTML with CSP, and validated message handling.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { receiveWebviewMessage } from '../../shared/receive';
import { makeNonce, webviewHtml } from './html';

/** Bundles built by esbuild into dist/webview/<name>.js and .css. */
export type WebviewBundle = 'reference' | 'formula' | 'calculator' | 'attention' | 'tensor' | 'tensorFile';

/**
 * Test hook for side-bar views: MODELMATH_TEST_SILENT_PAGE=<bundle>:<fault>+<fault>…,… breaks that
 * view's first pages in turn, so the integration tests prove a view recovers from each fault:
 * `dead` is a page with no scripts (a frame that never runs our HTML), `missing` a page whose
 * bundle does not load. A bare <bundle> means `missing`.
 */
const testFaults = new Map<string, string[]>(
  (process.env.MODELMATH_TEST_SILENT_PAGE ?? '')
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [bundle = '', faults = 'missing'] = entry.split(':');
      return [bundle, faults.split('+')];
    }),
);

export function setUpWebview(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: WebviewBundle, title: string, options: { testHooks?: boolean } = {}): void {
  const fault = options.testHooks ? testFaults.get(bundle)?.shift() : undefined;
  const script = fault === 'missing' ? `${bundle}.missing.js` : `${bundle}.js`;
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
    dead: fault === 'dead',
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
