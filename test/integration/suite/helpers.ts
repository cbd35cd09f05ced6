// Helpers shared by the extension-host suites.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** A file in the samples workspace. */
export function sample(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Polls `f` until it returns something, or fails naming `what`. */
export async function until<T>(f: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
