// Messages between MathService (extension host or CLI) and the evaluation worker.
import type { EvalOptions, EvalResult } from '../core/math/evaluate';
import type { WorksheetLine } from '../core/math/worksheet';
import type { WrongEquation } from '../core/math/documentEquations';
import type { Limits } from '../core/math/engine';

export type MathRequest =
  | {
      readonly id: number;
      readonly op: 'evaluate';
      readonly text: string;
      readonly options: EvalOptions;
      /** Values for free variables, as formulas evaluated in order (`--let n=4096`). */
      readonly lets: readonly (readonly [string, string])[];
      /** Use the bindings of the worksheet last evaluated under this key. */
      readonly worksheet?: string;
      readonly limits: Limits;
    }
  | { readonly id: number; readonly op: 'worksheet'; readonly key: string; readonly text: string; readonly options: EvalOptions; readonly limits: Limits }
  | { readonly id: number; readonly op: 'forget'; readonly key: string }
  /** Wrong equations in the math spans of a Markdown / LaTeX / Python document. */
  | { readonly id: number; readonly op: 'document'; readonly text: string; readonly limits: Limits };

export interface WorksheetSummary {
  readonly lines: WorksheetLine[];
  readonly names: string[];
}

/** Sent once by a new worker after its engine is built. */
export interface MathWorkerReady {
  readonly ready: true;
}

export type MathResponse =
  | { readonly id: number; readonly ok: true; readonly result: EvalResult | WorksheetSummary | readonly WrongEquation[] | null }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly start?: number; readonly end?: number } };
