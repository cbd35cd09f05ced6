// One estimate of a config: parameters, FLOPs, KV cache, memory, time — every number with the
// formula that produced it and the convention it follows, so every surface can show both.
import { attentionMlpCrossover, decodeStepFlops, elementwiseFlopsPerToken, forwardFlops, keysSeen, quadraticDominance, trainingFlops, type AttentionAccounting, type Recompute } from './flops';
import { crossCheckIndex, crossCheckIndexBytes, type CrossCheck } from './crossCheck';
import { findGpu, GPUS, type Gpu } from './gpus';
import { activationBytesPerLayer, bytesPerParam, fixedStateBytes, kvBytesAtContext, kvBytesPerElement, kvBytesPerToken, kvByLayerType, logitsBytes, perGpuStates, trainingStates, type Dtype, type Optimizer } from './memory';
import { countParameters, storedTensors, type ParamCounts } from './params';
import { findQuantizationConfig, QuantizationConfigError, quantizedLayout, type QuantizedLayout } from './quantization';
import { resolveModel } from './registry/registry';
import { ConfigError, type ModelSpec } from './spec';
import { groupDigits } from '../format/number';

export interface EstimateOptions {
  readonly seq: number;
  readonly batch: number;
  readonly dtype: Dtype;
  readonly kvDtype: Dtype;
  readonly optimizer: Optimizer;
  readonly attention: AttentionAccounting;
  readonly recompute: Recompute;
  readonly flashAttention: boolean;
  readonly zero: 0 | 1 | 2 | 3;
  readonly gpus: number;
  readonly tp: number;
  readonly pp: number;
  readonly gpu: string;
  /** Training tokens D, for time and 6·N·D. */
  readonly tokens?: number;
  /** Model FLOPs utilisation assumed for time estimates. */
  readonly mfu: number;
}

export const DEFAULT_OPTIONS: EstimateOptions = { seq: 2048, batch: 1, dtype: 'bf16', kvDtype: 'bf16', optimizer: 'adamw', attention: 'causal', recompute: 'none', flashAttention: true, zero: 0, gpus: 1, tp: 1, pp: 1, gpu: 'h100-sxm', mfu: 0.4 };

export interface Line {
  readonly section: 'Parameters' | 'FLOPs' | 'KV cache' | 'Memory' | 'Time';
  readonly label: string;
  readonly value: number;
  /** 'params', 'FLOPs', 'bytes', 's', '' … */
  readonly unit: string;
  readonly formula: string;
  readonly note?: string;
}

export interface Estimate {
  readonly spec: ModelSpec;
  readonly options: EstimateOptions;
  readonly gpu: Gpu;
  readonly params: ParamCounts;
  readonly flops: {
    readonly forwardPerSequence: number;
    readonly attentionPerSequence: number;
    readonly linearPerSequence: number;
    readonly forwardPerToken: number;
    readonly trainingPerSequence: number;
    readonly decodeStepAtContext: number;
    readonly sixNRatio: number;
    readonly attentionShare: number;
    readonly attentionMlpCrossover: number;
    readonly quadraticDominantFrom: number;
    readonly elementwisePerTokenApprox: number;
  };
  readonly kvCache: { readonly bytesPerToken: number; readonly bytesAtContext: number; readonly bytesAtMaxContext: number; readonly byLayerType: ReturnType<typeof kvByLayerType>; readonly fixedStateBytesPerSequence?: number };
  /** The checkpoint's quantized layout (quantization_config), or why it could not be laid out. */
  readonly quantization?: { readonly layout: QuantizedLayout } | { readonly error: string; readonly method: string };
  readonly memory: {
    /** Bytes of the weights as stored: the quantized layout's tensors, else params · bytes(dtype). */
    readonly weightsBytes: number;
    readonly gradientsBytes: number;
    readonly optimizerBytes: number;
    readonly activationsBytes: number;
    readonly logitsBytes: number;
    readonly perGpuTrainingBytes: number;
    readonly inferenceBytes: number;
    readonly weightsByDtype: Readonly<Record<Dtype, number>>;
    readonly fitsTraining: boolean;
    readonly fitsInference: boolean;
  };
  readonly time: { readonly trainingSeconds?: number; readonly decodeLatencyLowerBound: number };
  readonly conventions: readonly string[];
  readonly lines: readonly Line[];
}

function check(o: EstimateOptions): void {
  const positive = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new ConfigError(`--${name} must be a whole number ≥ 1, got ${v}`, name);
  };
  positive('seq', o.seq);
  positive('batch', o.batch);
  positive('gpus', o.gpus);
  positive('tp', o.tp);
  positive('pp', o.pp);
  if (o.gpus % (o.tp * o.pp) !== 0) throw new ConfigError(`--gpus (${o.gpus}) must be a multiple of tp × pp (${o.tp * o.pp})`, 'gpus');
  if (!(o.mfu > 0 && o.mfu <= 1)) throw new ConfigError(`MFU must be in (0, 1], got ${o.mfu}`, 'mfu');
  if (o.tokens !== undefined && !(o.tokens > 0)) throw new ConfigError(`--tokens must be positive, got ${o.tokens}`, 'tokens');
}

const TORCH_DTYPES: Readonly<Record<string, string>> = { float32: 'float32', float: 'float32', float16: 'float16', half: 'float16', bfloat16: 'bfloat16' };

/** The quantized layout of a spec's stored tensors (tied head left out), or the reason there is none. */
export function layoutOf(spec: ModelSpec, quantizationConfig: Record<string, unknown>): NonNullable<Estimate['quantization']> {
  const method = String(quantizationConfig.quant_method ?? (quantizationConfig.load_in_4bit || quantizationConfig.load_in_8bit ? 'bitsandbytes' : 'unknown'));
  try {
    const torch = TORCH_DTYPES[(spec.torchDtype ?? '').replace(/^torch\./, '')];
    // GPTQ/AWQ checkpoints keep what they do not quantize in float16 unless the config says otherwise.
    const dtype = torch ?? (/^(gptq|awq)$/i.test(method) ? 'float16' : 'bfloat16');
    return { layout: quantizedLayout(storedTensors(spec), quantizationConfig, { dtype, expertsInputFirst: spec.modelType === 'gpt_oss' }) };
  } catch (err) {
    if (err instanceof QuantizationConfigError) return { error: err.message, method };
    throw err;
  }
}

/** KV-cache dtype a config declares (compressed-tensors kv_cache_scheme, ModelOpt kv_cache_quant_algo, kv_cache_dtype). */
export function configKvDtype(config: unknown): Dtype | undefined {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const qc = findQuantizationConfig(config) ?? {};
  const scheme = qc.kv_cache_scheme;
  if (typeof scheme === 'object' && scheme !== null) {
    const s = scheme as Record<string, unknown>;
    if (s.num_bits === 8) return s.type === 'float' ? 'fp8' : 'int8';
    if (s.num_bits === 4) return 'int4';
  }
  const named = String(c.kv_cache_dtype ?? qc.kv_cache_dtype ?? qc.kv_cache_quant_algo ?? '').toLowerCase();
  if (/^(fp8|float8)/.test(named)) return 'fp8';
  if (named === 'int8') return 'int8';
  if (named === 'int4') return 'int4';
  return undefined;
}

/** The index's total_size against the estimate: the quantized layout's bytes, or parameters × torch_dtype. */
export function indexCheck(e: Estimate, indexJson: unknown): Pick<CrossCheck, 'indexTotalSize' | 'agrees' | 'message'> | undefined {
  if (e.quantization && 'layout' in e.quantization) return crossCheckIndexBytes(indexJson, e.quantization.layout.bytes, `${e.quantization.layout.method} layout's bytes`);
  return crossCheckIndex(indexJson, e.params.total, e.spec.torchDtype);
}

/** A config.json object → its estimate, with its quantization_config and KV-cache dtype applied. */
export function estimateConfig(config: unknown, options: Partial<EstimateOptions> = {}): Estimate {
  const spec = resolveModel(config);
  const kv = options.kvDtype ?? configKvDtype(config);
  return estimate(spec, { ...options, ...(kv ? { kvDtype: kv } : {}) }, findQuantizationConfig(config));
}

export function estimate(spec: ModelSpec, options: Partial<EstimateOptions> = {}, quantizationConfig?: Record<string, unknown>): Estimate {
  const o: EstimateOptions = { ...DEFAULT_OPTIONS, ...options };
  check(o);
  const gpu = findGpu(o.gpu);
  if (!gpu) throw new ConfigError(`Unknown GPU '${o.gpu}'. Known: ${GPUS.map((g) => g.id).join(', ')}`, 'gpu');
  const params = countParameters(spec);
  const s = o.seq;
  const accounting: AttentionAccounting = spec.attentionKind === 'bidirectional' && o.attention === 'causal' ? 'full' : o.attention;

  const fwd = forwardFlops(spec, s, accounting);
  const training = trainingFlops(spec, s, accounting, o.recompute, fwd);
  const crossover = attentionMlpCrossover(spec, accounting);
  const quadratic = quadraticDominance(spec, accounting);
  const decode = decodeStepFlops(spec, s);
  const n6 = 6 * params.active * s;
  const meanKeys = keysSeen(s, accounting, spec.slidingWindow) / s;
  const kvAtMax = kvBytesAtContext(spec, o.kvDtype, spec.maxPositions);

  const kvPerToken = kvBytesPerToken(spec, o.kvDtype);
  const states = trainingStates(spec, params.total, o.dtype, o.optimizer);
  const dp = o.gpus / (o.tp * o.pp);
  const perGpu = perGpuStates(states, { zero: o.zero, dp, tp: o.tp, pp: o.pp });
  const actPerLayer = activationBytesPerLayer(spec, { seq: s, batch: o.batch, recompute: o.recompute, flashAttention: o.flashAttention, tp: o.tp });
  // Encoder–decoder: encoder layers are counted like decoder layers (cross-attention inputs aside).
  const activations = (actPerLayer * (spec.layers + (spec.encoderDecoder?.encoderLayers ?? 0))) / o.pp;
  const logits = logitsBytes(spec, s, o.batch) / o.tp;
  const perGpuTraining = perGpu.total + activations + logits;
  const quantization = quantizationConfig ? layoutOf(spec, quantizationConfig) : undefined;
  const layout = quantization && 'layout' in quantization ? quantization.layout : undefined;
  const weights = layout ? layout.bytes : params.total * bytesPerParam(o.dtype);
  const kvAtContext = kvBytesAtContext(spec, o.kvDtype, s) * o.batch;
  // SSM / linear-attention layers keep a fixed state per sequence instead of a per-token cache.
  const fixedState = fixedStateBytes(spec, o.kvDtype);
  const inference = weights + kvAtContext + fixedState * o.batch;
  const weightsByDtype = Object.fromEntries((['fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4'] as Dtype[]).map((d) => [d, params.total * bytesPerParam(d)])) as Record<Dtype, number>;
  // Decode reads every active weight and the whole KV cache once per generated token.
  const decodeBytes = (layout ? activeStoredBytes(spec, layout) : params.active * bytesPerParam(o.dtype)) + kvAtContext;
  const trainingSeconds = o.tokens !== undefined ? (training / s) * o.tokens / (o.gpus * gpu.peakFlops * o.mfu) : undefined;

  const attnWord = accounting === 'full' ? 'full (every token sees all s keys)' : spec.slidingWindow ? `causal with sliding windows (token i sees min(i+1, window) keys on the ${spec.slidingLayers ?? spec.layers} sliding layers, i+1 elsewhere)` : 'causal (token i sees i+1 keys)';
  const conventions = [
    '1 multiply-add = 2 FLOPs; matmuls only (embedding gather 0; LM head counted even when tied); element-wise ops reported apart',
    `attention: ${attnWord}; attention core = 2·heads·(d_qk + d_v) FLOPs per query–key pair (QKᵀ and scores·V), each layer with its own window`,
    'FLOPs agree with torch.utils.flop_counter on an eager forward under --attention full (eager attention computes every query–key pair)',
    `training = 3 × forward${o.recompute === 'full' ? ' + 1 × forward (full recompute)' : o.recompute === 'selective' ? ' + attention core (selective recompute)' : ''}`,
    `memory in bytes; ${o.dtype === 'fp32' ? 'fp32 training' : `${o.dtype} mixed precision with fp32 master weights`}; KV cache in ${o.kvDtype}${o.kvDtype === 'fp8' || o.kvDtype === 'int8' || o.kvDtype === 'int4' ? ' sized per element (scales per head or tensor are a few bytes per layer)' : ''}`,
    ...(layout ? [`weights as the checkpoint stores them (${layout.description}): packed weights, scales, zero points, g_idx and unquantized modules, ${layout.bitsPerWeight.toFixed(3)} bits per weight; parameters unpacked; training states still assume ${o.dtype}`] : []),
    ...(quantization && 'error' in quantization ? [`quantization_config (${quantization.method}) not laid out: ${quantization.error}; weights shown at ${o.dtype}, not what the checkpoint holds`] : []),
    'parallel shares assume an even split over tp × pp; ZeRO shards over data parallel',
    'parameters of MoE: total counts every expert (memory); active counts top-k experts (compute)',
    ...(spec.encoderDecoder ? ['encoder–decoder: source and target both have s tokens; the encoder attends fully, the decoder causally plus cross-attention to all s source tokens'] : []),
    ...(spec.mla ? ['MLA: FLOPs without weight absorption (queries and keys of size qk_nope + qk_rope, values v_head_dim); the KV cache holds the latent (kv_lora_rank + qk_rope_head_dim), as inference engines keep it'] : []),
    'KV cache per layer type: K and V for full and sliding layers (sliding layers keep at most their window), the latent for MLA, nothing for layers that share another layer\'s cache; a fixed per-sequence state (SSM / linear-attention state, CPM-Ant\'s prompt K/V) is reported apart',
  ];

  const lines: Line[] = [
    { section: 'Parameters', label: 'total', value: params.total, unit: 'params', formula: 'Σ of every weight tensor (embeddings, layers, norms, untied head)' },
    ...(spec.moe ? [{ section: 'Parameters' as const, label: 'active per token', value: params.active, unit: 'params', formula: `shared + ${spec.moe.topK}/${spec.moe.experts} of the routed experts` }] : []),
    { section: 'Parameters', label: 'embedding', value: params.embedding, unit: 'params', formula: 'V·h (+ positions, token types)' },
    { section: 'Parameters', label: 'per layer', value: params.perLayer, unit: 'params', formula: 'q, k, v, o projections + MLP + norms' },
    { section: 'FLOPs', label: `forward, ${s} tokens`, value: fwd.total, unit: 'FLOPs', formula: `2·s·Σ matmul weights + Σ_layers 2·heads·(d_qk + d_v)·keys = ${fwd.linear.toExponential(3)} + ${fwd.attention.toExponential(3)}`, note: attnWord },
    { section: 'FLOPs', label: 'forward per token (mean)', value: fwd.total / s, unit: 'FLOPs', formula: 'forward / s' },
    { section: 'FLOPs', label: `training, ${s} tokens`, value: training, unit: 'FLOPs', formula: conventions[2] as string },
    { section: 'FLOPs', label: 'ratio to 6·N·s', value: training / n6, unit: '×', formula: `training / (6 · ${groupDigits(params.active)} · ${s})`, note: 'above 1: attention the rule of thumb misses; below 1: embeddings it counts but never multiplies' },
    { section: 'FLOPs', label: 'attention share of forward', value: fwd.attention / fwd.total, unit: '', formula: 'Σ_layers 2·heads·(d_qk + d_v)·keys / forward' },
    { section: 'FLOPs', label: 'attention block > MLP from', value: crossover, unit: 'tokens', formula: 'projections + QKᵀ + ·V = MLP, per token of a layer' },
    { section: 'FLOPs', label: 'quadratic term dominant from', value: quadratic, unit: 'tokens', formula: 'QKᵀ + ·V = all weight matmuls of a layer' },
    { section: 'FLOPs', label: `decode step at ${s} cached`, value: decode, unit: 'FLOPs', formula: '2·Σ decoder matmul weights + Σ_layers 2·heads·(d_qk + d_v)·min(c, window)' },
    { section: 'FLOPs', label: 'element-wise per token (approx.)', value: elementwiseFlopsPerToken(spec, meanKeys), unit: 'FLOPs', formula: 'norms 5h, activation 8f, softmax 5·heads·keys, residual 2h per layer' },
    { section: 'KV cache', label: 'per token', value: kvPerToken, unit: 'bytes', formula: kvFormula(spec, kvBytesPerElement(o.kvDtype)), note: spec.kvHeads < spec.heads && !spec.mla ? `GQA: ${spec.heads / spec.kvHeads}× smaller than MHA` : spec.mla ? 'MLA caches the compressed KV latent' : spec.encoderDecoder ? 'decoder self-attention; cross-attention K/V of the source are listed apart' : undefined },
    ...(fixedState > 0 ? [{ section: 'KV cache' as const, label: spec.inventory.prefixPositions ? 'fixed state per sequence (K/V of the prompt positions)' : 'fixed state per sequence (SSM / linear attention)', value: fixedState, unit: 'bytes', formula: spec.inventory.prefixPositions ? `Σ over ${new Set(spec.inventory.fixedState.map((x) => x.layer)).size} layers of ${spec.inventory.prefixPositions} prompt positions · K and V elements · ${kvBytesPerElement(o.kvDtype)} B` : `Σ over ${new Set(spec.inventory.fixedState.map((x) => x.layer)).size} recurrent layers of conv window + recurrent state elements · ${kvBytesPerElement(o.kvDtype)} B`, note: 'does not grow with the context' }] : []),
    { section: 'KV cache', label: `${o.batch} × ${s} tokens`, value: kvAtContext, unit: 'bytes', formula: spec.slidingWindow ? 'Σ_layers per-token bytes · min(context, window) · batch' : 'per token · batch · context' },
    { section: 'KV cache', label: `1 × ${spec.maxPositions} (max context)`, value: kvAtMax, unit: 'bytes', formula: spec.slidingWindow ? 'Σ_layers per-token bytes · min(max_position_embeddings, window)' : 'per token · max_position_embeddings', note: spec.slidingWindow ? `sliding layers keep at most ${spec.slidingWindow} tokens` : undefined },
    layout
      ? { section: 'Memory', label: `weights (${layout.method}, ${layout.bitsPerWeight.toFixed(2)} bits/weight)`, value: weights, unit: 'bytes', formula: `Σ stored tensors (${layout.storedTensorCount.toLocaleString('en-US')}): quantized ${layout.quantizedParameters.toLocaleString('en-US')} params at ${layout.quantizedBitsPerWeight.toFixed(3)} bits with scales/zeros + ${(layout.parameters - layout.quantizedParameters).toLocaleString('en-US')} unquantized`, note: layout.description }
      : { section: 'Memory', label: `weights (${o.dtype})`, value: weights, unit: 'bytes', formula: `params · ${bytesPerParam(o.dtype)} B`, ...(quantization && 'error' in quantization ? { note: `quantization_config not laid out: ${quantization.error}` } : {}) },
    { section: 'Memory', label: 'gradients', value: states.gradients, unit: 'bytes', formula: `params · ${states.perParam.gradients} B` },
    { section: 'Memory', label: `optimizer (${o.optimizer})`, value: states.optimizer, unit: 'bytes', formula: states.note },
    { section: 'Memory', label: `activations (${o.recompute} recompute${o.flashAttention ? ', FlashAttention' : ''})`, value: activations, unit: 'bytes', formula: 'Korthikanti et al. 2022 term by term with this model’s q, kv, MLP widths, per layer × L / pp' },
    { section: 'Memory', label: 'logits for the loss', value: logits, unit: 'bytes', formula: '6·s·b·V (bf16 logits + fp32 copy)' },
    { section: 'Memory', label: `training per GPU (${o.gpus} × ${gpu.name}, ZeRO ${o.zero}, tp ${o.tp}, pp ${o.pp})`, value: perGpuTraining, unit: 'bytes', formula: 'model states share + activations + logits', note: perGpuTraining <= gpu.memoryBytes ? `fits in ${gpu.memoryBytes / 1e9} GB` : `does not fit in ${gpu.memoryBytes / 1e9} GB` },
    { section: 'Memory', label: `inference (weights + KV cache, ${o.batch} × ${s})`, value: inference, unit: 'bytes', formula: fixedState > 0 ? 'weights + KV cache + fixed per-sequence state (recurrent state, prompt K/V) · batch; activations are transient and small' : 'weights + KV cache; activations are transient and small', note: inference <= gpu.memoryBytes * o.gpus ? 'fits' : 'does not fit' },
    { section: 'Time', label: 'decode latency lower bound per token', value: decodeBytes / gpu.bandwidth, unit: 's', formula: `(active weights + KV cache) bytes / ${gpu.bandwidth / 1e9} GB/s (${gpu.name})` },
    ...(trainingSeconds !== undefined ? [{ section: 'Time' as const, label: `training on ${o.tokens?.toExponential(2)} tokens`, value: trainingSeconds, unit: 's', formula: `training FLOPs per token · D / (${o.gpus} · ${gpu.peakFlops / 1e12} TFLOP/s · MFU ${o.mfu})`, note: gpu.source }] : []),
  ];

  return {
    spec,
    options: o,
    gpu,
    params,
    ...(quantization ? { quantization } : {}),
    flops: {
      forwardPerSequence: fwd.total,
      attentionPerSequence: fwd.attention,
      linearPerSequence: fwd.linear,
      forwardPerToken: fwd.total / s,
      trainingPerSequence: training,
      decodeStepAtContext: decode,
      sixNRatio: training / n6,
      attentionShare: fwd.attention / fwd.total,
      attentionMlpCrossover: crossover,
      quadraticDominantFrom: quadratic,
      elementwisePerTokenApprox: elementwiseFlopsPerToken(spec, meanKeys),
    },
    kvCache: { bytesPerToken: kvPerToken, bytesAtContext: kvAtContext, bytesAtMaxContext: kvAtMax, byLayerType: kvByLayerType(spec), ...(fixedState > 0 ? { fixedStateBytesPerSequence: fixedState } : {}) },
    memory: {
      weightsBytes: weights,
      gradientsBytes: states.gradients,
      optimizerBytes: states.optimizer,
      activationsBytes: activations,
      logitsBytes: logits,
      perGpuTrainingBytes: perGpuTraining,
      inferenceBytes: inference,
      weightsByDtype,
      fitsTraining: perGpuTraining <= gpu.memoryBytes,
      fitsInference: inference <= gpu.memoryBytes * o.gpus,
    },
    time: { ...(trainingSeconds !== undefined ? { trainingSeconds } : {}), decodeLatencyLowerBound: decodeBytes / gpu.bandwidth },
    conventions,
    lines,
  };
}

/** The JSON the CLI prints (snake_case, stable field names). */
export function estimateJson(e: Estimate): Record<string, unknown> {
  return {
    model: { family: e.spec.family, model_type: e.spec.modelType, approximate: e.spec.approximate, architecture: e.spec.architecture, layers: e.spec.layers, hidden: e.spec.hidden, heads: e.spec.heads, kv_heads: e.spec.kvHeads, head_dim: e.spec.headDim, vocab: e.spec.vocab, max_positions: e.spec.maxPositions },
    options: e.options,
    params: { total: e.params.total, active: e.params.active, embedding: e.params.embedding, non_embedding: e.params.nonEmbedding, per_layer: e.params.perLayer, by_component: e.params.byComponent },
    flops: {
      forward_per_sequence: e.flops.forwardPerSequence,
      forward_attention_per_sequence: e.flops.attentionPerSequence,
      forward_linear_per_sequence: e.flops.linearPerSequence,
      forward_per_token: e.flops.forwardPerToken,
      training_per_sequence: e.flops.trainingPerSequence,
      decode_step_at_context: e.flops.decodeStepAtContext,
      ratio_to_6nd: e.flops.sixNRatio,
      attention_share: e.flops.attentionShare,
      attention_mlp_crossover_tokens: e.flops.attentionMlpCrossover,
      quadratic_dominant_from_tokens: e.flops.quadraticDominantFrom,
      elementwise_per_token_approx: e.flops.elementwisePerTokenApprox,
    },
    kv_cache: { bytes_per_token: e.kvCache.bytesPerToken, bytes_at_context: e.kvCache.bytesAtContext, bytes_at_max_context: e.kvCache.bytesAtMaxContext, ...(e.kvCache.fixedStateBytesPerSequence !== undefined ? { fixed_state_bytes_per_sequence: e.kvCache.fixedStateBytesPerSequence } : {}) },
    memory: {
      weights_bytes: e.memory.weightsBytes,
      ...(e.quantization ? { quantization: quantizationJson(e.quantization) } : {}),
      gradients_bytes: e.memory.gradientsBytes,
      optimizer_bytes: e.memory.optimizerBytes,
      activations_bytes: e.memory.activationsBytes,
      logits_bytes: e.memory.logitsBytes,
      per_gpu_training_bytes: e.memory.perGpuTrainingBytes,
      inference_bytes: e.memory.inferenceBytes,
      weights_by_dtype: e.memory.weightsByDtype,
      fits_training: e.memory.fitsTraining,
      fits_inference: e.memory.fitsInference,
    },
    time: { training_seconds: e.time.trainingSeconds ?? null, decode_latency_lower_bound_s: e.time.decodeLatencyLowerBound },
    gpu: { id: e.gpu.id, name: e.gpu.name, source: e.gpu.source },
    conventions: e.conventions,
    assumptions: e.spec.assumptions,
    left_out: e.spec.leftOut,
    kv_cache_by_layer_type: e.kvCache.byLayerType.map((g) => ({ kind: g.kind, layers: g.layers, elements_per_token: g.elementsPerToken, ...(g.window !== undefined ? { window: g.window } : {}) })),
    fixed_state: e.spec.inventory.fixedState,
    tensors: e.spec.inventory.tensors.map((t) => ({ name: t.name, shape: t.shape, ...(t.tiedTo ? { tied_to: t.tiedTo } : {}), ...(t.activeShare !== 1 ? { active_share: t.activeShare } : {}) })),
  };
}

/** Bytes one token reads of a quantized layout: each stored tensor × the active share of the parameter it stores. */
function activeStoredBytes(spec: ModelSpec, layout: QuantizedLayout): number {
  const share = new Map(spec.inventory.tensors.map((t) => [t.name, t.activeShare]));
  let bytes = 0;
  for (const t of layout.tensors) {
    // Per-expert Linears split from a fused tensor share its active share.
    const s = share.get(t.of) ?? share.get(t.of.replace(/\.experts\.\{[\d-]+\}\.(gate|up)_proj\.weight$/, '.experts.gate_up_proj').replace(/\.experts\.\{[\d-]+\}\.down_proj\.weight$/, '.experts.down_proj')) ?? 1;
    bytes += t.bytes * s;
  }
  return bytes;
}

function quantizationJson(q: NonNullable<Estimate['quantization']>): Record<string, unknown> {
  if ('error' in q) return { method: q.method, error: q.error };
  const l = q.layout;
  return { method: l.method, description: l.description, bits_per_weight: l.bitsPerWeight, quantized_bits_per_weight: l.quantizedBitsPerWeight, quantized_parameters: l.quantizedParameters, parameters: l.parameters, stored_tensors: l.storedTensorCount, notes: l.notes };
}

function kvFormula(spec: ModelSpec, bytes: number): string {
  const groups = kvByLayerType(spec);
  if (!groups.length) return 'no layer caches K/V per token (state-space / recurrent layers keep a fixed state, listed apart)';
  if (spec.mla) return `Σ_layers (kv_lora_rank + qk_rope_head_dim) · bytes = ${spec.layers} · (${spec.mla.kvLoraRank} + ${spec.mla.qkRopeDim}) · ${bytes}`;
  if (groups.length === 1 && groups[0]?.kind !== 'latent') return `2 · L · n_kv · d_h · bytes = 2 · ${groups[0]?.layers ?? spec.layers} · ${spec.kvHeads} · ${spec.headDim} · ${bytes}`;
  return `Σ over layer types: ${groups.map((g) => `${g.layers} ${g.kind}${g.window ? ` (window ${g.window})` : ''} × ${g.layers ? g.elementsPerToken / g.layers : 0}`).join(' + ')} elements · ${bytes} B`;
}
