// Read-only custom editor for .safetensors, .npy, .npz, .gguf, PyTorch checkpoints (.pt, .pth, .bin,
// read by the allowlist unpickler) and checkpoint index files: the table from
// the header at once, statistics streamed by the tensor worker with progress and cancel, a click
// opens a tensor's report in the Tensor view. Big files ask first (modelmath.tensors.askAboveBytes).
import * as vscode from 'vscode';
import { showTensorReport, tensorFileActivated } from './tensorReports';
import { formatNumber } from '../../core/format/number';
import { countParameters } from '../../core/model/params';
import { loadModelCore } from '../estimator/modelCore';
import type { TableSummary } from '../../core/tensor/files/inspect';
import type { TensorReport } from '../../core/tensor/report';
import { TensorError } from '../../node/tensorService';
import type { ExtensionContext } from '../context';
import { errorPageHtml } from '../webview/html';
import { onValidMessage, post, setUpWebview } from '../webview/host';
import { askAboveBytes, tensorThresholds } from './settings';

export const TENSOR_EDITOR_VIEW_TYPE = 'modelmath.tensorFile';
/** The same editor for model.safetensors.index.json, offered via "Open With" (JSON stays text by default). */
export const TENSOR_INDEX_VIEW_TYPE = 'modelmath.tensorIndex';

class TensorDocument implements vscode.CustomDocument {
  readonly reports = new Map<string, TensorReport>();
  table: TableSummary | undefined;
  /** Why the file could not be shown (the editor shows it instead of the table). */
  error: string | undefined;
  constructor(readonly uri: vscode.Uri) {}
  dispose(): void {
    this.reports.clear();
  }
}

/** "matches config.json" when a config beside the file counts the same parameters. */
async function configCrossCheck(uri: vscode.Uri, table: TableSummary): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(uri, '..', 'config.json'));
    if (bytes.byteLength > 5_000_000) return undefined;
    const { normalizeConfig } = await loadModelCore();
    const spec = normalizeConfig(JSON.parse(new TextDecoder().decode(bytes)));
    const counted = countParameters(spec).total;
    const stored = table.totalParams;
    if (counted === stored) return `✓ ${stored.toLocaleString('en-US')} parameters, exactly what config.json beside this file implies.`;
    const diff = stored - counted;
    return `⚠ ${stored.toLocaleString('en-US')} parameters stored; config.json beside this file implies ${counted.toLocaleString('en-US')} (${diff > 0 ? '+' : ''}${diff.toLocaleString('en-US')}, ${formatNumber((100 * diff) / counted, 3)}%). Tied embeddings stored once, buffers or a partial shard explain small differences.`;
  } catch {
    return undefined; // no config beside it, or not one Model Math reads
  }
}

export class TensorFileEditorProvider implements vscode.CustomReadonlyEditorProvider<TensorDocument> {
  /** The last document's reports by name (tests read them). */
  lastDocument: TensorDocument | undefined;

  constructor(private readonly ctx: ExtensionContext) {}

  openCustomDocument(uri: vscode.Uri): TensorDocument {
    return new TensorDocument(uri);
  }

  resolveCustomEditor(doc: TensorDocument, panel: vscode.WebviewPanel): void {
    this.lastDocument = doc;
    const { ctx } = this;
    // Held once: the panel's webview getter throws after the panel closes, and worker reports can
    // still arrive then (posting to the held webview is a no-op instead).
    const webview = panel.webview;
    setUpWebview(webview, ctx.vscode.extensionUri, 'tensorFile', vscode.workspace.asRelativePath(doc.uri));
    let running: { cancel(): void } | undefined;
    /** The webview repeats 'ready' until init arrives: one read of the header at a time. */
    let opening = false;
    const path = doc.uri.fsPath;
    const sub = onValidMessage(webview, ctx.log, async (m) => {
      switch (m.type) {
        case 'ready': {
          const refuse = (message: string) => {
            doc.error = message;
            webview.html = errorPageHtml(message);
          };
          if (doc.uri.scheme !== 'file') return refuse('Tensor files can be read from local disk only.');
          // Restricted Mode: only files inside the workspace folders (README, "Trust and privacy").
          if (!vscode.workspace.isTrusted && !vscode.workspace.getWorkspaceFolder(doc.uri)) {
            return refuse('This workspace is in Restricted Mode: Model Math reads tensor files inside the workspace folders only. Trust the workspace to open files elsewhere.');
          }
          if (opening) return;
          opening = true;
          try {
            const table = await ctx.tensors().open(path);
            doc.table = table;
            const size = (await vscode.workspace.fs.stat(doc.uri)).size;
            const crossCheck = await configCrossCheck(doc.uri, table);
            const total = table.kind === 'index' ? table.totalBytes : size;
            await post(webview, { type: 'init', view: 'tensorFile', settings: { significantDigits: 6, plotMaxLength: 131072 }, table, fileSize: total, askFirst: total > askAboveBytes(), ...(crossCheck ? { crossCheck } : {}) });
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            if (err instanceof TensorError && err.security) {
              // A pickle named a global outside the allowlist: nothing ran, but the file is suspect.
              ctx.log.warn(`Security warning: ${path}: ${message}`);
              void vscode.window.showWarningMessage(`Model Math security warning: ${vscode.workspace.asRelativePath(doc.uri)} asks its unpickler to run code. ${message}`);
              refuse(`⚠ Security warning: this checkpoint's pickle asks for code to be run, which Model Math refuses. ${message}. Loading this file with torch.load(weights_only=False) would run that code.`);
              return;
            }
            ctx.log.warn(`Tensor file ${path}: ${message}`);
            refuse(message);
          } finally {
            opening = false;
          }
          return;
        }
        case 'computeStats': {
          running?.cancel();
          const job = ctx.tensors().analyze(path, null, tensorThresholds(), {
            report: (r) => {
              doc.reports.set(r.name ?? '(array)', r);
              void post(webview, { type: 'tensorReport', report: r });
            },
            progress: (done, total, tensor) => void post(webview, { type: 'tensorProgress', done, total, tensor }),
          });
          running = job;
          try {
            const r = await job.done;
            await post(webview, { type: 'tensorDone', cancelled: r.cancelled });
          } catch (err) {
            await post(webview, { type: 'tensorDone', cancelled: false, error: err instanceof TensorError || err instanceof Error ? err.message : String(err) });
          } finally {
            if (running === job) running = undefined;
          }
          return;
        }
        case 'cancelStats':
          running?.cancel();
          return;
        case 'openReport': {
          const key = m.name ?? '(array)';
          let report = doc.reports.get(key);
          if (!report) {
            const one = ctx.tensors().analyze(path, [m.name], tensorThresholds(), { report: (r) => (report = r), progress: () => undefined });
            await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Model Math: statistics of ${key}`, cancellable: true }, async (_p, token) => {
              token.onCancellationRequested(() => one.cancel());
              await one.done;
            });
            if (report) doc.reports.set(key, report);
          }
          if (report) await showTensorReport(ctx, { id: `file:${doc.uri.toString()}#${key}:${Date.now()}`, source: `${vscode.workspace.asRelativePath(doc.uri)} → ${key}`, report }, doc.uri);
          return;
        }
        default:
          return;
      }
    });
    tensorFileActivated(ctx, doc.uri);
    const active = panel.onDidChangeViewState(() => {
      if (panel.active) tensorFileActivated(ctx, doc.uri);
    });
    panel.onDidDispose(() => {
      running?.cancel();
      sub.dispose();
      active.dispose();
    });
  }
}
