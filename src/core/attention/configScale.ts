// The attention scale a Hugging Face config implies: head size, the base scale and every field
// models use to change it (Gemma, Gemma 2, Granite, Qwen-1, Llama 4, YaRN/LongRoPE, DeepSeek MLA).
import type { ScaleChoice } from './choices';
import { logLengthFactor } from './scales';

export interface ConfigNote {
  /** The config field (dotted for nested ones). */
  readonly field: string;
  readonly value: string;
  /** What it does to the scale, in words. */
  readonly effect: string;
}

export interface AttentionConfig {
  readonly headDim: number;
  /** Where headDim came from (e.g. "head_dim", "hidden_size / num_attention_heads"). */
  readonly headDimFrom: string;
  readonly maxPositions?: number;
  /** Pre-extension training length (rope_scaling.original_max_position_embeddings, Qwen-1 seq_length). */
  readonly trainLength?: number;
  readonly causal: boolean;
  /** The scale at short lengths (before any length-dependent factor). */
  readonly baseScale: number;
  readonly baseFormula: string;
  /** The model's scale as a function of the keys n (includes length factors). */
  readonly choice: ScaleChoice;
  readonly notes: readonly ConfigNote[];
  /** Logit soft-capping (Gemma 2): logits pass through cap·tanh(x/cap). */
  readonly softcap?: number;
}

export class AttentionConfigError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AttentionConfigError';
  }
}

type Json = Record<string, unknown>;
const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const positive = (x: unknown): number | undefined => {
  const v = num(x);
  return v !== undefined && v > 0 ? v : undefined;
};
const fmt = (x: number) => String(Number(x.toPrecision(6)));

/** HF's get_mscale: 0.1·m·ln(s) + 1 for s > 1 (YaRN, DeepSeek). */
export function yarnMscale(factor: number, m = 1): number {
  return factor <= 1 ? 1 : 0.1 * m * Math.log(factor) + 1;
}

/** Llama 4 attention temperature tuning for a query at position pos (0-based): log(⌊(pos+1)/floor⌋ + 1)·attn_scale + 1. */
export function llama4TemperatureFactor(pos: number, floorScale: number, attnScale: number): number {
  return Math.log(Math.floor((pos + 1) / floorScale) + 1) * attnScale + 1;
}

function headDimOf(cfg: Json): { headDim: number; from: string } {
  const qkNope = positive(cfg.qk_nope_head_dim);
  const qkRope = positive(cfg.qk_rope_head_dim);
  if (qkNope !== undefined && qkRope !== undefined) return { headDim: qkNope + qkRope, from: 'qk_nope_head_dim + qk_rope_head_dim (MLA query/key size)' };
  for (const key of ['head_dim', 'd_kv', 'kv_channels', 'attention_head_size']) {
    const v = positive(cfg[key]);
    if (v !== undefined) return { headDim: v, from: key };
  }
  const hidden = positive(cfg.hidden_size ?? cfg.n_embd ?? cfg.d_model);
  const heads = positive(cfg.num_attention_heads ?? cfg.n_head ?? cfg.num_heads);
  if (hidden !== undefined && heads !== undefined) {
    if (hidden % heads !== 0) throw new AttentionConfigError(`hidden_size (${hidden}) is not divisible by num_attention_heads (${heads}); give "head_dim"`, 'head_dim');
    return { headDim: hidden / heads, from: 'hidden_size / num_attention_heads' };
  }
  throw new AttentionConfigError('The config has no head size: give "head_dim", or "hidden_size" and "num_attention_heads"', 'head_dim');
}

/** Reads the attention scale of a config.json (the text model's part for multimodal configs). */
export function attentionFromConfig(raw: unknown): AttentionConfig {
  if (!isRecord(raw)) throw new AttentionConfigError('A model config must be a JSON object');
  const cfg: Json = isRecord(raw.text_config) && raw.hidden_size === undefined ? { ...raw.text_config } : raw;
  const prefix = cfg === raw ? '' : 'text_config.';
  const modelType = typeof cfg.model_type === 'string' ? cfg.model_type : typeof raw.model_type === 'string' ? raw.model_type : '';
  const { headDim, from } = headDimOf(cfg);
  const notes: ConfigNote[] = [];
  const maxPositions = positive(cfg.max_position_embeddings ?? cfg.n_positions ?? cfg.n_ctx ?? cfg.seq_length);
  const encoder = /^(bert|roberta|deberta|electra|albert|distilbert|xlm-roberta)/.test(modelType) || cfg.is_decoder === false;
  const t5 = modelType === 't5' || modelType === 'mt5' || modelType === 'umt5';

  let baseScale = 1 / Math.sqrt(headDim);
  let baseFormula = `1/√${headDim}`;
  const qpas = positive(cfg.query_pre_attn_scalar);
  if (qpas !== undefined) {
    baseScale = 1 / Math.sqrt(qpas);
    baseFormula = `1/√${qpas}`;
    notes.push({ field: `${prefix}query_pre_attn_scalar`, value: fmt(qpas), effect: qpas === headDim ? `queries are scaled by ${baseFormula} = 1/√head_dim (the standard scale, stated explicitly)` : `queries are scaled by ${baseFormula} instead of 1/√head_dim = 1/√${headDim} (${fmt(Math.sqrt(headDim / qpas))}× the standard logits)` });
  }
  const multiplier = positive(cfg.attention_multiplier);
  if (multiplier !== undefined) {
    baseScale = multiplier;
    baseFormula = fmt(multiplier);
    const ratio = multiplier * Math.sqrt(headDim);
    notes.push({ field: `${prefix}attention_multiplier`, value: fmt(multiplier), effect: `replaces 1/√d: logits are q·k × ${fmt(multiplier)} (${fmt(ratio)}× the standard scale${Math.abs(multiplier * headDim - 1) < 1e-9 ? '; that is 1/d, the μP choice' : ''})` });
  }
  if (t5) notes.push({ field: 'model_type', value: modelType, effect: 'T5 applies no 1/√d in attention; the query projection is initialised with std (d_model·d_kv)^−½ instead, which has the same effect at initialisation' });

  // Length-dependent factors.
  let trainLength: number | undefined;
  const factors: ((n: number) => number)[] = [];
  const rope = isRecord(cfg.rope_scaling) ? cfg.rope_scaling : undefined;
  if (rope) {
    const type = typeof rope.rope_type === 'string' ? rope.rope_type : typeof rope.type === 'string' ? rope.type : '';
    const factor = positive(rope.factor);
    const original = positive(rope.original_max_position_embeddings);
    if (original !== undefined) trainLength = original;
    if (type === 'yarn' && factor !== undefined) {
      const mscale = num(rope.mscale);
      const mscaleAll = num(rope.mscale_all_dim);
      const explicit = positive(rope.attention_factor);
      if (modelType.startsWith('deepseek') && mscaleAll) {
        // DeepSeek-V2/V3: softmax_scale = qk_head_dim^−½ · mscale², mscale = 0.1·mscale_all_dim·ln(factor) + 1.
        const m = yarnMscale(factor, mscaleAll);
        baseScale *= m * m;
        baseFormula = `${baseFormula} × ${fmt(m)}²`;
        notes.push({ field: `${prefix}rope_scaling.mscale_all_dim`, value: fmt(mscaleAll), effect: `YaRN: the softmax scale is multiplied by mscale² = (0.1·${fmt(mscaleAll)}·ln ${fmt(factor)} + 1)² = ${fmt(m * m)}` });
      } else {
        const att = explicit ?? (mscale && mscaleAll ? yarnMscale(factor, mscale) / yarnMscale(factor, mscaleAll) : yarnMscale(factor));
        baseScale *= att * att;
        baseFormula = `${baseFormula} × ${fmt(att)}²`;
        notes.push({ field: `${prefix}rope_scaling`, value: `yarn, factor ${fmt(factor)}`, effect: `YaRN multiplies cos/sin by ${fmt(att)}, so logits by ${fmt(att * att)} = (1 + 0.1·ln ${fmt(factor)})²${explicit ? ' (attention_factor given)' : ''}` });
      }
    } else if (type === 'longrope') {
      const ratio = maxPositions && original ? maxPositions / original : undefined;
      const explicit = positive(rope.attention_factor);
      const att = explicit ?? (ratio && ratio > 1 && original ? Math.sqrt(1 + Math.log(ratio) / Math.log(original)) : 1);
      if (att !== 1) {
        baseScale *= att * att;
        baseFormula = `${baseFormula} × ${fmt(att)}²`;
      }
      notes.push({ field: `${prefix}rope_scaling`, value: 'longrope', effect: `LongRoPE multiplies cos/sin by ${fmt(att)} = √(1 + ln(L/L₀)/ln L₀), so logits by ${fmt(att * att)}` });
    } else if (type) {
      notes.push({ field: `${prefix}rope_scaling`, value: `${type}${factor ? `, factor ${fmt(factor)}` : ''}`, effect: `changes RoPE frequencies only; the softmax scale is unchanged${factor ? ` (YaRN would multiply logits by ${fmt((1 + 0.1 * Math.log(factor)) ** 2)} for this factor)` : ''}` });
    }
  }
  if (cfg.use_logn_attn === true) {
    const L = positive(cfg.seq_length) ?? 2048;
    trainLength = L;
    factors.push((n) => logLengthFactor(n, L));
    notes.push({ field: `${prefix}use_logn_attn`, value: 'true', effect: `Qwen log-n attention: queries past position ${L} (seq_length) are multiplied by log_${L}(n), i.e. max(1, log n / log ${L})` });
  }
  const tuning = cfg.attn_temperature_tuning;
  if (tuning === true || (typeof tuning === 'number' && tuning > 0)) {
    const floorScale = positive(cfg.floor_scale) ?? 8192;
    const attnScale = positive(cfg.attn_scale) ?? 0.1;
    factors.push((n) => llama4TemperatureFactor(n - 1, floorScale, attnScale));
    notes.push({ field: `${prefix}attn_temperature_tuning`, value: tuning === true ? 'true' : String(tuning as number), effect: `Llama 4: in the NoPE layers queries at position p are multiplied by log(⌊(p+1)/${floorScale}⌋ + 1)·${attnScale} + 1 (1 below ${floorScale} tokens, ${fmt(llama4TemperatureFactor(8 * floorScale - 1, floorScale, attnScale))} at ${8 * floorScale}); RoPE layers keep the base scale` });
  }
  const softcap = positive(cfg.attn_logit_softcapping);
  if (softcap !== undefined) notes.push({ field: `${prefix}attn_logit_softcapping`, value: fmt(softcap), effect: `logits pass through ${fmt(softcap)}·tanh(x/${fmt(softcap)}), so no logit exceeds ±${fmt(softcap)}: rows cannot saturate beyond e^{${fmt(2 * softcap)}} ratios` });
  const slidingWindow = positive(cfg.sliding_window);
  if (slidingWindow !== undefined && cfg.use_sliding_window !== false) notes.push({ field: `${prefix}sliding_window`, value: fmt(slidingWindow), effect: `sliding-window layers see at most ${fmt(slidingWindow)} keys, so their n stops growing there` });

  const scale = baseScale;
  const lengthDependent = factors.length > 0;
  const choice: ScaleChoice = {
    id: 'config',
    label: `this config (${baseFormula}${lengthDependent ? ' × length factor' : ''})`,
    tex: String.raw`${fmt(scale)}${lengthDependent ? String.raw`\cdot f(n)` : ''}`,
    formula: `${baseFormula}${lengthDependent ? ' × length factor' : ''}`,
    kind: 'dot',
    scale: (n) => factors.reduce((s, f) => s * f(n), scale),
    lengthDependent,
    source: 'config.json',
  };
  return {
    headDim,
    headDimFrom: from,
    ...(maxPositions !== undefined ? { maxPositions } : {}),
    ...(trainLength !== undefined ? { trainLength } : {}),
    causal: !encoder,
    baseScale,
    baseFormula,
    choice,
    notes,
    ...(softcap !== undefined ? { softcap } : {}),
  };
}
