// Messages between TensorService (caller thread) and the tensor worker.
import type { AccumulatorState } from '../core/tensor/accumulate';
import type { TensorEntry } from '../core/tensor/files/byteSource';
import type { TableSummary } from '../core/tensor/files/inspect';
import type { AccumulatorOptions } from '../core/tensor/statistics';
import type { TensorReport, Thresholds } from '../core/tensor/report';
import type { TextFormat } from '../core/tensor/text/parseText';
import type { DocumentSlice } from './documentFileText';

export type { TableSummary };

export type TensorRequest =
  | { readonly op: 'text'; readonly id: number; readonly text: string; readonly format: TextFormat | 'auto'; readonly thresholds: Partial<Thresholds>; readonly maxElements: number }
  /** Big texts arrive in pieces (no single huge message on the caller's thread), then 'textEnd'. */
  | { readonly op: 'textChunk'; readonly id: number; readonly stream: number; readonly text: string }
  | { readonly op: 'textEnd'; readonly id: number; readonly stream: number; readonly format: TextFormat | 'auto'; readonly thresholds: Partial<Thresholds>; readonly maxElements: number }
  /** A saved document's selection, read from its file by the worker (answered 'stale' when the file's text is not the document's). */
  | { readonly op: 'textFile'; readonly id: number; readonly path: string; readonly slice: DocumentSlice; readonly format: TextFormat | 'auto'; readonly thresholds: Partial<Thresholds>; readonly maxElements: number }
  | { readonly op: 'open'; readonly id: number; readonly path: string }
  | { readonly op: 'analyze'; readonly id: number; readonly path: string; readonly names: readonly (string | null)[] | null; readonly thresholds: Partial<Thresholds> }
  | { readonly op: 'cancel'; readonly id: number; readonly target: number };

/** Requests to a helper thread (tensorRangeWorker.ts): the entry itself is sent, the helper reads no header. */
export type RangeRequest =
  /** Elements [start, end) of `entry` of the file at `path` (a strided view only whole; not deflated entries). */
  | { readonly op: 'range'; readonly id: number; readonly path: string; readonly entry: TensorEntry; readonly options: AccumulatorOptions; readonly start: number; readonly end: number }
  /** Blocks of `plan` claimed from `shared` (rowBlocks.ts) until none are left. */
  | { readonly op: 'blocks'; readonly id: number; readonly path: string; readonly entry: TensorEntry; readonly options: AccumulatorOptions; readonly plan: readonly number[]; readonly shared: SharedArrayBuffer }
  | { readonly op: 'cancel'; readonly id: number; readonly target: number };

export type TensorResponse =
  | { readonly id: number; readonly type: 'text'; readonly report: TensorReport & { readonly format: TextFormat } }
  | { readonly id: number; readonly type: 'table'; readonly table: TableSummary }
  /** The file on disk does not hold the document's text: send the text itself. */
  | { readonly id: number; readonly type: 'stale' }
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number; readonly tensor: string | null }
  | { readonly id: number; readonly type: 'report'; readonly report: TensorReport }
  | { readonly id: number; readonly type: 'done'; readonly cancelled: boolean }
  /** security: a pickle asked for a global outside the allowlist (shown as a security warning). */
  | { readonly id: number; readonly type: 'error'; readonly message: string; readonly badInput: boolean; readonly security?: boolean }
  /** A range's accumulator state (after 'progress' messages with done = bytes of the range). */
  | { readonly id: number; readonly type: 'state'; readonly state: AccumulatorState };
