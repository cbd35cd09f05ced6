// Imported first by extension.ts, and itself requiring what the bundle requires from outside
// (vscode, Node modules) before taking the time: activation then splits into "requires" (mostly
// VS Code creating the extension API) and "our top-level code" (see activation() in extension.ts).
import 'vscode';
import 'node:path';
import 'node:worker_threads';
import 'node:fs/promises';

export const afterRequires = performance.now();
