// Encoder–decoders beyond BART/T5 proper (encoderDecoder.ts): Whisper (its text decoder alone as
// WhisperForCausalLM, or the whole speech-to-text model with its audio encoder from registry/towers),
// TrOCR's decoder, and fairseq-style relatives. Layers are fairseq's: biased q/k/v/out projections
// (Whisper's k_proj has no bias), LayerNorms with bias, fc1/fc2. Encoder layers are numbered
// 0…E−1 and decoder layers E…E+D−1; a *ForCausalLM is the decoder alone (its cross-attention
// weights exist but do not run without encoder states).
import { headKind } from '../registry/blocks';
import type { InventoryBuilder } from '../registry/builder';
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';
import { whisperEncoder } from '../registry/towers';

export interface FairseqLayerOptions {
  readonly d: number;
  readonly heads: number;
  readonly ffn: number;
  /** Decoder layers: causal self-attention cached, plus cross-attention. */
  readonly decoder: boolean;
  /** Cross-attention runs (false for a standalone *ForCausalLM decoder). */
  readonly crossRuns?: boolean;
  /** Width of the encoder states cross-attention reads (TrOCR's cross_attention_hidden_size). */
  readonly crossDim?: number;
  /** Whisper: k_proj without bias. */
  readonly kBias?: boolean;
  readonly bias?: boolean;
}

/** One fairseq Transformer layer (self-attention, cross-attention in the decoder, fc1/fc2 MLP). */
export function fairseqLayer(b: InventoryBuilder, p: string, l: number, o: FairseqLayerOptions): void {
  const { d } = o;
  const bias = o.bias ?? true;
  const attention = (a: string, runs: boolean, kv: number) => {
    b.tensor(`${a}.k_proj.weight`, [d, kv], 'attention', { layer: l, matmul: runs });
    if (bias && o.kBias !== false) b.tensor(`${a}.k_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.v_proj.weight`, [d, kv], 'attention', { layer: l, matmul: runs });
    if (bias) b.tensor(`${a}.v_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.q_proj.weight`, [d, d], 'attention', { layer: l, matmul: runs });
    if (bias) b.tensor(`${a}.q_proj.bias`, [d], 'attention', { layer: l });
    b.tensor(`${a}.out_proj.weight`, [d, d], 'attention', { layer: l, matmul: runs });
    if (bias) b.tensor(`${a}.out_proj.bias`, [d], 'attention', { layer: l });
  };
  attention(`${p}.self_attn`, true, d);
  b.norm(`${p}.self_attn_layer_norm`, d, true, l);
  b.attend(l, o.decoder ? 'full' : 'bidirectional', { heads: o.heads, qkDim: d / o.heads, cachePerToken: o.decoder ? 2 * d : 0 });
  if (o.decoder) {
    const runs = o.crossRuns ?? true;
    attention(`${p}.encoder_attn`, runs, o.crossDim ?? d);
    b.norm(`${p}.encoder_attn_layer_norm`, d, true, l);
    if (runs) b.attend(l, 'cross', { heads: o.heads, qkDim: d / o.heads, cachePerToken: 2 * d });
  }
  b.linear(`${p}.fc1`, o.ffn, d, bias, 'mlp', l).linear(`${p}.fc2`, d, o.ffn, bias, 'mlp', l);
  b.norm(`${p}.final_layer_norm`, d, true, l);
}

const causalNote = (ctx: BuildContext) => ctx.assume(`${ctx.architecture}: the decoder alone; its cross-attention weights are counted as parameters but do not run without encoder states`);

// Whisper: WhisperForCausalLM (decoder alone, head proj_out), WhisperForConditionalGeneration and
// WhisperModel (audio encoder + decoder). Positions are learned tables (source 1500, target 448).
const whisper = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const d = c.int('d_model', 'model width');
  const V = c.int('vocab_size', 'vocabulary size');
  const E = c.int('encoder_layers', 'number of encoder layers', undefined, MAX_LAYERS);
  const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
  const eh = c.int('encoder_attention_heads', 'encoder heads');
  const dh = c.int('decoder_attention_heads', 'decoder heads');
  const target = c.int('max_target_positions', 'decoder context length');
  const tied = c.bool('tie_word_embeddings', true);
  const causalOnly = /ForCausalLM$/.test(ctx.architecture);
  const kind = headKind(ctx.architecture);
  const prefix = kind === 'base' ? '' : 'model.';
  const offset = causalOnly ? 0 : E;
  if (causalOnly) causalNote(ctx);
  else {
    whisperEncoder(b, `${prefix}encoder`, { hidden: d, layers: E, heads: eh, ffn: c.int('encoder_ffn_dim', 'encoder MLP width'), melBins: c.int('num_mel_bins', 'mel bins'), positions: c.int('max_source_positions', 'audio positions') }, { matmul: true, layerOffset: 0 });
    ctx.assume('the encoder reads max_source_positions (1500) audio frames after its two convolutions; the convolutions are not counted as matmul FLOPs');
  }
  const dec = `${prefix}decoder`;
  b.embedding(`${dec}.embed_tokens`, V, d);
  b.embedding(`${dec}.embed_positions`, target, d, 'positions');
  const ffn = c.int('decoder_ffn_dim', 'decoder MLP width');
  for (let i = 0; i < D; i++) fairseqLayer(b, `${dec}.layers.${i}`, offset + i, { d, heads: dh, ffn, decoder: true, crossRuns: !causalOnly, kBias: false });
  b.norm(`${dec}.layer_norm`, d, true);
  if (kind === 'lm') b.head('proj_out', V, d, tied ? `${dec}.embed_tokens.weight` : undefined);
  else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole model without a task head`);
  return {
    attentionKind: 'causal',
    hidden: d,
    layers: D,
    heads: dh,
    kvHeads: dh,
    headDim: d / dh,
    vocab: V,
    maxPositions: target,
    mlpWidth: ffn,
    gatedMlp: false,
    activation: c.str('activation_function', 'gelu'),
    ...(causalOnly ? {} : { encoderDecoder: { encoderLayers: E } }),
    head: kind === 'lm' ? 'lm' : 'none',
    tiedEmbeddings: tied,
  };
};

// TrOCR's text decoder (TrOCRForCausalLM): learned positions with BART's offset of 2 (or a
// sinusoidal buffer), an optional embedding LayerNorm, no final norm; head output_projection.
const trocr = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const d = c.int('d_model', 'model width');
  const V = c.int('vocab_size', 'vocabulary size');
  const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
  const heads = c.int('decoder_attention_heads', 'decoder heads');
  const ffn = c.int('decoder_ffn_dim', 'decoder MLP width');
  const maxPos = c.int('max_position_embeddings', 'context length');
  const tied = c.bool('tie_word_embeddings', true);
  causalNote(ctx);
  const p = 'model.decoder';
  b.embedding(`${p}.embed_tokens`, V, d);
  if (c.bool('use_learned_position_embeddings', true)) b.embedding(`${p}.embed_positions`, maxPos + 2, d, 'positions');
  if (c.bool('layernorm_embedding', true)) b.norm(`${p}.layernorm_embedding`, d, true);
  const crossDim = c.optInt('cross_attention_hidden_size', 'encoder width');
  for (let i = 0; i < D; i++) fairseqLayer(b, `${p}.layers.${i}`, i, { d, heads, ffn, decoder: true, crossRuns: false, ...(crossDim !== undefined ? { crossDim } : {}) });
  b.head('output_projection', V, d, tied ? `${p}.embed_tokens.weight` : undefined);
  return { attentionKind: 'causal', hidden: d, layers: D, heads, kvHeads: heads, headDim: d / heads, vocab: V, maxPositions: maxPos, mlpWidth: ffn, gatedMlp: false, activation: c.str('activation_function', 'gelu'), head: 'lm', tiedEmbeddings: tied };
};

export const SEQ2SEQ: FamilyModule = {
  whisper: { defaultArchitecture: 'WhisperForCausalLM', defaults: { vocab_size: 51865, num_mel_bins: 80, encoder_layers: 4, encoder_attention_heads: 6, decoder_layers: 4, decoder_attention_heads: 6, decoder_ffn_dim: 1536, encoder_ffn_dim: 1536, activation_function: 'gelu', d_model: 384, max_source_positions: 1500, max_target_positions: 448, tie_word_embeddings: true }, aliases: { num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers'] }, build: whisper },
  trocr: { defaultArchitecture: 'TrOCRForCausalLM', defaults: { vocab_size: 50265, d_model: 1024, decoder_layers: 12, decoder_attention_heads: 16, decoder_ffn_dim: 4096, activation_function: 'gelu', max_position_embeddings: 512, use_learned_position_embeddings: true, layernorm_embedding: true, tie_word_embeddings: true }, aliases: { num_attention_heads: ['decoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['decoder_layers'] }, build: trocr },
};
