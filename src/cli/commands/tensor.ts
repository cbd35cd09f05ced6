// `modelmath tensor`: statistics and checks of a tensor in a file (.npy, .npz, .safetensors, a
// sharded index, or text) or on stdin.
import { readFileSync } from 'node:fs';
import { TensorFileError } from '../../core/tensor/files/byteSource';
import type { TensorTable } from '../../core/tensor/files/inspect';
import { UnsafePickleError } from '../../core/tensor/files/pickle';
import { canAnalyze } from '../../core/tensor/files/stream';
import { analyzeText } from '../../core/tensor/analyzeText';
import type { TensorReport } from '../../core/tensor/report';
import { TensorParseError, TEXT_FORMATS, type TextFormat } from '../../core/tensor/text/parseText';
import { OpenTensorFile, TENSOR_FILE_PATTERN } from '../../node/tensorFiles';
import { parse } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';
import { groupDigits } from '../../core/format/number';

const FILE_FORMATS = ['npy', 'npz', 'safetensors', 'index', 'gguf', 'torch'] as const;
const usage = `modelmath tensor FILE|- [--format auto|${[...TEXT_FORMATS, ...FILE_FORMATS].join('|')}] [--tensor NAME] [--fail-on error|warning|info] [--json]`;
const SEVERITIES = ['info', 'warning', 'error'] as const;
/** Exit code when a check at or above --fail-on fires (0 success, 1 internal, 2 bad input). */
export const CHECKS_FAILED_EXIT = 3;

const n = (x: number | null, d = 6) => (x === null ? '—' : Number.isInteger(x) ? groupDigits(x) : String(Number(x.toPrecision(d))));

/** One line about the file: kind, tensors, parameters, bytes, bits per weight and the header's facts. */
export function tableText(t: TensorTable): string {
  const facts = t.facts ? Object.entries(t.facts).map(([k, v]) => `${k} ${String(v)}`) : [];
  const bpw = t.totalParams ? `${Number(((8 * t.totalBytes) / t.totalParams).toPrecision(4))} bits/weight` : '';
  return [`${t.file}: ${t.kind}, ${groupDigits(t.entries.length)} tensors, ${groupDigits(t.totalParams)} parameters, ${groupDigits(t.totalBytes)} bytes${bpw ? `, ${bpw}` : ''}`, ...(facts.length ? [`  ${facts.join(' · ')}`] : [])].join('\n');
}

export function reportText(r: TensorReport): string {
  const lines = [
    `${r.name ?? 'tensor'}  ${r.storage ?? r.dtype}  [${r.shape.join(', ')}]  ${groupDigits(r.count)} values${r.truncated ? ' (summarised repr: shown values only)' : ''}`,
    `  NaN ${n(r.nan)}  Inf ${n(r.inf)}  min ${n(r.min)}  max ${n(r.max)}  mean ${n(r.mean)}  std ${n(r.std)} (ddof 0; ddof 1: ${n(r.std_unbiased)})  |max| ${n(r.abs_max)}  zeros ${n(r.zero_fraction * 100, 3)}%`,
    `  percentiles: ${Object.entries(r.percentiles).map(([k, v]) => `${k.slice(1)}% ${n(v, 4)}`).join('  ')}${r.sampled_from ? ` (from a sample of ${groupDigits(r.sampled_from)})` : ''}`,
  ];
  if (r.softmax) lines.push(`  rows as logits: ${groupDigits(r.softmax.rows)} rows of ${r.softmax.length}${r.softmax.skipped ? ` (${groupDigits(r.softmax.skipped)} more left out: they hold NaN or ±inf)` : ''}: mean max p ${n(r.softmax.mean_max_prob, 3)}, mean entropy ${n(r.softmax.mean_entropy, 3)} of ${n(r.softmax.entropy_ceiling, 3)} nats, ${r.softmax.saturated} saturated, ${r.softmax.uniform} near-uniform`);
  for (const c of r.checks) lines.push(`  ${c.severity === 'error' ? '✖' : c.severity === 'warning' ? '⚠' : 'ℹ'} ${c.id}: ${c.message} [${c.source}]`);
  if (r.checks.length === 0) lines.push('  ✓ no checks fired');
  return lines.join('\n');
}

/** The heatmap repeats the values; JSON output keeps the statistics. A GGUF tensor's dtype is its ggml type. */
function withoutHeatmap(r: TensorReport): Omit<TensorReport, 'heatmap' | 'dtype'> & { dtype: string } {
  const copy: { -readonly [K in keyof TensorReport]?: TensorReport[K] } = { ...r };
  delete copy.heatmap;
  const out = copy as Omit<TensorReport, 'heatmap'>;
  return { ...out, dtype: r.storage ?? r.dtype };
}

/** Messages start with the file's path or name; the CLI prefixes the path once. */
function withoutFileName(message: string, path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  for (const prefix of [`${path}: `, `${base}: `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

export const tensorCommand: Subcommand = {
  name: 'tensor',
  summary: 'Statistics and numerical checks of a tensor (.npy, .npz, .safetensors, index, or text)',
  usage,
  help: `${usage}

FILE is a .npy, .npz, .safetensors, .gguf, a PyTorch checkpoint (.pt, .pth, .bin: zip or legacy
format, read by an allowlist unpickler that never executes anything; any other global is refused),
model.safetensors.index.json or pytorch_model.bin.index.json (shards are read from its folder), or a
text file; - reads text from stdin. Text is detected automatically: JSON arrays, Python lists
with nan/inf, numpy/torch/JAX/TensorFlow reprs (including "..." summaries), CSV/TSV/whitespace
matrices, MATLAB [1 2; 3 4]. Files are streamed tensor by tensor, never loaded whole.

Checks: nan, inf, fp16_overflow, fp16_underflow, fp16_subnormal, bf16_precision, fp8_range,
exp_overflow, softmax_saturation, softmax_uniform, truncated_repr, init_std, embedding_anisotropy,
constant, all_zero. std is the population std (ddof 0, as numpy).

--json prints {"tensors": [{name, dtype, shape, count, nan, inf, min, max, mean, std, checks: [{id,
severity, count, message, source}], …}], "parameters", "bytes"}; for a file also "kind",
"bits_per_weight" (8 × bytes / parameters) and "facts" (GGUF: architecture, context length, heads, …).
A GGUF tensor's dtype is its ggml type (Q4_K, F16, …) and its shape is in numpy order. --tensor NAME limits a file to one tensor.

--fail-on SEVERITY exits with code 3 when any check of that severity or worse fires (for CI: e.g.
--fail-on error stops a pipeline on a NaN or Inf in a checkpoint); the report is printed either way.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { format: { type: 'string' }, tensor: { type: 'string' }, 'fail-on': { type: 'string' } }, usage);
    if (positionals.length !== 1) throw new UsageError(`expected one FILE (or - for stdin). Usage: ${usage}`);
    const failOn = values['fail-on'];
    if (failOn !== undefined && !(SEVERITIES as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got '${failOn}'`);
    const path = positionals[0] as string;
    const format = values.format ?? 'auto';
    if (format !== 'auto' && !(TEXT_FORMATS as readonly string[]).includes(format) && !(FILE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be auto or one of ${[...TEXT_FORMATS, ...FILE_FORMATS].join(', ')}, got '${format}'`);
    const binary = path !== '-' && ((FILE_FORMATS as readonly string[]).includes(format) || (format === 'auto' && TENSOR_FILE_PATTERN.test(path)));
    const reports: TensorReport[] = [];
    let table: TensorTable | undefined;
    try {
      if (binary) {
        let file: OpenTensorFile;
        try {
          file = await OpenTensorFile.open(path, { analyzing: true });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') throw new UsageError(`cannot read '${path}': no such file`);
          throw err;
        }
        try {
          const entries = values.tensor ? file.table.entries.filter((e) => e.name === values.tensor) : file.table.entries;
          if (values.tensor && entries.length === 0) throw new UsageError(`no tensor named '${values.tensor}' in ${path} (it has ${file.table.entries.length}: ${file.table.entries.slice(0, 5).map((e) => e.name).join(', ')}${file.table.entries.length > 5 ? ', …' : ''})`);
          table = file.table;
          const skipped: string[] = [];
          for (const e of entries) if (!canAnalyze(e)) skipped.push(`${e.name ?? 'tensor'} (${e.storage?.name ?? e.dtype})`);
          reports.push(...(await file.analyzeAll(entries.filter(canAnalyze))));
          if (!values.json) {
            io.out(`${tableText(file.table)}\n\n`);
            for (const note of file.table.notes) io.err(`modelmath: note: ${note}\n`);
            if (skipped.length) io.err(`modelmath: note: no statistics for ${skipped.length} tensor${skipped.length === 1 ? '' : 's'} of types without a dequantizer yet: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}\n`);
          }
        } finally {
          await file.close();
        }
      } else {
        let text: string;
        try {
          text = readFileSync(path === '-' ? 0 : path, 'utf8');
        } catch (err) {
          throw new UsageError(`cannot read ${path === '-' ? 'stdin' : `'${path}'`}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
        const r = analyzeText(text, { format: format as TextFormat | 'auto' });
        const { format: _f, ...report } = r;
        void _f;
        reports.push(report);
      }
    } catch (err) {
      if (err instanceof UnsafePickleError) throw new UsageError(`security warning: ${path}: ${withoutFileName(err.message, path)}`);
      if (err instanceof TensorParseError || err instanceof TensorFileError) throw new UsageError(`${path === '-' ? 'stdin' : path}: ${withoutFileName(err.message, path)}`);
      throw err;
    }
    const totals = table
      ? { parameters: table.totalParams, bytes: table.totalBytes, kind: table.kind, bits_per_weight: table.totalParams ? (8 * table.totalBytes) / table.totalParams : null, ...(table.facts ? { facts: table.facts } : {}), ...(table.notes.length ? { notes: table.notes } : {}) }
      : { parameters: reports.reduce((a, r) => a + r.count, 0) };
    if (values.json) io.out(`${JSON.stringify({ tensors: reports.map(withoutHeatmap), ...totals }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
    else io.out(`${reports.map(reportText).join('\n\n')}\n`);
    if (failOn === undefined) return 0;
    const floor = SEVERITIES.indexOf(failOn as (typeof SEVERITIES)[number]);
    const failed = reports.flatMap((r) => r.checks.filter((c) => SEVERITIES.indexOf(c.severity) >= floor).map((c) => `${r.name ?? 'tensor'}: ${c.id}`));
    if (failed.length === 0) return 0;
    io.err(`modelmath: ${failed.length} check${failed.length === 1 ? '' : 's'} at or above ${failOn}: ${failed.slice(0, 5).join(', ')}${failed.length > 5 ? ', …' : ''}\n`);
    return CHECKS_FAILED_EXIT;
  },
};
