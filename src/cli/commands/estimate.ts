// `modelmath estimate`: parameters, FLOPs, KV cache and memory of a Hugging Face config.json.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { compareCheckpoint, type CheckpointComparison } from '../../core/model/crossCheck';
import { readCheckpointTensors } from '../../node/checkpointTensors';
import { configKvDtype, DEFAULT_OPTIONS, estimateConfig, estimateJson, indexCheck, type EstimateOptions } from '../../core/model/estimate';
import { GPUS } from '../../core/model/gpus';
import type { Dtype, Optimizer } from '../../core/model/memory';
import { parsePythonJson } from '../../core/model/config/pythonJson';
import { ConfigError } from '../../core/model/spec';
import { approximateNote, formatLine } from '../../core/model/report';
import { parse, positiveOption } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';

const usage = 'modelmath estimate CONFIG|- [--seq N] [--batch B] [--dtype bf16|fp16|fp32|fp8|int8|int4] [--kv-dtype …] [--optimizer adamw|adam8bit|adafactor|sgd|lion] [--attention causal|full|sliding] [--recompute none|selective|full] [--no-flash] [--zero 0-3] [--gpus N] [--tp N] [--pp N] [--gpu NAME] [--tokens D] [--mfu F] [--decimal] [--json]';

const DTYPES: Dtype[] = ['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'];
const OPTIMIZERS: Optimizer[] = ['adamw', 'adam8bit', 'adafactor', 'sgd', 'lion'];

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function num(flag: string, value: string | undefined, fallback: number | undefined, integer = true): number | undefined {
  return positiveOption(flag, value, { integer }) ?? fallback;
}

export const estimateCommand: Subcommand = {
  name: 'estimate',
  summary: 'Parameters, FLOPs, KV cache and memory of a Hugging Face config.json',
  usage,
  help: `${usage}

Reads CONFIG (a path, or - for stdin) and prints exact parameter counts, matmul FLOPs, KV cache and
training/inference memory with the formula and convention behind each number.

Defaults: --seq ${DEFAULT_OPTIONS.seq}, --batch ${DEFAULT_OPTIONS.batch}, --dtype ${DEFAULT_OPTIONS.dtype} (mixed precision, fp32 master weights),
--kv-dtype = the config's KV-cache dtype (kv_cache_scheme, kv_cache_dtype) or --dtype; fp8/int8/int4 KV caches are sized per element, --optimizer ${DEFAULT_OPTIONS.optimizer}, --attention causal (encoders: full), --recompute none,
FlashAttention on, --zero 0, --gpus 1, --tp 1, --pp 1, --gpu ${DEFAULT_OPTIONS.gpu}, --mfu ${DEFAULT_OPTIONS.mfu}.
Conventions: 1 multiply-add = 2 FLOPs, matmuls only, LM head counted even when tied; training =
3 × forward; sizes in GiB unless --decimal.

GPUs: ${GPUS.map((g) => g.id).join(', ')}

A quantization_config (also under text_config: GPTQ, AWQ, bitsandbytes, FP8, MXFP4, compressed-tensors)
makes memory.weights_bytes the bytes of the tensors the method stores (packed weights, scales, zeros,
g_idx, unquantized modules) and params.total the unpacked count; memory.quantization has bits per weight.

--json prints params.total, params.active, kv_cache.bytes_per_token, flops.forward_per_sequence,
memory.weights_bytes, memory.gradients_bytes, memory.optimizer_bytes and more.`,
  async run(argv, io) {
    const { values, positionals } = parse(
      argv,
      {
        seq: { type: 'string' }, batch: { type: 'string' }, dtype: { type: 'string' }, 'kv-dtype': { type: 'string' }, optimizer: { type: 'string' }, attention: { type: 'string' },
        recompute: { type: 'string' }, 'no-flash': { type: 'boolean' }, zero: { type: 'string' }, gpus: { type: 'string' }, tp: { type: 'string' }, pp: { type: 'string' }, gpu: { type: 'string' },
        tokens: { type: 'string' }, mfu: { type: 'string' }, decimal: { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw new UsageError(`expected one CONFIG path (or - for stdin). Usage: ${usage}`);
    const path = positionals[0] as string;
    let text: string;
    try {
      text = readFileSync(path === '-' ? 0 : path, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${path === '-' ? 'stdin' : `'${path}'`}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    let raw: unknown;
    try {
      raw = parsePythonJson(text);
    } catch (err) {
      throw new UsageError(`${path === '-' ? 'stdin' : path} is not valid JSON: ${(err as Error).message}`);
    }
    const dtype = oneOf('dtype', values.dtype, DTYPES, DEFAULT_OPTIONS.dtype);
    if (values.zero !== undefined && !['0', '1', '2', '3'].includes(values.zero)) throw new UsageError(`--zero must be 0, 1, 2 or 3, got '${values.zero}'`);
    const options: Partial<EstimateOptions> = {
      seq: num('seq', values.seq, DEFAULT_OPTIONS.seq),
      batch: num('batch', values.batch, DEFAULT_OPTIONS.batch),
      dtype,
      // No --kv-dtype: the config's own KV-cache dtype (kv_cache_scheme …), else --dtype.
      kvDtype: values['kv-dtype'] !== undefined ? oneOf('kv-dtype', values['kv-dtype'], DTYPES, dtype) : configKvDtype(raw) ?? dtype,
      optimizer: oneOf('optimizer', values.optimizer, OPTIMIZERS, DEFAULT_OPTIONS.optimizer),
      attention: oneOf('attention', values.attention, ['causal', 'full', 'sliding'] as const, 'causal'),
      recompute: oneOf('recompute', values.recompute, ['none', 'selective', 'full'] as const, 'none'),
      flashAttention: !values['no-flash'],
      zero: (values.zero === undefined ? 0 : Number(values.zero)) as 0 | 1 | 2 | 3,
      gpus: num('gpus', values.gpus, 1),
      tp: num('tp', values.tp, 1),
      pp: num('pp', values.pp, 1),
      gpu: values.gpu ?? DEFAULT_OPTIONS.gpu,
      mfu: num('mfu', values.mfu, DEFAULT_OPTIONS.mfu, false),
      ...(values.tokens !== undefined ? { tokens: num('tokens', values.tokens, undefined, false) } : {}),
    };
    let e;
    try {
      e = estimateConfig(raw, options);
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(`${path === '-' ? 'stdin' : path}: ${err.message}`);
      throw err;
    }
    // A checkpoint beside the config: compare tensor by tensor, and the index's byte total with the count.
    let check;
    let comparison: (CheckpointComparison & { source: string }) | undefined;
    if (path !== '-') {
      try {
        const ckpt = await readCheckpointTensors(dirname(path));
        if (ckpt) {
          comparison = { ...compareCheckpoint(e.spec.inventory, ckpt.tensors), source: ckpt.source };
          if (ckpt.index !== undefined) check = indexCheck(e, ckpt.index);
        }
      } catch (err) {
        io.err(`modelmath: note: could not read the checkpoint beside the config (${(err as Error).message})\n`);
      }
    }
    if (values.json) {
      const json = estimateJson(e);
      if (check) Object.assign(json.params as object, { index_total_size: check.indexTotalSize, index_agrees: check.agrees });
      if (comparison) json.checkpoint = { source: comparison.source, agrees: comparison.agrees, summary: comparison.summary, matched: comparison.matched, tied_not_stored: comparison.tiedNotStored, missing: comparison.missing, shape_mismatch: comparison.shapeMismatch, buffers: comparison.buffers, quantization: comparison.quantization, folded_experts: comparison.foldedExperts, unknown: comparison.unknown };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const decimal = !!values.decimal;
    io.out(`${e.spec.architecture || e.spec.family}: ${e.spec.layers} layers, hidden ${e.spec.hidden}, ${e.spec.heads} heads (${e.spec.kvHeads} KV) × ${e.spec.headDim}, vocab ${e.spec.vocab}\n`);
    const approx = approximateNote(e.spec);
    if (approx) io.out(`${approx}\n`);
    if (e.quantization) io.out('layout' in e.quantization ? `quantized: ${e.quantization.layout.description}; ${e.quantization.layout.bitsPerWeight.toFixed(3)} bits per weight overall (${e.quantization.layout.quantizedBitsPerWeight.toFixed(3)} in quantized layers with their scales)\n` : `quantization_config (${e.quantization.method}) not laid out: ${e.quantization.error}; weights at --dtype\n`);
    let section = '';
    for (const l of e.lines) {
      if (l.section !== section) {
        section = l.section;
        io.out(`\n${section}\n`);
      }
      io.out(`  ${l.label.padEnd(44)} ${formatLine(l, decimal).padStart(20)}   ${l.formula}${l.note ? ` [${l.note}]` : ''}\n`);
    }
    if (check) io.out(`\nParameter count ${check.message}\n`);
    if (comparison) io.out(`\nCheckpoint (${comparison.source}): ${comparison.agrees ? 'agrees' : 'differs'}: ${comparison.summary}\n`);
    io.out(`\nConventions:\n${e.conventions.map((c) => `  - ${c}`).join('\n')}\n`);
    if (e.spec.assumptions.length) io.out(`Assumptions:\n${e.spec.assumptions.map((c) => `  - ${c}`).join('\n')}\n`);
    if (e.spec.leftOut.length) io.out(`Left out:\n${e.spec.leftOut.map((c) => `  - ${c}`).join('\n')}\n`);
    return 0;
  },
};
