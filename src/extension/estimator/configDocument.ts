// Which documents are model configs, and their estimate (cached by document version: hovers and
// CodeLenses ask often, estimating takes well under a millisecond but parsing a big JSON does not).
import * as vscode from 'vscode';
import type { Estimate, EstimateOptions } from '../../core/model/estimate';
import type { CheckpointComparison, CrossCheck } from '../../core/model/crossCheck';
import { parsePythonJson } from '../../core/model/config/pythonJson';
import { loadModelCore } from './modelCore';

/** Any JSON document; providers answer only for documents that parse as a model config. */
export const CONFIG_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

/** Raw JSON keys that make a file look like a model config. */
const MODEL_KEYS = ['model_type', 'hidden_size', 'n_embd', 'd_model', 'num_hidden_layers', 'n_layer', 'text_config'];

export type ConfigEstimate = { readonly ok: true; readonly estimate: Estimate; readonly raw: Record<string, unknown> } | { readonly ok: false; readonly message: string };

const cache = new WeakMap<vscode.TextDocument, { version: number; key: string; result: Promise<ConfigEstimate | undefined> }>();

/** The config object when the text is a model config (JSON in transformers' dialect with model keys); no estimate. */
export function parseConfigText(text: string): Record<string, unknown> | undefined {
  if (text.length > 5_000_000) return undefined;
  // Cheap test before parsing: package.json, tsconfig.json… never mention these keys.
  if (!MODEL_KEYS.some((k) => text.includes(`"${k}"`))) return undefined;
  let raw: unknown;
  try {
    raw = parsePythonJson(text); // transformers' dialect: Infinity, NaN
  } catch {
    return undefined; // mid-edit JSON: say nothing
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !MODEL_KEYS.some((k) => k in raw)) return undefined;
  return raw as Record<string, unknown>;
}

export async function estimateText(text: string, options: Partial<EstimateOptions> = {}): Promise<ConfigEstimate | undefined> {
  const raw = parseConfigText(text);
  if (!raw) return undefined;
  const { estimate, estimateConfig, normalizeConfig } = await loadModelCore();
  try {
    const spec = normalizeConfig(raw);
    const maxSeq = Math.min(spec.maxPositions, options.seq ?? 2048);
    // estimateConfig applies the config's quantization_config and KV-cache dtype; estimate() is the spec-only path.
    void estimate;
    return { ok: true, estimate: estimateConfig(raw, { seq: maxSeq, ...options, ...(options.seq ? {} : { seq: maxSeq }) }), raw };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export function estimateDocument(doc: vscode.TextDocument, options: Partial<EstimateOptions> = {}): Promise<ConfigEstimate | undefined> {
  const key = JSON.stringify(options);
  const hit = cache.get(doc);
  if (hit && hit.version === doc.version && hit.key === key) return hit.result;
  const result = estimateText(doc.getText(), options);
  cache.set(doc, { version: doc.version, key, result });
  return result;
}

export interface CheckpointCheck {
  /** The index's total_size against the count, or against a quantized layout's bytes (sharded checkpoints). */
  readonly index?: Pick<CrossCheck, 'indexTotalSize' | 'agrees' | 'message'>;
  /** Tensor by tensor against the header(s). */
  readonly comparison: CheckpointComparison & { readonly source: string };
}

/** Compare with the checkpoint beside a config file (model.safetensors or its index), when there is one. */
export async function checkpointCheck(uri: vscode.Uri, e: Estimate): Promise<CheckpointCheck | undefined> {
  if (uri.scheme !== 'file') return undefined;
  try {
    const { compareCheckpoint, indexCheck, readCheckpointTensors } = await loadModelCore();
    const ckpt = await readCheckpointTensors(vscode.Uri.joinPath(uri, '..').fsPath);
    if (!ckpt) return undefined;
    const index = ckpt.index !== undefined ? indexCheck(e, ckpt.index) : undefined;
    return { ...(index ? { index } : {}), comparison: { ...compareCheckpoint(e.spec.inventory, ckpt.tensors), source: ckpt.source } };
  } catch {
    return undefined; // unreadable or not a checkpoint: nothing to compare
  }
}

/** Markdown lines for a checkpoint check (hover and report). */
export function checkpointMarkdown(c: CheckpointCheck): string {
  const lines = [`${c.comparison.agrees ? '$(check)' : '$(warning)'} Checkpoint (${c.comparison.source}) ${c.comparison.agrees ? 'agrees' : 'differs'}: ${c.comparison.summary}.`];
  if (c.index) lines.push(`${c.index.agrees ? '$(check)' : '$(warning)'} Parameter count ${c.index.message}.`);
  return lines.join('\n\n');
}
