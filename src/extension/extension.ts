// Activation: cheap on purpose. It wires providers and commands; mathjs loads in the evaluation
// worker on first use, KaTeX and Chart.js only inside webviews.
import { afterRequires } from './loadMark';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { WorksheetLine } from '../core/math/worksheet';
import { MathService } from '../node/mathService';
import { TensorService } from '../node/tensorService';
import { registerCommands } from './commands';
import { serviceOptions } from './config';
import type { ExtensionContext } from './context';
import { ConfigCodeLensProvider, ConfigHoverProvider } from './estimator/configHover';
import { CONFIG_SELECTOR } from './estimator/configDocument';
import { EquationDiagnostics } from './formulas/equationDiagnostics';
import { FormulaHoverProvider, MATH_LANGUAGES } from './formulas/formulaHover';
import { disposeInlineResults } from './formulas/resultDecorations';
import { AttentionCodeActions, AttentionDiagnostics, PYTHON_SELECTOR } from './attention/pythonChecks';
import { AttentionScaleHoverProvider } from './attention/scaleHover';
import { AttentionViewProvider } from './views/attentionView';
import { CalculatorViewProvider } from './views/calculatorView';
import { FormulaViewProvider } from './views/formulaView';
import { ReferenceViewProvider } from './views/referenceView';
import { TensorViewProvider } from './views/tensorView';
import { TENSOR_EDITOR_VIEW_TYPE, TENSOR_INDEX_VIEW_TYPE, TensorFileEditorProvider } from './tensors/tensorFileEditor';
import type { TensorPayload } from '../shared/protocol';
import type { TensorReport } from '../core/tensor/report';
import { SubjectPanel } from './webview/subjectPanel';
import { lastReportUri } from './estimator/estimateCommand';
import { REPORT_SCHEME, reportDocuments } from './estimator/reportDocuments';
import { WorksheetController } from './worksheets/worksheetController';
import { lifecycleEvents, type LifecycleEvent } from './webview/lifecycleTrace';

/** What activate() returns; integration tests use it to observe views and worksheets. */
export interface ModelMathApi {
  /** How long activation took, measured inside the extension host. */
  readonly activation: () => { readonly cpuMs: number; readonly threadCpuMs: number; readonly moduleMs: number; readonly activateMs: number; readonly totalMs: number; readonly requiresMs: number; readonly contextWaitMs: number };
  readonly referenceViewReady: () => Promise<void>;
  readonly formulaViewReady: () => Promise<void>;
  readonly worksheetResults: (uri: string) => readonly WorksheetLine[] | undefined;
  readonly onWorksheetEvaluated: (f: (uri: string) => void) => vscode.Disposable;
  readonly lastFormulaResult: () => unknown;
  readonly calculatorViewReady: () => Promise<void>;
  /** The editor panels the calculator, attention and tensor commands open. */
  readonly calculatorPanelReady: () => Promise<void>;
  readonly attentionPanelReady: () => Promise<void>;
  readonly tensorPanelReady: () => Promise<void>;
  /** The URI of the last Estimate report (a read-only virtual Markdown document). */
  readonly lastEstimateReport: () => string | undefined;
  readonly attentionViewReady: () => Promise<void>;
  readonly attentionDiagnostics: (uri: string) => readonly vscode.Diagnostic[];
  readonly tensorViewReady: () => Promise<void>;
  readonly lastTensor: () => TensorPayload | undefined;
  readonly tensorFileReports: () => ReadonlyMap<string, TensorReport> | undefined;
  /** The last tensor file opened: its path, its table once read, or why it was refused. */
  /** What each webview did and when (see webview/lifecycleTrace.ts). */
  readonly viewLifecycle: () => readonly LifecycleEvent[];
  readonly lastTensorFile: () => { readonly path: string; readonly tensors?: number; readonly error?: string } | undefined;
}

declare const __modelmathLoadStart: number | undefined;
declare const __modelmathLoadEnd: number | undefined;
declare const __modelmathLoadCpu: NodeJS.CpuUsage | undefined;
declare const __modelmathLoadThreadCpu: number | undefined;
declare const __modelmathThreadCpu: (() => number) | undefined;

export function activate(context: vscode.ExtensionContext): ModelMathApi {
  const activateStart = performance.now();
  const activateCpuStart = process.cpuUsage();
  const threadCpu = typeof __modelmathThreadCpu === 'function' ? __modelmathThreadCpu : () => NaN;
  const activateThreadCpuStart = threadCpu();
  const loadStart = typeof __modelmathLoadStart === 'number' ? __modelmathLoadStart : activateStart;
  const log = vscode.window.createOutputChannel('Model Math', { log: true });
  let service: MathService | undefined;
  const math = () => (service ??= new MathService(join(context.extensionPath, 'dist', 'mathWorker.js'), serviceOptions()));
  const worksheets = new WorksheetController(math, log);
  const equationDiagnostics = new EquationDiagnostics(math, log);
  const referenceView = new ReferenceViewProvider(context.extensionUri, log);
  const formulaView = new FormulaViewProvider(context.extensionUri, log, math, () => worksheets.activeKey());
  const codeLenses = new ConfigCodeLensProvider();
  const calculatorView = new CalculatorViewProvider(context.extensionUri, log);
  const attentionView = new AttentionViewProvider(context.extensionUri, log);
  const attentionDiagnostics = new AttentionDiagnostics();
  const tensorView = new TensorViewProvider(context.extensionUri, log);
  let tensorService: TensorService | undefined;
  const tensors = () => (tensorService ??= new TensorService(join(context.extensionPath, 'dist', 'tensorWorker.js')));
  const calculatorPanel = new SubjectPanel(context.extensionUri, log, calculatorView.panelSubject());
  const attentionPanel = new SubjectPanel(context.extensionUri, log, attentionView.panelSubject());
  const tensorPanel = new SubjectPanel(context.extensionUri, log, tensorView.panelSubject());
  const ctx: ExtensionContext = { vscode: context, log, math, sessionValues: new Map(), referenceView, formulaView, calculatorView, attentionView, tensorView, calculatorPanel, attentionPanel, tensorPanel, tensors, worksheets };
  const tensorEditor = new TensorFileEditorProvider(ctx);
  context.subscriptions.push(
    log,
    worksheets,
    equationDiagnostics,
    vscode.window.registerWebviewViewProvider(ReferenceViewProvider.viewId, referenceView),
    vscode.window.registerWebviewViewProvider(FormulaViewProvider.viewId, formulaView, { webviewOptions: { retainContextWhenHidden: formulaView.retainsContext } }),
    vscode.window.registerWebviewViewProvider(CalculatorViewProvider.viewId, calculatorView),
    vscode.window.registerWebviewViewProvider(AttentionViewProvider.viewId, attentionView),
    vscode.window.registerWebviewViewProvider(TensorViewProvider.viewId, tensorView),
    calculatorPanel.register(),
    attentionPanel.register(),
    tensorPanel.register(),
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reportDocuments),
    vscode.window.registerCustomEditorProvider(TENSOR_EDITOR_VIEW_TYPE, tensorEditor, { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: false }),
    vscode.window.registerCustomEditorProvider(TENSOR_INDEX_VIEW_TYPE, tensorEditor, { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: false }),
    { dispose: () => tensorService?.dispose() },
    attentionDiagnostics,
    vscode.languages.registerHoverProvider(PYTHON_SELECTOR, new AttentionScaleHoverProvider(ctx)),
    vscode.languages.registerCodeActionsProvider(PYTHON_SELECTOR, new AttentionCodeActions(), { providedCodeActionKinds: AttentionCodeActions.kinds }),
    vscode.languages.registerHoverProvider([...MATH_LANGUAGES.map((language) => ({ language })), { scheme: 'file' }, { scheme: 'untitled' }], new FormulaHoverProvider(ctx)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('modelmath.formulas') && service) service.options = serviceOptions();
    }),
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, new ConfigHoverProvider()),
    vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, codeLenses),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('modelmath.display') && codeLenses.refresh()),
    ...registerCommands(ctx),
    { dispose: () => service?.dispose() },
    { dispose: disposeInlineResults },
  );
  const loadEnd = typeof __modelmathLoadEnd === 'number' ? __modelmathLoadEnd : afterRequires;
  const activateMs = performance.now() - activateStart;
  const cpu = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
  const activation = {
    // The same in CPU time of the extension host process (not stretched when other processes hold the cores).
    cpuMs: (typeof __modelmathLoadCpu === 'object' ? cpu(__modelmathLoadCpu) : 0) + cpu(process.cpuUsage(activateCpuStart)),
    // This thread's CPU time only (NaN where Linux's per-thread schedstat is missing).
    threadCpuMs: (typeof __modelmathLoadThreadCpu === 'number' ? __modelmathLoadThreadCpu : NaN) + (threadCpu() - activateThreadCpuStart),
    // What Model Math costs: evaluating its bundle, then activate().
    moduleMs: loadEnd - loadStart,
    activateMs,
    totalMs: loadEnd - loadStart + activateMs,
    requiresMs: afterRequires - loadStart,
    // VS Code preparing the extension context between loading and activate() (asynchronous, not ours).
    contextWaitMs: activateStart - loadEnd,
  };
  log.info(`Activated in ${activation.totalMs.toFixed(1)} ms: module ${activation.moduleMs.toFixed(1)} ms (requiring vscode ${activation.requiresMs.toFixed(1)} ms), activate() ${activation.activateMs.toFixed(1)} ms; VS Code prepared the context in between for ${activation.contextWaitMs.toFixed(1)} ms`);
  return {
    activation: () => activation,
    referenceViewReady: () => referenceView.whenReady(),
    formulaViewReady: () => formulaView.whenReady(),
    worksheetResults: (uri) => worksheets.results(uri),
    onWorksheetEvaluated: (f) => worksheets.onDidEvaluate(f),
    lastFormulaResult: () => formulaView.lastResult,
    calculatorViewReady: () => calculatorView.whenReady(),
    calculatorPanelReady: () => calculatorPanel.whenReady(),
    attentionPanelReady: () => attentionPanel.whenReady(),
    tensorPanelReady: () => tensorPanel.whenReady(),
    lastEstimateReport: () => lastReportUri?.toString(),
    attentionViewReady: () => attentionView.whenReady(),
    attentionDiagnostics: (uri) => attentionDiagnostics.collection.get(vscode.Uri.parse(uri)) ?? [],
    tensorViewReady: () => tensorView.whenReady(),
    lastTensor: () => tensorView.last,
    tensorFileReports: () => tensorEditor.lastDocument?.reports,
    viewLifecycle: () => lifecycleEvents(),
    lastTensorFile: () => {
      const doc = tensorEditor.lastDocument;
      return doc && { path: doc.uri.fsPath, ...(doc.table ? { tensors: doc.table.entries.length } : {}), ...(doc.error ? { error: doc.error } : {}) };
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
