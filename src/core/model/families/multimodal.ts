// Multimodal wrappers: a declared language model (text_config, built by its own declaration and
// renamed under model.language_model.) plus the wrapper's audio or vision tower and projector from
// registry/towers.ts. The tower and projector are parameters; FLOPs and KV cache are those of the
// language model per text token (the tower runs once per audio clip or image, not per token).
// Tying follows the wrapper's own tie_word_embeddings (transformers reads the top-level config).
import { ConfigReader, isRecord, type Json } from '../registry/configReader';
import { InventoryBuilder } from '../registry/builder';
import { gatedMlp, headKind, selfAttention } from '../registry/blocks';
import { decoderLM, readShape } from '../registry/decoder';
import type { BuildContext, FamilyModule, ModelTypeDecl, Summary } from '../registry/family';
import { clipVisionEncoder, conformerEncoder, convNextAudioEncoder, copyInventory, gemma4AudioEncoder, gemma4Embedder, gemma4UnifiedVisionEmbedder, gemma4VisionEncoder, phi4AudioEncoder, qformer, glmAsrEncoder, qwen3AsrEncoder, samVisionEncoder, SIGLIP_VISION_DEFAULTS, siglipVisionEncoder, towerLinear, voxtralRealtimeEncoder, whisperEncoder } from '../registry/towers';
import { ConfigError, UnsupportedModelError } from '../spec';

interface TowerContext {
  readonly b: InventoryBuilder;
  /** The wrapper's config (top level). */
  readonly c: ConfigReader;
  /** 'model.' for the *ForConditionalGeneration classes, '' for the bare *Model. */
  readonly root: string;
  readonly textHidden: number;
  /** A sub-config read with its class's defaults and attribute_map. */
  sub(field: string, defaults: Json, aliases?: Readonly<Record<string, readonly string[]>>): ConfigReader;
}

interface WrapperSpec {
  readonly defaultArchitecture: string;
  /** text_config.model_type when the config does not say. */
  readonly textType: string;
  /** The wrapper class's tie_word_embeddings default (false when the class has no such field). */
  readonly tieDefault: boolean;
  /** What the towers are, for the note on FLOPs; undefined when the config declares none (Gemma 4 without vision/audio config). */
  readonly what: string | ((c: ConfigReader) => string | undefined);
  readonly towers: (t: TowerContext) => void;
}

function sub(c: ConfigReader, field: string, defaults: Json, aliases?: Readonly<Record<string, readonly string[]>>): ConfigReader {
  const raw = c.raw[field];
  return new ConfigReader(isRecord(raw) ? raw : {}, defaults, aliases, field);
}

const wrapper =
  (w: WrapperSpec) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const text = isRecord(c.raw.text_config) ? c.raw.text_config : {};
    const textType = typeof text.model_type === 'string' && text.model_type ? text.model_type : w.textType;
    const decl = ctx.declared?.(textType);
    if (!decl) throw new UnsupportedModelError(c.modelType, `its language model (text_config, model_type "${textType}") is not declared in Model Math's registry; not supported`);
    const tied = c.bool('tie_word_embeddings', w.tieDefault);
    const tc = new ConfigReader({ ...text, tie_word_embeddings: tied }, decl.defaults, decl.aliases, textType);
    const inner = new InventoryBuilder();
    const summary = decl.build(tc, { b: inner, architecture: decl.defaultArchitecture, assume: ctx.assume, leaveOut: ctx.leaveOut, declared: ctx.declared });
    const kind = headKind(ctx.architecture);
    const root = kind === 'base' ? '' : 'model.';
    const lm = `${root}language_model.`;
    const inv = inner.build();
    copyInventory(kind === 'base' ? { ...inv, tensors: inv.tensors.filter((t) => !t.name.startsWith('lm_head.')) } : inv, ctx.b, (n) => (n.startsWith('model.') ? lm + n.slice(6) : n));
    w.towers({ b: ctx.b, c, root, textHidden: summary.hidden, sub: (f, d, a) => sub(c, f, d, a) });
    const what = typeof w.what === 'string' ? w.what : w.what(c);
    if (what) ctx.assume(`FLOPs and KV cache are the language model's per text token; the ${what} (counted in the parameters) runs once per input, not per token`);
    if (kind === 'other') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    return { ...summary, head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: tied };
  };

// Llama 3.2 Vision's text model: Llama layers, with gated cross-attention layers (q/k norms, tanh
// gates) at cross_attention_layers that attend to image features; without an image they are skipped
// entirely (no FLOPs, no cache). The embedding has 8 extra rows for the image tokens.
const mllama = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const kind = headKind(ctx.architecture);
  const conditional = /ForConditionalGeneration$/.test(ctx.architecture);
  const text = isRecord(c.raw.text_config) ? c.raw.text_config : {};
  const t = new ConfigReader(text, MLLAMA_TEXT_DEFAULTS, {}, 'mllama_text_model');
  const s = readShape(t);
  const width = t.int('intermediate_size', 'MLP width');
  const cross = new Set((t.list('cross_attention_layers') ?? []).filter((x): x is number => typeof x === 'number'));
  const prefix = kind === 'base' ? 'language_model.' : conditional ? 'model.language_model.' : 'model.';
  b.embedding(`${prefix}embed_tokens`, s.vocab + 8, s.hidden);
  for (let l = 0; l < s.layers; l++) {
    const p = `${prefix}layers.${l}`;
    if (cross.has(l)) {
      const hd = s.headDim;
      for (const [n, out, inp] of [['q_proj', s.heads * hd, s.hidden], ['k_proj', s.kvHeads * hd, s.hidden], ['v_proj', s.kvHeads * hd, s.hidden], ['o_proj', s.hidden, s.heads * hd]] as const) b.tensor(`${p}.cross_attn.${n}.weight`, [out, inp], 'attention', { layer: l });
      b.norm(`${p}.cross_attn.q_norm`, hd, false, l).norm(`${p}.cross_attn.k_norm`, hd, false, l);
      b.tensor(`${p}.cross_attn_attn_gate`, [1], 'attention', { layer: l }).tensor(`${p}.cross_attn_mlp_gate`, [1], 'mlp', { layer: l });
      for (const [n, out, inp] of [['gate_proj', width, s.hidden], ['up_proj', width, s.hidden], ['down_proj', s.hidden, width]] as const) b.tensor(`${p}.mlp.${n}.weight`, [out, inp], 'mlp', { layer: l });
    } else {
      selfAttention(b, `${p}.self_attn`, l, s);
      gatedMlp(b, `${p}.mlp`, l, s.hidden, width);
    }
    b.norm(`${p}.input_layernorm`, s.hidden, false, l).norm(`${p}.post_attention_layernorm`, s.hidden, false, l);
  }
  b.norm(`${prefix}norm`, s.hidden, false);
  // The head has vocab_size rows, the embedding vocab_size + 8: never tied.
  if (kind === 'lm') b.head('lm_head', s.vocab, s.hidden, undefined);
  if (cross.size) ctx.assume(`the ${cross.size} gated cross-attention layers (${[...cross].join(', ')}) run only when an image is given: text-only FLOPs and KV cache leave them out`);
  if (conditional || kind === 'base') ctx.leaveOut(`${ctx.architecture}: the Mllama vision model (tiled ViT with gated positional embeddings) and its projector are not counted`);
  return { attentionKind: 'causal', hidden: s.hidden, layers: s.layers, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, vocab: s.vocab, maxPositions: t.int('max_position_embeddings', 'context length'), mlpWidth: width, gatedMlp: true, activation: t.str('hidden_act', 'silu'), head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: false };
};

const MLLAMA_TEXT_DEFAULTS: Json = { vocab_size: 128256, hidden_size: 4096, hidden_act: 'silu', num_hidden_layers: 40, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336, max_position_embeddings: 131072, cross_attention_layers: [3, 8, 13, 18, 23, 28, 33, 38], tie_word_embeddings: false };

// Moshi's text decoder (MoshiForCausalLM): Llama-style layers with projections wrapped as
// `*.linear`, a gating MLP fc1 [ffn_dim, h] → fc2 [h, ffn_dim / 2], every layer sliding; the
// embedding has one extra row (padding). MoshiForConditionalGeneration adds the audio codebook
// embeddings and the depth decoder, which are not declared.
const moshi = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const s = readShape(c);
  const ffn = c.int('ffn_dim', 'MLP width');
  const kind = headKind(ctx.architecture);
  if (!/ForCausalLM$/.test(ctx.architecture)) ctx.leaveOut(`${ctx.architecture}: the audio codebook embeddings, the depth decoder and the audio encoder are not counted (only the text decoder)`);
  const window = c.optInt('sliding_window', 'sliding window');
  b.embedding('model.embed_tokens', s.vocab + 1, s.hidden);
  for (let l = 0; l < s.layers; l++) {
    const p = `model.layers.${l}`;
    selfAttention(b, `${p}.self_attn`, l, s, { q: 'q_proj.linear', k: 'k_proj.linear', v: 'v_proj.linear', o: 'o_proj.linear' }, window !== undefined ? 'sliding' : 'full', window);
    b.linear(`${p}.mlp.fc1`, ffn, s.hidden, false, 'mlp', l).linear(`${p}.mlp.fc2`, s.hidden, Math.floor(ffn / 2), false, 'mlp', l);
    b.norm(`${p}.input_layernorm`, s.hidden, false, l).norm(`${p}.post_attention_layernorm`, s.hidden, false, l);
  }
  b.norm('model.norm', s.hidden, false);
  if (kind === 'lm') b.head('lm_head', s.vocab, s.hidden, undefined);
  return { attentionKind: 'causal', hidden: s.hidden, layers: s.layers, heads: s.heads, kvHeads: s.kvHeads, headDim: s.headDim, vocab: s.vocab, maxPositions: c.int('max_position_embeddings', 'context length'), mlpWidth: Math.floor(ffn / 2), gatedMlp: true, activation: c.str('hidden_act', 'silu'), head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: false };
};

// GIT (GitForCausalLM): a CLIP vision encoder whose patch features (projected, LayerNorm) are
// prepended to the text; the text side is a BERT-style post-LN stack run causally with a KV cache;
// learned absolute positions; head `output` (with bias), tied to the word embeddings when set.
const GIT_VISION: Json = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_channels: 3, image_size: 224, patch_size: 16 };

const git = (c: ConfigReader, ctx: BuildContext): Summary => {
  const { b } = ctx;
  const s = readShape(c);
  const d = s.hidden;
  const ffn = c.int('intermediate_size', 'MLP width');
  const tied = c.bool('tie_word_embeddings', false);
  const kind = headKind(ctx.architecture);
  const root = kind === 'base' ? '' : 'git.';
  b.embedding(`${root}embeddings.word_embeddings`, s.vocab, d);
  b.embedding(`${root}embeddings.position_embeddings`, c.int('max_position_embeddings', 'context length'), d, 'positions');
  b.norm(`${root}embeddings.LayerNorm`, d, true);
  const v = new ConfigReader(isRecord(c.raw.vision_config) ? c.raw.vision_config : {}, GIT_VISION, {}, 'vision_config');
  const vh = v.int('hidden_size', 'vision width');
  clipVisionEncoder(b, `${root}image_encoder.vision_model`, { hidden: vh, layers: v.int('num_hidden_layers', 'vision layers'), ffn: v.int('intermediate_size', 'vision MLP width'), imageSize: v.int('image_size', 'image size'), patch: v.int('patch_size', 'patch size'), channels: v.int('num_channels', 'image channels') });
  for (let l = 0; l < s.layers; l++) {
    const p = `${root}encoder.layer.${l}`;
    for (const n of ['query', 'key', 'value']) b.linear(`${p}.attention.self.${n}`, d, d, true, 'attention', l);
    b.linear(`${p}.attention.output.dense`, d, d, true, 'attention', l).norm(`${p}.attention.output.LayerNorm`, d, true, l);
    b.linear(`${p}.intermediate.dense`, ffn, d, true, 'mlp', l).linear(`${p}.output.dense`, d, ffn, true, 'mlp', l).norm(`${p}.output.LayerNorm`, d, true, l);
    b.attend(l, 'full', { heads: s.heads, qkDim: s.headDim, cachePerToken: 2 * d });
  }
  towerLinear(b, `${root}visual_projection.visual_projection.0`, d, vh, true, 'mlp');
  b.norm(`${root}visual_projection.visual_projection.1`, d, true);
  const frames = c.optInt('num_image_with_embedding', 'frames');
  for (let f = 0; f < (frames ?? 0); f++) b.tensor(`${root}img_temporal_embedding.${f}`, [1, 1, vh], 'embedding');
  if (kind === 'lm') b.head('output', s.vocab, d, tied ? `${root}embeddings.word_embeddings.weight` : undefined, true);
  ctx.assume('FLOPs and KV cache are per text token; the CLIP image encoder (counted in the parameters) runs once per image, and its patch tokens, prepended to the text, are not in the count');
  return { attentionKind: 'causal', hidden: d, layers: s.layers, heads: s.heads, kvHeads: s.heads, headDim: s.headDim, vocab: s.vocab, maxPositions: c.int('max_position_embeddings', 'context length'), mlpWidth: ffn, gatedMlp: false, activation: c.str('hidden_act', 'gelu'), head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: tied };
};

// Phi-4-multimodal: a Phi-3 decoder (the top-level config) whose embedding layer carries the image
// (SigLIP, with feature extensors and a 2-layer projection) and audio (Conformer) encoders under
// model.embed_tokens_extend.
const phi4Multimodal = (c: ConfigReader, ctx: BuildContext): Summary => {
  const text = ctx.declared?.('phi3');
  if (!text) throw new UnsupportedModelError('phi4_multimodal', 'its Phi-3 language model is not declared; not supported');
  const summary = text.build(c, ctx);
  const { b } = ctx;
  const th = summary.hidden;
  const p = 'model.embed_tokens_extend';
  const v = sub(c, 'vision_config', { hidden_size: 1152, intermediate_size: 4304, num_hidden_layers: 27, num_channels: 3, image_size: 448, patch_size: 14 });
  const vh = v.int('hidden_size', 'vision width');
  b.tensor(`${p}.image_embed.global_img_feature_extensor`, [1, 1, vh], 'embedding').tensor(`${p}.image_embed.sub_img_feature_extensor`, [1, 1, 1, vh], 'embedding');
  siglipVisionEncoder(b, `${p}.image_embed.img_processor`, { hidden: vh, layers: v.int('num_hidden_layers', 'vision layers'), ffn: v.int('intermediate_size', 'vision MLP width'), imageSize: v.int('image_size', 'image size'), patch: v.int('patch_size', 'patch size'), channels: v.int('num_channels', 'image channels'), head: true });
  towerLinear(b, `${p}.image_embed.img_projection_up`, th, vh, true, 'mlp');
  towerLinear(b, `${p}.image_embed.img_projection_down`, th, th, true, 'mlp');
  const a = sub(c, 'audio_config', { hidden_size: 1024, intermediate_size: 1536, num_blocks: 24, num_attention_heads: 16, ext_pw_out_channel: 1024, depthwise_separable_out_channel: 1024, depthwise_multiplier: 1, kernel_size: 3, input_size: 80, time_reduction: 8, bias_max_distance: 1000, bias_symmetric: false, nemo_conv_channels: 1024, downsample_rate: 1 });
  const ah = a.int('hidden_size', 'audio encoder width');
  phi4AudioEncoder(b, `${p}.audio_embed.encoder`, { hidden: ah, blocks: a.int('num_blocks', 'audio encoder blocks'), heads: a.int('num_attention_heads', 'audio encoder heads'), ffn: a.int('intermediate_size', 'audio encoder MLP width'), input: a.int('input_size', 'audio features'), timeReduction: a.int('time_reduction', 'time reduction'), nemoChannels: a.int('nemo_conv_channels', 'subsampling channels'), extPwOut: a.int('ext_pw_out_channel', 'pointwise channels'), dwSepOut: a.int('depthwise_separable_out_channel', 'depthwise-separable channels'), dwMultiplier: a.int('depthwise_multiplier', 'depthwise multiplier'), kernel: a.int('kernel_size', 'kernel size'), biasMaxDistance: a.int('bias_max_distance', 'relative distance'), biasSymmetric: a.bool('bias_symmetric', false) });
  const down = a.int('downsample_rate', 'downsample rate');
  for (const k of ['speech', 'vision_speech']) {
    towerLinear(b, `${p}.audio_embed.up_proj_for_${k}`, th, ah * down, true, 'mlp');
    towerLinear(b, `${p}.audio_embed.down_proj_for_${k}`, th, th, true, 'mlp');
  }
  ctx.assume('FLOPs and KV cache are the language model\'s per text token; the image and audio encoders (counted in the parameters) run once per input, not per token');
  return summary;
};

const decl = (w: WrapperSpec, defaults: Json = {}): ModelTypeDecl => ({ defaultArchitecture: w.defaultArchitecture, defaults, build: wrapper(w) });

/** Whisper-style audio encoder configs: v4 names (d_model, encoder_layers…) or v5 names (hidden_size…). */
const WHISPER_ENCODER_DEFAULTS: Json = { num_mel_bins: 128, encoder_layers: 32, encoder_attention_heads: 20, encoder_ffn_dim: 5120, d_model: 1280, max_source_positions: 1500 };
const WHISPER_ENCODER_ALIASES = { d_model: ['hidden_size'], encoder_layers: ['num_hidden_layers'], encoder_attention_heads: ['num_attention_heads'], encoder_ffn_dim: ['intermediate_size'] };

function whisperTower(t: TowerContext): { hidden: number; ffn: number } {
  const a = t.sub('audio_config', WHISPER_ENCODER_DEFAULTS, WHISPER_ENCODER_ALIASES);
  const hidden = a.int('d_model', 'audio encoder width');
  const ffn = a.int('encoder_ffn_dim', 'audio encoder MLP width');
  whisperEncoder(t.b, `${t.root}audio_tower`, { hidden, layers: a.int('encoder_layers', 'audio encoder layers'), heads: a.int('encoder_attention_heads', 'audio encoder heads'), ffn, melBins: a.int('num_mel_bins', 'mel bins'), positions: a.int('max_source_positions', 'audio positions') });
  return { hidden, ffn };
}

const AUDIO = 'audio encoder and projector';

/** A SigLIP vision tower read from vision_config; returns its width. */
function siglipTower(t: TowerContext, p: string): number {
  const v = t.sub('vision_config', SIGLIP_VISION_DEFAULTS);
  const hidden = v.int('hidden_size', 'vision width');
  siglipVisionEncoder(t.b, p, { hidden, layers: v.int('num_hidden_layers', 'vision layers'), ffn: v.int('intermediate_size', 'vision MLP width'), imageSize: v.int('image_size', 'image size'), patch: v.int('patch_size', 'patch size'), channels: v.int('num_channels', 'image channels'), head: v.bool('vision_use_head', true) });
  return hidden;
}

// Gemma 4: vision_config and audio_config are optional (None by default: no tower, no embedder).
const GEMMA4_VISION: Json = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 16, num_attention_heads: 12, num_key_value_heads: 12, head_dim: 64, patch_size: 16, position_embedding_size: 10240, use_clipped_linears: false, standardize: false };
const GEMMA4_AUDIO: Json = { hidden_size: 1024, num_hidden_layers: 12, num_attention_heads: 8, subsampling_conv_channels: [128, 32], conv_kernel_size: 5, output_proj_dims: 1536, use_clipped_linears: true };
const GEMMA4_UNIFIED_VISION: Json = { patch_size: 16, pooling_kernel_size: 3, mm_embed_dim: 3840, mm_posemb_size: 1120, output_proj_dims: 3840 };
// Gemma4UnifiedAudioConfig's hidden_size, output_proj_dims and audio_samples_per_token are properties over audio_embed_dim.
const GEMMA4_UNIFIED_AUDIO: Json = { audio_embed_dim: 640 };
const GEMMA4_UNIFIED_AUDIO_ALIASES = { audio_embed_dim: ['hidden_size', 'output_proj_dims', 'audio_samples_per_token'] };

/** Which of a Gemma 4 config's optional towers are present, for the note on FLOPs. */
function gemma4Towers(vision: string, audio: string) {
  return (c: ConfigReader): string | undefined => {
    const parts = [isRecord(c.raw.vision_config) ? vision : '', isRecord(c.raw.audio_config) ? audio : ''].filter(Boolean);
    return parts.length ? parts.join(' and ') : undefined;
  };
}

function gemma4(t: TowerContext): void {
  const { b, root } = t;
  if (isRecord(t.c.raw.vision_config)) {
    const v = t.sub('vision_config', GEMMA4_VISION);
    const hidden = v.int('hidden_size', 'vision width');
    const heads = v.int('num_attention_heads', 'vision heads');
    gemma4VisionEncoder(b, `${root}vision_tower`, { hidden, layers: v.int('num_hidden_layers', 'vision layers'), heads, kvHeads: v.int('num_key_value_heads', 'vision key/value heads', heads), headDim: v.int('head_dim', 'vision head dimension'), ffn: v.int('intermediate_size', 'vision MLP width'), patch: v.int('patch_size', 'patch size'), positions: v.int('position_embedding_size', 'vision position table size'), clipped: v.bool('use_clipped_linears', false), standardize: v.bool('standardize', false) });
    gemma4Embedder(b, `${root}embed_vision`, hidden, t.textHidden);
  }
  if (isRecord(t.c.raw.audio_config)) {
    const a = t.sub('audio_config', GEMMA4_AUDIO);
    const channels = a.list('subsampling_conv_channels') ?? [];
    const ch = (i: number) => {
      const x = channels[i];
      if (typeof x !== 'number' || !Number.isInteger(x) || x <= 0 || channels.length !== 2) throw new ConfigError(`"audio_config.subsampling_conv_channels" must be two positive whole numbers, got ${JSON.stringify(channels)}`, 'audio_config.subsampling_conv_channels');
      return x;
    };
    const output = a.int('output_proj_dims', 'audio output width');
    gemma4AudioEncoder(b, `${root}audio_tower`, { hidden: a.int('hidden_size', 'audio encoder width'), layers: a.int('num_hidden_layers', 'audio encoder layers'), heads: a.int('num_attention_heads', 'audio encoder heads'), channels: [ch(0), ch(1)], kernel: a.int('conv_kernel_size', 'audio convolution kernel'), output, clipped: a.bool('use_clipped_linears', true) });
    gemma4Embedder(b, `${root}embed_audio`, output, t.textHidden);
  }
}

function gemma4Unified(t: TowerContext): void {
  const { b, root } = t;
  if (isRecord(t.c.raw.vision_config)) {
    const v = t.sub('vision_config', GEMMA4_UNIFIED_VISION);
    gemma4UnifiedVisionEmbedder(b, `${root}embed_vision`, { modelPatch: v.int('patch_size', 'patch size') * v.int('pooling_kernel_size', 'pooling kernel'), embed: v.int('mm_embed_dim', 'vision embedding width'), positions: v.int('mm_posemb_size', 'vision position table size'), output: v.int('output_proj_dims', 'vision output width'), textHidden: t.textHidden });
  }
  if (isRecord(t.c.raw.audio_config)) {
    const a = t.sub('audio_config', GEMMA4_UNIFIED_AUDIO, GEMMA4_UNIFIED_AUDIO_ALIASES);
    gemma4Embedder(b, `${root}embed_audio`, a.int('audio_embed_dim', 'audio frame width'), t.textHidden);
  }
}

export const MULTIMODAL: FamilyModule = {
  qwen2_audio: decl({
    defaultArchitecture: 'Qwen2AudioForConditionalGeneration',
    textType: 'qwen2',
    tieDefault: false,
    what: AUDIO,
    towers: (t) => {
      const { hidden } = whisperTower(t);
      towerLinear(t.b, `${t.root}multi_modal_projector.linear`, t.textHidden, hidden, true, 'mlp');
    },
  }),
  voxtral: decl({
    defaultArchitecture: 'VoxtralForConditionalGeneration',
    textType: 'llama',
    tieDefault: false,
    what: AUDIO,
    towers: (t) => {
      // The projector reads 4 stacked encoder frames: audio_config.intermediate_size wide.
      const { ffn } = whisperTower(t);
      towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, t.textHidden, ffn, false, 'mlp');
      towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, t.textHidden, false, 'mlp');
    },
  }),
  ...Object.fromEntries(
    (['audioflamingo3', 'musicflamingo'] as const).map((type) => [
      type,
      decl(
        {
          defaultArchitecture: type === 'audioflamingo3' ? 'AudioFlamingo3ForConditionalGeneration' : 'MusicFlamingoForConditionalGeneration',
          textType: 'qwen2',
          tieDefault: false,
          what: AUDIO,
          towers: (t) => {
            const { hidden } = whisperTower(t);
            const bias = t.c.bool('projector_bias', true);
            towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, t.textHidden, hidden, bias, 'mlp');
            towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, t.textHidden, bias, 'mlp');
          },
        },
        { projector_bias: true },
      ),
    ]),
  ),
  glmasr: decl(
    {
      defaultArchitecture: 'GlmAsrForConditionalGeneration',
      textType: 'llama',
      tieDefault: true,
      what: AUDIO,
      towers: (t) => {
        const a = t.sub('audio_config', { hidden_size: 1280, intermediate_size: 5120, num_hidden_layers: 32, num_attention_heads: 20, num_mel_bins: 128 });
        const hidden = a.int('hidden_size', 'audio encoder width');
        const heads = a.int('num_attention_heads', 'audio encoder heads');
        const ffn = a.int('intermediate_size', 'audio encoder MLP width');
        glmAsrEncoder(t.b, `${t.root}audio_tower`, { hidden, layers: a.int('num_hidden_layers', 'audio encoder layers'), heads, kvHeads: a.int('num_key_value_heads', 'audio encoder key/value heads', heads), headDim: a.int('head_dim', 'audio encoder head dimension', hidden / heads), ffn, melBins: a.int('num_mel_bins', 'mel bins') });
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, 2 * t.textHidden, ffn, true, 'mlp');
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, 2 * t.textHidden, true, 'mlp');
      },
    },
    { tie_word_embeddings: true },
  ),
  fuyu: decl(
    {
      defaultArchitecture: 'FuyuForCausalLM',
      textType: 'persimmon',
      tieDefault: false,
      what: 'patch projection',
      towers: (t) => {
        // Image patches go straight into the decoder through one linear layer (FuyuConfig's own hidden_size wide).
        const patch = t.c.int('patch_size', 'patch size');
        towerLinear(t.b, `${t.root}vision_embed_tokens`, t.c.int('hidden_size', 'patch projection width'), patch * patch * t.c.int('num_channels', 'image channels'), true, 'embedding');
      },
    },
    { hidden_size: 4096, patch_size: 30, num_channels: 3, tie_word_embeddings: false },
  ),
  got_ocr2: decl(
    {
      defaultArchitecture: 'GotOcr2ForConditionalGeneration',
      textType: 'qwen2',
      tieDefault: true,
      what: 'SAM vision encoder and projector',
      towers: (t) => {
        const v = t.sub('vision_config', { hidden_size: 768, output_channels: 256, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 1024, patch_size: 16, qkv_bias: true, use_abs_pos: true, use_rel_pos: true, window_size: 14, global_attn_indexes: [2, 5, 8, 11], mlp_dim: 3072 });
        const out = v.int('output_channels', 'vision output channels');
        const global = (v.list('global_attn_indexes') ?? []).filter((x): x is number => typeof x === 'number');
        samVisionEncoder(t.b, `${t.root}vision_tower`, { hidden: v.int('hidden_size', 'vision width'), layers: v.int('num_hidden_layers', 'vision layers'), heads: v.int('num_attention_heads', 'vision heads'), mlp: v.int('mlp_dim', 'vision MLP width'), imageSize: v.int('image_size', 'image size'), patch: v.int('patch_size', 'patch size'), channels: v.int('num_channels', 'image channels'), outChannels: out, qkvBias: v.bool('qkv_bias', true), absPos: v.bool('use_abs_pos', true), relPos: v.bool('use_rel_pos', true), window: v.int('window_size', 'window size'), global });
        const pp = `${t.root}multi_modal_projector`;
        t.b.tensor(`${pp}.conv_upsampler1.weight`, [2 * out, out, 3, 3], 'mlp');
        t.b.tensor(`${pp}.conv_upsampler2.weight`, [t.textHidden, 2 * out, 3, 3], 'mlp');
        towerLinear(t.b, `${pp}.multimodal_projector`, t.textHidden, t.textHidden, true, 'mlp');
      },
    },
    { tie_word_embeddings: true },
  ),
  mllama: { defaultArchitecture: 'MllamaForCausalLM', defaults: {}, build: mllama },
  qwen3_asr: decl(
    {
      defaultArchitecture: 'Qwen3ASRForConditionalGeneration',
      textType: 'qwen3',
      tieDefault: true,
      what: AUDIO,
      towers: (t) => {
        const a = t.sub('audio_config', { d_model: 1024, encoder_layers: 24, encoder_attention_heads: 16, encoder_ffn_dim: 4096, num_mel_bins: 128, downsample_hidden_size: 480, output_dim: 3584 });
        const d = a.int('d_model', 'audio encoder width');
        qwen3AsrEncoder(t.b, `${t.root}audio_tower`, { hidden: d, layers: a.int('encoder_layers', 'audio encoder layers'), ffn: a.int('encoder_ffn_dim', 'audio encoder MLP width'), melBins: a.int('num_mel_bins', 'mel bins'), downsample: a.int('downsample_hidden_size', 'convolution channels') });
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, d, d, true, 'mlp');
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, a.int('output_dim', 'audio output width'), d, true, 'mlp');
      },
    },
    { tie_word_embeddings: true },
  ),
  // Voxtral Realtime's text model: Mistral layers (every layer sliding when sliding_window is set) with
  // an adaptive RMSNorm conditioning (ada_rms_norm: hidden → 32 → hidden) in every layer.
  voxtral_realtime_text: { defaultArchitecture: 'VoxtralRealtimeTextForCausalLM', defaults: { vocab_size: 131072, hidden_size: 3072, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 32, num_key_value_heads: 8, head_dim: 128, max_position_embeddings: 131072, sliding_window: 4096, tie_word_embeddings: true }, build: decoderLM({ attention: () => ({}), mlpBias: () => false, extraLayer: (_c, b, p, l, s) => { b.linear(`${p}.ada_rms_norm.linear1`, 32, s.hidden, false, 'norm', l).linear(`${p}.ada_rms_norm.linear2`, s.hidden, 32, false, 'norm', l); } }) },
  voxtral_realtime: decl(
    {
      defaultArchitecture: 'VoxtralRealtimeForConditionalGeneration',
      textType: 'voxtral_realtime_text',
      tieDefault: true,
      what: AUDIO,
      towers: (t) => {
        const a = t.sub('audio_config', { hidden_size: 1280, intermediate_size: 5120, num_hidden_layers: 32, num_attention_heads: 32, head_dim: 64, num_mel_bins: 128 });
        const d = a.int('hidden_size', 'audio encoder width');
        const heads = a.int('num_attention_heads', 'audio encoder heads');
        // The encoder config maps num_key_value_heads onto num_attention_heads: always MHA.
        voxtralRealtimeEncoder(t.b, `${t.root}audio_tower`, { hidden: d, layers: a.int('num_hidden_layers', 'audio encoder layers'), heads, kvHeads: heads, headDim: a.int('head_dim', 'audio encoder head dimension'), ffn: a.int('intermediate_size', 'audio encoder MLP width'), melBins: a.int('num_mel_bins', 'mel bins') });
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, t.textHidden, d * t.c.int('downsample_factor', 'downsample factor'), false, 'mlp');
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, t.textHidden, false, 'mlp');
      },
    },
    { tie_word_embeddings: true, downsample_factor: 4 },
  ),
  moshi: { defaultArchitecture: 'MoshiForCausalLM', defaults: { vocab_size: 32000, hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, max_position_embeddings: 3000, hidden_act: 'silu', sliding_window: 3000, ffn_dim: 22528, tie_word_embeddings: false }, build: moshi },
  git: { defaultArchitecture: 'GitForCausalLM', defaults: { vocab_size: 30522, hidden_size: 768, num_hidden_layers: 6, num_attention_heads: 12, intermediate_size: 3072, hidden_act: 'gelu', max_position_embeddings: 1024, tie_word_embeddings: false }, build: git },
  gemma3: decl(
    {
      defaultArchitecture: 'Gemma3ForConditionalGeneration',
      textType: 'gemma3_text',
      tieDefault: true,
      what: 'SigLIP vision tower and projector',
      towers: (t) => {
        const vh = siglipTower(t, `${t.root}vision_tower`);
        // Gemma 3's projector: an RMSNorm over the pooled patches, then one matrix [vision, text] (no Linear).
        t.b.tensor(`${t.root}multi_modal_projector.mm_input_projection_weight`, [vh, t.textHidden], 'mlp');
        t.b.norm(`${t.root}multi_modal_projector.mm_soft_emb_norm`, vh, false);
      },
    },
    { tie_word_embeddings: true },
  ),
  ...Object.fromEntries(
    (['granite_speech', 'granite_speech_plus'] as const).map((type) => [
      type,
      decl(
        {
          defaultArchitecture: type === 'granite_speech' ? 'GraniteSpeechForConditionalGeneration' : 'GraniteSpeechPlusForConditionalGeneration',
          textType: 'granite',
          tieDefault: true,
          what: 'Conformer speech encoder and Q-Former projector',
          towers: (t) => {
            const e = t.sub('encoder_config', { input_dim: 160, num_layers: 10, hidden_dim: 1024, feedforward_mult: 4, num_heads: 8, dim_head: 128, output_dim: 42, max_pos_emb: 512, conv_kernel_size: 15, conv_expansion_factor: 2 });
            conformerEncoder(t.b, `${t.root}encoder`, { input: e.int('input_dim', 'speech features'), hidden: e.int('hidden_dim', 'speech encoder width'), layers: e.int('num_layers', 'speech encoder layers'), heads: e.int('num_heads', 'speech encoder heads'), headDim: e.int('dim_head', 'speech encoder head dimension'), ffMult: e.int('feedforward_mult', 'feed-forward multiplier'), convExpansion: e.int('conv_expansion_factor', 'convolution expansion'), kernel: e.int('conv_kernel_size', 'convolution kernel'), maxPos: e.int('max_pos_emb', 'relative positions'), output: e.int('output_dim', 'CTC output size') });
            const q = t.sub('projector_config', { hidden_size: 768, num_hidden_layers: 12, intermediate_size: 3072, cross_attention_frequency: 2, encoder_hidden_size: 1408 });
            const qh = q.int('hidden_size', 'Q-Former width');
            // window_size / downsample_rate learned queries per window.
            t.b.tensor(`${t.root}projector.query`, [1, Math.floor(t.c.int('window_size', 'window size') / t.c.int('downsample_rate', 'downsample rate')), qh], 'embedding');
            qformer(t.b, `${t.root}projector.qformer`, { hidden: qh, layers: q.int('num_hidden_layers', 'Q-Former layers'), ffn: q.int('intermediate_size', 'Q-Former MLP width'), encoderHidden: q.int('encoder_hidden_size', 'Q-Former encoder width'), crossEvery: q.count('cross_attention_frequency', 'cross-attention frequency', 2) });
            towerLinear(t.b, `${t.root}projector.linear`, t.textHidden, qh, true, 'mlp');
          },
        },
        { tie_word_embeddings: true, window_size: 15, downsample_rate: 5 },
      ),
    ]),
  ),
  vibevoice_asr: decl({
    defaultArchitecture: 'VibeVoiceAsrForConditionalGeneration',
    textType: 'qwen2',
    tieDefault: false,
    what: 'acoustic and semantic tokenizer encoders and projector',
    towers: (t) => {
      for (const [kind, hiddenDefault] of [['acoustic', 64], ['semantic', 128]] as const) {
        const a = t.sub(`${kind}_tokenizer_encoder_config`, { channels: 1, depths: [3, 3, 3, 3, 3, 3, 8], downsampling_ratios: [2, 2, 4, 5, 5, 8], ffn_expansion: 4, hidden_size: hiddenDefault, kernel_size: 7, num_filters: 32 });
        const ints = (f: string) => (a.list(f) ?? []).filter((x): x is number => typeof x === 'number');
        const hidden = a.int('hidden_size', `${kind} tokenizer width`);
        convNextAudioEncoder(t.b, `${t.root}${kind}_tokenizer_encoder`, { channels: a.int('channels', 'audio channels'), filters: a.int('num_filters', 'filters'), depths: ints('depths'), ratios: ints('downsampling_ratios'), hidden, kernel: a.int('kernel_size', 'kernel size'), ffnExpansion: a.int('ffn_expansion', 'feed-forward expansion') });
        const pp = `${t.root}multi_modal_projector.${kind}`;
        towerLinear(t.b, `${pp}_linear_1`, t.textHidden, hidden, true, 'mlp');
        t.b.norm(`${pp}_norm`, t.textHidden, false);
        towerLinear(t.b, `${pp}_linear_2`, t.textHidden, t.textHidden, true, 'mlp');
      }
    },
  }),
  gemma4: decl({ defaultArchitecture: 'Gemma4ForConditionalGeneration', textType: 'gemma4_text', tieDefault: true, what: gemma4Towers('vision encoder with its embedder', 'audio encoder with its embedder'), towers: gemma4 }, { tie_word_embeddings: true }),
  gemma4_unified: decl({ defaultArchitecture: 'Gemma4UnifiedForConditionalGeneration', textType: 'gemma4_unified_text', tieDefault: true, what: gemma4Towers('vision patch embedder', 'audio frame embedder'), towers: gemma4Unified }, { tie_word_embeddings: true }),
  phi4_multimodal: { defaultArchitecture: 'Phi4MultimodalForCausalLM', defaults: { vocab_size: 200064, hidden_size: 3072, intermediate_size: 8192, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, hidden_act: 'silu', max_position_embeddings: 131072, tie_word_embeddings: false }, build: phi4Multimodal },
};
