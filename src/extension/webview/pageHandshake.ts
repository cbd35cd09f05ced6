// The conversation every Model Math page has with the host, for side-bar views and editor panels
// alike: the page says 'ready' (and repeats it until init arrives), the host answers with init and
// then any payload waiting for an ack; errors are logged, copies go to the clipboard, settings
// changes are pushed. Each step is traced (lifecycleTrace.ts) so a page that never came up says
// where it stopped.
import * as vscode from 'vscode';
import type { HostMessage, WebviewMessage } from '../../shared/protocol';
import { affectsViewSettings, viewSettings } from '../config';
import { onValidMessage, post } from './host';

export interface PageHandshake {
  /** "Formula view", "Tensor Report panel": names the page in logs. */
  readonly label: string;
  /** The init message for a page that said 'ready'. */
  init(): HostMessage | Promise<HostMessage>;
  /** The payload re-sent after init until the page acknowledges it. */
  pending(): { id: string; message: HostMessage } | undefined;
  /** The page acknowledged the payload with this id. */
  acknowledged(id: string): void;
  /** Init (and any payload) went out: the page is ready. */
  ready(): void;
  /** The page's boot script ran (and, with scriptFailed, saw its bundle fail to load). */
  booted?(scriptFailed: boolean): void;
  /** Messages other than ready / boot / ack / error / copy. */
  onMessage?(message: WebviewMessage, webview: vscode.Webview): void | Promise<void>;
  trace(event: string): void;
}

export function connectPage(webview: vscode.Webview, log: vscode.LogOutputChannel, page: PageHandshake): vscode.Disposable[] {
  return [
    onValidMessage(webview, log, async (m) => {
      switch (m.type) {
        case 'ready': {
          page.trace(`'ready' #${m.attempt ?? '?'} received (page +${m.pageMs ?? '?'} ms)`);
          const delivered = await post(webview, await page.init());
          page.trace(`init posted (${delivered ? 'delivered' : 'not delivered'})`);
          const pending = page.pending();
          if (pending) await post(webview, pending.message);
          page.ready();
          break;
        }
        case 'boot':
          page.trace(m.scriptFailed ? `page booted but its script did not load (page +${m.pageMs} ms)` : `page booted (page +${m.pageMs} ms)`);
          page.booted?.(m.scriptFailed === true);
          break;
        case 'ack':
          page.acknowledged(m.id);
          break;
        case 'error':
          log.error(`${page.label}: ${m.message}`);
          break;
        case 'copy':
          void vscode.env.clipboard.writeText(m.text);
          void vscode.window.setStatusBarMessage('$(check) Copied', 2000);
          break;
        default:
          if (page.onMessage) await page.onMessage(m, webview);
          else log.warn(`${page.label}: unexpected '${m.type}' message`);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsViewSettings(e)) void post(webview, { type: 'settings', settings: viewSettings() });
    }),
  ];
}
