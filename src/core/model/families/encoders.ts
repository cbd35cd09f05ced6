// BERT variants that differ from BERT only in names, embeddings, norm placement, relative
// position tables or heads: one configurable builder (bertEncoder) with small options, so each
// type is a few lines of data. Layers are BERT's (attention.self.{query,key,value},
// attention.output, intermediate, output) unless a variant replaces the layer.
import { ConfigError } from '../spec';
import { headKind } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import { ConfigReader, MAX_LAYERS, isRecord } from '../registry/configReader';
import { maxPositions } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';
import { encoderDims, modernbertBody, type EncoderDims } from './bert';

export function isCausal(architecture: string): boolean {
  return /(LMHeadModel|ForCausalLM|Decoder)$/.test(architecture);
}

/** Encoder attention of one layer: bidirectional, or causal with a K/V cache for *LMHeadModel / *ForCausalLM. */
export function encoderAttend(b: InventoryBuilder, l: number, d: { heads: number; headDim: number }, causal: boolean, extra: { pairsAt?: (s: number) => number; window?: number } = {}): void {
  if (causal) b.attend(l, 'full', { heads: d.heads, qkDim: d.headDim, cachePerToken: 2 * d.heads * d.headDim, ...extra });
  else b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0, ...extra });
}

export function encoderSummary(c: ConfigReader, ctx: BuildContext, d: EncoderDims, head: Summary['head'], tied: boolean, o: { gated?: boolean; causal?: boolean; positions?: number } = {}): Summary {
  return {
    attentionKind: (o.causal ?? isCausal(ctx.architecture)) ? 'causal' : 'bidirectional',
    hidden: d.hidden,
    layers: d.layers,
    heads: d.heads,
    kvHeads: d.heads,
    headDim: d.headDim,
    vocab: d.vocab,
    maxPositions: o.positions ?? maxPositions(c, ctx, 512),
    mlpWidth: d.width,
    gatedMlp: o.gated ?? false,
    activation: c.str('hidden_act', c.str('hidden_activation', c.str('activation', 'gelu'))),
    head,
    tiedEmbeddings: tied,
  };
}

/**
 * The MLM head: a dense + LayerNorm transform, then a decoder tied to the word embeddings with a
 * bias that is itself tied to `bias` (BERT: cls.predictions.bias, RoBERTa: lm_head.bias).
 */
export function mlmHead(b: InventoryBuilder, o: { dense?: string; norm?: string; decoder: string; bias: string; embedWidth: number; hidden: number; vocab: number; embedding: string; tied: boolean; decoderBias?: boolean }): void {
  b.tensor(o.bias, [o.vocab], 'head');
  if (o.dense) b.linear(o.dense, o.embedWidth, o.hidden, true, 'head');
  if (o.norm) b.norm(o.norm, o.embedWidth, true, undefined, 'head');
  b.tensor(`${o.decoder}.weight`, [o.vocab, o.embedWidth], 'head', { matmul: true, ...(o.tied ? { tiedTo: o.embedding } : {}) });
  if (o.decoderBias !== false) b.tensor(`${o.decoder}.bias`, [o.vocab], 'head', o.tied ? { tiedTo: o.bias } : {});
}

/** Where a BERT layer puts its norms. */
export type NormPlacement =
  /** BERT: attention.output.LayerNorm and output.LayerNorm after each residual. */
  | 'post'
  /** RoBERTa-PreLayerNorm: attention.LayerNorm and intermediate.LayerNorm before each block. */
  | 'prelayernorm'
  /** Megatron-BERT: attention.ln and ln before each block. */
  | 'megatron'
  /** XLM-RoBERTa-XL: attention.self_attn_layer_norm and LayerNorm before each block. */
  | 'xl';

export interface BertOptions {
  /** The base model's attribute under a head: bert, ernie, roberta, … */
  readonly base: string;
  /** MLM head style: BERT's cls.predictions, RoBERTa's lm_head, BertGeneration's bare lm_head decoder. */
  readonly head: 'cls' | 'lm_head' | 'lm_head_plain';
  readonly norm?: NormPlacement;
  /** Token-type embeddings (type_vocab_size rows); default true. */
  readonly tokenTypes?: boolean;
  /** The embedding LayerNorm; default true. */
  readonly embedNorm?: boolean;
  /** The final norm after the last layer (pre-norm variants), relative to the base model. */
  readonly finalNorm?: string;
  /** Pooler: only on the bare *Model (BERT) or also under the heads (BigBird, LayoutLM, LUKE). */
  readonly pooler?: 'bare' | 'always' | 'never';
  /** The pooler's name: pooler.dense (BERT) or pooler (BigBird's plain Linear). */
  readonly poolerName?: string;
  /** Extra embedding tensors (prefix = 'bert.embeddings.' etc.). */
  readonly embeddings?: (b: InventoryBuilder, p: string, c: ConfigReader, d: EncoderDims) => void;
  /** Extra tensors inside each layer's self-attention (p = '…attention.self'). */
  readonly selfAttention?: (b: InventoryBuilder, p: string, l: number, c: ConfigReader, d: EncoderDims) => void;
  /** Extra tensors per layer (p = '…encoder.layer.i'). */
  readonly layerExtra?: (b: InventoryBuilder, p: string, l: number, c: ConfigReader, d: EncoderDims) => void;
  /** Extra tensors on the encoder (p = '…encoder.'). */
  readonly encoderExtra?: (b: InventoryBuilder, p: string, c: ConfigReader, d: EncoderDims) => void;
  /** Replace the attention record of a layer (special attention patterns). */
  readonly attend?: (b: InventoryBuilder, l: number, c: ConfigReader, d: EncoderDims, causal: boolean) => void;
  /** Query/key/value names (MPNet: attention.attn.{q,k,v,o}). */
  readonly qkvNames?: { readonly self: string; readonly q: string; readonly k: string; readonly v: string; readonly o: string; readonly oNorm: string };
  /** Learned absolute positions; default true. */
  readonly positions?: boolean;
  /** A width the embeddings have before a projection to hidden (RemBERT's input_embedding_size). */
  readonly embedWidth?: (c: ConfigReader, d: EncoderDims) => number;
  /** Everything is causal (BertGenerationDecoder). */
  readonly alwaysCausal?: boolean;
  /** Replace the MLM head. */
  readonly mlm?: (b: InventoryBuilder, c: ConfigReader, d: EncoderDims, embedding: string, tied: boolean, prefix: string) => void;
  /** Notes for every estimate of this type. */
  readonly notes?: (c: ConfigReader, ctx: BuildContext, d: EncoderDims) => void;
}

function bertLayer(b: InventoryBuilder, p: string, l: number, c: ConfigReader, d: EncoderDims, o: BertOptions, causal: boolean): void {
  const norm = o.norm ?? 'post';
  const n = o.qkvNames ?? { self: 'attention.self', q: 'query', k: 'key', v: 'value', o: 'attention.output.dense', oNorm: 'attention.output.LayerNorm' };
  if (norm === 'megatron') b.norm(`${p}.attention.ln`, d.hidden, true, l);
  for (const name of [n.q, n.k, n.v]) b.linear(`${p}.${n.self}.${name}`, d.hidden, d.hidden, true, 'attention', l);
  o.selfAttention?.(b, `${p}.${n.self}`, l, c, d);
  b.linear(`${p}.${n.o}`, d.hidden, d.hidden, true, 'attention', l);
  if (norm === 'post') b.norm(`${p}.${n.oNorm}`, d.hidden, true, l);
  if (norm === 'prelayernorm') b.norm(`${p}.attention.LayerNorm`, d.hidden, true, l).norm(`${p}.intermediate.LayerNorm`, d.hidden, true, l);
  if (norm === 'megatron') b.norm(`${p}.ln`, d.hidden, true, l);
  if (norm === 'xl') b.norm(`${p}.attention.self_attn_layer_norm`, d.hidden, true, l).norm(`${p}.LayerNorm`, d.hidden, true, l);
  b.linear(`${p}.intermediate.dense`, d.width, d.hidden, true, 'mlp', l);
  b.linear(`${p}.output.dense`, d.hidden, d.width, true, 'mlp', l);
  if (norm === 'post') b.norm(`${p}.output.LayerNorm`, d.hidden, true, l);
  o.layerExtra?.(b, p, l, c, d);
  if (o.attend) o.attend(b, l, c, d, causal);
  else encoderAttend(b, l, d, causal);
}

/** A BERT-style encoder with the options of one variant. */
export const bertEncoder =
  (o: BertOptions) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const d = encoderDims(c);
    const { b } = ctx;
    const tied = c.bool('tie_word_embeddings', true);
    // BertGeneration names its classes …Encoder (bare) and …Decoder (causal LM).
    const kind = /Decoder$/.test(ctx.architecture) ? 'lm' : /Encoder$/.test(ctx.architecture) ? 'base' : headKind(ctx.architecture);
    const bare = kind === 'base';
    const prefix = bare ? '' : `${o.base}.`;
    const causal = o.alwaysCausal || isCausal(ctx.architecture);
    const E = o.embedWidth ? o.embedWidth(c, d) : d.hidden;
    const e = `${prefix}embeddings.`;
    b.embedding(`${e}word_embeddings`, d.vocab, E);
    if (o.positions !== false) b.embedding(`${e}position_embeddings`, c.int('max_position_embeddings', 'context length'), E, 'positions');
    if (o.tokenTypes !== false) b.embedding(`${e}token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), E);
    o.embeddings?.(b, e, c, d);
    if (o.embedNorm !== false) b.norm(`${e}LayerNorm`, E, true);
    o.encoderExtra?.(b, `${prefix}encoder.`, c, d);
    for (let l = 0; l < d.layers; l++) bertLayer(b, `${prefix}encoder.layer.${l}`, l, c, d, o, causal);
    if (o.finalNorm) b.norm(`${prefix}${o.finalNorm}`, d.hidden, true);
    const embedding = `${e}word_embeddings.weight`;
    let head: Summary['head'] = 'none';
    const pooler = o.pooler ?? 'bare';
    // The pooler multiplies only the first token of each sequence: not a per-token matmul.
    if ((bare && pooler !== 'never') || (!bare && pooler === 'always')) {
      const name = `${prefix}${o.poolerName ?? 'pooler.dense'}`;
      b.tensor(`${name}.weight`, [d.hidden, d.hidden], 'pooler').tensor(`${name}.bias`, [d.hidden], 'pooler');
      b.perSequenceFlops(2 * d.hidden * d.hidden);
      if (bare) head = 'pooler';
    }
    if (kind === 'lm' || kind === 'mlm') {
      head = 'mlm';
      if (o.mlm) o.mlm(b, c, d, embedding, tied, prefix);
      else if (o.head === 'cls') mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      else if (o.head === 'lm_head') mlmHead(b, { dense: 'lm_head.dense', norm: 'lm_head.layer_norm', decoder: 'lm_head.decoder', bias: 'lm_head.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      else mlmHead(b, { decoder: 'lm_head.decoder', bias: 'lm_head.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      if (/ForPreTraining$/.test(ctx.architecture)) ctx.leaveOut(`${ctx.architecture}: the next-sentence head is not counted`);
    } else if (!bare) ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    o.notes?.(c, ctx, d);
    return encoderSummary(c, ctx, d, head, tied, { causal });
  };

const BERT_DEFAULTS = { vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true };

const BERT_VARIANTS: FamilyModule = {
  ernie: {
    defaultArchitecture: 'ErnieForMaskedLM',
    defaults: { ...BERT_DEFAULTS, task_type_vocab_size: 3, use_task_id: false },
    build: bertEncoder({
      base: 'ernie',
      head: 'cls',
      embeddings: (b, p, c, d) => {
        if (c.bool('use_task_id', false)) b.embedding(`${p}task_type_embeddings`, c.int('task_type_vocab_size', 'task types', 3), d.hidden);
      },
    }),
  },
  'megatron-bert': {
    defaultArchitecture: 'MegatronBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 29056, hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 4096 },
    build: bertEncoder({ base: 'bert', head: 'cls', norm: 'megatron', embedNorm: false, finalNorm: 'encoder.ln' }),
  },
  'bert-generation': {
    defaultArchitecture: 'BertGenerationDecoder',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50358, hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 4096 },
    build: bertEncoder({ base: 'bert', head: 'lm_head_plain', tokenTypes: false, pooler: 'never' }),
  },
  'roberta-prelayernorm': {
    defaultArchitecture: 'RobertaPreLayerNormForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50265 },
    build: bertEncoder({ base: 'roberta_prelayernorm', head: 'lm_head', norm: 'prelayernorm', finalNorm: 'LayerNorm' }),
  },
  'xlm-roberta-xl': {
    defaultArchitecture: 'XLMRobertaXLForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 250880, hidden_size: 2560, num_hidden_layers: 36, num_attention_heads: 32, intermediate_size: 10240, max_position_embeddings: 514, type_vocab_size: 1 },
    build: bertEncoder({ base: 'roberta', head: 'lm_head', norm: 'xl', embedNorm: false, finalNorm: 'encoder.LayerNorm' }),
  },
  ibert: {
    defaultArchitecture: 'IBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, quant_mode: false },
    build: bertEncoder({
      base: 'ibert',
      head: 'lm_head',
      notes: (c, ctx) => {
        if (c.bool('quant_mode', false)) ctx.assume('quant_mode: the integer copies of the weights and the quantisation ranges are buffers, not parameters; counted the float parameters');
      },
    }),
  },
  layoutlm: {
    defaultArchitecture: 'LayoutLMForMaskedLM',
    defaults: { ...BERT_DEFAULTS, max_2d_position_embeddings: 1024 },
    build: bertEncoder({
      base: 'layoutlm',
      head: 'cls',
      pooler: 'always',
      embeddings: (b, p, c, d) => {
        const rows = c.int('max_2d_position_embeddings', '2-D positions', 1024);
        for (const a of ['x', 'y', 'h', 'w']) b.embedding(`${p}${a}_position_embeddings`, rows, d.hidden, 'positions');
      },
    }),
  },
  roc_bert: {
    defaultArchitecture: 'RoCBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, enable_pronunciation: true, enable_shape: true, pronunciation_embed_dim: 768, pronunciation_vocab_size: 910, shape_embed_dim: 512, shape_vocab_size: 24858, concat_input: true },
    build: bertEncoder({
      base: 'roc_bert',
      head: 'cls',
      embeddings: (b, p, c, d) => {
        const pron = c.bool('enable_pronunciation', true);
        const shape = c.bool('enable_shape', true);
        const pd = c.int('pronunciation_embed_dim', 'pronunciation embedding width', 768);
        const sd = c.int('shape_embed_dim', 'shape embedding width', 512);
        b.embedding(`${p}pronunciation_embed`, c.int('pronunciation_vocab_size', 'pronunciation vocabulary', 910), pd);
        b.embedding(`${p}shape_embed`, c.int('shape_vocab_size', 'shape vocabulary', 24858), sd);
        if (c.bool('concat_input', true)) b.linear(`${p}map_inputs_layer`, d.hidden, d.hidden + (pron ? pd : 0) + (shape ? sd : 0), true, 'embedding');
      },
    }),
  },
  mpnet: {
    defaultArchitecture: 'MPNetForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 30527, relative_attention_num_buckets: 32 },
    build: bertEncoder({
      base: 'mpnet',
      head: 'lm_head',
      tokenTypes: false,
      qkvNames: { self: 'attention.attn', q: 'q', k: 'k', v: 'v', o: 'attention.attn.o', oNorm: 'attention.LayerNorm' },
      encoderExtra: (b, p, c, d) => b.embedding(`${p}relative_attention_bias`, c.int('relative_attention_num_buckets', 'relative buckets', 32), d.heads, 'positions'),
    }),
  },
  xmod: {
    defaultArchitecture: 'XmodForMaskedLM',
    defaults: { ...BERT_DEFAULTS, pre_norm: false, adapter_reduction_factor: 2, adapter_layer_norm: false, adapter_reuse_layer_norm: true, ln_before_adapter: true, languages: ['en_XX'] },
    build: (c, ctx) => {
      const pre = c.bool('pre_norm', false);
      const langs = (c.list('languages') ?? ['en_XX']).map(String);
      return bertEncoder({
        base: 'roberta',
        head: 'lm_head',
        ...(pre ? { finalNorm: 'encoder.LayerNorm' } : {}),
        layerExtra: (b, p, l, _c, d) => {
          const r = c.num('adapter_reduction_factor', 2);
          const bottleneck = Math.floor(d.hidden / r);
          if (c.bool('adapter_layer_norm', false)) b.norm(`${p}.output.adapter_layer_norm`, d.hidden, true, l);
          // One adapter per language; a sequence runs through its own language's adapter only.
          for (const lang of langs) {
            b.linear(`${p}.output.adapter_modules.${lang}.dense1`, bottleneck, d.hidden, true, 'mlp', l, 1 / langs.length);
            b.linear(`${p}.output.adapter_modules.${lang}.dense2`, d.hidden, bottleneck, true, 'mlp', l, 1 / langs.length);
          }
        },
        notes: (_c, cx) => {
          if (langs.length > 1) cx.assume(`${langs.length} language adapters per layer: a sequence runs through one of them (FLOPs count one)`);
        },
      })(c, ctx);
    },
  },
  tapas: {
    defaultArchitecture: 'TapasForMaskedLM',
    defaults: { ...BERT_DEFAULTS, max_position_embeddings: 1024, type_vocab_sizes: [3, 256, 256, 2, 256, 256, 10] },
    build: bertEncoder({
      base: 'tapas',
      head: 'cls',
      tokenTypes: false,
      embeddings: (b, p, c, d) => {
        const sizes = c.list('type_vocab_sizes') ?? [3, 256, 256, 2, 256, 256, 10];
        sizes.forEach((n, i) => {
          if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) throw new ConfigError(`"type_vocab_sizes" must list positive whole numbers, got ${JSON.stringify(n)}`, 'type_vocab_sizes');
          b.embedding(`${p}token_type_embeddings_${i}`, n, d.hidden);
        });
      },
    }),
  },
  rembert: {
    defaultArchitecture: 'RemBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 250300, hidden_size: 1152, num_hidden_layers: 32, num_attention_heads: 18, input_embedding_size: 256, output_embedding_size: 1664, intermediate_size: 4608, tie_word_embeddings: false },
    build: bertEncoder({
      base: 'rembert',
      head: 'cls',
      embedWidth: (c) => c.int('input_embedding_size', 'input embedding width', 256),
      encoderExtra: (b, p, c, d) => b.linear(`${p}embedding_hidden_mapping_in`, d.hidden, c.int('input_embedding_size', 'input embedding width', 256), true, 'embedding'),
      // The output embedding (output_embedding_size wide) is never tied to the narrower input embedding.
      mlm: (b, c, d) => {
        const out = c.int('output_embedding_size', 'output embedding width', 1664);
        b.linear('cls.predictions.dense', out, d.hidden, true, 'head');
        b.linear('cls.predictions.decoder', d.vocab, out, true, 'head');
        b.norm('cls.predictions.LayerNorm', out, true, undefined, 'head');
      },
    }),
  },
};

/** BigBird's block-sparse attention (Zaheer et al. 2020): query blocks 0 and n−1 see everything, 1 and n−2 see 4 + r blocks, the rest 5 + r. */
function bigBirdPairs(s: number, block: number, random: number): number {
  if (s <= (5 + 2 * random) * block) return s * s; // transformers switches to full attention
  const n = Math.ceil(s / block);
  const padded = n * block;
  return 2 * block * padded + 2 * block * (4 + random) * block + (n - 4) * block * (5 + random) * block;
}

/** Longformer's sliding chunks (one-sided window w = window/2): (s/w − 1) chunks of (2w)² scores, s/w chunks of w × 3w for the values; averaged. */
export function longformerPairs(s: number, window: number): number {
  const w = window / 2;
  return ((s / w - 1) * 4 * w * w + (s / w) * 3 * w * w) / 2;
}

/** Longformer / LED attention_window: one even positive width for every layer, or one per layer. */
export function attentionWindows(c: ConfigReader, layers: number): number[] {
  const given = c.get('attention_window');
  const windows = Array.isArray(given) ? given : Array.from({ length: layers }, () => given);
  if (windows.length !== layers || windows.some((w) => typeof w !== 'number' || !Number.isInteger(w) || w <= 0 || w % 2 !== 0)) throw new ConfigError('"attention_window" must be an even positive whole number, or one per layer', 'attention_window');
  return windows as number[];
}

/** Nyströmformer with m landmarks (Xiong et al. 2021): per head 8·s·m·d + 2·m²·d + 48·m³ (6 pseudo-inverse iterations) + 2·s·m², over 4d per pair. */
function nystromPairs(s: number, m: number, d: number): number {
  return (8 * s * m * d + 2 * m * m * d + 48 * m * m * m + 2 * s * m * m) / (4 * d);
}

/**
 * MRA (Zeng et al. 2022), per head with D = max(head_dim, 32): block-mean scores 2·n²·D (n = s/32
 * blocks) and, in "full" mode, their values 2·n²·D; `blocks` selected 32 × 32 blocks for scores
 * and values, 2·2·1024·D each. Returned as pairs of the layer's 4·head_dim per pair.
 */
function mraPairs(s: number, blocks: number, headDim: number, full: boolean): number {
  const D = Math.max(headDim, 32);
  const n = s / 32;
  return ((full ? 4 : 2) * n * n * D + 4 * 1024 * blocks * D) / (4 * headDim);
}

/** ConvBERT: half the heads attend (head_ratio), the other half is a span-based dynamic convolution. */
function convbert(c: ConfigReader, ctx: BuildContext): Summary {
  const d = encoderDims(c);
  const { b } = ctx;
  const E = c.int('embedding_size', 'embedding size', d.hidden);
  const k = c.int('conv_kernel_size', 'convolution kernel', 9);
  const ratio = c.int('head_ratio', 'head ratio', 2);
  const groups = c.int('num_groups', 'feed-forward groups', 1);
  const heads = Math.max(1, Math.floor(d.heads / ratio));
  if (d.hidden % heads !== 0) throw new ConfigError(`hidden_size (${d.hidden}) is not divisible by num_attention_heads / head_ratio (${heads})`, 'head_ratio');
  const headSize = Math.floor(d.hidden / heads / 2);
  const A = heads * headSize;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'convbert.';
  b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, E);
  b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), E, 'positions');
  b.embedding(`${prefix}embeddings.token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), E);
  b.norm(`${prefix}embeddings.LayerNorm`, E, true);
  if (E !== d.hidden) b.linear(`${prefix}embeddings_project`, d.hidden, E, true, 'embedding');
  const grouped = (name: string, out: number, inp: number, l: number) => {
    if (groups === 1) b.linear(name, out, inp, true, 'mlp', l);
    else b.tensor(`${name}.weight`, [groups, inp / groups, out / groups], 'mlp', { layer: l, matmul: true }).tensor(`${name}.bias`, [out], 'mlp', { layer: l });
  };
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}encoder.layer.${l}`;
    const s = `${p}.attention.self`;
    for (const n of ['query', 'key', 'value']) b.linear(`${s}.${n}`, A, d.hidden, true, 'attention', l);
    b.tensor(`${s}.key_conv_attn_layer.bias`, [A, 1], 'attention', { layer: l });
    // Depthwise [h, 1, k] and pointwise [A, h, 1] convolutions over the sequence: 2·s·elements each.
    b.tensor(`${s}.key_conv_attn_layer.depthwise.weight`, [d.hidden, 1, k], 'attention', { layer: l, matmul: true });
    b.tensor(`${s}.key_conv_attn_layer.pointwise.weight`, [A, d.hidden, 1], 'attention', { layer: l, matmul: true });
    b.linear(`${s}.conv_kernel_layer`, heads * k, A, true, 'attention', l);
    b.linear(`${s}.conv_out_layer`, A, d.hidden, true, 'attention', l);
    // The dynamic convolution itself: each of A channels mixes k positions per token.
    b.sharedUse(l, A * k);
    b.linear(`${p}.attention.output.dense`, d.hidden, d.hidden, true, 'attention', l).norm(`${p}.attention.output.LayerNorm`, d.hidden, true, l);
    grouped(`${p}.intermediate.dense`, d.width, d.hidden, l);
    grouped(`${p}.output.dense`, d.hidden, d.width, l);
    b.norm(`${p}.output.LayerNorm`, d.hidden, true, l);
    b.attend(l, 'bidirectional', { heads, qkDim: headSize, cachePerToken: 0 });
  }
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.norm('generator_predictions.LayerNorm', E, true, undefined, 'head');
    b.linear('generator_predictions.dense', E, d.hidden, true, 'head');
    b.tensor('generator_lm_head.weight', [d.vocab, E], 'head', { matmul: true, ...(tied ? { tiedTo: `${prefix}embeddings.word_embeddings.weight` } : {}) });
    b.tensor('generator_lm_head.bias', [d.vocab], 'head');
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return encoderSummary(c, ctx, d, head, tied);
}

/** SqueezeBERT: BERT with grouped 1×1 convolutions instead of dense layers ([out, in/groups, 1]). */
function squeezebert(c: ConfigReader, ctx: BuildContext): Summary {
  const d = encoderDims(c);
  const { b } = ctx;
  const E = c.int('embedding_size', 'embedding size', d.hidden);
  if (E !== d.hidden) throw new ConfigError(`SqueezeBERT needs embedding_size (${E}) = hidden_size (${d.hidden})`, 'embedding_size');
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'transformer.';
  const g = (n: string, fallback: number) => c.int(n, n, fallback);
  b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, E);
  b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), E, 'positions');
  b.embedding(`${prefix}embeddings.token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), E);
  b.norm(`${prefix}embeddings.LayerNorm`, E, true);
  const conv = (name: string, out: number, inp: number, groups: number, l: number, component: 'attention' | 'mlp') => {
    if (inp % groups !== 0) throw new ConfigError(`a SqueezeBERT convolution of ${inp} channels cannot be split into ${groups} groups`);
    b.tensor(`${name}.weight`, [out, inp / groups, 1], component, { layer: l, matmul: true }).tensor(`${name}.bias`, [out], component, { layer: l });
  };
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}encoder.layers.${l}`;
    conv(`${p}.attention.query`, d.hidden, d.hidden, g('q_groups', 4), l, 'attention');
    conv(`${p}.attention.key`, d.hidden, d.hidden, g('k_groups', 4), l, 'attention');
    conv(`${p}.attention.value`, d.hidden, d.hidden, g('v_groups', 4), l, 'attention');
    conv(`${p}.post_attention.conv1d`, d.hidden, d.hidden, g('post_attention_groups', 1), l, 'attention');
    b.norm(`${p}.post_attention.layernorm`, d.hidden, true, l);
    conv(`${p}.intermediate.conv1d`, d.width, d.hidden, g('intermediate_groups', 4), l, 'mlp');
    conv(`${p}.output.conv1d`, d.hidden, d.width, g('output_groups', 4), l, 'mlp');
    b.norm(`${p}.output.layernorm`, d.hidden, true, l);
    encoderAttend(b, l, d, false);
  }
  // SqueezeBertModel always has its pooler (first token only).
  b.tensor(`${prefix}pooler.dense.weight`, [d.hidden, d.hidden], 'pooler').tensor(`${prefix}pooler.dense.bias`, [d.hidden], 'pooler');
  b.perSequenceFlops(2 * d.hidden * d.hidden);
  let head: Summary['head'] = kind === 'base' ? 'pooler' : 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding: `${prefix}embeddings.word_embeddings.weight`, tied });
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return encoderSummary(c, ctx, d, head, tied);
}

/** MobileBERT: bottlenecked layers (intra_bottleneck_size wide) with stacked feed-forward networks and a trigram embedding. */
function mobilebert(c: ConfigReader, ctx: BuildContext): Summary {
  const d = encoderDims(c);
  const { b } = ctx;
  const E = c.int('embedding_size', 'embedding size', 128);
  const useBottleneck = c.bool('use_bottleneck', true);
  const intra = c.int('intra_bottleneck_size', 'bottleneck width', 128);
  const T = useBottleneck ? intra : d.hidden;
  if (T % d.heads !== 0) throw new ConfigError(`the attention width (${T}) is not divisible by num_attention_heads (${d.heads})`, 'num_attention_heads');
  const bottleneckAttention = c.bool('use_bottleneck_attention', false);
  const sharedBottleneck = c.bool('key_query_shared_bottleneck', true);
  const ffns = c.int('num_feedforward_networks', 'feed-forward networks', 4);
  const trigram = c.bool('trigram_input', true);
  const normBias = true; // NoNorm and LayerNorm both have weight and bias
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'mobilebert.';
  const e = `${prefix}embeddings.`;
  b.embedding(`${e}word_embeddings`, d.vocab, E);
  b.embedding(`${e}position_embeddings`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  b.embedding(`${e}token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), d.hidden);
  b.linear(`${e}embedding_transformation`, d.hidden, E * (trigram ? 3 : 1), true, 'embedding');
  b.norm(`${e}LayerNorm`, d.hidden, normBias);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}encoder.layer.${l}`;
    b.linear(`${p}.attention.self.query`, T, T, true, 'attention', l);
    b.linear(`${p}.attention.self.key`, T, T, true, 'attention', l);
    b.linear(`${p}.attention.self.value`, T, bottleneckAttention ? T : d.hidden, true, 'attention', l);
    b.linear(`${p}.attention.output.dense`, T, T, true, 'attention', l).norm(`${p}.attention.output.LayerNorm`, T, true, l);
    b.linear(`${p}.intermediate.dense`, d.width, T, true, 'mlp', l);
    b.linear(`${p}.output.dense`, T, d.width, true, 'mlp', l).norm(`${p}.output.LayerNorm`, T, true, l);
    if (useBottleneck) {
      b.linear(`${p}.output.bottleneck.dense`, d.hidden, T, true, 'mlp', l).norm(`${p}.output.bottleneck.LayerNorm`, d.hidden, true, l);
      b.linear(`${p}.bottleneck.input.dense`, intra, d.hidden, true, 'attention', l).norm(`${p}.bottleneck.input.LayerNorm`, intra, true, l);
      if (sharedBottleneck) b.linear(`${p}.bottleneck.attention.dense`, intra, d.hidden, true, 'attention', l).norm(`${p}.bottleneck.attention.LayerNorm`, intra, true, l);
    }
    for (let j = 0; j < ffns - 1; j++) {
      b.linear(`${p}.ffn.${j}.intermediate.dense`, d.width, T, true, 'mlp', l);
      b.linear(`${p}.ffn.${j}.output.dense`, T, d.width, true, 'mlp', l).norm(`${p}.ffn.${j}.output.LayerNorm`, T, true, l);
    }
    b.attend(l, 'bidirectional', { heads: d.heads, qkDim: T / d.heads, cachePerToken: 0 });
  }
  let head: Summary['head'] = 'none';
  if (kind === 'base') {
    if (c.bool('classifier_activation', true)) {
      b.tensor('pooler.dense.weight', [d.hidden, d.hidden], 'pooler').tensor('pooler.dense.bias', [d.hidden], 'pooler');
      b.perSequenceFlops(2 * d.hidden * d.hidden);
    }
    head = 'pooler';
  } else if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.tensor('cls.predictions.bias', [d.vocab], 'head');
    b.linear('cls.predictions.transform.dense', d.hidden, d.hidden, true, 'head').norm('cls.predictions.transform.LayerNorm', d.hidden, true, undefined, 'head');
    // Logits = h · [decoderᵀ | dense]: the tied E-wide decoder plus a (hidden − E)-wide extra projection.
    b.tensor('cls.predictions.dense.weight', [d.hidden - E, d.vocab], 'head', { matmul: true });
    b.tensor('cls.predictions.decoder.weight', [d.vocab, E], 'head', { matmul: true, ...(tied ? { tiedTo: `${e}word_embeddings.weight` } : {}) });
    b.tensor('cls.predictions.decoder.bias', [d.vocab], 'head', tied ? { tiedTo: 'cls.predictions.bias' } : {});
    if (/ForPreTraining$/.test(ctx.architecture)) ctx.leaveOut(`${ctx.architecture}: the next-sentence head is not counted`);
  } else ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return encoderSummary(c, ctx, { ...d, headDim: T / d.heads }, head, tied);
}

/** LUKE: RoBERTa with entity embeddings, entity-aware query projections and an entity prediction head. */
function luke(c: ConfigReader, ctx: BuildContext): Summary {
  const entEmb = c.int('entity_emb_size', 'entity embedding width', 256);
  const entVocab = c.int('entity_vocab_size', 'entity vocabulary', 500000);
  const aware = c.bool('use_entity_aware_attention', true);
  ctx.assume('FLOPs for word tokens only: the entity-aware queries, entity embeddings and entity prediction head run on entity inputs');
  return bertEncoder({
    base: 'luke',
    head: 'lm_head',
    pooler: 'always',
    encoderExtra: (b, _p, cc, d) => {
      const p = ctx.architecture.endsWith('Model') ? '' : 'luke.';
      const e = `${p}entity_embeddings.`;
      b.embedding(`${e}entity_embeddings`, entVocab, entEmb);
      if (entEmb !== d.hidden) b.tensor(`${e}entity_embedding_dense.weight`, [d.hidden, entEmb], 'embedding');
      b.embedding(`${e}position_embeddings`, cc.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
      b.embedding(`${e}token_type_embeddings`, cc.int('type_vocab_size', 'token types', 2), d.hidden);
      b.norm(`${e}LayerNorm`, d.hidden, true);
    },
    selfAttention: (b, p, l, _c, d) => {
      if (!aware) return;
      for (const n of ['w2e_query', 'e2w_query', 'e2e_query']) b.tensor(`${p}.${n}.weight`, [d.hidden, d.hidden], 'attention', { layer: l }).tensor(`${p}.${n}.bias`, [d.hidden], 'attention', { layer: l });
    },
    mlm: (b, cc, d, embedding, tied, prefix) => {
      // LUKE ties the entity decoder to the entity embeddings but leaves the word decoder untied (its bias is still lm_head.bias).
      b.tensor('lm_head.bias', [d.vocab], 'head');
      b.linear('lm_head.dense', d.hidden, d.hidden, true, 'head').norm('lm_head.layer_norm', d.hidden, true, undefined, 'head');
      b.tensor('lm_head.decoder.weight', [d.vocab, d.hidden], 'head', { matmul: true });
      b.tensor('lm_head.decoder.bias', [d.vocab], 'head', tied ? { tiedTo: 'lm_head.bias' } : {});
      void embedding;
      const ep = 'entity_predictions';
      b.tensor(`${ep}.bias`, [entVocab], 'head');
      b.tensor(`${ep}.transform.dense.weight`, [entEmb, d.hidden], 'head').tensor(`${ep}.transform.dense.bias`, [entEmb], 'head');
      b.norm(`${ep}.transform.LayerNorm`, entEmb, true, undefined, 'head');
      b.tensor(`${ep}.decoder.weight`, [entVocab, entEmb], 'head', tied ? { tiedTo: `${prefix}entity_embeddings.entity_embeddings.weight` } : {});
      void cc;
    },
  })(c, ctx);
}

/** DeBERTa v1/v2: disentangled attention (fused in_proj with q/v biases in v1), optional relative position tables. */
const deberta =
  (v2: boolean) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const d = encoderDims(c);
    const { b } = ctx;
    const tied = c.bool('tie_word_embeddings', true);
    const kind = headKind(ctx.architecture);
    const prefix = kind === 'base' ? '' : 'deberta.';
    const E = c.int('embedding_size', 'embedding size', d.hidden);
    const e = `${prefix}embeddings.`;
    const relative = c.bool('relative_attention', false);
    const rawTypes = c.get('pos_att_type');
    const posTypes = (typeof rawTypes === 'string' ? rawTypes.toLowerCase().split('|') : Array.isArray(rawTypes) ? rawTypes : []).map((x) => String(x).trim());
    const maxPos = c.int('max_position_embeddings', 'context length');
    const maxRelGiven = c.num('max_relative_positions', -1);
    const maxRel = maxRelGiven < 1 ? maxPos : maxRelGiven;
    const buckets = v2 ? c.num('position_buckets', -1) : -1;
    const shareKey = v2 && c.bool('share_att_key', false);
    b.embedding(`${e}word_embeddings`, d.vocab, E);
    if (c.bool('position_biased_input', true)) b.embedding(`${e}position_embeddings`, maxPos, E, 'positions');
    const types = c.count('type_vocab_size', 'token types', 0);
    if (types > 0) b.embedding(`${e}token_type_embeddings`, types, E);
    if (E !== d.hidden) b.linear(`${e}embed_proj`, d.hidden, E, false, 'embedding');
    b.norm(`${e}LayerNorm`, d.hidden, true);
    for (let l = 0; l < d.layers; l++) {
      const p = `${prefix}encoder.layer.${l}`;
      const s = `${p}.attention.self`;
      if (v2) for (const n of ['query_proj', 'key_proj', 'value_proj']) b.linear(`${s}.${n}`, d.hidden, d.hidden, true, 'attention', l);
      else {
        b.tensor(`${s}.q_bias`, [d.hidden], 'attention', { layer: l }).tensor(`${s}.v_bias`, [d.hidden], 'attention', { layer: l });
        b.linear(`${s}.in_proj`, 3 * d.hidden, d.hidden, false, 'attention', l);
        if (c.bool('talking_head', false)) {
          b.linear(`${s}.head_logits_proj`, d.heads, d.heads, false, 'attention', l);
          b.linear(`${s}.head_weights_proj`, d.heads, d.heads, false, 'attention', l);
        }
      }
      if (relative && !shareKey) {
        // Applied to the relative embeddings, not to tokens: their FLOPs are in the layer's pairsAt below.
        const proj = (name: string, bias: boolean) => {
          b.tensor(`${s}.${name}.weight`, [d.hidden, d.hidden], 'attention', { layer: l });
          if (bias) b.tensor(`${s}.${name}.bias`, [d.hidden], 'attention', { layer: l });
        };
        if (posTypes.includes('c2p')) proj(v2 ? 'pos_key_proj' : 'pos_proj', v2);
        if (posTypes.includes('p2c')) proj(v2 ? 'pos_query_proj' : 'pos_q_proj', true);
      }
      b.linear(`${p}.attention.output.dense`, d.hidden, d.hidden, true, 'attention', l).norm(`${p}.attention.output.LayerNorm`, d.hidden, true, l);
      b.linear(`${p}.intermediate.dense`, d.width, d.hidden, true, 'mlp', l);
      b.linear(`${p}.output.dense`, d.hidden, d.width, true, 'mlp', l).norm(`${p}.output.LayerNorm`, d.hidden, true, l);
      if (relative) {
        // Disentangled attention (He et al. 2021): the 2·span relative embeddings are projected
        // (v1: pos_proj/pos_q_proj per type; v2 shared keys: query_proj and key_proj; else per type)
        // and scored against the s queries (c2p) and keys (p2c). v1's span is min(s, max_relative_positions).
        const types = (posTypes.includes('c2p') ? 1 : 0) + (posTypes.includes('p2c') ? 1 : 0);
        const projections = shareKey ? 2 : types;
        const span = (s: number) => (v2 ? (buckets > 0 ? buckets : maxRel) : Math.min(s, maxRel));
        const pairsAt = (s: number) => s * s + (types * s * 2 * span(s)) / 2 + (projections * 2 * span(s) * d.hidden) / 2;
        b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0, pairsAt });
      } else encoderAttend(b, l, d, false);
    }
    if (relative) {
      b.embedding(`${prefix}encoder.rel_embeddings`, buckets > 0 ? 2 * buckets : 2 * maxRel, d.hidden, 'positions');
      if (v2 && c.str('norm_rel_ebd', 'none').toLowerCase().split('|').map((x) => x.trim()).includes('layer_norm')) b.norm(`${prefix}encoder.LayerNorm`, d.hidden, true);
    }
    if (v2 && c.num('conv_kernel_size', 0) > 0) {
      const k = c.int('conv_kernel_size', 'convolution kernel');
      const groups = c.int('conv_groups', 'convolution groups', 1);
      b.tensor(`${prefix}encoder.conv.conv.weight`, [d.hidden, d.hidden / groups, k], 'attention', { layer: 0, matmul: true }).tensor(`${prefix}encoder.conv.conv.bias`, [d.hidden], 'attention', { layer: 0 });
      b.norm(`${prefix}encoder.conv.LayerNorm`, d.hidden, true, 0);
    }
    let head: Summary['head'] = 'none';
    const embedding = `${e}word_embeddings.weight`;
    if (kind === 'mlm' || kind === 'lm') {
      head = 'mlm';
      if (c.bool('legacy', true)) mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: E, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      else {
        const h = 'lm_predictions.lm_head';
        b.linear(`${h}.dense`, d.hidden, d.hidden, true, 'head').norm(`${h}.LayerNorm`, d.hidden, true, undefined, 'head');
        b.tensor(`${h}.bias`, [d.vocab], 'head');
        b.perSequenceFlops(0);
        // The new head multiplies by the word embeddings directly (no decoder module).
        b.sharedUse(d.layers - 1, d.vocab * d.hidden);
      }
    } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    return encoderSummary(c, ctx, d, head, tied);
  };

/** ESM C: pre-norm rotary encoder (biased LayerNorms, q/k LayerNorms over the full width, SwiGLU), untied MLM head. */
function esmc(c: ConfigReader, ctx: BuildContext): Summary {
  const hidden = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const kvHeads = c.int('num_key_value_heads', 'key/value heads', heads);
  const headDim = c.int('head_dim', 'head size', Math.floor(hidden / heads));
  const d: EncoderDims = { hidden, heads, headDim, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), vocab: c.int('vocab_size', 'vocabulary size'), width: c.int('intermediate_size', 'MLP width') };
  const { b } = ctx;
  const attnBias = c.bool('attention_bias', false);
  const mlpBias = c.bool('mlp_bias', false);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'esmc.';
  b.embedding(`${prefix}embed_tokens`, d.vocab, hidden);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}layers.${l}`;
    b.linear(`${p}.self_attn.q_proj`, heads * headDim, hidden, attnBias, 'attention', l);
    b.linear(`${p}.self_attn.k_proj`, kvHeads * headDim, hidden, attnBias, 'attention', l);
    b.linear(`${p}.self_attn.v_proj`, kvHeads * headDim, hidden, attnBias, 'attention', l);
    b.linear(`${p}.self_attn.o_proj`, hidden, heads * headDim, attnBias, 'attention', l);
    b.norm(`${p}.self_attn.q_norm`, hidden, false, l).norm(`${p}.self_attn.k_norm`, hidden, false, l);
    b.linear(`${p}.mlp.gate_proj`, d.width, hidden, mlpBias, 'mlp', l).linear(`${p}.mlp.up_proj`, d.width, hidden, mlpBias, 'mlp', l).linear(`${p}.mlp.down_proj`, hidden, d.width, mlpBias, 'mlp', l);
    b.norm(`${p}.input_layernorm`, hidden, true, l).norm(`${p}.post_attention_layernorm`, hidden, true, l);
    b.attend(l, 'bidirectional', { heads, qkDim: headDim, cachePerToken: 0 });
  }
  b.norm(`${prefix}norm`, hidden, false);
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    // The head is a dense/norm/decoder stack, never tied to the input embedding.
    b.linear('lm_head.dense', hidden, hidden, true, 'head').norm('lm_head.layer_norm', hidden, true, undefined, 'head');
    b.linear('lm_head.decoder', d.vocab, hidden, true, 'head');
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return { ...encoderSummary(c, ctx, d, head, false, { gated: true, positions: c.int('max_position_embeddings', 'context length', 2048) }), kvHeads };
}

/**
 * Post-norm rotary encoders with Llama-style projection names: Nomic BERT (SwiGLU, no biases, BERT
 * MLM head) and Jina Embeddings v3 (biased fc1/fc2 and projections, RoBERTa MLM head).
 */
const rotaryPostNorm =
  (o: { base: string; gated: boolean; bias: boolean; head: 'cls' | 'lm_head' }) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const hidden = c.int('hidden_size', 'hidden size');
    const heads = c.int('num_attention_heads', 'number of attention heads');
    const headDim = c.int('head_dim', 'head size', Math.floor(hidden / heads));
    const d: EncoderDims = { hidden, heads, headDim, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), vocab: c.int('vocab_size', 'vocabulary size'), width: c.int('intermediate_size', 'MLP width') };
    const { b } = ctx;
    const tied = c.bool('tie_word_embeddings', true);
    const kind = headKind(ctx.architecture);
    const prefix = kind === 'base' ? '' : `${o.base}.`;
    const e = `${prefix}embeddings.`;
    b.embedding(`${e}word_embeddings`, d.vocab, hidden);
    b.embedding(`${e}token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), hidden);
    b.norm(`${e}LayerNorm`, hidden, true);
    const q = heads * headDim;
    for (let l = 0; l < d.layers; l++) {
      const p = `${prefix}layers.${l}`;
      for (const n of ['q_proj', 'k_proj', 'v_proj']) b.linear(`${p}.self_attn.${n}`, q, hidden, o.bias, 'attention', l);
      b.linear(`${p}.self_attn.o_proj`, hidden, q, o.bias, 'attention', l);
      b.norm(`${p}.post_attention_layernorm`, hidden, true, l);
      if (o.gated) b.linear(`${p}.mlp.gate_proj`, d.width, hidden, false, 'mlp', l).linear(`${p}.mlp.up_proj`, d.width, hidden, false, 'mlp', l).linear(`${p}.mlp.down_proj`, hidden, d.width, false, 'mlp', l);
      else b.linear(`${p}.mlp.fc1`, d.width, hidden, true, 'mlp', l).linear(`${p}.mlp.fc2`, hidden, d.width, true, 'mlp', l);
      b.norm(`${p}.post_mlp_layernorm`, hidden, true, l);
      b.attend(l, 'bidirectional', { heads, qkDim: headDim, cachePerToken: 0 });
    }
    let head: Summary['head'] = 'none';
    const embedding = `${e}word_embeddings.weight`;
    if (kind === 'base') {
      b.tensor('pooler.dense.weight', [hidden, hidden], 'pooler').tensor('pooler.dense.bias', [hidden], 'pooler');
      b.perSequenceFlops(2 * hidden * hidden);
      head = 'pooler';
    } else if (kind === 'mlm' || kind === 'lm') {
      head = 'mlm';
      if (o.head === 'cls') mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.layer_norm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: hidden, hidden, vocab: d.vocab, embedding, tied });
      else mlmHead(b, { dense: 'lm_head.dense', norm: 'lm_head.layer_norm', decoder: 'lm_head.decoder', bias: 'lm_head.bias', embedWidth: hidden, hidden, vocab: d.vocab, embedding, tied });
    } else ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    return encoderSummary(c, ctx, d, head, tied, { gated: o.gated, positions: c.int('max_position_embeddings', 'context length', 2048) });
  };

/** XLM and FlauBERT: post-norm (FlauBERT: optionally pre-norm) layers with an MLP 4 × emb_dim wide, language embeddings, a tied projection. */
function xlm(c: ConfigReader, ctx: BuildContext): Summary {
  const hidden = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  if (hidden % heads !== 0) throw new ConfigError(`emb_dim (${hidden}) is not divisible by n_heads (${heads})`, 'n_heads');
  const d: EncoderDims = { hidden, heads, headDim: hidden / heads, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), vocab: c.int('vocab_size', 'vocabulary size'), width: 4 * hidden };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const causal = c.bool('causal', false);
  const prefix = kind === 'base' ? '' : 'transformer.';
  b.embedding(`${prefix}position_embeddings`, c.int('max_position_embeddings', 'context length'), hidden, 'positions');
  const langs = c.int('n_langs', 'languages', 1);
  if (langs > 1 && c.bool('use_lang_emb', true)) b.embedding(`${prefix}lang_embeddings`, langs, hidden);
  b.embedding(`${prefix}embeddings`, d.vocab, hidden);
  b.norm(`${prefix}layer_norm_emb`, hidden, true);
  for (let l = 0; l < d.layers; l++) {
    for (const n of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) b.linear(`${prefix}attentions.${l}.${n}`, hidden, hidden, true, 'attention', l);
    b.norm(`${prefix}layer_norm1.${l}`, hidden, true, l);
    b.linear(`${prefix}ffns.${l}.lin1`, d.width, hidden, true, 'mlp', l).linear(`${prefix}ffns.${l}.lin2`, hidden, d.width, true, 'mlp', l);
    b.norm(`${prefix}layer_norm2.${l}`, hidden, true, l);
    if (causal) b.attend(l, 'full', { heads, qkDim: d.headDim, cachePerToken: 2 * hidden });
    else b.attend(l, 'bidirectional', { heads, qkDim: d.headDim, cachePerToken: 0 });
  }
  let head: Summary['head'] = 'none';
  if (kind === 'lm' || kind === 'mlm') {
    if (c.bool('asm', false)) throw new ConfigError('asm (adaptive log-softmax output) is not supported: its cluster heads depend on asm_cutoffs; estimate with asm false', 'asm');
    head = 'lm';
    b.head('pred_layer.proj', d.vocab, hidden, tied ? `${prefix}embeddings.weight` : undefined, true);
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return encoderSummary(c, ctx, d, head, tied, { causal });
}

/** FNet: token mixing by a 2-D Fourier transform instead of attention (no parameters, no matmul FLOPs). */
function fnet(c: ConfigReader, ctx: BuildContext): Summary {
  const hidden = c.int('hidden_size', 'hidden size');
  const d: EncoderDims = { hidden, heads: 1, headDim: hidden, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), vocab: c.int('vocab_size', 'vocabulary size'), width: c.int('intermediate_size', 'MLP width', 4 * hidden) };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'fnet.';
  const e = `${prefix}embeddings.`;
  b.embedding(`${e}word_embeddings`, d.vocab, hidden);
  b.embedding(`${e}position_embeddings`, c.int('max_position_embeddings', 'context length'), hidden, 'positions');
  b.embedding(`${e}token_type_embeddings`, c.int('type_vocab_size', 'token types', 4), hidden);
  b.norm(`${e}LayerNorm`, hidden, true);
  b.linear(`${e}projection`, hidden, hidden, true, 'embedding');
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}encoder.layer.${l}`;
    b.norm(`${p}.fourier.output.LayerNorm`, hidden, true, l);
    b.linear(`${p}.intermediate.dense`, d.width, hidden, true, 'mlp', l).linear(`${p}.output.dense`, hidden, d.width, true, 'mlp', l);
    b.norm(`${p}.output.LayerNorm`, hidden, true, l);
  }
  // FNetModel always has its pooler (first token only).
  b.tensor(`${prefix}pooler.dense.weight`, [hidden, hidden], 'pooler').tensor(`${prefix}pooler.dense.bias`, [hidden], 'pooler');
  b.perSequenceFlops(2 * hidden * hidden);
  ctx.assume('token mixing is a 2-D FFT over sequence and hidden (O(s·h·log(s·h)) element-wise work), not a matmul: no attention FLOPs and no KV cache');
  if (c.bool('use_tpu_fourier_optimizations', false)) ctx.leaveOut('use_tpu_fourier_optimizations: the DFT as matmuls with DFT matrices (sequences up to 4096) is not counted in FLOPs');
  let head: Summary['head'] = kind === 'base' ? 'pooler' : 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: hidden, hidden, vocab: d.vocab, embedding: `${e}word_embeddings.weight`, tied });
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  // No attention heads: token mixing is the Fourier transform.
  return { ...encoderSummary(c, ctx, d, head, tied), heads: 0, kvHeads: 0, headDim: 0 };
}

const SIGLIP_VISION_DEFAULTS = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 224, patch_size: 16, vision_use_head: true };
const MODERNBERT_DEFAULTS = { vocab_size: 50368, hidden_size: 768, intermediate_size: 1152, num_hidden_layers: 22, num_attention_heads: 12, max_position_embeddings: 8192, norm_bias: false, attention_bias: false, local_attention: 128, mlp_bias: false, decoder_bias: true, classifier_bias: false, global_attn_every_n_layers: 3 };

/** A SigLIP vision tower (patch embedding, pre-norm layers, post-norm, attention-pooling head), counted in parameters; it runs once per image, not per text token. */
function siglipVision(b: InventoryBuilder, p: string, v: ConfigReader): number {
  const h = v.int('hidden_size', 'vision hidden size');
  const f = v.int('intermediate_size', 'vision MLP width');
  const ch = v.int('num_channels', 'image channels', 3);
  const patch = v.int('patch_size', 'patch size');
  const side = Math.floor(v.int('image_size', 'image size') / patch);
  const t = (name: string, shape: number[]) => b.tensor(name, shape, 'embedding');
  t(`${p}embeddings.patch_embedding.weight`, [h, ch, patch, patch]);
  t(`${p}embeddings.patch_embedding.bias`, [h]);
  t(`${p}embeddings.position_embedding.weight`, [side * side, h]);
  for (let l = 0; l < v.int('num_hidden_layers', 'vision layers', undefined, MAX_LAYERS); l++) {
    const q = `${p}encoder.layers.${l}`;
    for (const n of ['layer_norm1', 'layer_norm2']) t(`${q}.${n}.weight`, [h]).tensor(`${q}.${n}.bias`, [h], 'embedding');
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'out_proj']) t(`${q}.self_attn.${n}.weight`, [h, h]).tensor(`${q}.self_attn.${n}.bias`, [h], 'embedding');
    t(`${q}.mlp.fc1.weight`, [f, h]);
    t(`${q}.mlp.fc1.bias`, [f]);
    t(`${q}.mlp.fc2.weight`, [h, f]);
    t(`${q}.mlp.fc2.bias`, [h]);
  }
  t(`${p}post_layernorm.weight`, [h]);
  t(`${p}post_layernorm.bias`, [h]);
  if (v.bool('vision_use_head', true)) {
    t(`${p}head.probe`, [1, 1, h]);
    t(`${p}head.attention.in_proj_weight`, [3 * h, h]);
    t(`${p}head.attention.in_proj_bias`, [3 * h]);
    t(`${p}head.attention.out_proj.weight`, [h, h]);
    t(`${p}head.attention.out_proj.bias`, [h]);
    t(`${p}head.layernorm.weight`, [h]);
    t(`${p}head.layernorm.bias`, [h]);
    t(`${p}head.mlp.fc1.weight`, [f, h]);
    t(`${p}head.mlp.fc1.bias`, [f]);
    t(`${p}head.mlp.fc2.weight`, [h, f]);
    t(`${p}head.mlp.fc2.bias`, [h]);
  }
  return h;
}

/** ModernVBERT: a SigLIP vision tower and pixel-shuffle connector feeding a ModernBERT encoder with an MLM head. */
function modernvbert(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const sub = (name: string) => (isRecord(c.raw[name]) ? (c.raw[name] as Record<string, unknown>) : {});
  const text = new ConfigReader(sub('text_config'), MODERNBERT_DEFAULTS, {}, 'modernbert');
  const vision = new ConfigReader(sub('vision_config'), SIGLIP_VISION_DEFAULTS, {}, 'siglip_vision_model');
  const tied = c.bool('tie_word_embeddings', false);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'model.';
  const vh = siglipVision(b, `${prefix}vision_model.`, vision);
  const factor = c.int('pixel_shuffle_factor', 'pixel shuffle factor', 4);
  const th = text.int('hidden_size', 'text hidden size');
  b.tensor(`${prefix}connector.modality_projection.weight`, [th, vh * factor * factor], 'embedding');
  const d = modernbertBody(text, b, `${prefix}text_model.`);
  ctx.assume('FLOPs per text token: the SigLIP vision tower and the connector run once per image (their parameters are counted)');
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.linear('projection_head.dense', th, th, c.bool('classifier_bias', false), 'head').norm('projection_head.norm', th, text.bool('norm_bias', false), undefined, 'head');
    b.head('lm_head', d.vocab, th, tied ? `${prefix}text_model.embeddings.tok_embeddings.weight` : undefined, text.bool('decoder_bias', true));
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return encoderSummary(text, ctx, d, head, tied, { gated: true, causal: false });
}

/**
 * Perceiver IO for masked LM: text embeddings cross-attended into num_latents latents, latent
 * self-attention layers (shared across num_blocks), and a decoder whose max_position_embeddings
 * queries cross-attend to the latents before the logits against the input embeddings.
 * Only the encoder's key/value projections and its cross-attention scale with the input length;
 * the latent and decoder work is fixed per sequence.
 */
function perceiver(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const D = c.int('d_model', 'input width');
  const L = c.int('d_latents', 'latent width');
  const N = c.int('num_latents', 'latents');
  const V = c.int('vocab_size', 'vocabulary size');
  const M = c.int('max_position_embeddings', 'context length');
  const blocks = c.int('num_blocks', 'blocks', 1);
  const selfLayers = c.int('num_self_attends_per_block', 'self-attention layers per block', undefined, MAX_LAYERS);
  const selfHeads = c.int('num_self_attention_heads', 'self-attention heads');
  const crossHeads = c.int('num_cross_attention_heads', 'cross-attention heads');
  const wSelf = c.int('self_attention_widening_factor', 'self-attention widening', 1);
  const wCross = c.int('cross_attention_widening_factor', 'cross-attention widening', 1);
  const qkGiven = c.optInt('qk_channels', 'query/key channels');
  const vGiven = c.optInt('v_channels', 'value channels');
  const shape = c.str('cross_attention_shape_for_attention', 'kv');
  const kind = headKind(ctx.architecture);
  if (kind !== 'mlm') throw new ConfigError(`${ctx.architecture}: only PerceiverForMaskedLM (text in, text out) is declared; other Perceiver classes have modality-specific pre- and post-processors`);
  const t = (name: string, shape: number[], component: 'embedding' | 'attention' | 'mlp' | 'norm' | 'head' | 'positions' = 'attention') => b.tensor(name, shape, component);
  const lin = (name: string, out: number, inp: number, component: 'attention' | 'mlp' = 'attention') => t(`${name}.weight`, [out, inp], component).tensor(`${name}.bias`, [out], component);
  const ln = (name: string, dim: number) => t(`${name}.weight`, [dim], 'norm').tensor(`${name}.bias`, [dim], 'norm');
  /** One PerceiverLayer; returns its weights applied per query row, per key/value row, and its channels. */
  const layer = (p: string, o: { cross: boolean; q: number; kv: number; qk?: number; v?: number; heads: number; widening: number }) => {
    const qk = o.qk ?? (o.cross ? (shape === 'q' ? o.q : o.kv) : o.q);
    const v = o.v ?? qk;
    if (qk % o.heads !== 0 || v % o.heads !== 0) throw new ConfigError(`Perceiver attention channels (${qk}, ${v}) must be divisible by its ${o.heads} heads`);
    const out = o.cross ? o.q : v;
    ln(`${p}.attention.self.layernorm1`, o.q);
    if (o.cross) ln(`${p}.attention.self.layernorm2`, o.kv);
    lin(`${p}.attention.self.query`, qk, o.q);
    lin(`${p}.attention.self.key`, qk, o.kv);
    lin(`${p}.attention.self.value`, v, o.kv);
    lin(`${p}.attention.output.dense`, out, v);
    ln(`${p}.layernorm`, o.q);
    lin(`${p}.mlp.dense1`, o.widening * o.q, o.q, 'mlp');
    lin(`${p}.mlp.dense2`, o.q, o.widening * o.q, 'mlp');
    return { perQuery: qk * o.q + out * v + 2 * o.widening * o.q * o.q, perKey: (qk + v) * o.kv, qk, v, heads: o.heads };
  };
  t('perceiver.input_preprocessor.embeddings.weight', [V, D], 'embedding');
  t('perceiver.input_preprocessor.position_embeddings.weight', [M, D], 'positions');
  t('perceiver.embeddings.latents', [N, L], 'embedding');
  const cross = layer('perceiver.encoder.cross_attention', { cross: true, q: L, kv: D, ...(qkGiven ? { qk: qkGiven } : {}), ...(vGiven ? { v: vGiven } : {}), heads: crossHeads, widening: wCross });
  let latentFlops = 2 * N * cross.perQuery;
  for (let i = 0; i < selfLayers; i++) {
    const sl = layer(`perceiver.encoder.self_attends.${i}`, { cross: false, q: L, kv: L, ...(qkGiven ? { qk: qkGiven } : {}), ...(vGiven ? { v: vGiven } : {}), heads: selfHeads, widening: wSelf });
    latentFlops += blocks * (2 * N * (sl.perQuery + sl.perKey) + 2 * N * N * (sl.qk + sl.v));
  }
  t('perceiver.decoder.output_position_encodings.position_embeddings', [M, D], 'positions');
  const dec = layer('perceiver.decoder.decoding_cross_attention', { cross: true, q: D, kv: L, qk: 256, v: D, heads: 8, widening: 1 });
  const decoderFlops = 2 * M * dec.perQuery + 2 * N * dec.perKey + 2 * M * N * (dec.qk + dec.v) + 2 * M * D * V;
  t('embedding_decoder.bias', [V], 'head');
  // Per input token: the encoder's key/value projections; per sequence: latents, decoder, logits.
  b.sharedUse(0, cross.perKey);
  b.attend(0, 'bidirectional', { heads: cross.heads, qkDim: cross.qk / cross.heads, vDim: cross.v / cross.heads, cachePerToken: 0, pairsAt: (s) => N * s });
  b.perSequenceFlops(latentFlops + decoderFlops);
  ctx.assume(`Perceiver IO: ${N} latents; the decoder always answers ${M} positions (max_position_embeddings), so its FLOPs are fixed per sequence`);
  return {
    attentionKind: 'bidirectional',
    hidden: L,
    layers: selfLayers * blocks,
    heads: selfHeads,
    kvHeads: selfHeads,
    headDim: Math.floor((qkGiven ?? L) / selfHeads),
    vocab: V,
    maxPositions: M,
    mlpWidth: wSelf * L,
    gatedMlp: false,
    activation: c.str('hidden_act', 'gelu'),
    head: 'mlm',
    tiedEmbeddings: true,
  };
}

/**
 * Reformer: reversible layers of local or LSH attention (shared query_key), axial position
 * embeddings, a 2h-wide final norm and LM head. Up to the chunk length attention is full; beyond,
 * each query chunk sees its own and its neighbouring chunks (LSH: per hash round, after bucketing).
 */
function reformer(c: ConfigReader, ctx: BuildContext): Summary {
  const h = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const dh = c.int('attention_head_size', 'head size', 64);
  const A = heads * dh;
  const types = (c.list('attn_layers') ?? ['local', 'lsh', 'local', 'lsh', 'local', 'lsh']).map(String);
  if (types.some((t) => t !== 'local' && t !== 'lsh')) throw new ConfigError('"attn_layers" may only list "local" and "lsh" layers', 'attn_layers');
  const ff = c.int('feed_forward_size', 'MLP width', 512);
  const V = c.int('vocab_size', 'vocabulary size');
  const maxPos = c.int('max_position_embeddings', 'context length');
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'reformer.';
  b.embedding(`${prefix}embeddings.word_embeddings`, V, h);
  if (c.bool('axial_pos_embds', true)) {
    const shape = (c.list('axial_pos_shape') ?? [64, 64]).map(Number);
    const dims = (c.list('axial_pos_embds_dim') ?? [64, 192]).map(Number);
    if (shape.length !== dims.length || dims.reduce((a, x) => a + x, 0) !== h) throw new ConfigError(`"axial_pos_embds_dim" must sum to hidden_size (${h}) with one entry per axial_pos_shape axis`, 'axial_pos_embds_dim');
    dims.forEach((dim, i) => b.tensor(`${prefix}embeddings.position_embeddings.weights.${i}`, shape.map((n, j) => (j === i ? n : 1)).concat([dim]), 'positions'));
  } else b.embedding(`${prefix}embeddings.position_embeddings.embedding`, maxPos, h, 'positions');
  const chunkOf = (t: string) => c.int(`${t}_attn_chunk_length`, `${t} chunk length`, 64);
  const spanOf = (t: string) => 1 + c.count(`${t}_num_chunks_before`, 'chunks before', 1) + c.count(`${t}_num_chunks_after`, 'chunks after', 0);
  const hashes = c.int('num_hashes', 'hash rounds', 1);
  const givenBuckets = c.get('num_buckets');
  const causal = isCausal(ctx.architecture);
  types.forEach((t, l) => {
    const p = `${prefix}encoder.layers.${l}`;
    b.norm(`${p}.attention.layer_norm`, h, true, l);
    const names = t === 'lsh' ? ['query_key', 'value'] : ['query', 'key', 'value'];
    for (const n of names) b.linear(`${p}.attention.self_attention.${n}`, A, h, false, 'attention', l);
    b.linear(`${p}.attention.output.dense`, h, A, false, 'attention', l);
    b.norm(`${p}.feed_forward.layer_norm`, h, true, l);
    b.linear(`${p}.feed_forward.dense.dense`, ff, h, true, 'mlp', l).linear(`${p}.feed_forward.output.dense`, h, ff, true, 'mlp', l);
    const chunk = chunkOf(t);
    const span = spanOf(t);
    const pairsAt = (s: number): number => {
      if (s <= chunk) return s * s;
      if (t === 'local') return s * chunk * span;
      // Bucket count: config.num_buckets, else 2·s/chunk rounded down to a power of 2 (set on the first forward).
      const buckets = Array.isArray(givenBuckets) ? givenBuckets.reduce((a: number, x) => a + Number(x), 0) : typeof givenBuckets === 'number' ? givenBuckets : 2 ** ((2 * Math.floor(s / chunk)).toString(2).length - 1);
      const rotations = 2 * s * dh * hashes * (buckets / 2); // random-rotation hashing, per head
      return hashes * s * chunk * span + rotations / (4 * dh);
    };
    // A causal Reformer caches each layer's input hidden states (and LSH buckets), not K/V.
    b.attend(l, causal ? 'full' : 'bidirectional', { heads, qkDim: dh, cachePerToken: causal ? h : 0, pairsAt });
  });
  b.norm(`${prefix}encoder.layer_norm`, 2 * h, true);
  ctx.assume('sequences longer than a chunk are a multiple of the chunk lengths (transformers pads them); beyond one chunk, attention is chunked (local) or bucketed by LSH (each query sees its chunk and its neighbours per hash round)');
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'lm';
    b.tensor('lm_head.bias', [V], 'head');
    b.tensor('lm_head.decoder.weight', [V, 2 * h], 'head', { matmul: true });
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return {
    attentionKind: causal ? 'causal' : 'bidirectional',
    hidden: h,
    layers: types.length,
    heads,
    kvHeads: heads,
    headDim: dh,
    vocab: V,
    maxPositions: maxPos,
    mlpWidth: ff,
    gatedMlp: false,
    activation: c.str('hidden_act', 'relu'),
    head,
    tiedEmbeddings: false,
  };
}

/**
 * XLNet: two-stream relative attention; with plain input ids only the content stream runs. Each
 * layer projects q, k, v, o ([d, heads, d_head], einsums) and the 2s relative positions (r), and
 * scores content (q·k) and position (q·r over 2s positions) terms: 2·s² pairs for the scores.
 */
function xlnet(c: ConfigReader, ctx: BuildContext): Summary {
  const d = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  const dh = c.int('d_head', 'head size', Math.floor(d / heads));
  const layers = c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS);
  const width = c.int('d_inner', 'MLP width', 4096);
  const V = c.int('vocab_size', 'vocabulary size');
  const tied = c.bool('tie_word_embeddings', true);
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'transformer.';
  b.tensor(`${prefix}mask_emb`, [1, 1, d], 'embedding');
  b.embedding(`${prefix}word_embedding`, V, d);
  for (let l = 0; l < layers; l++) {
    const p = `${prefix}layer.${l}.rel_attn`;
    for (const n of ['q', 'k', 'v', 'o', 'r']) b.tensor(`${p}.${n}`, [d, heads, dh], 'attention', { layer: l, matmul: true });
    // r projects 2s relative positions, not s tokens: once more.
    b.sharedUse(l, d * heads * dh);
    for (const n of ['r_r_bias', 'r_s_bias', 'r_w_bias']) b.tensor(`${p}.${n}`, [heads, dh], 'attention', { layer: l });
    b.tensor(`${p}.seg_embed`, [2, heads, dh], 'attention', { layer: l });
    b.norm(`${p}.layer_norm`, d, true, l);
    const f = `${prefix}layer.${l}.ff`;
    b.norm(`${f}.layer_norm`, d, true, l);
    b.linear(`${f}.layer_1`, width, d, true, 'mlp', l).linear(`${f}.layer_2`, d, width, true, 'mlp', l);
    b.attend(l, 'bidirectional', { heads, qkDim: dh, cachePerToken: 0, pairsAt: (s) => 2 * s * s });
  }
  ctx.assume('content stream only (no perm_mask / target_mapping), no memory (mems) and no segment ids: the relative-position scores span 2s positions');
  let head: Summary['head'] = 'none';
  if (kind === 'lm' || kind === 'mlm') {
    head = 'lm';
    b.head('lm_loss', V, d, tied ? `${prefix}word_embedding.weight` : undefined, true);
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return { attentionKind: 'bidirectional', hidden: d, layers, heads, kvHeads: heads, headDim: dh, vocab: V, maxPositions: c.int('mem_len', 'memory length', 512), mlpWidth: width, gatedMlp: false, activation: c.str('ff_activation', 'gelu'), head, tiedEmbeddings: tied };
}

/** Funnel: each encoder block after the first pools the sequence by 2 (keeping <cls>); per layer, its query, key and relative-position lengths. */
function funnelPlan(s: number, blocks: readonly number[], repeats: readonly number[], decoderLayers: number): { tq: number; tk: number; t: number }[] {
  // Positions as transformers builds them: [first, start, start + step, …] (count after first), closed form.
  interface Pos {
    first: number;
    start: number;
    step: number;
    count: number;
  }
  const last = (p: Pos) => (p.count > 0 ? p.start + (p.count - 1) * p.step : p.first);
  const relLen = (pos: Pos, stride: number, pooled: Pos, shift: number): number => {
    const max = pooled.first - pos.first + shift * (1 + pooled.count) * stride;
    const min = pooled.first - last(pos);
    return Math.max(0, Math.ceil((max - min + 1) / stride));
  };
  let pos: Pos = { first: 0, start: 1, step: 1, count: Math.max(0, s - 1) };
  const embeds: { noPool: number; pool: number }[] = [];
  blocks.forEach((_, b) => {
    let pool = 0;
    let pooled = pos;
    if (b > 0) {
      // stride_pool_pos with separate <cls> and truncation: [1 − 2^b] + pos[1:-1][::2]
      pooled = { first: -(2 ** b) + 1, start: pos.start, step: 2 * pos.step, count: Math.max(0, Math.ceil((pos.count - 1) / 2)) };
      pool = relLen(pos, 2 ** (b - 1), pooled, 2);
    }
    pos = pooled;
    embeds.push({ noPool: relLen(pos, 2 ** b, pos, 1), pool });
  });
  const plan: { tq: number; tk: number; t: number }[] = [];
  let T = s;
  blocks.forEach((size, b) => {
    const pooling = T > 2 && b > 0;
    for (let j = 0; j < size; j++) {
      for (let r = 0; r < (repeats[b] ?? 1); r++) {
        if (pooling && j === 0 && r === 0) {
          const q = Math.ceil(T / 2);
          plan.push({ tq: q, tk: T, t: embeds[b]!.pool });
          T = q;
        } else plan.push({ tq: T, tk: T, t: embeds[b]!.noPool });
      }
    }
  });
  for (let l = 0; l < decoderLayers; l++) plan.push({ tq: s, tk: s, t: embeds[0]!.noPool });
  return plan;
}

/**
 * Funnel Transformer (relative_shift attention, separate <cls>, truncated pooling, pooled queries):
 * every layer's linear and attention FLOPs depend on its block's pooled length, so each layer's
 * whole cost is carried by its attention record (the tensors are listed, not multiplied per token).
 */
function funnel(c: ConfigReader, ctx: BuildContext): Summary {
  const d = c.int('hidden_size', 'hidden size');
  const n = c.int('num_attention_heads', 'number of attention heads');
  const dh = c.int('d_head', 'head size', 64);
  const inner = c.int('d_inner', 'MLP width', 3072);
  const V = c.int('vocab_size', 'vocabulary size');
  const blocks = (c.list('block_sizes') ?? [4, 4, 4]).map(Number);
  const repeats = (c.list('block_repeats') ?? blocks.map(() => 1)).map(Number);
  const decoderLayers = c.count('num_decoder_layers', 'decoder layers', 2);
  if (blocks.some((x) => !Number.isInteger(x) || x <= 0) || repeats.length !== blocks.length) throw new ConfigError('"block_sizes" must list positive whole numbers, with one "block_repeats" entry per block', 'block_sizes');
  for (const [k, v] of [['attention_type', 'relative_shift'], ['separate_cls', true], ['truncate_seq', true], ['pool_q_only', true]] as const) {
    if ((c.get(k) ?? v) !== v) throw new ConfigError(`Funnel with ${k} = ${JSON.stringify(c.get(k))} is not supported (only the default ${JSON.stringify(v)} is declared)`, k);
  }
  const tied = c.bool('tie_word_embeddings', true);
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'funnel.';
  b.embedding(`${prefix}embeddings.word_embeddings`, V, d);
  b.norm(`${prefix}embeddings.layer_norm`, d, true);
  const nd = n * dh;
  const memo = new Map<number, { tq: number; tk: number; t: number }[]>();
  const planAt = (s: number) => {
    let p = memo.get(s);
    if (!p) memo.set(s, (p = funnelPlan(s, blocks, repeats, decoderLayers)));
    return p;
  };
  const width = 4 * n * dh;
  const layer = (p: string, l: number, indices: number[]) => {
    const t = (name: string, shape: number[], component: 'attention' | 'mlp' | 'norm' = 'attention') => b.tensor(`${p}.${name}`, shape, component, { layer: l });
    for (const name of ['r_w_bias', 'r_r_bias']) t(`attention.${name}`, [n, dh]);
    t('attention.r_kernel', [d, n, dh]);
    t('attention.r_s_bias', [n, dh]);
    t('attention.seg_embed', [2, n, dh]);
    t('attention.q_head.weight', [nd, d]);
    t('attention.k_head.weight', [nd, d]).tensor(`${p}.attention.k_head.bias`, [nd], 'attention', { layer: l });
    t('attention.v_head.weight', [nd, d]).tensor(`${p}.attention.v_head.bias`, [nd], 'attention', { layer: l });
    t('attention.post_proj.weight', [d, nd]).tensor(`${p}.attention.post_proj.bias`, [d], 'attention', { layer: l });
    t('attention.layer_norm.weight', [d], 'norm').tensor(`${p}.attention.layer_norm.bias`, [d], 'norm', { layer: l });
    t('ffn.linear_1.weight', [inner, d], 'mlp').tensor(`${p}.ffn.linear_1.bias`, [inner], 'mlp', { layer: l });
    t('ffn.linear_2.weight', [d, inner], 'mlp').tensor(`${p}.ffn.linear_2.bias`, [d], 'mlp', { layer: l });
    t('ffn.layer_norm.weight', [d], 'norm').tensor(`${p}.ffn.layer_norm.bias`, [d], 'norm', { layer: l });
    const pairsAt = (s: number) => {
      let f = 0;
      for (const i of indices) {
        const { tq, tk, t: r } = planAt(s)[i]!;
        const linear = 2 * tq * d * nd * 2 + 2 * tk * d * nd * 2 + 2 * tq * 2 * d * inner;
        const attention = 4 * n * tq * tk * dh + 2 * r * d * nd + 2 * n * tq * r * dh + 4 * n * tq * dh;
        f += linear + attention;
      }
      return f / width;
    };
    b.attend(l, 'bidirectional', { heads: n, qkDim: dh, cachePerToken: 0, pairsAt });
  };
  // Plan entries in forward order (a layer runs block_repeats times in a row, reusing its weights).
  let l = 0;
  let index = 0;
  blocks.forEach((size, bi) => {
    for (let j = 0; j < size; j++) {
      const runs = Array.from({ length: repeats[bi] ?? 1 }, () => index++);
      layer(`${prefix}encoder.blocks.${bi}.${j}`, l, runs);
      l++;
    }
  });
  const encoderLayers = l;
  if (repeats.some((r) => r !== 1)) ctx.assume('block_repeats: repeated layers reuse their weights; FLOPs count each repetition');
  for (let i = 0; i < decoderLayers; i++) layer(`${prefix}decoder.layers.${i}`, encoderLayers + i, [index + i]);
  ctx.assume('FLOPs per layer at its pooled length (each block after the first halves the sequence, <cls> kept apart); the decoder upsamples back to the full length');
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.head('lm_head', V, d, tied ? `${prefix}embeddings.word_embeddings.weight` : undefined, true);
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return { attentionKind: 'bidirectional', hidden: d, layers: encoderLayers + decoderLayers, heads: n, kvHeads: n, headDim: dh, vocab: V, maxPositions: c.int('max_position_embeddings', 'context length', 512), mlpWidth: inner, gatedMlp: false, activation: c.str('hidden_act', 'gelu_new'), head, tiedEmbeddings: tied };
}

export const ENCODERS: FamilyModule = {
  ...BERT_VARIANTS,
  roformer: {
    defaultArchitecture: 'RoFormerForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50000, max_position_embeddings: 1536, rotary_value: false },
    build: (c, ctx) => {
      const E = c.int('embedding_size', 'embedding size', c.int('hidden_size', 'hidden size'));
      return bertEncoder({
        base: 'roformer',
        head: 'cls',
        positions: false,
        embedWidth: () => E,
        // Sinusoidal rotary table [max_position_embeddings, head_dim], stored as a parameter.
        encoderExtra: (b, p, cc, d) => {
          if (E !== d.hidden) b.linear(`${p.replace(/encoder\.$/, '')}embeddings_project`, d.hidden, E, true, 'embedding');
          b.embedding(`${p}embed_positions`, cc.int('max_position_embeddings', 'context length'), d.headDim, 'positions');
        },
        mlm: (b, _c, d, embedding, tied) => mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: E, hidden: d.hidden, vocab: d.vocab, embedding, tied }),
      })(c, ctx);
    },
  },
  big_bird: {
    defaultArchitecture: 'BigBirdForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50358, hidden_act: 'gelu_new', max_position_embeddings: 4096, attention_type: 'block_sparse', use_bias: true, block_size: 64, num_random_blocks: 3 },
    build: (c, ctx) => {
      const sparse = c.str('attention_type', 'block_sparse') === 'block_sparse' && !isCausal(ctx.architecture);
      const block = c.int('block_size', 'block size', 64);
      const random = c.count('num_random_blocks', 'random blocks', 3);
      return bertEncoder({
        base: 'bert',
        head: 'cls',
        pooler: 'always',
        poolerName: 'pooler',
        attend: (b, l, _c, d, causal) => encoderAttend(b, l, d, causal, sparse ? { pairsAt: (s) => bigBirdPairs(s, block, random) } : {}),
        notes: (_c, cx) => {
          if (sparse) cx.assume(`block-sparse attention (blocks of ${block}, ${random} random): full attention up to ${(5 + 2 * random) * block} tokens, as transformers switches; beyond, 2 global + 3 sliding + ${random} random blocks per query block`);
        },
      })(c, ctx);
    },
  },
  yoso: {
    defaultArchitecture: 'YosoForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50265, max_position_embeddings: 4096, type_vocab_size: 1, use_expectation: true },
    build: bertEncoder({
      base: 'yoso',
      head: 'cls',
      // Positions are offset by 2 (RoBERTa's padding convention): the table has max_position_embeddings + 2 rows.
      positions: false,
      embeddings: (b, p, c, d) => b.embedding(`${p}position_embeddings`, c.int('max_position_embeddings', 'context length') + 2, d.hidden, 'positions'),
      notes: (c, ctx) => {
        if (!c.bool('use_expectation', true)) ctx.leaveOut('use_expectation false: the LSH-sampled attention runs in a custom kernel; its FLOPs are counted as full attention');
      },
    }),
  },
  mra: {
    defaultArchitecture: 'MraForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50265, type_vocab_size: 1, block_per_row: 4, approx_mode: 'full' },
    build: bertEncoder({
      base: 'mra',
      head: 'cls',
      positions: false,
      embeddings: (b, p, c, d) => b.embedding(`${p}position_embeddings`, c.int('max_position_embeddings', 'context length') + 2, d.hidden, 'positions'),
      attend: (b, l, c, d) => {
        const maxPos = c.int('max_position_embeddings', 'context length');
        const blocks = Math.min(Math.floor(maxPos / 32) * c.int('block_per_row', 'blocks per row', 4), Math.floor(maxPos / 32) ** 2);
        const full = c.str('approx_mode', 'full') === 'full';
        b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0, pairsAt: (s) => mraPairs(s, blocks, d.headDim, full) });
      },
      notes: (_c, ctx) => ctx.assume("MRA attention (custom CUDA kernel): block-mean scores, then the top blocks of 32 × 32 at full resolution; FLOPs counted as the matmuls they are, head_dim padded to 32 as the kernel does"),
    }),
  },
  nystromformer: {
    defaultArchitecture: 'NystromformerForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 30000, hidden_act: 'gelu_new', max_position_embeddings: 510, segment_means_seq_len: 64, num_landmarks: 64, conv_kernel_size: 65 },
    build: (c, ctx) => {
      const m = c.int('num_landmarks', 'landmarks', 64);
      const seg = c.int('segment_means_seq_len', 'sequence length of the landmarks', 64);
      const k = c.optInt('conv_kernel_size', 'convolution kernel');
      return bertEncoder({
        base: 'nystromformer',
        head: 'cls',
        positions: false,
        embeddings: (b, p, cc, d) => b.embedding(`${p}position_embeddings`, cc.int('max_position_embeddings', 'context length') + 2, d.hidden, 'positions'),
        selfAttention: (b, p, l, _c, d) => {
          if (k === undefined) return;
          // A depthwise convolution over the values, per head: 2·s·heads·k·head_dim FLOPs.
          b.tensor(`${p}.conv.weight`, [d.heads, 1, k, 1], 'attention', { layer: l });
          b.sharedUse(l, d.heads * k * d.headDim);
        },
        attend: (b, l, _c, d) => b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0, ...(m === seg ? {} : { pairsAt: (s) => nystromPairs(s, m, d.headDim) }) }),
        notes: (_c, cx) => {
          if (m !== seg) cx.assume(`Nyström attention with ${m} landmarks over sequences of exactly ${seg} tokens (segment_means_seq_len)`);
        },
      })(c, ctx);
    },
  },
  longformer: {
    defaultArchitecture: 'LongformerForMaskedLM',
    defaults: { ...BERT_DEFAULTS, attention_window: 512 },
    build: (c, ctx) => {
      const d0 = encoderDims(c);
      const ws = attentionWindows(c, d0.layers);
      ctx.b.padSequence(Math.max(...ws));
      ctx.assume(`sequences padded to a multiple of ${Math.max(...ws)} tokens (attention_window) and sliding-chunk attention without global tokens, as transformers computes it`);
      return bertEncoder({
        base: 'longformer',
        head: 'lm_head',
        positions: false,
        embeddings: (b, p, cc, d) => b.embedding(`${p}position_embeddings`, cc.int('max_position_embeddings', 'context length'), d.hidden, 'positions'),
        selfAttention: (b, p, l, _c, d) => {
          for (const n of ['query_global', 'key_global', 'value_global']) b.tensor(`${p}.${n}.weight`, [d.hidden, d.hidden], 'attention', { layer: l }).tensor(`${p}.${n}.bias`, [d.hidden], 'attention', { layer: l });
        },
        attend: (b, l, _c, d) => b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, cachePerToken: 0, pairsAt: (s) => longformerPairs(s, ws[l] as number) }),
      })(c, ctx);
    },
  },
  convbert: {
    defaultArchitecture: 'ConvBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, embedding_size: 768, head_ratio: 2, conv_kernel_size: 9, num_groups: 1 },
    build: convbert,
  },
  squeezebert: {
    defaultArchitecture: 'SqueezeBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, embedding_size: 768, q_groups: 4, k_groups: 4, v_groups: 4, post_attention_groups: 1, intermediate_groups: 4, output_groups: 4 },
    build: squeezebert,
  },
  mobilebert: {
    defaultArchitecture: 'MobileBertForMaskedLM',
    defaults: { ...BERT_DEFAULTS, hidden_size: 512, num_hidden_layers: 24, num_attention_heads: 4, intermediate_size: 512, hidden_act: 'relu', embedding_size: 128, trigram_input: true, use_bottleneck: true, intra_bottleneck_size: 128, use_bottleneck_attention: false, key_query_shared_bottleneck: true, num_feedforward_networks: 4, normalization_type: 'no_norm', classifier_activation: true },
    build: mobilebert,
  },
  luke: {
    defaultArchitecture: 'LukeForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50267, entity_vocab_size: 500000, entity_emb_size: 256, use_entity_aware_attention: true },
    build: luke,
  },
  deberta: {
    defaultArchitecture: 'DebertaForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 50265, type_vocab_size: 0, relative_attention: false, max_relative_positions: -1, position_biased_input: true, legacy: true },
    build: deberta(false),
  },
  'deberta-v2': {
    defaultArchitecture: 'DebertaV2ForMaskedLM',
    defaults: { ...BERT_DEFAULTS, vocab_size: 128100, hidden_size: 1536, num_hidden_layers: 24, num_attention_heads: 24, intermediate_size: 6144, type_vocab_size: 0, relative_attention: false, max_relative_positions: -1, position_biased_input: true, legacy: true },
    build: deberta(true),
  },
  esmc: {
    defaultArchitecture: 'EsmcForMaskedLM',
    defaults: { vocab_size: 64, hidden_size: 2560, intermediate_size: 6912, num_hidden_layers: 80, num_attention_heads: 40, hidden_act: 'silu', max_position_embeddings: 2048, tie_word_embeddings: false, attention_bias: false, mlp_bias: false },
    build: esmc,
  },
  nomic_bert: {
    defaultArchitecture: 'NomicBertForMaskedLM',
    defaults: { vocab_size: 30528, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'silu', max_position_embeddings: 2048, type_vocab_size: 2, tie_word_embeddings: true },
    build: rotaryPostNorm({ base: 'nomic_bert', gated: true, bias: false, head: 'cls' }),
  },
  jina_embeddings_v3: {
    defaultArchitecture: 'JinaEmbeddingsV3ForMaskedLM',
    defaults: { vocab_size: 250002, hidden_size: 1024, num_hidden_layers: 24, num_attention_heads: 16, intermediate_size: 4096, hidden_act: 'gelu', max_position_embeddings: 8194, type_vocab_size: 1, tie_word_embeddings: true },
    build: rotaryPostNorm({ base: 'roberta', gated: false, bias: true, head: 'lm_head' }),
  },
  xlm: { defaultArchitecture: 'XLMWithLMHeadModel', defaults: { vocab_size: 30145, emb_dim: 2048, n_layers: 12, n_heads: 16, gelu_activation: true, sinusoidal_embeddings: false, causal: false, asm: false, n_langs: 1, use_lang_emb: true, max_position_embeddings: 512, tie_word_embeddings: true }, aliases: { hidden_size: ['emb_dim'], num_attention_heads: ['n_heads'], num_hidden_layers: ['n_layers'], vocab_size: ['n_words'] }, build: xlm },
  flaubert: { defaultArchitecture: 'FlaubertWithLMHeadModel', defaults: { ...{ vocab_size: 30145, emb_dim: 2048, n_layers: 12, n_heads: 16, gelu_activation: true, sinusoidal_embeddings: false, causal: false, asm: false, n_langs: 1, use_lang_emb: true, max_position_embeddings: 512, tie_word_embeddings: true }, pre_norm: false, layerdrop: 0.0 }, aliases: { hidden_size: ['emb_dim'], num_attention_heads: ['n_heads'], num_hidden_layers: ['n_layers'], vocab_size: ['n_words'] }, build: xlm },
  fnet: {
    defaultArchitecture: 'FNetForMaskedLM',
    defaults: { vocab_size: 32000, hidden_size: 768, num_hidden_layers: 12, intermediate_size: 3072, hidden_act: 'gelu_new', max_position_embeddings: 512, type_vocab_size: 4, use_tpu_fourier_optimizations: false, tie_word_embeddings: true },
    build: fnet,
  },
  modernvbert: { defaultArchitecture: 'ModernVBertForMaskedLM', defaults: { pixel_shuffle_factor: 4, classifier_bias: false, tie_word_embeddings: false }, build: modernvbert },
  perceiver: {
    defaultArchitecture: 'PerceiverForMaskedLM',
    defaults: { num_latents: 256, d_latents: 1280, d_model: 768, num_blocks: 1, num_self_attends_per_block: 26, num_self_attention_heads: 8, num_cross_attention_heads: 8, cross_attention_shape_for_attention: 'kv', self_attention_widening_factor: 1, cross_attention_widening_factor: 1, hidden_act: 'gelu', vocab_size: 262, max_position_embeddings: 2048 },
    build: perceiver,
  },
  reformer: {
    defaultArchitecture: 'ReformerForMaskedLM',
    defaults: { attention_head_size: 64, attn_layers: ['local', 'lsh', 'local', 'lsh', 'local', 'lsh'], axial_pos_embds: true, axial_pos_shape: [64, 64], axial_pos_embds_dim: [64, 192], feed_forward_size: 512, hidden_act: 'relu', hidden_size: 256, local_num_chunks_before: 1, local_num_chunks_after: 0, local_attn_chunk_length: 64, lsh_attn_chunk_length: 64, lsh_num_chunks_before: 1, lsh_num_chunks_after: 0, max_position_embeddings: 4096, num_attention_heads: 12, num_hashes: 1, vocab_size: 320, tie_word_embeddings: false },
    build: reformer,
  },
  xlnet: {
    defaultArchitecture: 'XLNetLMHeadModel',
    defaults: { vocab_size: 32000, d_model: 1024, n_layer: 24, n_head: 16, d_inner: 4096, ff_activation: 'gelu', attn_type: 'bi', mem_len: 512, tie_word_embeddings: true },
    aliases: { vocab_size: ['n_token'], hidden_size: ['d_model'], num_attention_heads: ['n_head'], num_hidden_layers: ['n_layer'] },
    build: xlnet,
  },
  funnel: {
    defaultArchitecture: 'FunnelForMaskedLM',
    defaults: { vocab_size: 30522, block_sizes: [4, 4, 4], num_decoder_layers: 2, d_model: 768, n_head: 12, d_head: 64, d_inner: 3072, hidden_act: 'gelu_new', pooling_type: 'mean', attention_type: 'relative_shift', separate_cls: true, truncate_seq: true, pool_q_only: true, tie_word_embeddings: true },
    aliases: { hidden_size: ['d_model'], num_attention_heads: ['n_head'] },
    build: funnel,
  },
};
