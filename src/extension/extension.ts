// Activation: cheap on purpose. It wires providers and commands; heavy libraries load on first use.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { ExtensionContext } from './context';
import { ReferenceViewProvider } from './views/referenceView';

/** What activate() returns; integration tests use it to wait for views. */
export interface ModelMathApi {
  readonly referenceViewReady: () => Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ModelMathApi {
  const log = vscode.window.createOutputChannel('Model Math', { log: true });
  const provider = new ReferenceViewProvider(context.extensionUri, log);
  const ctx: ExtensionContext = { vscode: context, log, referenceView: { viewId: ReferenceViewProvider.viewId, provider } };
  context.subscriptions.push(
    log,
    vscode.window.registerWebviewViewProvider(ReferenceViewProvider.viewId, provider, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands(ctx),
  );
  return { referenceViewReady: () => provider.whenReady() };
}

export function deactivate(): void {
  // Nothing to clean up beyond context.subscriptions.
}
