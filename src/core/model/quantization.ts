// Quantized Hugging Face checkpoints as their methods lay them out on disk. Given the parameter
// tensors of the unquantized model ({name, shape}, Hugging Face names, Linear weights [out, in]) and
// a config's quantization_config, lists the tensors the method stores — packed weights, scales, zero
// points, g_idx, absmax, unquantized modules — with dtypes and exact bytes, so that
//   weights bytes  = the bytes of those tensors (what a download or a load holds), and
//   parameters     = the unpacked count (packed int32 words are not 8 parameters' worth of anything).
// Layouts follow the writers: AutoGPTQ/GPTQModel QuantLinear, AutoAWQ GEMM, bitsandbytes
// Params4bit/Int8Params, transformers' FP8Linear (finegrained_fp8.py), its MXFP4 experts (mxfp4.py),
// fbgemm_fp8, and compressed-tensors' formats. Pure: no I/O. See docs/decisions/0011.

export interface ParamTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** Identical tensors this entry stands for (one per expert of a fused expert tensor); default 1. */
  readonly copies?: number;
}

export type StoredRole = 'weight' | 'packed' | 'scales' | 'zeros' | 'g_idx' | 'absmax' | 'quant_map' | 'quant_state' | 'input_scale' | 'shape' | 'bias';

export interface StoredTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly bytes: number;
  readonly role: StoredRole;
  /** The parameter this tensor stores or describes. */
  readonly of: string;
  /** Identical tensors this entry stands for (experts.{0-127}.…); bytes are their total. */
  readonly copies?: number;
}

export interface QuantizedLayout {
  readonly method: string;
  /** One line: "GPTQ 4-bit, group 128, desc_act, zero points". */
  readonly description: string;
  readonly tensors: readonly StoredTensor[];
  /** Unpacked parameters of the model (the sum of the input shapes). */
  readonly parameters: number;
  /** Parameters stored quantized. */
  readonly quantizedParameters: number;
  /** Bytes of every stored tensor. */
  readonly bytes: number;
  /** Tensors the checkpoint holds (entries standing for several count each copy). */
  readonly storedTensorCount: number;
  /** 8 × bytes of the quantized weights and their side tensors ÷ their parameters. */
  readonly quantizedBitsPerWeight: number;
  /** 8 × all bytes ÷ all parameters. */
  readonly bitsPerWeight: number;
  /** Assumptions and approximations, each stated. */
  readonly notes: readonly string[];
}

export class QuantizationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantizationConfigError';
  }
}

const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float64: 8, float32: 4, float16: 2, bfloat16: 2, float8_e4m3fn: 1, float8_e5m2: 1, float8_e8m0fnu: 1,
  int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const ceilDiv = (a: number, b: number) => Math.ceil(a / b);

/** The quantization_config of a config, at the top level or under text_config (multimodal models). */
export function findQuantizationConfig(config: unknown): Record<string, unknown> | undefined {
  if (!isRecord(config)) return undefined;
  if (isRecord(config.quantization_config)) return config.quantization_config;
  if (isRecord(config.text_config) && isRecord(config.text_config.quantization_config)) return config.text_config.quantization_config;
  if (isRecord(config.compression_config)) return config.compression_config; // older compressed-tensors
  return undefined;
}

/** Bytes per element of a KV cache dtype (fp8 / int8: 1, int4: ½; per element, not per block). */
export function kvCacheBytesPerElement(dtype: string): number {
  const d = dtype.toLowerCase().replace(/^torch\./, '');
  if (/^(fp8|float8)/.test(d) || d === 'int8' || d === 'uint8') return 1;
  if (d === 'int4' || d === 'fp4' || d === 'nf4') return 0.5;
  if (d === 'int2') return 0.25;
  const b = DTYPE_BYTES[d === 'fp16' || d === 'half' ? 'float16' : d === 'bf16' ? 'bfloat16' : d === 'fp32' || d === 'float' ? 'float32' : d];
  if (b === undefined) throw new QuantizationConfigError(`KV cache dtype '${dtype}' is not one of fp16, bf16, fp32, fp8, int8, int4`);
  return b;
}

/** Module-name patterns: exact module names or prefixes ("lm_head"), globs ("model.layers.*.self_attn"), "re:" regexes. */
function matcher(patterns: readonly string[]): (name: string) => boolean {
  const tests = patterns.map((p) => {
    if (p.startsWith('re:')) {
      const re = new RegExp(p.slice(3));
      return (n: string) => re.test(n);
    }
    if (p.includes('*')) {
      const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^]*')}(\\.|$)`);
      return (n: string) => re.test(n);
    }
    // A module name matches itself and everything under it, also as a suffix path ("lm_head" matches "lm_head.weight").
    return (n: string) => n === p || n.startsWith(`${p}.`) || n.includes(`.${p}.`) || n.endsWith(`.${p}`);
  });
  return (n) => tests.some((t) => t(n));
}

/** Linear weights of the decoder: 2-D ".weight" tensors that are not embeddings, heads or norms. */
export function isQuantizableLinear(p: ParamTensor): boolean {
  if (p.shape.length !== 2 || !p.name.endsWith('.weight')) return false;
  const module = p.name.slice(0, -'.weight'.length);
  // MoE routers (mlp.gate, router) are not nn.Linear in transformers and stay unquantized in published checkpoints.
  return !/(^|\.)(embed_tokens|embeddings?|word_embeddings|position_embeddings|wte|wpe|embed_positions|embed_in|embed_out|lm_head|output|score|classifier|gate|router)$/.test(module) && !/norm|ln_\d*$|ln_f$/.test(module);
}

interface Ctx {
  readonly dtype: string;
  /** Copies of the parameter being laid out (per-expert Linears of a fused tensor). */
  copies: number;
  readonly out: StoredTensor[];
  readonly notes: string[];
  quantized: number;
  quantizedBytes: number;
}

const add = (ctx: Ctx, t: Omit<StoredTensor, 'bytes'> & { bytes?: number }, quantized: boolean) => {
  const bytes = (t.bytes ?? product(t.shape) * (DTYPE_BYTES[t.dtype] ?? 1)) * ctx.copies;
  // One object literal of a fixed shape (spreads made laying out DeepSeek-V3 several times slower).
  const stored: StoredTensor = ctx.copies !== 1 ? { name: t.name, shape: t.shape, dtype: t.dtype, bytes, role: t.role, of: t.of, copies: ctx.copies } : { name: t.name, shape: t.shape, dtype: t.dtype, bytes, role: t.role, of: t.of };
  ctx.out.push(stored);
  if (quantized) ctx.quantizedBytes += bytes;
};
const keep = (ctx: Ctx, p: ParamTensor) => add(ctx, { name: p.name, shape: p.shape, dtype: ctx.dtype, role: p.name.endsWith('.bias') ? 'bias' : 'weight', of: p.name }, false);

type Layout = (ctx: Ctx, p: ParamTensor, module: string, out: number, inp: number) => void;

function bitsOf(qc: Record<string, unknown>, key: string, allowed: readonly number[], method: string): number {
  const b = qc[key];
  if (typeof b !== 'number' || !allowed.includes(b)) throw new QuantizationConfigError(`${method}: ${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(b)}`);
  return b;
}
function groupOf(qc: Record<string, unknown>, key: string, inp: number): number {
  const g = qc[key];
  return typeof g === 'number' && g > 0 ? g : inp; // -1 / absent: one group per column
}

/** GPTQ (AutoGPTQ / GPTQModel QuantLinear): qweight [in·b/32, out] int32, qzeros [groups, out·b/32] int32, scales [groups, out] fp16, g_idx [in] int32. */
function gptq(qc: Record<string, unknown>): { describe: string; layout: Layout; notes: string[] } {
  const bits = bitsOf(qc, 'bits', [2, 3, 4, 8], 'GPTQ');
  const descAct = qc.desc_act === true;
  const sym = qc.sym !== false;
  const layout: Layout = (ctx, p, module, out, inp) => {
    const g = groupOf(qc, 'group_size', inp);
    const groups = ceilDiv(inp, g);
    add(ctx, { name: `${module}.qweight`, shape: [ceilDiv(inp * bits, 32), out], dtype: 'int32', role: 'packed', of: p.name }, true);
    add(ctx, { name: `${module}.qzeros`, shape: [groups, ceilDiv(out * bits, 32)], dtype: 'int32', role: 'zeros', of: p.name }, true);
    add(ctx, { name: `${module}.scales`, shape: [groups, out], dtype: 'float16', role: 'scales', of: p.name }, true);
    add(ctx, { name: `${module}.g_idx`, shape: [inp], dtype: 'int32', role: 'g_idx', of: p.name }, true);
  };
  const g = qc.group_size;
  return {
    describe: `GPTQ ${bits}-bit, ${typeof g === 'number' && g > 0 ? `group ${g}` : 'one group per column'}${descAct ? ', desc_act (act order)' : ''}${sym ? ', symmetric' : ', zero points'}`,
    layout,
    notes: [`GPTQ checkpoints store g_idx (int32, one per input column) and qzeros for every layer whether or not desc_act is set${descAct ? '' : ' (without desc_act g_idx is just column ÷ group)'} and whether or not sym is (symmetric zero points are constant).`],
  };
}

/** AWQ GEMM (AutoAWQ): qweight [in, out·b/32] int32, qzeros [groups, out·b/32] int32, scales [groups, out] fp16. */
function awq(qc: Record<string, unknown>): { describe: string; layout: Layout; notes: string[] } {
  const bits = bitsOf(qc, qc.bits !== undefined ? 'bits' : 'w_bit', [4], 'AWQ');
  const zeros = qc.zero_point !== false;
  const version = String(qc.version ?? 'gemm').toLowerCase();
  const layout: Layout = (ctx, p, module, out, inp) => {
    const g = groupOf(qc, qc.group_size !== undefined ? 'group_size' : 'q_group_size', inp);
    const groups = ceilDiv(inp, g);
    add(ctx, { name: `${module}.qweight`, shape: [inp, ceilDiv(out * bits, 32)], dtype: 'int32', role: 'packed', of: p.name }, true);
    if (zeros) add(ctx, { name: `${module}.qzeros`, shape: [groups, ceilDiv(out * bits, 32)], dtype: 'int32', role: 'zeros', of: p.name }, true);
    add(ctx, { name: `${module}.scales`, shape: [groups, out], dtype: 'float16', role: 'scales', of: p.name }, true);
  };
  const g = qc.group_size ?? qc.q_group_size;
  return { describe: `AWQ ${bits}-bit (${version.toUpperCase()}), group ${String(g)}${zeros ? ', zero points' : ''}`, layout, notes: version === 'gemm' ? [] : [`AWQ ${version} packs differently; counted with the GEMM layout (the same bytes up to padding).`] };
}

/** bitsandbytes 4-bit (Params4bit): two values per uint8, absmax per block of 64, the 16-entry code book, a packed quant_state. */
function bnb4(qc: Record<string, unknown>, dtype: string): { describe: string; layout: Layout; notes: string[] } {
  const type = String(qc.bnb_4bit_quant_type ?? 'fp4');
  const double = qc.bnb_4bit_use_double_quant === true;
  const blocksize = 64;
  const layout: Layout = (ctx, p, module, out, inp) => {
    const n = out * inp;
    const blocks = ceilDiv(n, blocksize);
    add(ctx, { name: `${module}.weight`, shape: [ceilDiv(n, 2), 1], dtype: 'uint8', role: 'packed', of: p.name }, true);
    add(ctx, { name: `${module}.weight.absmax`, shape: [blocks], dtype: double ? 'uint8' : 'float32', role: 'absmax', of: p.name }, true);
    add(ctx, { name: `${module}.weight.quant_map`, shape: [16], dtype: 'float32', role: 'quant_map', of: p.name }, true);
    if (double) {
      add(ctx, { name: `${module}.weight.nested_absmax`, shape: [ceilDiv(blocks, 256)], dtype: 'float32', role: 'absmax', of: p.name }, true);
      add(ctx, { name: `${module}.weight.nested_quant_map`, shape: [256], dtype: 'float32', role: 'quant_map', of: p.name }, true);
    }
    // QuantState.as_dict(packed=True): the non-tensor fields as JSON bytes. nested_offset's digits vary.
    const json = JSON.stringify({ quant_type: type, blocksize, dtype, shape: [out, inp], ...(double ? { nested_blocksize: 256, nested_dtype: 'float32', nested_offset: 0.012345678901234567 } : {}) }).replace(/,/g, ', ').replace(/:/g, ': ');
    add(ctx, { name: `${module}.weight.quant_state.bitsandbytes__${type}`, shape: [json.length], dtype: 'uint8', role: 'quant_state', of: p.name }, true);
  };
  return {
    describe: `bitsandbytes 4-bit ${type}${double ? ', double quantization (absmax in 8 bits)' : ''}, blocks of ${blocksize}`,
    layout,
    notes: ['bitsandbytes quant_state JSON per layer is counted at its usual length (a few bytes either way with nested_offset\'s digits).'],
  };
}

/** bitsandbytes 8-bit (LLM.int8, Int8Params): int8 weight and one float32 scale (SCB) per output row. */
function bnb8(): { describe: string; layout: Layout; notes: string[] } {
  return {
    describe: 'bitsandbytes 8-bit (LLM.int8)',
    layout: (ctx, p, module, out, inp) => {
      add(ctx, { name: `${module}.weight`, shape: [out, inp], dtype: 'int8', role: 'packed', of: p.name }, true);
      add(ctx, { name: `${module}.SCB`, shape: [out], dtype: 'float32', role: 'scales', of: p.name }, true);
    },
    notes: [],
  };
}

/** FP8 (transformers FP8Linear): float8_e4m3fn weight; weight_scale_inv per weight_block_size block (float32) or one per tensor. */
function fp8(qc: Record<string, unknown>): { describe: string; layout: Layout; notes: string[] } {
  const block = Array.isArray(qc.weight_block_size) && qc.weight_block_size.length === 2 ? (qc.weight_block_size as number[]) : undefined;
  const staticActivations = qc.activation_scheme === 'static';
  const ue8m0 = qc.scale_fmt === 'ue8m0';
  return {
    describe: `FP8 e4m3 weights, ${block ? `block-wise scales ${block[0]}×${block[1]}` : 'one scale per tensor'}${staticActivations ? ', static activation scales' : ''}`,
    layout: (ctx, p, module, out, inp) => {
      add(ctx, { name: `${module}.weight`, shape: [out, inp], dtype: 'float8_e4m3fn', role: 'packed', of: p.name }, true);
      add(ctx, { name: `${module}.weight_scale_inv`, shape: block ? [ceilDiv(out, block[0] as number), ceilDiv(inp, block[1] as number)] : [], dtype: ue8m0 ? 'float8_e8m0fnu' : 'float32', role: 'scales', of: p.name }, true);
      if (staticActivations) add(ctx, { name: `${module}.activation_scale`, shape: [], dtype: 'float32', role: 'input_scale', of: p.name }, true);
    },
    notes: [],
  };
}

/** fbgemm FP8: float8_e4m3fn weight, one float32 scale per output row. */
function fbgemmFp8(): { describe: string; layout: Layout; notes: string[] } {
  return {
    describe: 'FBGEMM FP8 e4m3 weights, per-row scales',
    layout: (ctx, p, module, out, inp) => {
      add(ctx, { name: `${module}.weight`, shape: [out, inp], dtype: 'float8_e4m3fn', role: 'packed', of: p.name }, true);
      add(ctx, { name: `${module}.weight_scale`, shape: [out, 1], dtype: 'float32', role: 'scales', of: p.name }, true);
    },
    notes: [],
  };
}

/** compressed-tensors (llm-compressor): the first config group's weight scheme, by format. */
function compressedTensors(qc: Record<string, unknown>, dtype: string): { describe: string; layout: Layout; notes: string[]; targets: (p: ParamTensor) => boolean; ignore: string[] } {
  const groups = isRecord(qc.config_groups) ? Object.values(qc.config_groups).filter(isRecord) : [];
  const group = groups[0];
  const w = group && isRecord(group.weights) ? group.weights : undefined;
  if (!group || !w) throw new QuantizationConfigError('compressed-tensors: config_groups has no group with "weights"');
  const format = String(group.format ?? qc.format ?? 'naive-quantized');
  const bits = typeof w.num_bits === 'number' ? w.num_bits : 8;
  const type = String(w.type ?? 'int');
  const strategy = String(w.strategy ?? 'tensor');
  const g = typeof w.group_size === 'number' ? w.group_size : undefined;
  const blockStructure = Array.isArray(w.block_structure) ? (w.block_structure as number[]) : undefined;
  const symmetric = w.symmetric !== false;
  const inputs = isRecord(group.input_activations) ? group.input_activations : undefined;
  const staticInput = inputs !== undefined && inputs.dynamic === false;
  const targetList = Array.isArray(group.targets) ? (group.targets as string[]) : ['Linear'];
  const targetRe = targetList.filter((t) => t.startsWith('re:'));
  const targets = (p: ParamTensor) => (targetList.includes('Linear') && isQuantizableLinear(p)) || (targetRe.length > 0 && p.shape.length === 2 && matcher(targetRe)(p.name.replace(/\.weight$/, '')));
  const scaleShape = (out: number, inp: number): number[] => {
    if (strategy === 'group' || strategy === 'tensor_group') return [out, ceilDiv(inp, g ?? inp)];
    if (strategy === 'channel') return [out, 1];
    if (strategy === 'block' && blockStructure) return [ceilDiv(out, blockStructure[0] as number), ceilDiv(inp, blockStructure[1] as number)];
    return [1];
  };
  const layout: Layout = (ctx, p, module, out, inp) => {
    const scales = scaleShape(out, inp);
    if (format === 'nvfp4-pack-quantized') {
      add(ctx, { name: `${module}.weight_packed`, shape: [out, ceilDiv(inp, 2)], dtype: 'uint8', role: 'packed', of: p.name }, true);
      add(ctx, { name: `${module}.weight_scale`, shape: [out, ceilDiv(inp, g ?? 16)], dtype: 'float8_e4m3fn', role: 'scales', of: p.name }, true);
      add(ctx, { name: `${module}.weight_global_scale`, shape: [1], dtype: 'float32', role: 'scales', of: p.name }, true);
      if (inputs) add(ctx, { name: `${module}.input_global_scale`, shape: [1], dtype: 'float32', role: 'input_scale', of: p.name }, true);
      return;
    }
    if (format === 'pack-quantized') {
      add(ctx, { name: `${module}.weight_packed`, shape: [out, ceilDiv(inp * bits, 32)], dtype: 'int32', role: 'packed', of: p.name }, true);
      add(ctx, { name: `${module}.weight_shape`, shape: [2], dtype: 'int64', role: 'shape', of: p.name }, true);
      if (!symmetric) add(ctx, { name: `${module}.weight_zero_point`, shape: [ceilDiv((scales[0] as number) * bits, 32), ...scales.slice(1)], dtype: 'int32', role: 'zeros', of: p.name }, true);
    } else {
      const stored = type === 'float' ? 'float8_e4m3fn' : bits <= 8 ? 'int8' : dtype;
      add(ctx, { name: `${module}.weight`, shape: [out, inp], dtype: stored, role: 'packed', of: p.name }, true);
      if (!symmetric) add(ctx, { name: `${module}.weight_zero_point`, shape: scales, dtype: 'int8', role: 'zeros', of: p.name }, true);
    }
    add(ctx, { name: `${module}.weight_scale`, shape: scales, dtype: type === 'float' && format === 'float-quantized' ? dtype : dtype, role: 'scales', of: p.name }, true);
    if (staticInput) add(ctx, { name: `${module}.input_scale`, shape: [1], dtype, role: 'input_scale', of: p.name }, true);
  };
  return {
    describe: `compressed-tensors ${format}: ${type === 'float' ? 'FP' : 'INT'}${bits} weights, ${strategy}${g ? ` ${g}` : ''} scales${symmetric ? '' : ', zero points'}${inputs ? `, ${staticInput ? 'static' : 'dynamic'} activation quantization` : ''}`,
    layout,
    notes: groups.length > 1 ? [`only the first of ${groups.length} config groups is applied`] : [],
    targets,
    ignore: Array.isArray(qc.ignore) ? (qc.ignore as string[]) : [],
  };
}

export interface LayoutOptions {
  /** dtype of everything not quantized (config torch_dtype / dtype); default bfloat16. */
  readonly dtype?: string;
  /** Fused 3-D experts are [E, in, out] (gpt-oss) rather than transformers' usual [E, out, in]. */
  readonly expertsInputFirst?: boolean;
}

/**
 * transformers v5 fuses each layer's experts into 3-D tensors (experts.gate_up_proj [E, 2f, h],
 * experts.down_proj [E, h, f]); quantized checkpoints store one Linear per expert
 * (experts.{e}.gate_proj / up_proj / down_proj), each with its own scales. Split them back.
 */
export function splitFusedExperts(params: readonly ParamTensor[], inputFirst = false): ParamTensor[] {
  const out: ParamTensor[] = [];
  for (const p of params) {
    const m = p.shape.length === 3 ? /^(.*\.experts)\.(gate_up_proj|down_proj)$/.exec(p.name) : null;
    if (!m) {
      out.push(p);
      continue;
    }
    const [e, a, b] = p.shape as [number, number, number];
    const [rows, cols] = inputFirst ? [b, a] : [a, b];
    // One entry per projection standing for all E experts (laying out 44,000 Linears one by one is slow).
    const experts = `${m[1]}.{0-${e - 1}}`;
    if (m[2] === 'down_proj') out.push({ name: `${experts}.down_proj.weight`, shape: [rows, cols], copies: e });
    else out.push({ name: `${experts}.gate_proj.weight`, shape: [rows / 2, cols], copies: e }, { name: `${experts}.up_proj.weight`, shape: [rows / 2, cols], copies: e });
  }
  return out;
}

/** MXFP4 (gpt-oss): the experts' 3-D [E, in, out] weights as blocks of 32 e2m1 values (16 bytes) and one e8m0 scale each. */
function mxfp4Experts(ctx: Ctx, p: ParamTensor): boolean {
  if (p.shape.length !== 3 || !/\.experts\.(gate_up_proj|down_proj)$/.test(p.name)) return false;
  const [e, inp, out] = p.shape as [number, number, number];
  if (inp % 32 !== 0) throw new QuantizationConfigError(`MXFP4: ${p.name} has ${inp} inputs, not whole blocks of 32`);
  add(ctx, { name: `${p.name}_blocks`, shape: [e, out, inp / 32, 16], dtype: 'uint8', role: 'packed', of: p.name }, true);
  add(ctx, { name: `${p.name}_scales`, shape: [e, out, inp / 32], dtype: 'uint8', role: 'scales', of: p.name }, true);
  ctx.quantized += product(p.shape);
  return true;
}

/**
 * The tensors a quantization method stores for these parameters, with their bytes. Throws
 * QuantizationConfigError for a method or setting it does not know (never a silent guess).
 */
export function quantizedLayout(allParams: readonly ParamTensor[], quantizationConfig: unknown, options: LayoutOptions = {}): QuantizedLayout {
  if (!isRecord(quantizationConfig)) throw new QuantizationConfigError('quantization_config must be an object');
  const unsplit = String(quantizationConfig.quant_method ?? '').toLowerCase() === 'mxfp4';
  const params = unsplit ? allParams : splitFusedExperts(allParams, options.expertsInputFirst);
  const qc = quantizationConfig;
  const dtype = options.dtype ?? 'bfloat16';
  const method = String(qc.quant_method ?? (qc.load_in_4bit || qc.load_in_8bit ? 'bitsandbytes' : '')).toLowerCase();
  const ctx: Ctx = { dtype, copies: 1, out: [], notes: [], quantized: 0, quantizedBytes: 0 };
  const skipNames = [...(Array.isArray(qc.modules_to_not_convert) ? (qc.modules_to_not_convert as string[]) : []), ...(Array.isArray(qc.llm_int8_skip_modules) ? (qc.llm_int8_skip_modules as string[]) : [])];
  let spec: { describe: string; layout: Layout; notes: string[] };
  let targets: (p: ParamTensor) => boolean = isQuantizableLinear;
  let ignore = skipNames;
  switch (method) {
    case 'gptq':
      spec = gptq(qc);
      break;
    case 'awq':
      spec = awq(qc);
      break;
    case 'bitsandbytes':
      spec = qc.load_in_4bit === true || qc._load_in_4bit === true ? bnb4(qc, dtype) : qc.load_in_8bit === true || qc._load_in_8bit === true ? bnb8() : (() => { throw new QuantizationConfigError('bitsandbytes: neither load_in_4bit nor load_in_8bit is true'); })();
      if (skipNames.length === 0) ignore = ['lm_head'];
      break;
    case 'fp8':
      spec = fp8(qc);
      break;
    case 'fbgemm_fp8':
      spec = fbgemmFp8();
      break;
    case 'mxfp4': {
      const skip = matcher(skipNames);
      for (const p of params) if (skip(p.name) || !mxfp4Experts(ctx, p)) keep(ctx, p);
      return finish('mxfp4', 'MXFP4 experts (blocks of 32 e2m1 values with an e8m0 scale: 4.25 bits per weight), the rest unquantized', params, ctx, []);
    }
    case 'compressed-tensors': {
      const ct = compressedTensors(qc, dtype);
      spec = ct;
      targets = ct.targets;
      ignore = ct.ignore;
      break;
    }
    default:
      throw new QuantizationConfigError(`quant_method '${String(qc.quant_method)}' is not one Model Math lays out (gptq, awq, bitsandbytes, fp8, fbgemm_fp8, mxfp4, compressed-tensors)`);
  }
  const skip = matcher(ignore);
  let skippedLinear = 0;
  // Tensors of a quantized module other than its weight (the bias) stay as they are.
  for (const p of params) {
    const module = p.name.replace(/\.weight$/, '');
    ctx.copies = p.copies ?? 1;
    if (targets(p) && !skip(module)) {
      const [out, inp] = p.shape as [number, number];
      spec.layout(ctx, p, module, out, inp);
      ctx.quantized += out * inp * ctx.copies;
    } else {
      if (isQuantizableLinear(p)) skippedLinear += ctx.copies;
      keep(ctx, p);
    }
  }
  const notes = [...spec.notes];
  if (ignore.length) notes.push(`not quantized (modules_to_not_convert / ignore): ${ignore.join(', ')}${skippedLinear ? ` (${skippedLinear} linear weights)` : ''}`);
  if (method === 'gptq' || method === 'awq') notes.push(`unquantized tensors in ${dtype}; GPTQ/AWQ scales in float16`);
  return finish(method, spec.describe, params, ctx, notes);
}

function finish(method: string, description: string, params: readonly ParamTensor[], ctx: Ctx, notes: string[]): QuantizedLayout {
  const parameters = params.reduce((a, p) => a + product(p.shape) * (p.copies ?? 1), 0);
  const bytes = ctx.out.reduce((a, t) => a + t.bytes, 0);
  return {
    method,
    description,
    tensors: ctx.out,
    parameters,
    quantizedParameters: ctx.quantized,
    bytes,
    storedTensorCount: ctx.out.reduce((a, t) => a + (t.copies ?? 1), 0),
    quantizedBitsPerWeight: ctx.quantized ? (8 * ctx.quantizedBytes) / ctx.quantized : 0,
    bitsPerWeight: parameters ? (8 * bytes) / parameters : 0,
    notes: [...notes, ...ctx.notes],
  };
}
