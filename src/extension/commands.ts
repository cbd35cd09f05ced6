// The one table of commands: each entry is a factory taking the extension context, so a command's
// dependencies are explicit and the whole command surface fits on one screen.
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import type { ExtensionContext } from './context';
import { checkAttentionScaleCommand } from './attention/checkCommand';
import { estimateConfigCommand } from './estimator/estimateCommand';
import { inspectModelFolderCommand } from './estimator/inspectFolderCommand';
import { checkTensorCommand } from './tensors/checkTensorCommand';
import { activeConfig } from './views/calculatorView';
import { editSelectionCommand, evaluateSelectionCommand } from './formulas/selectionCommands';
import { WORKSHEET_TEMPLATE } from './worksheets/worksheetController';

type CommandFactory = (ctx: ExtensionContext) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<CommandId, CommandFactory> = {
  'modelmath.evaluateSelection': (ctx) => () => evaluateSelectionCommand(ctx),
  'modelmath.replaceSelection': (ctx) => () => editSelectionCommand(ctx, 'replace'),
  'modelmath.appendResult': (ctx) => () => editSelectionCommand(ctx, 'append'),
  'modelmath.newWorksheet': () => async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'mmath', content: WORKSHEET_TEMPLATE });
    const editor = await vscode.window.showTextDocument(doc);
    // The cursor goes below the template, where the user's first line belongs.
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    editor.revealRange(new vscode.Range(end, end));
    return editor;
  },
  'modelmath.openFormula': (ctx) => (text?: unknown) => ctx.formulaView.show(typeof text === 'string' ? text : undefined),
  'modelmath.estimateConfig': () => (arg?: unknown) => estimateConfigCommand(arg),
  'modelmath.inspectModelFolder': () => (arg?: unknown) => inspectModelFolderCommand(arg),
  'modelmath.openCalculator': (ctx) => () => {
    const config = activeConfig();
    return ctx.calculatorPanel.show(config ? { id: config.id, message: { type: 'setConfig', config } } : undefined);
  },
  'modelmath.openReference': (ctx) => () => ctx.referenceView.show(),
  'modelmath.checkAttentionScale': (ctx) => (arg?: unknown) => checkAttentionScaleCommand(ctx, arg),
  'modelmath.openAttention': (ctx) => () => ctx.attentionPanel.show(),
  'modelmath.checkTensor': (ctx) => (arg?: unknown) => checkTensorCommand(ctx, arg),
};

export function registerCommands(ctx: ExtensionContext): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandId[]).map((id) => vscode.commands.registerCommand(id, COMMANDS[id](ctx)));
}
