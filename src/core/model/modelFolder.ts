// A Hugging Face snapshot folder (config.json + safetensors / .bin shards, or a GGUF file) as one
// report: what the headers hold against what the config says, tensor by tensor, with every
// difference accounted for (tied head not stored, persisted buffers, quantization side tensors),
// the dtype mix, and memory from the actual bytes. Pure: src/node/modelFolder.ts reads the files.
import { formatBytes } from '../format/bytes';
import { formatNumber } from '../format/number';
import { compareCheckpoint, type CheckpointComparison, type TensorDifference } from './crossCheck';
import { estimateConfig, type Estimate } from './estimate';
import { kvBytesPerElement } from './memory';

/** One tensor as a file header lists it. */
export interface FolderTensor {
  readonly name: string;
  /** numpy dtype, or the ggml type name of a GGUF tensor. */
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly count: number;
  readonly bytes: number;
  readonly file: string;
  /** The first tensor with the same storage (tied weights in a .bin): not counted again. */
  readonly sharedWith?: string;
}

export interface FolderContents {
  readonly folder: string;
  /** The checkpoint files read, with their kind. */
  readonly files: readonly { readonly name: string; readonly kind: string }[];
  readonly format: 'safetensors' | 'torch' | 'gguf';
  readonly tensors: readonly FolderTensor[];
  /** config.json parsed (undefined when absent), or why it could not be read. */
  readonly config?: unknown;
  readonly configError?: string;
  /** The readers' notes (missing shards, total_size disagreeing …) and the folder reader's own. */
  readonly notes: readonly string[];
  /** Header facts (GGUF metadata: architecture, context length …). */
  readonly facts?: Readonly<Record<string, string | number | boolean>>;
}

export interface DtypeShare {
  readonly dtype: string;
  readonly tensors: number;
  readonly elements: number;
  readonly bytes: number;
}

/** header elements − config parameters, term by term. */
export interface Reconciliation {
  readonly configParameters: number;
  readonly buffers: number;
  readonly quantization: number;
  readonly unknown: number;
  readonly missing: number;
  readonly shapeDifference: number;
  readonly headerElements: number;
  /** What the terms above do not explain (0 when every tensor is accounted for). */
  readonly unexplained: number;
}

export interface FolderReport {
  readonly contents: FolderContents;
  readonly tensorCount: number;
  /** Elements of the stored tensors, each storage once. */
  readonly storedElements: number;
  /** Bytes of the stored tensors: what loading the folder reads. */
  readonly storedBytes: number;
  readonly bitsPerWeight: number;
  readonly dtypes: readonly DtypeShare[];
  readonly estimate?: Estimate;
  readonly estimateError?: string;
  /** Tensor by tensor (Hugging Face names; not for GGUF, whose names are llama.cpp's). */
  readonly comparison?: CheckpointComparison;
  readonly reconciliation?: Reconciliation;
  /** Bytes the config implies: the quantized layout, or parameters × torch_dtype. */
  readonly expectedBytes?: { readonly bytes: number; readonly how: string };
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const elementsOf = (items: readonly TensorDifference[], which: 'shape' | 'ours') => items.reduce((a, t) => a + (t[which] ? product(t[which]) : 0), 0);
const TORCH_BYTES: Readonly<Record<string, number>> = { float32: 4, float16: 2, bfloat16: 2, float64: 8 };

export function inspectModelFolder(contents: FolderContents): FolderReport {
  const stored = contents.tensors.filter((t) => !t.sharedWith);
  const storedElements = stored.reduce((a, t) => a + t.count, 0);
  const storedBytes = stored.reduce((a, t) => a + t.bytes, 0);
  const byDtype = new Map<string, { dtype: string; tensors: number; elements: number; bytes: number }>();
  for (const t of stored) {
    const d = byDtype.get(t.dtype) ?? { dtype: t.dtype, tensors: 0, elements: 0, bytes: 0 };
    d.tensors++;
    d.elements += t.count;
    d.bytes += t.bytes;
    byDtype.set(t.dtype, d);
  }
  const dtypes = [...byDtype.values()].sort((a, b) => b.bytes - a.bytes);
  const base = { contents, tensorCount: contents.tensors.length, storedElements, storedBytes, bitsPerWeight: storedElements ? (8 * storedBytes) / storedElements : 0, dtypes };
  if (contents.config === undefined) return base;
  let estimate: Estimate;
  try {
    estimate = estimateConfig(contents.config);
  } catch (err) {
    return { ...base, estimateError: err instanceof Error ? err.message : String(err) };
  }
  const layout = estimate.quantization && 'layout' in estimate.quantization ? estimate.quantization.layout : undefined;
  const torchBytes = TORCH_BYTES[(estimate.spec.torchDtype ?? '').replace(/^torch\./, '')];
  const expectedBytes = layout
    ? { bytes: layout.bytes, how: `the ${layout.method} layout of the config's parameters (${layout.description})` }
    : torchBytes
      ? { bytes: estimate.params.total * torchBytes, how: `${formatNumber(estimate.params.total)} parameters × ${torchBytes} B (torch_dtype ${String(estimate.spec.torchDtype)})` }
      : undefined;
  if (contents.format === 'gguf') return { ...base, estimate, ...(expectedBytes ? { expectedBytes } : {}) };
  const comparison = compareCheckpoint(estimate.spec.inventory, stored.map((t) => ({ name: t.name, shape: t.shape })));
  const terms = {
    buffers: elementsOf(comparison.buffers, 'shape'),
    quantization: elementsOf(comparison.quantization, 'shape'),
    unknown: elementsOf(comparison.unknown, 'shape'),
    missing: elementsOf(comparison.missing, 'ours'),
    shapeDifference: elementsOf(comparison.shapeMismatch, 'shape') - elementsOf(comparison.shapeMismatch, 'ours'),
  };
  const explained = estimate.params.total + terms.buffers + terms.quantization + terms.unknown - terms.missing + terms.shapeDifference;
  const reconciliation: Reconciliation = { configParameters: estimate.params.total, ...terms, headerElements: storedElements, unexplained: storedElements - explained };
  return { ...base, estimate, comparison, reconciliation, ...(expectedBytes ? { expectedBytes } : {}) };
}

const esc = (s: string) => s.replace(/\|/g, '\\|');
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${formatNumber(Math.abs(n))}`;

/** The report as Markdown, for the read-only preview and `modelmath inspect`. */
export function folderMarkdown(r: FolderReport, decimal = false): string {
  const c = r.contents;
  const e = r.estimate;
  const out: string[] = [`# Model folder: ${c.folder}`, ''];
  const arch = e ? `${e.spec.architecture || e.spec.family} (${e.spec.modelType})` : typeof c.facts?.architecture === 'string' ? `${c.facts.architecture} (GGUF metadata)` : undefined;
  out.push(
    '| | |',
    '|---|---:|',
    ...(arch ? [`| model | ${esc(arch)} |`] : []),
    `| checkpoint | ${esc(c.format)}: ${c.files.length} file${c.files.length === 1 ? '' : 's'} |`,
    `| tensors | ${formatNumber(r.tensorCount)}${r.tensorCount !== r.contents.tensors.filter((t) => !t.sharedWith).length ? ` (${formatNumber(r.contents.tensors.filter((t) => t.sharedWith).length)} share another's storage)` : ''} |`,
    `| elements in the headers | ${formatNumber(r.storedElements)} |`,
    ...(e ? [`| parameters from config.json | ${formatNumber(e.params.total)}${e.spec.moe ? ` (${formatNumber(e.params.active)} active)` : ''} |`] : []),
    `| bytes stored (memory to load the weights) | ${formatBytes(r.storedBytes, decimal)} (${formatNumber(r.storedBytes)} B) |`,
    `| bits per stored element | ${formatNumber(r.bitsPerWeight, 4)} |`,
    ...(e && r.storedElements ? [`| bits per parameter (bytes ÷ config parameters) | ${formatNumber((8 * r.storedBytes) / e.params.total, 4)} |`] : []),
  );
  if (e) {
    const kv = e.kvCache.bytesPerToken;
    out.push(`| KV cache per token (${e.options.kvDtype}, ${kvBytesPerElement(e.options.kvDtype)} B/element) | ${formatBytes(kv, decimal)} |`, `| weights + KV cache at ${formatNumber(e.spec.maxPositions)} tokens | ${formatBytes(r.storedBytes + e.kvCache.bytesAtMaxContext, decimal)} |`);
  }
  if (e?.spec.approximate) out.push('', `> **approximate: ${esc([...e.spec.assumptions, ...e.spec.leftOut].join('; '))}**`);
  if (c.configError) out.push('', `> **config.json: ${esc(c.configError)}**`);
  else if (c.config === undefined) out.push('', '> No config.json in the folder: the headers alone, nothing to compare with.');
  if (r.estimateError) out.push('', `> **config.json is not estimated: ${esc(r.estimateError)}**`);

  out.push('', '## Dtype mix', '', '| dtype | tensors | elements | bytes | share of bytes |', '|---|---:|---:|---:|---:|', ...r.dtypes.map((d) => `| ${d.dtype} | ${formatNumber(d.tensors)} | ${formatNumber(d.elements)} | ${formatBytes(d.bytes, decimal)} | ${formatNumber((100 * d.bytes) / Math.max(1, r.storedBytes), 3)}% |`));

  if (r.expectedBytes) {
    const diff = r.storedBytes - r.expectedBytes.bytes;
    out.push('', '## Bytes against the config', '', `The config implies ${formatBytes(r.expectedBytes.bytes, decimal)} (${formatNumber(r.expectedBytes.bytes)} B): ${esc(r.expectedBytes.how)}. The files hold ${diff === 0 ? 'exactly that' : `${formatNumber(Math.abs(diff))} B ${diff > 0 ? 'more' : 'less'}${r.dtypes.length > 1 && !(e?.quantization) ? ' (tensors stored in other dtypes, see the mix above)' : ''}${r.reconciliation && r.reconciliation.buffers ? '; persisted buffers are part of it' : ''}`}.`);
  }
  if (c.format === 'gguf' && e) out.push('', `GGUF tensors carry llama.cpp's names (blk.N.attn_q …), so the comparison with config.json is by totals: ${signed(r.storedElements - e.params.total)} elements against the config's parameters${r.storedElements !== e.params.total ? ' (a tied head stored apart, or tensors the converter adds or drops)' : ''}.`);

  const rec = r.reconciliation;
  const cmp = r.comparison;
  if (rec && cmp) {
    out.push(
      '',
      '## Parameters: headers against config.json',
      '',
      `${cmp.agrees ? '✓ agrees' : '⚠ differs'}: ${esc(cmp.summary)}.`,
      '',
      '| term | elements |',
      '|---|---:|',
      `| parameters from config.json (tied weights once) | ${formatNumber(rec.configParameters)} |`,
      ...(cmp.tiedNotStored.length ? [`| tied, not stored (${cmp.tiedNotStored.map((t) => `\`${esc(t.name)}\``).slice(0, 2).join(', ')}): already counted once | 0 |`] : []),
      ...(rec.buffers ? [`| + persisted buffers (${cmp.buffers.length}: not parameters) | ${signed(rec.buffers)} |`] : []),
      ...(rec.quantization ? [`| + quantization side tensors and packed weights (${cmp.quantization.length}) | ${signed(rec.quantization)} |`] : []),
      ...(rec.missing ? [`| − in the config, not in the files (${cmp.missing.length}${cmp.quantization.length ? ': stored packed under other names' : ''}) | ${signed(-rec.missing)} |`] : []),
      ...(rec.shapeDifference ? [`| ± stored in another shape (${cmp.shapeMismatch.length}${cmp.quantization.length ? ': packed' : ''}) | ${signed(rec.shapeDifference)} |`] : []),
      ...(rec.unknown ? [`| + not in the model transformers builds (${cmp.unknown.length}) | ${signed(rec.unknown)} |`] : []),
      ...(rec.unexplained ? [`| **unexplained** | ${signed(rec.unexplained)} |`] : []),
      `| = elements in the headers | ${formatNumber(rec.headerElements)} |`,
    );
    if (e?.quantization && 'layout' in e.quantization) out.push('', `Quantized checkpoint (${esc(e.quantization.layout.description)}): packed words and scales are elements, not parameters; the config's ${formatNumber(e.params.total)} parameters are the unpacked count.`);
    const list = (title: string, items: readonly TensorDifference[]) => {
      if (!items.length) return;
      out.push('', `### ${title} (${items.length})`, '', ...items.slice(0, 50).map((t) => `- \`${esc(t.name)}\`${t.shape ? ` stored [${t.shape.join(', ')}]` : ''}${t.ours ? ` expected [${t.ours.join(', ')}]` : ''}`), ...(items.length > 50 ? [`- … and ${items.length - 50} more`] : []));
    };
    list('Tied, not stored', cmp.tiedNotStored);
    list('Missing from the files', cmp.missing);
    list('Other shape', cmp.shapeMismatch);
    list('Persisted buffers', cmp.buffers);
    list('Quantization side tensors', cmp.quantization);
    list('Not in the model transformers builds', cmp.unknown);
  }
  if (c.facts && Object.keys(c.facts).length) out.push('', '## Header facts', '', ...Object.entries(c.facts).map(([k, v]) => `- ${esc(k)}: ${esc(String(v))}`));
  out.push('', '## Files', '', ...c.files.map((f) => `- \`${esc(f.name)}\` (${esc(f.kind)})`));
  if (c.notes.length) out.push('', '## Notes', '', ...c.notes.slice(0, 100).map((n) => `- ${esc(n)}`), ...(c.notes.length > 100 ? [`- … and ${c.notes.length - 100} more`] : []));
  out.push('', '_Elements and bytes come from the file headers only (no tensor data is read). Parameters from config.json follow the estimate\'s conventions: tied weights counted once, quantized weights unpacked._');
  return `${out.join('\n')}\n`;
}

/** Stable JSON for `modelmath inspect --json`. */
export function folderJson(r: FolderReport): Record<string, unknown> {
  const e = r.estimate;
  const cmp = r.comparison;
  return {
    folder: r.contents.folder,
    format: r.contents.format,
    files: r.contents.files,
    tensors: r.tensorCount,
    stored_elements: r.storedElements,
    stored_bytes: r.storedBytes,
    bits_per_element: r.bitsPerWeight,
    dtypes: r.dtypes,
    ...(e ? { config: { model_type: e.spec.modelType, architecture: e.spec.architecture, parameters: e.params.total, active_parameters: e.params.active, approximate: e.spec.approximate, ...(e.quantization ? { quantization: 'layout' in e.quantization ? { method: e.quantization.layout.method, bytes: e.quantization.layout.bytes, bits_per_weight: e.quantization.layout.bitsPerWeight } : { method: e.quantization.method, error: e.quantization.error } } : {}) } } : {}),
    ...(r.contents.configError ? { config_error: r.contents.configError } : {}),
    ...(r.estimateError ? { estimate_error: r.estimateError } : {}),
    ...(r.expectedBytes ? { expected_bytes: r.expectedBytes.bytes, expected_bytes_from: r.expectedBytes.how } : {}),
    ...(r.reconciliation ? { reconciliation: { config_parameters: r.reconciliation.configParameters, buffers: r.reconciliation.buffers, quantization: r.reconciliation.quantization, unknown: r.reconciliation.unknown, missing: r.reconciliation.missing, shape_difference: r.reconciliation.shapeDifference, header_elements: r.reconciliation.headerElements, unexplained: r.reconciliation.unexplained } } : {}),
    ...(cmp ? { comparison: { agrees: cmp.agrees, summary: cmp.summary, matched: cmp.matched, tied_not_stored: cmp.tiedNotStored, missing: cmp.missing, shape_mismatch: cmp.shapeMismatch, buffers: cmp.buffers, quantization: cmp.quantization, folded_experts: cmp.foldedExperts, unknown: cmp.unknown } } : {}),
    ...(r.contents.facts ? { facts: r.contents.facts } : {}),
    notes: r.contents.notes,
  };
}
