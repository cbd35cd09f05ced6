// BERT-style encoders: post-norm layers with biased q/k/v, learned positions and token types,
// an embedding LayerNorm, and the head architectures[0] names (MLM transform + tied decoder with
// its bias, a pooler for the bare *Model, causal *LMHeadModel/*ForCausalLM that cache K/V).
// ALBERT shares one layer group across all layers and factorises the embedding; ELECTRA projects
// its smaller embedding up; DistilBERT has no token types; ModernBERT is pre-norm with GeGLU and
// alternating local/global attention.
import { ConfigError } from '../spec';
import { headKind, layerTypes } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import { maxPositions } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';

export interface EncoderDims {
  hidden: number;
  layers: number;
  heads: number;
  headDim: number;
  vocab: number;
  width: number;
}

export function encoderDims(c: ConfigReader): EncoderDims {
  const hidden = c.int('hidden_size', 'hidden size');
  const heads = c.int('num_attention_heads', 'number of attention heads');
  if (hidden % heads !== 0) throw new ConfigError(`hidden_size (${hidden}) is not divisible by num_attention_heads (${heads})`, 'num_attention_heads');
  return { hidden, heads, headDim: hidden / heads, layers: c.int('num_hidden_layers', 'number of layers', undefined, MAX_LAYERS), vocab: c.int('vocab_size', 'vocabulary size'), width: c.int('intermediate_size', 'MLP width', 4 * hidden) };
}

/** Encoder attention of one layer: bidirectional, or causal with a K/V cache for *LMHeadModel / *ForCausalLM. */
function attend(b: InventoryBuilder, l: number, d: EncoderDims, causal: boolean, window?: number): void {
  if (causal) b.attend(l, 'full', { heads: d.heads, qkDim: d.headDim, cachePerToken: 2 * d.hidden });
  else b.attend(l, 'bidirectional', { heads: d.heads, qkDim: d.headDim, ...(window !== undefined ? { window } : {}), cachePerToken: 0 });
}

function isCausal(architecture: string): boolean {
  return /(LMHeadModel|ForCausalLM)$/.test(architecture);
}

function summary(c: ConfigReader, ctx: BuildContext, d: EncoderDims, head: Summary['head'], tied: boolean, gated = false): Summary {
  return {
    attentionKind: isCausal(ctx.architecture) ? 'causal' : 'bidirectional',
    hidden: d.hidden,
    layers: d.layers,
    heads: d.heads,
    kvHeads: d.heads,
    headDim: d.headDim,
    vocab: d.vocab,
    maxPositions: maxPositions(c, ctx, 512),
    mlpWidth: d.width,
    gatedMlp: gated,
    activation: c.str('hidden_act', c.str('hidden_activation', c.str('activation', 'gelu'))),
    head,
    tiedEmbeddings: tied,
  };
}

/** The BERT post-norm layer: attention.self.{query,key,value}, attention.output, intermediate, output. */
function bertLayer(b: InventoryBuilder, p: string, l: number, d: EncoderDims, causal: boolean): void {
  for (const n of ['query', 'key', 'value']) b.linear(`${p}.attention.self.${n}`, d.hidden, d.hidden, true, 'attention', l);
  b.linear(`${p}.attention.output.dense`, d.hidden, d.hidden, true, 'attention', l).norm(`${p}.attention.output.LayerNorm`, d.hidden, true, l);
  b.linear(`${p}.intermediate.dense`, d.width, d.hidden, true, 'mlp', l);
  b.linear(`${p}.output.dense`, d.hidden, d.width, true, 'mlp', l).norm(`${p}.output.LayerNorm`, d.hidden, true, l);
  attend(b, l, d, causal);
}

/**
 * The MLM head: a dense + LayerNorm transform, then a decoder tied to the word embeddings with a
 * bias that is itself tied to `${bias}` (BERT: cls.predictions.bias, RoBERTa: lm_head.bias).
 */
function mlmHead(b: InventoryBuilder, o: { dense: string; norm: string; decoder: string; bias: string; embedWidth: number; hidden: number; vocab: number; embedding: string; tied: boolean }): void {
  b.tensor(o.bias, [o.vocab], 'head');
  b.linear(o.dense, o.embedWidth, o.hidden, true, 'head').norm(o.norm, o.embedWidth, true, undefined, 'head');
  b.tensor(`${o.decoder}.weight`, [o.vocab, o.embedWidth], 'head', { matmul: true, ...(o.tied ? { tiedTo: o.embedding } : {}) });
  b.tensor(`${o.decoder}.bias`, [o.vocab], 'head', o.tied ? { tiedTo: o.bias } : {});
}

/** BERT and RoBERTa-style models; `head` names where the MLM head lives (cls.predictions or lm_head). */
const bertLike =
  (base: string, headStyle: 'cls' | 'lm_head') =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const d = encoderDims(c);
    const { b } = ctx;
    const tied = c.bool('tie_word_embeddings', true);
    const kind = headKind(ctx.architecture);
    const bare = kind === 'base';
    const prefix = bare ? '' : `${base}.`;
    const causal = isCausal(ctx.architecture);
    b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, d.hidden);
    b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
    b.embedding(`${prefix}embeddings.token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), d.hidden);
    b.norm(`${prefix}embeddings.LayerNorm`, d.hidden, true);
    for (let l = 0; l < d.layers; l++) bertLayer(b, `${prefix}encoder.layer.${l}`, l, d, causal);
    const embedding = `${prefix}embeddings.word_embeddings.weight`;
    let head: Summary['head'] = 'none';
    if (bare) {
      b.linear('pooler.dense', d.hidden, d.hidden, true, 'pooler');
      head = 'pooler';
    } else if (kind === 'lm' || kind === 'mlm') {
      head = 'mlm';
      if (headStyle === 'cls') mlmHead(b, { dense: 'cls.predictions.transform.dense', norm: 'cls.predictions.transform.LayerNorm', decoder: 'cls.predictions.decoder', bias: 'cls.predictions.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      else mlmHead(b, { dense: 'lm_head.dense', norm: 'lm_head.layer_norm', decoder: 'lm_head.decoder', bias: 'lm_head.bias', embedWidth: d.hidden, hidden: d.hidden, vocab: d.vocab, embedding, tied });
      if (/ForPreTraining$/.test(ctx.architecture)) ctx.leaveOut(`${ctx.architecture}: the next-sentence head and pooler are not counted`);
    } else ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    return summary(c, ctx, d, head, tied);
  };

/** DistilBERT: 6 BERT-like layers with other names, no token types, a vocab transform head. */
function distilbert(c: ConfigReader, ctx: BuildContext): Summary {
  const d = { ...encoderDims(c), width: c.int('hidden_dim', 'MLP width') };
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'distilbert.';
  b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, d.hidden);
  // Sinusoidal or learned, the position table is a parameter.
  b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), d.hidden, 'positions');
  b.norm(`${prefix}embeddings.LayerNorm`, d.hidden, true);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}transformer.layer.${l}`;
    for (const n of ['q_lin', 'k_lin', 'v_lin', 'out_lin']) b.linear(`${p}.attention.${n}`, d.hidden, d.hidden, true, 'attention', l);
    b.norm(`${p}.sa_layer_norm`, d.hidden, true, l);
    b.linear(`${p}.ffn.lin1`, d.width, d.hidden, true, 'mlp', l).linear(`${p}.ffn.lin2`, d.hidden, d.width, true, 'mlp', l);
    b.norm(`${p}.output_layer_norm`, d.hidden, true, l);
    attend(b, l, d, false);
  }
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.linear('vocab_transform', d.hidden, d.hidden, true, 'head').norm('vocab_layer_norm', d.hidden, true, undefined, 'head');
    b.tensor('vocab_projector.weight', [d.vocab, d.hidden], 'head', { matmul: true, ...(tied ? { tiedTo: `${prefix}embeddings.word_embeddings.weight` } : {}) });
    b.tensor('vocab_projector.bias', [d.vocab], 'head');
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return summary(c, ctx, d, head, tied);
}

/**
 * ALBERT: factorised embedding (E = embedding_size, projected to hidden), and num_hidden_groups
 * groups of inner_group_num layers shared across all num_hidden_layers layers: parameters are
 * counted once per group, FLOPs once per layer applied.
 */
function albert(c: ConfigReader, ctx: BuildContext): Summary {
  const d = encoderDims(c);
  const E = c.int('embedding_size', 'embedding size');
  const groups = c.int('num_hidden_groups', 'layer groups', 1);
  const inner = c.int('inner_group_num', 'layers per group', 1);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'albert.';
  b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, E);
  b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), E, 'positions');
  b.embedding(`${prefix}embeddings.token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), E);
  b.norm(`${prefix}embeddings.LayerNorm`, E, true);
  b.tensor(`${prefix}encoder.embedding_hidden_mapping_in.weight`, [d.hidden, E], 'embedding', { matmul: true });
  b.tensor(`${prefix}encoder.embedding_hidden_mapping_in.bias`, [d.hidden], 'embedding');
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < inner; i++) {
      const p = `${prefix}encoder.albert_layer_groups.${g}.albert_layers.${i}`;
      // Shared weights: listed once (no layer index, so per-layer FLOPs add them below per application).
      b.norm(`${p}.full_layer_layer_norm`, d.hidden, true);
      for (const n of ['query', 'key', 'value', 'dense']) b.tensor(`${p}.attention.${n}.weight`, [d.hidden, d.hidden], 'attention').tensor(`${p}.attention.${n}.bias`, [d.hidden], 'attention');
      b.norm(`${p}.attention.LayerNorm`, d.hidden, true);
      b.tensor(`${p}.ffn.weight`, [d.width, d.hidden], 'mlp').tensor(`${p}.ffn.bias`, [d.width], 'mlp');
      b.tensor(`${p}.ffn_output.weight`, [d.hidden, d.width], 'mlp').tensor(`${p}.ffn_output.bias`, [d.hidden], 'mlp');
    }
  }
  // Each of the num_hidden_layers applications multiplies through one inner group of layers.
  for (let l = 0; l < d.layers; l++) {
    for (let i = 0; i < inner; i++) b.sharedUse(l, 4 * d.hidden * d.hidden + 2 * d.width * d.hidden);
    for (let i = 0; i < inner; i++) attend(b, l, d, false);
  }
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    mlmHead(b, { dense: 'predictions.dense', norm: 'predictions.LayerNorm', decoder: 'predictions.decoder', bias: 'predictions.bias', embedWidth: E, hidden: d.hidden, vocab: d.vocab, embedding: `${prefix}embeddings.word_embeddings.weight`, tied });
  } else if (kind === 'base') {
    b.linear('pooler', d.hidden, d.hidden, true, 'pooler');
    head = 'pooler';
  } else ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  if (groups > 1) ctx.assume(`${groups} layer groups shared over ${d.layers} layers: layer l uses group ⌊l·groups/layers⌋`);
  return summary(c, ctx, d, head, tied);
}

/** ELECTRA (generator as MLM): embeddings of embedding_size projected to hidden when they differ. */
function electra(c: ConfigReader, ctx: BuildContext): Summary {
  const d = encoderDims(c);
  const E = c.int('embedding_size', 'embedding size', d.hidden);
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'electra.';
  const causal = isCausal(ctx.architecture);
  b.embedding(`${prefix}embeddings.word_embeddings`, d.vocab, E);
  b.embedding(`${prefix}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), E, 'positions');
  b.embedding(`${prefix}embeddings.token_type_embeddings`, c.int('type_vocab_size', 'token types', 2), E);
  b.norm(`${prefix}embeddings.LayerNorm`, E, true);
  if (E !== d.hidden) b.linear(`${prefix}embeddings_project`, d.hidden, E, true, 'embedding');
  for (let l = 0; l < d.layers; l++) bertLayer(b, `${prefix}encoder.layer.${l}`, l, d, causal);
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.norm('generator_predictions.LayerNorm', E, true, undefined, 'head');
    b.linear('generator_predictions.dense', E, d.hidden, true, 'head');
    b.tensor('generator_lm_head.weight', [d.vocab, E], 'head', { matmul: true, ...(tied ? { tiedTo: `${prefix}embeddings.word_embeddings.weight` } : {}) });
    b.tensor('generator_lm_head.bias', [d.vocab], 'head');
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return summary(c, ctx, d, head, tied);
}

/**
 * ModernBERT's body: embeddings, pre-norm layers (fused Wqkv, GeGLU Wi [2f, h], no norm before layer
 * 0's attention), local attention on the layers layer_types (or every n-th rule) marks sliding.
 */
export function modernbertBody(c: ConfigReader, b: InventoryBuilder, prefix: string): EncoderDims {
  const d = encoderDims(c);
  const normBias = c.bool('norm_bias', false);
  const attnBias = c.bool('attention_bias', false);
  const mlpBias = c.bool('mlp_bias', false);
  const every = c.int('global_attn_every_n_layers', 'global attention period', 3);
  const window = c.int('local_attention', 'local attention window', 128);
  const types = layerTypes(c, d.layers, (l) => (l % every === 0 ? 'full_attention' : 'sliding_attention'));
  b.embedding(`${prefix}embeddings.tok_embeddings`, d.vocab, d.hidden).norm(`${prefix}embeddings.norm`, d.hidden, normBias);
  for (let l = 0; l < d.layers; l++) {
    const p = `${prefix}layers.${l}`;
    if (l > 0) b.norm(`${p}.attn_norm`, d.hidden, normBias, l);
    b.linear(`${p}.attn.Wqkv`, 3 * d.hidden, d.hidden, attnBias, 'attention', l).linear(`${p}.attn.Wo`, d.hidden, d.hidden, attnBias, 'attention', l);
    b.norm(`${p}.mlp_norm`, d.hidden, normBias, l);
    b.linear(`${p}.mlp.Wi`, 2 * d.width, d.hidden, mlpBias, 'mlp', l).linear(`${p}.mlp.Wo`, d.hidden, d.width, mlpBias, 'mlp', l);
    attend(b, l, d, false, types[l] === 'sliding_attention' ? window : undefined);
  }
  b.norm(`${prefix}final_norm`, d.hidden, normBias);
  return d;
}

/** ModernBERT: modernbertBody and its MLM head (dense + norm, decoder tied to the token embeddings). */
function modernbert(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const tied = c.bool('tie_word_embeddings', true);
  const normBias = c.bool('norm_bias', false);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'model.';
  const d = modernbertBody(c, b, prefix);
  let head: Summary['head'] = 'none';
  if (kind === 'mlm' || kind === 'lm') {
    head = 'mlm';
    b.linear('head.dense', d.hidden, d.hidden, c.bool('classifier_bias', false), 'head').norm('head.norm', d.hidden, normBias, undefined, 'head');
    b.tensor('decoder.weight', [d.vocab, d.hidden], 'head', { matmul: true, ...(tied ? { tiedTo: `${prefix}embeddings.tok_embeddings.weight` } : {}) });
    if (c.bool('decoder_bias', true)) b.tensor('decoder.bias', [d.vocab], 'head');
  } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
  return summary(c, ctx, d, head, tied, true);
}

export const BERT: FamilyModule = {
  bert: { defaultArchitecture: 'BertForMaskedLM', defaults: {vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: bertLike('bert', 'cls') },
  roberta: { defaultArchitecture: 'RobertaForMaskedLM', defaults: {vocab_size: 50265, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: bertLike('roberta', 'lm_head') },
  camembert: { defaultArchitecture: 'CamembertForMaskedLM', defaults: {vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: bertLike('roberta', 'lm_head') },
  'xlm-roberta': { defaultArchitecture: 'XLMRobertaForMaskedLM', defaults: {vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: bertLike('roberta', 'lm_head') },
  'data2vec-text': { defaultArchitecture: 'Data2VecTextForMaskedLM', defaults: {vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: bertLike('data2vec_text', 'lm_head') },
  distilbert: { defaultArchitecture: 'DistilBertForMaskedLM', defaults: {vocab_size: 30522, max_position_embeddings: 512, sinusoidal_pos_embds: false, n_layers: 6, n_heads: 12, dim: 768, hidden_dim: 3072, activation: 'gelu', tie_word_embeddings: true}, aliases: {hidden_size: ['dim'], num_attention_heads: ['n_heads'], num_hidden_layers: ['n_layers']}, build: distilbert },
  albert: { defaultArchitecture: 'AlbertForMaskedLM', defaults: {vocab_size: 30000, embedding_size: 128, hidden_size: 4096, num_hidden_layers: 12, num_hidden_groups: 1, num_attention_heads: 64, intermediate_size: 16384, inner_group_num: 1, hidden_act: 'gelu_new', max_position_embeddings: 512, type_vocab_size: 2, tie_word_embeddings: true}, build: albert },
  electra: { defaultArchitecture: 'ElectraForMaskedLM', defaults: {vocab_size: 30522, embedding_size: 128, hidden_size: 256, num_hidden_layers: 12, num_attention_heads: 4, intermediate_size: 1024, hidden_act: 'gelu', max_position_embeddings: 512, type_vocab_size: 2, is_decoder: false, add_cross_attention: false, tie_word_embeddings: true}, build: electra },
  modernbert: { defaultArchitecture: 'ModernBertForMaskedLM', defaults: {vocab_size: 50368, hidden_size: 768, intermediate_size: 1152, num_hidden_layers: 22, num_attention_heads: 12, hidden_activation: 'gelu', max_position_embeddings: 8192, norm_bias: false, attention_bias: false, local_attention: 128, mlp_bias: false, decoder_bias: true, classifier_pooling: 'cls', classifier_bias: false, classifier_activation: 'gelu', deterministic_flash_attn: false, sparse_prediction: false, sparse_pred_ignore_index: -100, tie_word_embeddings: true}, build: modernbert },
};
