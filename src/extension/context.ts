// What commands and providers share: created once in activate().
import type * as vscode from 'vscode';
import type { ReferenceViewProvider } from './views/referenceView';

export interface ExtensionContext {
  readonly vscode: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly referenceView: { readonly viewId: string; readonly provider: ReferenceViewProvider };
}
