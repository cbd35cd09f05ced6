// The one message protocol between the extension host and every webview. Both sides import these
// declarations; each side validates what it receives with the guards below and drops the rest.
import type { FormulaCard } from '../core/reference/catalog';

export interface ViewSettings {
  readonly significantDigits: number;
  readonly plotMaxLength: number;
}

/** Host → webview. */
export type HostMessage =
  | { readonly type: 'init'; readonly view: 'reference'; readonly formulas: readonly FormulaCard[]; readonly settings: ViewSettings }
  | { readonly type: 'settings'; readonly settings: ViewSettings };

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready'; readonly view: 'reference' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'error'; readonly message: string };

export const MAX_MESSAGE_TEXT = 100_000;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isShortString(x: unknown): x is string {
  return typeof x === 'string' && x.length <= MAX_MESSAGE_TEXT;
}

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

export function isHostMessage(x: unknown): x is HostMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'init':
      return x.view === 'reference' && Array.isArray(x.formulas) && x.formulas.every(isFormulaCard) && isViewSettings(x.settings);
    case 'settings':
      return isViewSettings(x.settings);
    default:
      return false;
  }
}

export function isWebviewMessage(x: unknown): x is WebviewMessage {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'ready':
      return x.view === 'reference';
    case 'copy':
    case 'error':
      return isShortString(x.type === 'copy' ? x.text : x.message);
    default:
      return false;
  }
}
