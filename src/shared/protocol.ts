// The one message protocol between the extension host and every webview. Both sides import these
// declarations; each side validates what it receives with the guards below and drops the rest.
import type { FormulaCard } from '../core/reference/catalog';
import type { TensorReport } from '../core/tensor/report';
import type { TableSummary } from '../core/tensor/files/inspect';

export type ViewId = 'reference' | 'formula' | 'calculator' | 'attention' | 'tensor' | 'tensorFile';

export interface ViewSettings {
  readonly significantDigits: number;
  readonly plotMaxLength: number;
}

/** What the Formula view shows for one evaluation. */
export type FormulaViewResult =
  | { readonly status: 'ok'; readonly text: string; readonly fullText: string; readonly unit: string | null; readonly normalized: string; readonly tex: string; readonly binding?: string; readonly equation?: FormulaVerdict }
  | { readonly status: 'needs-values'; readonly freeVariables: readonly string[]; readonly normalized: string; readonly tex: string }
  | { readonly status: 'error'; readonly message: string; readonly start?: number; readonly end?: number };

/** The verdict on a checked relation, as the Formula view shows it. */
export interface FormulaVerdict {
  readonly holds: boolean;
  /** "does not hold: 131,072 ≠ 262,144 (…)" — the same words as the hover and the CLI. */
  readonly verdict: string;
  readonly lhs: string;
  readonly rhs: string;
}

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'init'; readonly view: 'reference'; readonly formulas: readonly FormulaCard[]; readonly settings: ViewSettings }
  | { readonly type: 'init'; readonly view: 'formula'; readonly settings: ViewSettings; readonly functions: readonly { readonly name: string; readonly signature: string; readonly doc: string }[] }
  | { readonly type: 'settings'; readonly settings: ViewSettings }
  | { readonly type: 'evaluation'; readonly requestId: number; readonly result: FormulaViewResult }
  | { readonly type: 'setFormula'; readonly text: string; readonly id: string }
  | { readonly type: 'init'; readonly view: 'calculator'; readonly settings: ViewSettings; readonly decimal: boolean; readonly presets: readonly ConfigPayload[]; readonly active?: ConfigPayload }
  | { readonly type: 'setConfig'; readonly config: ConfigPayload }
  | { readonly type: 'init'; readonly view: 'attention'; readonly settings: ViewSettings; readonly request?: AttentionRequest }
  | { readonly type: 'setAttention'; readonly request: AttentionRequest }
  | { readonly type: 'init'; readonly view: 'tensor'; readonly settings: ViewSettings; readonly tensor?: TensorPayload }
  | { readonly type: 'showTensor'; readonly tensor: TensorPayload }
  /** The report shown belongs to a file no longer in front: show this note instead. */
  | { readonly type: 'clearTensor'; readonly note: string }
  | { readonly type: 'init'; readonly view: 'tensorFile'; readonly settings: ViewSettings; readonly table: TableSummary; readonly fileSize: number; readonly askFirst: boolean; readonly crossCheck?: string }
  | { readonly type: 'tensorProgress'; readonly done: number; readonly total: number; readonly tensor: string | null }
  | { readonly type: 'tensorReport'; readonly report: TensorReport }
  | { readonly type: 'tensorDone'; readonly cancelled: boolean; readonly error?: string };

/** A tensor report for the Tensor view, with where it came from. */
export interface TensorPayload {
  readonly id: string;
  readonly source: string;
  readonly report: TensorReport;
}

/** What the Attention view is asked to check: numbers, a scale expression and/or a config. */
export interface AttentionRequest {
  readonly id: string;
  readonly d?: number;
  readonly nMax?: number;
  readonly trainLength?: number;
  readonly causal?: boolean;
  /** A scale to analyse (an expression of d, n, L). */
  readonly expression?: string;
  /** A config whose scale (and fields that change it) to analyse. */
  readonly config?: ConfigPayload;
}

/** A model config sent to the calculator (raw config.json contents). */
export interface ConfigPayload {
  readonly id: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
}

export type LatexMode = 'auto' | 'always' | 'never';

/** Webview → host. */
export type WebviewMessage =
  /** `attempt` counts repeats of the handshake; `pageMs` is the page's age (performance.now()). */
  | { readonly type: 'ready'; readonly view: ViewId; readonly attempt?: number; readonly pageMs?: number }
  /**
   * The shell's first inline script ran (the frame runs our HTML), before the bundle loads; sent
   * again with `scriptFailed` when the bundle did not load. Tells a slow page from a dead frame.
   */
  | { readonly type: 'boot'; readonly pageMs: number; readonly scriptFailed?: boolean }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'evaluate'; readonly requestId: number; readonly text: string; readonly latex: LatexMode; readonly values: Readonly<Record<string, string>> }
  /** The view applied a setFormula / setConfig with this id (the host stops re-sending it). */
  | { readonly type: 'ack'; readonly id: string }
  | { readonly type: 'computeStats' }
  | { readonly type: 'cancelStats' }
  | { readonly type: 'openReport'; readonly name: string | null };

export const MAX_MESSAGE_TEXT = 100_000;
const MAX_VALUES = 200;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isShortString(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_MESSAGE_TEXT;
}

const isName = (x: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(x);

export function isViewSettings(x: unknown): x is ViewSettings {
  return (
    isRecord(x) &&
    Number.isInteger(x.significantDigits) &&
    (x.significantDigits as number) >= 1 &&
    (x.significantDigits as number) <= 17 &&
    typeof x.plotMaxLength === 'number' &&
    x.plotMaxLength >= 16
  );
}

function isFormulaCard(x: unknown): x is FormulaCard {
  return (
    isRecord(x) &&
    isShortString(x.id) &&
    isShortString(x.title) &&
    isShortString(x.latex) &&
    isShortString(x.explanation) &&
    isShortString(x.source) &&
    isRecord(x.example) &&
    isShortString(x.example.inputs) &&
    typeof x.example.value === 'number' &&
    isShortString(x.example.unit)
  );
}

function isFormulaVerdict(x: unknown): x is FormulaVerdict {
  return isRecord(x) && typeof x.holds === 'boolean' && isShortString(x.verdict) && isShortString(x.lhs) && isShortString(x.rhs);
}

function isFormulaViewResult(x: unknown): x is FormulaViewResult {
  if (!isRecord(x)) return false;
  switch (x.status) {
    case 'ok':
      return isShortString(x.text) && isShortString(x.fullText) && (x.unit === null || isShortString(x.unit)) && isShortString(x.normalized) && isShortString(x.tex) && (x.equation === undefined || isFormulaVerdict(x.equation));
    case 'needs-values':
      return Array.isArray(x.freeVariables) && x.freeVariables.every((v) => typeof v === 'string' && isName(v)) && isShortString(x.normalized) && isShortString(x.tex);
    case 'error':
      return isShortString(x.message);
    default:
      return false;
  }
}

const MAX_CONFIG_KEYS = 2000;

function isConfigPayload(x: unknown): x is ConfigPayload {
  return isRecord(x) && isShortString(x.id) && isShortString(x.name) && isRecord(x.config) && Object.keys(x.config).length <= MAX_CONFIG_KEYS;
}

const optionalPositive = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 1e9);

export function isAttentionRequest(x: unknown): x is AttentionRequest {
  return (
    isRecord(x) &&
    isShortString(x.id) &&
    optionalPositive(x.d) &&
    optionalPositive(x.nMax) &&
    optionalPositive(x.trainLength) &&
    (x.causal === undefined || typeof x.causal === 'boolean') &&
    (x.expression === undefined || (typeof x.expression === 'string' && x.expression.length <= 2000)) &&
    (x.config === undefined || isConfigPayload(x.config))
  );
}

const isIntArray = (x: unknown) => Array.isArray(x) && x.length <= 64 && x.every((d) => Number.isSafeInteger(d) && d >= 0);

/** Shallow: a report comes from our own worker; the guard keeps malformed objects out of the DOM code. */
export function isTensorReport(x: unknown): x is TensorReport {
  return isRecord(x) && (x.name === null || isShortString(x.name)) && isShortString(x.dtype) && isIntArray(x.shape) && typeof x.count === 'number' && Array.isArray(x.checks) && x.checks.every((c) => isRecord(c) && isShortString(c.id) && isShortString(c.message)) && isRecord(x.percentiles) && isRecord(x.histogram);
}

function isTensorPayload(x: unknown): x is TensorPayload {
  return isRecord(x) && isShortString(x.id) && isShortString(x.source) && isTensorReport(x.report);
}

function isTableSummary(x: unknown): x is TableSummary {
  return isRecord(x) && isShortString(x.kind) && isShortString(x.file) && Array.isArray(x.entries) && x.entries.every((e) => isRecord(e) && (e.name === null || typeof e.name === 'string') && isShortString(e.dtype) && isIntArray(e.shape)) && Array.isArray(x.notes) && typeof x.totalParams === 'number';
}

export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'init':
      if (!isViewSettings(x.settings)) return false;
      if (x.view === 'reference') return Array.isArray(x.formulas) && x.formulas.every(isFormulaCard);
      if (x.view === 'formula') return Array.isArray(x.functions) && x.functions.every((f) => isRecord(f) && isShortString(f.name) && isShortString(f.signature) && isShortString(f.doc));
      if (x.view === 'calculator') return typeof x.decimal === 'boolean' && Array.isArray(x.presets) && x.presets.every(isConfigPayload) && (x.active === undefined || isConfigPayload(x.active));
      if (x.view === 'attention') return x.request === undefined || isAttentionRequest(x.request);
      if (x.view === 'tensor') return x.tensor === undefined || isTensorPayload(x.tensor);
      if (x.view === 'tensorFile') return isTableSummary(x.table) && typeof x.fileSize === 'number' && typeof x.askFirst === 'boolean' && (x.crossCheck === undefined || isShortString(x.crossCheck));
      return false;
    case 'showTensor':
      return isTensorPayload(x.tensor);
    case 'clearTensor':
      return isShortString(x.note);
    case 'tensorProgress':
      return typeof x.done === 'number' && typeof x.total === 'number' && (x.tensor === null || typeof x.tensor === 'string');
    case 'tensorReport':
      return isTensorReport(x.report);
    case 'tensorDone':
      return typeof x.cancelled === 'boolean' && (x.error === undefined || isShortString(x.error));
    case 'setAttention':
      return isAttentionRequest(x.request);
    case 'setConfig':
      return isConfigPayload(x.config);
    case 'settings':
      return isViewSettings(x.settings);
    case 'evaluation':
      return Number.isInteger(x.requestId) && isFormulaViewResult(x.result);
    case 'setFormula':
      return isShortString(x.text) && isShortString(x.id);
    default:
      return false;
  }
}

export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
      if (x.attempt !== undefined && !Number.isInteger(x.attempt)) return false;
      if (x.pageMs !== undefined && !(typeof x.pageMs === 'number' && Number.isFinite(x.pageMs))) return false;
      return x.view === 'reference' || x.view === 'formula' || x.view === 'calculator' || x.view === 'attention' || x.view === 'tensor' || x.view === 'tensorFile';
    case 'boot':
      return typeof x.pageMs === 'number' && Number.isFinite(x.pageMs) && (x.scriptFailed === undefined || typeof x.scriptFailed === 'boolean');
    case 'computeStats':
    case 'cancelStats':
      return true;
    case 'openReport':
      return x.name === null || isShortString(x.name);
    case 'copy':
      return isShortString(x.text);
    case 'error':
      return isShortString(x.message);
    case 'ack':
      return isShortString(x.id);
    case 'evaluate':
      return (
        Number.isInteger(x.requestId) &&
        isShortString(x.text) &&
        (x.latex === 'auto' || x.latex === 'always' || x.latex === 'never') &&
        isRecord(x.values) &&
        Object.keys(x.values).length <= MAX_VALUES &&
        Object.entries(x.values).every(([k, v]) => isName(k) && typeof v === 'string' && v.length <= 10_000)
      );
    default:
      return false;
  }
}
