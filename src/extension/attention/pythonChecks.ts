// Attention-scale diagnostics, hovers and quick fixes in Python files. One scan per document
// version, shared by the three providers; files above the size setting are skipped.
import * as vscode from 'vscode';
import { CODE_CHECKS, headDimNear, scanAttentionCode, type AttentionScan, type CodeCheckId } from '../../core/attention/code/scanAttention';
import { attentionFromConfig, type AttentionConfig } from '../../core/attention/configScale';
import { checkSeverity, maxScanLength } from './settings';

export const PYTHON_SELECTOR: vscode.DocumentSelector = [{ language: 'python' }];
const SOURCE = 'Model Math';

const scans = new WeakMap<vscode.TextDocument, { version: number; scan: AttentionScan }>();

export function scanDocument(doc: vscode.TextDocument): AttentionScan | undefined {
  if (doc.getText().length > maxScanLength(doc.uri)) return undefined;
  const cached = scans.get(doc);
  if (cached?.version === doc.version) return cached.scan;
  const scan = scanAttentionCode(doc.getText());
  scans.set(doc, { version: doc.version, scan });
  return scan;
}

export class AttentionDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('modelmath.attention');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, 300)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('modelmath.attention')) vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
      }),
    ];
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0));
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.languageId !== 'python') return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.update(doc);
      }, delay),
    );
  }

  update(doc: vscode.TextDocument): vscode.Diagnostic[] {
    const scan = scanDocument(doc);
    const diagnostics: vscode.Diagnostic[] = [];
    if (!scan) {
      // Say which limit stopped the checks and how to raise it (a hint, not a warning).
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `Model Math: attention checks skipped: this file has ${doc.getText().length.toLocaleString('en-US')} characters, above the limit of ${maxScanLength(doc.uri).toLocaleString('en-US')} (setting modelmath.attention.maxFileCharacters).`, vscode.DiagnosticSeverity.Hint);
      d.source = SOURCE;
      d.code = 'too_large';
      diagnostics.push(d);
    }
    for (const f of scan?.findings ?? []) {
      const severity = checkSeverity(f.id, doc.uri);
      if (severity === undefined) continue;
      const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(f.start), doc.positionAt(f.end)), f.message, severity);
      d.source = SOURCE;
      d.code = { value: f.id, target: vscode.Uri.parse(`https://${f.source.split(/[ ,(]/)[0]}`) };
      diagnostics.push(d);
    }
    this.collection.set(doc.uri, diagnostics);
    return diagnostics;
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.subscriptions.forEach((s) => s.dispose());
    this.collection.dispose();
  }
}

export class AttentionCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === SOURCE);
    if (ours.length === 0) return [];
    const scan = scanDocument(doc);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const id = (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) as CodeCheckId;
      if (!(id in CODE_CHECKS)) continue; // the size-limit hint has no fix
      const finding = scan?.findings.find((f) => f.id === id && doc.positionAt(f.start).isEqual(diagnostic.range.start));
      if (finding?.fix) {
        const action = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(finding.fix.start), doc.positionAt(finding.fix.end)), finding.fix.text);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      const off = new vscode.CodeAction(`Turn off "${CODE_CHECKS[id]?.title ?? id}"`, vscode.CodeActionKind.QuickFix);
      off.command = { title: off.title, command: 'workbench.action.openSettings', arguments: [`modelmath.attention`] };
      off.diagnostics = [diagnostic];
      actions.push(off);
    }
    void range;
    return actions;
  }
}

/** The first model config.json in the workspace (shortest path first), read once per hover. */
export async function workspaceAttentionConfig(): Promise<{ config: AttentionConfig; name: string } | undefined> {
  const files = await vscode.workspace.findFiles('**/config.json', '**/node_modules/**', 20);
  for (const uri of files.sort((a, b) => a.fsPath.length - b.fsPath.length)) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 1_000_000) continue;
      return { config: attentionFromConfig(JSON.parse(new TextDecoder().decode(bytes))), name: vscode.workspace.asRelativePath(uri) };
    } catch {
      // not a model config
    }
  }
  return undefined;
}

/** Head dimension for a scale in code: a number assigned nearby, else a config.json in the workspace. */
export async function resolveHeadDim(doc: vscode.TextDocument, offset: number): Promise<{ value: number; from: string; maxPositions?: number } | undefined> {
  const near = headDimNear(doc.getText(), offset);
  if (near) return { value: near.value, from: `${near.name} = ${near.value} in this file` };
  const ws = await workspaceAttentionConfig();
  if (!ws) return undefined;
  return { value: ws.config.headDim, from: `${ws.name} (${ws.config.headDimFrom})`, ...(ws.config.maxPositions ? { maxPositions: ws.config.maxPositions } : {}) };
}
