// Text renderings of an estimate shared by the CLI, the hover and the report command.
import { formatBytes } from '../format/bytes';
import { formatNumber } from '../format/number';
import { siUnit } from '../format/units';
import type { Estimate, Line } from './estimate';
import type { ModelSpec } from './spec';

/** 28.16 TFLOPs: FLOPs with an SI prefix (exact integers stay in --json). */
export function formatFlops(x: number, digits = 4): string {
  const { value, unit } = siUnit(x, 'FLOPs');
  return `${formatNumber(value, digits)} ${unit}`;
}

export function formatDuration(s: number): string {
  if (s < 1e-3) return `${formatNumber(s * 1e6, 3)} µs`;
  if (s < 1) return `${formatNumber(s * 1e3, 3)} ms`;
  if (s < 3600) return `${formatNumber(s, 3)} s`;
  if (s < 86400 * 2) return `${formatNumber(s / 3600, 3)} h`;
  return `${formatNumber(s / 86400, 3)} days`;
}

export function formatLine(l: Line, decimal: boolean): string {
  switch (l.unit) {
    case 'bytes':
      return formatBytes(l.value, decimal);
    case 's':
      return formatDuration(l.value);
    case '×':
      return `${formatNumber(l.value, 3)}×`;
    case 'FLOPs':
      return formatFlops(l.value);
    case '':
      return formatNumber(l.value, 3);
    default:
      return `${formatNumber(l.value)} ${l.unit}`;
  }
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

/** "approximate: …" with every assumption and omission, or undefined when the family is declared and complete. */
export function approximateNote(spec: ModelSpec): string | undefined {
  if (!spec.approximate) return undefined;
  return `approximate: ${[...spec.assumptions, ...spec.leftOut].join('; ')}`;
}

/** The inventory grouped by name pattern (layer indices as {i}): one row per tensor kind. */
export function inventoryRows(spec: ModelSpec): { pattern: string; shape: string; count: number; elements: number; note: string }[] {
  const rows = new Map<string, { pattern: string; shape: string; count: number; elements: number; note: string }>();
  for (const t of spec.inventory.tensors) {
    const pattern = t.name.replace(/\.(\d+)\./g, '.{i}.');
    const shape = `[${t.shape.join(', ')}]`;
    const key = `${pattern} ${shape}`;
    const n = t.tiedTo ? 0 : t.shape.reduce((a, b) => a * b, 1);
    const r = rows.get(key) ?? { pattern, shape, count: 0, elements: 0, note: t.tiedTo ? `tied to ${t.tiedTo}` : t.activeShare !== 1 ? `active share ${formatNumber(t.activeShare, 3)}` : '' };
    r.count++;
    r.elements += n;
    rows.set(key, r);
  }
  return [...rows.values()];
}

/** The whole estimate as Markdown: one table per section, then conventions and assumptions. */
export function estimateMarkdown(e: Estimate, title: string, decimal = false): string {
  const out: string[] = [`# ${title}`, '', `${e.spec.architecture || e.spec.family}: ${e.spec.layers} layers, hidden ${e.spec.hidden}, ${e.spec.heads} heads (${e.spec.kvHeads} KV) × ${e.spec.headDim}, MLP ${e.spec.mlpWidth}${e.spec.gatedMlp ? ' (gated)' : ''}, vocab ${e.spec.vocab}`, ''];
  let section = '';
  for (const l of e.lines) {
    if (l.section !== section) {
      section = l.section;
      out.push('', `## ${section}`, '', '| quantity | value | formula |', '|---|---:|---|');
    }
    out.push(`| ${escapeCell(l.label)} | ${escapeCell(formatLine(l, decimal))} | ${escapeCell(l.formula)}${l.note ? ` (${escapeCell(l.note)})` : ''} |`);
  }
  const approx = approximateNote(e.spec);
  if (approx) out.splice(2, 0, `> **${escapeCell(approx)}**`, '');
  if (e.quantization) out.push('', ...quantizationMarkdown(e.quantization, decimal));
  out.push('', '## Conventions', '', ...e.conventions.map((c) => `- ${c}`));
  if (e.spec.assumptions.length) out.push('', '## Assumptions', '', ...e.spec.assumptions.map((c) => `- ${c}`));
  if (e.spec.leftOut.length) out.push('', '## Left out', '', ...e.spec.leftOut.map((c) => `- ${c}`));
  if (e.kvCache.byLayerType.length > 1) out.push('', '## KV cache by layer type', '', '| layers | kind | elements per token |', '|---:|---|---:|', ...e.kvCache.byLayerType.map((g) => `| ${g.layers} | ${g.kind}${g.window ? ` (window ${g.window})` : ''} | ${formatNumber(g.elementsPerToken)} |`));
  if (e.spec.inventory.fixedState.length) out.push('', `Fixed recurrent state (does not grow with the context): ${formatNumber(e.spec.inventory.fixedState.reduce((a, x) => a + x.elements, 0))} elements per sequence.`);
  const rows = inventoryRows(e.spec);
  out.push('', '## Parameter tensors', '', `Hugging Face names; {i} = layer index. ${formatNumber(e.spec.inventory.tensors.length)} tensors.`, '', '| tensor | shape | × | parameters | note |', '|---|---|---:|---:|---|', ...rows.map((r) => `| \`${escapeCell(r.pattern)}\` | ${r.shape} | ${r.count} | ${formatNumber(r.elements)} | ${escapeCell(r.note)} |`));
  return `${out.join('\n')}\n`;
}

/** The quantized layout as a report section: bits per weight, then the stored tensors by kind. */
export function quantizationMarkdown(q: NonNullable<Estimate['quantization']>, decimal: boolean): string[] {
  if ('error' in q) return ['## Quantization', '', `> **quantization_config (${escapeCell(q.method)}) not laid out: ${escapeCell(q.error)}.** Weights are shown at the training dtype, not what the checkpoint holds.`];
  const l = q.layout;
  const rows = new Map<string, { pattern: string; dtype: string; role: string; count: number; bytes: number }>();
  for (const t of l.tensors) {
    const pattern = t.name.replace(/\.(\d+)\./g, '.{i}.').replace(/\.\{\d+-\d+\}\./g, '.{e}.');
    const key = `${pattern} ${t.dtype}`;
    const r = rows.get(key) ?? { pattern, dtype: t.dtype, role: t.role, count: 0, bytes: 0 };
    r.count += t.copies ?? 1;
    r.bytes += t.bytes;
    rows.set(key, r);
  }
  return [
    '## Quantization',
    '',
    `${escapeCell(l.description)}: ${formatBytes(l.bytes, decimal)} stored for ${formatNumber(l.parameters)} parameters = **${formatNumber(l.bitsPerWeight, 4)} bits per weight** (${formatNumber(l.quantizedParameters)} quantized at ${formatNumber(l.quantizedBitsPerWeight, 4)} bits with their scales, zero points and indices). Parameters are counted unpacked.`,
    ...(l.notes.length ? ['', ...l.notes.map((n) => `- ${escapeCell(n)}`)] : []),
    '',
    '| stored tensor | dtype | role | × | bytes |',
    '|---|---|---|---:|---:|',
    ...[...rows.values()].map((r) => `| \`${escapeCell(r.pattern)}\` | ${r.dtype} | ${r.role} | ${formatNumber(r.count)} | ${formatBytes(r.bytes, decimal)} |`),
  ];
}

/** What one key contributes, in a sentence with numbers. */
export function keyContribution(e: Estimate, key: string, decimal: boolean): string | undefined {
  const s = e.spec;
  const kvMha = e.kvCache.bytesPerToken * (s.heads / s.kvHeads);
  switch (key) {
    case 'num_key_value_heads':
    case 'multi_query':
      return s.kvHeads === s.heads
        ? `**${key}**: ${s.kvHeads} KV heads = query heads (MHA): no KV-cache saving.`
        : `**${key}**: GQA ${s.heads}:${s.kvHeads} (${s.heads / s.kvHeads} query heads share each K/V head): KV cache ${formatBytes(e.kvCache.bytesPerToken, decimal)}/token instead of ${formatBytes(kvMha, decimal)} with MHA, saving ${formatBytes(kvMha * s.maxPositions - e.kvCache.bytesAtMaxContext, decimal)} at ${formatNumber(s.maxPositions)} tokens.`;
    case 'vocab_size':
    case 'n_vocab':
      return `**${key}**: embedding ${formatNumber(s.vocab * s.hidden)} params${s.head === 'lm' ? (s.tiedEmbeddings ? ' (tied: the LM head reuses them, but its matmul still costs 2·h·V FLOPs per token)' : `, plus ${formatNumber(s.vocab * s.hidden)} in the untied LM head`) : ''}.`;
    case 'tie_word_embeddings':
      return `**${key}**: ${s.tiedEmbeddings ? `tied: saves ${formatNumber(s.vocab * s.hidden)} params; the head matmul is still counted in FLOPs` : `untied: the LM head adds ${formatNumber(s.vocab * s.hidden)} params`}.`;
    case 'num_hidden_layers':
    case 'n_layer':
    case 'num_layers':
      return `**${key}**: ${s.layers} layers of ${formatNumber(e.params.perLayer)} params each.`;
    case 'intermediate_size':
    case 'n_inner':
    case 'moe_intermediate_size':
      return `**${key}**: MLP width ${s.moe && key === 'moe_intermediate_size' ? s.moe.expertWidth : s.mlpWidth}, ${s.gatedMlp ? '3 matrices (gated: gate, up, down)' : '2 matrices (up, down)'}: ${formatNumber(e.params.byComponent.mlp + e.params.byComponent.experts)} MLP params in all.`;
    case 'hidden_size':
    case 'n_embd':
    case 'd_model':
      return `**${key}**: hidden ${s.hidden}; attention ${formatNumber(e.params.byComponent.attention)} params, head size ${s.headDim}.`;
    case 'num_attention_heads':
    case 'n_head':
    case 'head_dim':
      return `**${key}**: ${s.heads} heads × ${s.headDim} = ${s.heads * s.headDim}${s.heads * s.headDim !== s.hidden ? ` (≠ hidden ${s.hidden})` : ''}; standard scale 1/√${s.headDim} = ${formatNumber(1 / Math.sqrt(s.headDim))}.`;
    case 'sliding_window':
      return s.slidingWindow ? `**${key}**: ${s.slidingWindow}-token window${s.slidingLayers !== undefined ? ` on ${s.slidingLayers} of ${s.layers} layers` : ''}: each token attends to at most ${s.slidingWindow} keys; a rolling KV cache needs ${formatBytes(e.kvCache.bytesPerToken * s.slidingWindow, decimal)}.` : undefined;
    case 'num_local_experts':
    case 'num_experts':
    case 'num_experts_per_tok':
      return s.moe ? `**${key}**: ${s.moe.topK} of ${s.moe.experts} experts per token: memory holds all ${formatNumber(e.params.total)} params, compute uses ${formatNumber(e.params.active)} (${formatNumber((100 * e.params.active) / e.params.total, 3)}%).` : undefined;
    case 'max_position_embeddings':
    case 'n_positions':
      return `**${key}**: KV cache at ${formatNumber(s.maxPositions)} tokens: ${formatBytes(e.kvCache.bytesAtMaxContext, decimal)} per sequence.`;
    default:
      return undefined;
  }
}

export function summaryMarkdown(e: Estimate, decimal: boolean): string {
  const o = e.options;
  const approx = approximateNote(e.spec);
  const rows = [
    ['Parameters', e.spec.moe ? `${formatNumber(e.params.total)} total, ${formatNumber(e.params.active)} active` : formatNumber(e.params.total)],
    [`FLOPs/token (forward, ${o.attention}, ${formatNumber(o.seq)} ctx)`, formatFlops(e.flops.forwardPerToken)],
    ['KV cache per token', `${formatBytes(e.kvCache.bytesPerToken, decimal)} (${o.kvDtype})`],
    [`KV cache at ${formatNumber(e.spec.maxPositions)} tokens`, formatBytes(e.kvCache.bytesAtMaxContext, decimal)],
    ...(e.quantization && 'layout' in e.quantization
      ? [[`Weights as stored (${e.quantization.layout.method})`, `${formatBytes(e.memory.weightsBytes, decimal)}: ${formatNumber(e.quantization.layout.bitsPerWeight, 3)} bits/weight (${escapeCell(e.quantization.layout.description)})`]]
      : e.quantization
        ? [['Weights', `$(warning) quantization_config (${escapeCell(e.quantization.method)}) not laid out: ${escapeCell(e.quantization.error)}`]]
        : []),
    ['Weights bf16 / int8 / int4', `${formatBytes(e.memory.weightsByDtype.bf16, decimal)} / ${formatBytes(e.memory.weightsByDtype.int8, decimal)} / ${formatBytes(e.memory.weightsByDtype.int4, decimal)}`],
    [`Training, 1 GPU (${o.optimizer}, ${o.dtype}, b=${o.batch})`, `${formatBytes(e.memory.perGpuTrainingBytes, decimal)}: ${e.memory.fitsTraining ? 'fits' : 'does not fit'} ${e.gpu.name}`],
  ];
  const table = ['| | |', '|---|---:|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
  return approx ? `$(warning) **${escapeCell(approx)}**\n\n${table}` : table;
}

