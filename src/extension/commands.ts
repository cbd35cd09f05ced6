// The one table of commands: each entry is a factory taking the extension context, so a command's
// dependencies are explicit and the whole command surface fits on one screen.
import * as vscode from 'vscode';
import type { CommandId } from './commandIds';
import type { ExtensionContext } from './context';

type CommandFactory = (ctx: ExtensionContext) => (...args: unknown[]) => unknown;

export const COMMANDS: Record<CommandId, CommandFactory> = {
  'modelmath.openReference': (ctx) => async () => {
    await vscode.commands.executeCommand(`${ctx.referenceView.viewId}.focus`);
    await ctx.referenceView.provider.whenReady();
  },
};

export function registerCommands(ctx: ExtensionContext): vscode.Disposable[] {
  return (Object.keys(COMMANDS) as CommandId[]).map((id) => vscode.commands.registerCommand(id, COMMANDS[id](ctx)));
}
