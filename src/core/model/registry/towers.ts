// Reusable vision and audio towers of multimodal models (and the encoder side of speech models):
// Whisper-style audio encoders, projectors, and a helper that copies a language model's inventory
// under another prefix. A tower's weights are parameters like any other, but they run on audio
// frames or image patches, not on text tokens: by default they are not counted as per-token matmuls
// (FLOPs per text token stay what the language model does), which the wrapper states as an assumption.
import type { InventoryBuilder } from './builder';
import type { Component, Inventory } from './inventory';

export interface TowerOptions {
  /** Count the tower's weights as per-token matmuls (when the tower is the model's own encoder). */
  readonly matmul?: boolean;
  /** Layer numbers for the tower's tensors (an encoder–decoder's encoder layers); none by default. */
  readonly layerOffset?: number;
}

/** A Linear layer of a tower (matmul only when the tower runs per token). */
export function towerLinear(b: InventoryBuilder, name: string, out: number, inp: number, bias: boolean, component: Component, o: TowerOptions = {}, layer?: number): void {
  // Plain option objects (no conditional spreads): towers add thousands of tensors.
  const w: { matmul: boolean; layer?: number } = { matmul: !!o.matmul };
  if (layer !== undefined) w.layer = layer;
  b.tensor(`${name}.weight`, [out, inp], component, w);
  if (bias) b.tensor(`${name}.bias`, [out], component, layer !== undefined ? { layer } : undefined);
}

/** A 1-D convolution [out, in, kernel] with its bias. */
export function conv1d(b: InventoryBuilder, name: string, out: number, inp: number, kernel: number, bias = true): void {
  b.tensor(`${name}.weight`, [out, inp, kernel], 'embedding');
  if (bias) b.tensor(`${name}.bias`, [out], 'embedding');
}

export interface WhisperEncoderShape {
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly ffn: number;
  readonly melBins: number;
  /** max_source_positions: the learned position table's rows (1500 for 30 s of audio). */
  readonly positions: number;
}

/** Part names of a pre-LN encoder layer with biased square attention projections and an fc1/fc2 MLP. */
interface BiasedLayerNames {
  readonly norm1: string;
  readonly norm2: string;
  readonly fc1: string;
  readonly fc2: string;
}
/** fairseq's names (Whisper, Qwen3-ASR and the other audio encoders derived from it). */
const FAIRSEQ_LAYER: BiasedLayerNames = { norm1: 'self_attn_layer_norm', norm2: 'final_layer_norm', fc1: 'fc1', fc2: 'fc2' };
/** CLIP's names (SigLIP keeps them). */
const CLIP_LAYER: BiasedLayerNames = { norm1: 'layer_norm1', norm2: 'layer_norm2', fc1: 'mlp.fc1', fc2: 'mlp.fc2' };

/**
 * One such layer at `q`: self_attn.{k,v,q,out}_proj (k_proj without bias where `kBias` is false, as
 * in Whisper), the two LayerNorms and fc1/fc2. Tensor order does not matter to the inventory.
 */
function biasedEncoderLayer(b: InventoryBuilder, q: string, d: number, ffn: number, names: BiasedLayerNames, o: TowerOptions, l?: number, kBias = true): void {
  for (const n of ['k_proj', 'v_proj', 'q_proj', 'out_proj']) towerLinear(b, `${q}.self_attn.${n}`, d, d, n !== 'k_proj' || kBias, 'attention', o, l);
  b.norm(`${q}.${names.norm1}`, d, true, l);
  towerLinear(b, `${q}.${names.fc1}`, ffn, d, true, 'mlp', o, l);
  towerLinear(b, `${q}.${names.fc2}`, d, ffn, true, 'mlp', o, l);
  b.norm(`${q}.${names.norm2}`, d, true, l);
}

/**
 * Whisper's audio encoder (also Qwen2-Audio's, Voxtral's, Audio Flamingo 3's): two convolutions over
 * the mel spectrogram (kernel 3), a learned position table, pre-LN fairseq layers whose k_proj has no
 * bias, a final LayerNorm. Self-attention is bidirectional and caches nothing.
 */
export function whisperEncoder(b: InventoryBuilder, p: string, s: WhisperEncoderShape, o: TowerOptions = {}): void {
  const d = s.hidden;
  conv1d(b, `${p}.conv1`, d, s.melBins, 3);
  conv1d(b, `${p}.conv2`, d, d, 3);
  b.embedding(`${p}.embed_positions`, s.positions, d, 'positions');
  for (let i = 0; i < s.layers; i++) {
    const l = o.layerOffset !== undefined ? o.layerOffset + i : undefined;
    const q = `${p}.layers.${i}`;
    biasedEncoderLayer(b, q, d, s.ffn, FAIRSEQ_LAYER, o, l, false);
    if (l !== undefined && o.matmul) b.attend(l, 'bidirectional', { heads: s.heads, qkDim: d / s.heads, cachePerToken: 0 });
  }
  b.norm(`${p}.layer_norm`, d, true);
}

/**
 * GLM-ASR's audio encoder: Whisper's convolutions, then Llama-style layers with LayerNorms
 * (q/v/o biased, k not; rotary positions, so no position table), an fc1/fc2 MLP with biases.
 */
export function glmAsrEncoder(b: InventoryBuilder, p: string, s: { hidden: number; layers: number; heads: number; kvHeads: number; headDim: number; ffn: number; melBins: number }, o: TowerOptions = {}): void {
  const d = s.hidden;
  conv1d(b, `${p}.conv1`, d, s.melBins, 3);
  conv1d(b, `${p}.conv2`, d, d, 3);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    towerLinear(b, `${q}.self_attn.q_proj`, s.heads * s.headDim, d, true, 'attention', o);
    towerLinear(b, `${q}.self_attn.k_proj`, s.kvHeads * s.headDim, d, false, 'attention', o);
    towerLinear(b, `${q}.self_attn.v_proj`, s.kvHeads * s.headDim, d, true, 'attention', o);
    towerLinear(b, `${q}.self_attn.o_proj`, d, s.heads * s.headDim, true, 'attention', o);
    towerLinear(b, `${q}.mlp.fc1`, s.ffn, d, true, 'mlp', o);
    towerLinear(b, `${q}.mlp.fc2`, d, s.ffn, true, 'mlp', o);
    b.norm(`${q}.input_layernorm`, d, true);
    b.norm(`${q}.post_attention_layernorm`, d, true);
  }
  b.norm(`${p}.norm`, d, true);
}

/**
 * Copies an inventory built on its own (a wrapper's language model) into `b`, renaming every tensor
 * (and what it is tied to) with `rename`; attention, fixed state, shared uses and buffers as they are.
 */
export function copyInventory(inv: Inventory, b: InventoryBuilder, rename: (name: string) => string): void {
  // Plain option objects (no spreads): this runs for every tensor of the language model.
  for (const t of inv.tensors) {
    const o: { layer?: number; share: number; matmul: boolean; tiedTo?: string } = { share: t.activeShare, matmul: t.matmul };
    if (t.layer !== undefined) o.layer = t.layer;
    if (t.tiedTo) o.tiedTo = rename(t.tiedTo);
    b.tensor(rename(t.name), t.shape, t.component, o);
  }
  for (const a of inv.attention) {
    const o: { heads: number; qkDim: number; vDim: number; window?: number; cachePerToken: number; cache: typeof a.cache } = { heads: a.heads, qkDim: a.qkDim, vDim: a.vDim, cachePerToken: a.cachePerToken, cache: a.cache };
    if (a.window !== undefined) o.window = a.window;
    b.attend(a.layer, a.kind, o);
  }
  for (const f of inv.fixedState) b.fixedState(f.layer, f.elements, f.what);
  for (const u of inv.sharedUses) b.sharedUse(u.layer, u.weights);
  for (const x of inv.buffers) b.buffer(rename(x.name), [...x.shape]);
}

export interface SamVisionShape {
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly mlp: number;
  readonly imageSize: number;
  readonly patch: number;
  readonly channels: number;
  readonly outChannels: number;
  readonly qkvBias: boolean;
  readonly absPos: boolean;
  readonly relPos: boolean;
  readonly window: number;
  /** Layers that attend globally (relative-position tables over the whole patch grid). */
  readonly global: readonly number[];
}

/**
 * SAM's ViT image encoder (GOT-OCR2's vision tower): patch convolution, absolute positions over the
 * patch grid, windowed layers with decomposed relative positions (global ones over the whole grid),
 * fused qkv, lin1/lin2 MLP, and a convolutional neck to output_channels.
 */
export function samVisionEncoder(b: InventoryBuilder, p: string, s: SamVisionShape, o: TowerOptions = {}): void {
  const d = s.hidden;
  const grid = Math.floor(s.imageSize / s.patch);
  const headDim = d / s.heads;
  if (s.absPos) b.tensor(`${p}.pos_embed`, [1, grid, grid, d], 'positions');
  b.tensor(`${p}.patch_embed.projection.weight`, [d, s.channels, s.patch, s.patch], 'embedding');
  b.tensor(`${p}.patch_embed.projection.bias`, [d], 'embedding');
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    b.norm(`${q}.layer_norm1`, d, true);
    if (s.relPos) {
      const size = s.global.includes(i) ? grid : s.window;
      b.tensor(`${q}.attn.rel_pos_h`, [2 * size - 1, headDim], 'positions');
      b.tensor(`${q}.attn.rel_pos_w`, [2 * size - 1, headDim], 'positions');
    }
    towerLinear(b, `${q}.attn.qkv`, 3 * d, d, s.qkvBias, 'attention', o);
    towerLinear(b, `${q}.attn.proj`, d, d, true, 'attention', o);
    b.norm(`${q}.layer_norm2`, d, true);
    towerLinear(b, `${q}.mlp.lin1`, s.mlp, d, true, 'mlp', o);
    towerLinear(b, `${q}.mlp.lin2`, d, s.mlp, true, 'mlp', o);
  }
  b.tensor(`${p}.neck.conv1.weight`, [s.outChannels, d, 1, 1], 'mlp');
  b.norm(`${p}.neck.layer_norm1`, s.outChannels, true);
  b.tensor(`${p}.neck.conv2.weight`, [s.outChannels, s.outChannels, 3, 3], 'mlp');
  b.norm(`${p}.neck.layer_norm2`, s.outChannels, true);
}

/**
 * Qwen3-ASR's audio encoder: three stride-2 3×3 convolutions over the mel spectrogram
 * (downsample_hidden_size channels), a linear conv_out to d_model, sinusoidal positions (a buffer),
 * fairseq layers with biases everywhere, and ln_post.
 */
export function qwen3AsrEncoder(b: InventoryBuilder, p: string, s: { hidden: number; layers: number; ffn: number; melBins: number; downsample: number }, o: TowerOptions = {}): void {
  const d = s.hidden;
  const c = s.downsample;
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    biasedEncoderLayer(b, q, d, s.ffn, FAIRSEQ_LAYER, o);
  }
  b.norm(`${p}.ln_post`, d, true);
  b.tensor(`${p}.conv2d1.weight`, [c, 1, 3, 3], 'embedding').tensor(`${p}.conv2d1.bias`, [c], 'embedding');
  b.tensor(`${p}.conv2d2.weight`, [c, c, 3, 3], 'embedding').tensor(`${p}.conv2d2.bias`, [c], 'embedding');
  b.tensor(`${p}.conv2d3.weight`, [c, c, 3, 3], 'embedding').tensor(`${p}.conv2d3.bias`, [c], 'embedding');
  // Three stride-2 convolutions (padding 1) leave ⌈mel / 8⌉ frequency rows.
  const freq = Math.ceil(Math.ceil(Math.ceil(s.melBins / 2) / 2) / 2);
  towerLinear(b, `${p}.conv_out`, d, c * freq, false, 'embedding', o);
}

/**
 * Voxtral Realtime's causal audio encoder: Whisper's two convolutions (embedder.conv1/conv2), then
 * Mistral-style layers with RMSNorms (q/v/o biased, k not), a gated MLP whose down_proj has a bias.
 */
export function voxtralRealtimeEncoder(b: InventoryBuilder, p: string, s: { hidden: number; layers: number; heads: number; kvHeads: number; headDim: number; ffn: number; melBins: number }, o: TowerOptions = {}): void {
  const d = s.hidden;
  conv1d(b, `${p}.embedder.conv1`, d, s.melBins, 3);
  conv1d(b, `${p}.embedder.conv2`, d, d, 3);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    towerLinear(b, `${q}.self_attn.q_proj`, s.heads * s.headDim, d, true, 'attention', o);
    towerLinear(b, `${q}.self_attn.k_proj`, s.kvHeads * s.headDim, d, false, 'attention', o);
    towerLinear(b, `${q}.self_attn.v_proj`, s.kvHeads * s.headDim, d, true, 'attention', o);
    towerLinear(b, `${q}.self_attn.o_proj`, d, s.heads * s.headDim, true, 'attention', o);
    b.norm(`${q}.self_attn_layer_norm`, d, false);
    b.norm(`${q}.final_layer_norm`, d, false);
    towerLinear(b, `${q}.mlp.gate_proj`, s.ffn, d, false, 'mlp', o);
    towerLinear(b, `${q}.mlp.up_proj`, s.ffn, d, false, 'mlp', o);
    towerLinear(b, `${q}.mlp.down_proj`, d, s.ffn, true, 'mlp', o);
  }
  b.norm(`${p}.norm`, d, false);
}

export interface ClipVisionShape {
  readonly hidden: number;
  readonly layers: number;
  readonly ffn: number;
  readonly imageSize: number;
  readonly patch: number;
  readonly channels: number;
}

/**
 * CLIP's vision transformer (GIT's image encoder, and many LLaVA-style wrappers'): a class token,
 * a patch convolution without bias, a learned position per patch plus one, pre_layrnorm (sic),
 * pre-LN layers with biased q/k/v/out projections and fc1/fc2, post_layernorm.
 */
export function clipVisionEncoder(b: InventoryBuilder, p: string, s: ClipVisionShape, o: TowerOptions = {}): void {
  const d = s.hidden;
  const patches = Math.floor(s.imageSize / s.patch) ** 2;
  b.tensor(`${p}.embeddings.class_embedding`, [d], 'embedding');
  b.tensor(`${p}.embeddings.patch_embedding.weight`, [d, s.channels, s.patch, s.patch], 'embedding');
  b.embedding(`${p}.embeddings.position_embedding`, patches + 1, d, 'positions');
  b.norm(`${p}.pre_layrnorm`, d, true);
  for (let i = 0; i < s.layers; i++) {
    biasedEncoderLayer(b, `${p}.encoder.layers.${i}`, d, s.ffn, CLIP_LAYER, o);
  }
  b.norm(`${p}.post_layernorm`, d, true);
}

export interface SiglipVisionShape extends ClipVisionShape {
  /** vision_use_head: the multihead-attention pooling head (probe, in_proj, out_proj, LayerNorm, MLP). */
  readonly head: boolean;
}

/**
 * SigLIP's vision transformer (Gemma 3's, PaliGemma's, Idefics3's vision tower): a biased patch
 * convolution, one learned position per patch (no class token), pre-LN layers with biased
 * projections and fc1/fc2, post_layernorm, and optionally the attention-pooling head.
 * Exported for every wrapper that uses it.
 */
export function siglipVisionEncoder(b: InventoryBuilder, p: string, s: SiglipVisionShape, o: TowerOptions = {}): void {
  const d = s.hidden;
  b.tensor(`${p}.embeddings.patch_embedding.weight`, [d, s.channels, s.patch, s.patch], 'embedding');
  b.tensor(`${p}.embeddings.patch_embedding.bias`, [d], 'embedding');
  b.embedding(`${p}.embeddings.position_embedding`, Math.floor(s.imageSize / s.patch) ** 2, d, 'positions');
  for (let i = 0; i < s.layers; i++) {
    biasedEncoderLayer(b, `${p}.encoder.layers.${i}`, d, s.ffn, CLIP_LAYER, o);
  }
  b.norm(`${p}.post_layernorm`, d, true);
  if (s.head) {
    b.tensor(`${p}.head.probe`, [1, 1, d], 'pooler');
    b.tensor(`${p}.head.attention.in_proj_weight`, [3 * d, d], 'pooler');
    b.tensor(`${p}.head.attention.in_proj_bias`, [3 * d], 'pooler');
    towerLinear(b, `${p}.head.attention.out_proj`, d, d, true, 'pooler', o);
    b.norm(`${p}.head.layernorm`, d, true);
    towerLinear(b, `${p}.head.mlp.fc1`, s.ffn, d, true, 'pooler', o);
    towerLinear(b, `${p}.head.mlp.fc2`, d, s.ffn, true, 'pooler', o);
  }
}

/** SigLIP vision_config defaults (SiglipVisionConfig). */
export const SIGLIP_VISION_DEFAULTS = { hidden_size: 768, intermediate_size: 3072, num_hidden_layers: 12, num_attention_heads: 12, num_channels: 3, image_size: 224, patch_size: 16, vision_use_head: true };

export interface ConformerShape {
  readonly input: number;
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly headDim: number;
  readonly ffMult: number;
  readonly convExpansion: number;
  readonly kernel: number;
  readonly maxPos: number;
  readonly output: number;
}

/**
 * Granite Speech's Conformer encoder: input_linear, then per layer a macaron pair of feed-forwards
 * (ff1, ff2) around block attention with Shaw relative positions (to_q, to_kv, to_out, rel_pos_emb)
 * and a convolution module (pointwise up, depthwise, BatchNorm with its running-stat buffers,
 * pointwise down); a CTC output layer (out) and its projection back (out_mid).
 */
export function conformerEncoder(b: InventoryBuilder, p: string, s: ConformerShape, o: TowerOptions = {}): void {
  const h = s.hidden;
  const inner = s.heads * s.headDim;
  const conv = h * s.convExpansion;
  towerLinear(b, `${p}.input_linear`, h, s.input, true, 'embedding', o);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    for (const ff of ['ff1', 'ff2']) {
      b.norm(`${q}.${ff}.pre_norm`, h, true);
      towerLinear(b, `${q}.${ff}.up_proj`, h * s.ffMult, h, true, 'mlp', o);
      towerLinear(b, `${q}.${ff}.down_proj`, h, h * s.ffMult, true, 'mlp', o);
    }
    b.norm(`${q}.attn.pre_norm`, h, true);
    towerLinear(b, `${q}.attn.to_q`, inner, h, false, 'attention', o);
    towerLinear(b, `${q}.attn.to_kv`, 2 * inner, h, false, 'attention', o);
    towerLinear(b, `${q}.attn.to_out`, h, inner, true, 'attention', o);
    b.embedding(`${q}.attn.rel_pos_emb`, 2 * s.maxPos + 1, s.headDim, 'positions');
    b.norm(`${q}.conv.norm`, h, true);
    b.tensor(`${q}.conv.up_conv.weight`, [2 * conv, h, 1], 'mlp').tensor(`${q}.conv.up_conv.bias`, [2 * conv], 'mlp');
    b.tensor(`${q}.conv.depth_conv.conv.weight`, [conv, 1, s.kernel], 'mlp');
    b.norm(`${q}.conv.batch_norm`, conv, true);
    b.buffer(`${q}.conv.batch_norm.running_mean`, [conv]).buffer(`${q}.conv.batch_norm.running_var`, [conv]).buffer(`${q}.conv.batch_norm.num_batches_tracked`, []);
    b.tensor(`${q}.conv.down_conv.weight`, [h, conv, 1], 'mlp').tensor(`${q}.conv.down_conv.bias`, [h], 'mlp');
    b.norm(`${q}.post_norm`, h, true);
  }
  towerLinear(b, `${p}.out`, s.output, h, true, 'mlp', o);
  towerLinear(b, `${p}.out_mid`, h, s.output, true, 'mlp', o);
}

export interface QFormerShape {
  readonly hidden: number;
  readonly layers: number;
  readonly ffn: number;
  readonly encoderHidden: number;
  readonly crossEvery: number;
}

/**
 * BLIP-2's Q-Former over learned queries only (no text input): BERT-style post-LN layers with
 * cross-attention to the encoder states every cross_attention_frequency layers and the query MLP.
 */
export function qformer(b: InventoryBuilder, p: string, s: QFormerShape, o: TowerOptions = {}): void {
  const h = s.hidden;
  b.norm(`${p}.layernorm`, h, true);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.encoder.layer.${i}`;
    for (const n of ['query', 'key', 'value']) towerLinear(b, `${q}.attention.attention.${n}`, h, h, true, 'attention', o);
    towerLinear(b, `${q}.attention.output.dense`, h, h, true, 'attention', o);
    b.norm(`${q}.attention.output.LayerNorm`, h, true);
    if (s.crossEvery > 0 && i % s.crossEvery === 0) {
      towerLinear(b, `${q}.crossattention.attention.query`, h, h, true, 'attention', o);
      towerLinear(b, `${q}.crossattention.attention.key`, h, s.encoderHidden, true, 'attention', o);
      towerLinear(b, `${q}.crossattention.attention.value`, h, s.encoderHidden, true, 'attention', o);
      towerLinear(b, `${q}.crossattention.output.dense`, h, h, true, 'attention', o);
      b.norm(`${q}.crossattention.output.LayerNorm`, h, true);
    }
    towerLinear(b, `${q}.intermediate_query.dense`, s.ffn, h, true, 'mlp', o);
    towerLinear(b, `${q}.output_query.dense`, h, s.ffn, true, 'mlp', o);
    b.norm(`${q}.output_query.LayerNorm`, h, true);
  }
}

export interface ConvNextAudioShape {
  readonly channels: number;
  readonly filters: number;
  readonly depths: readonly number[];
  readonly ratios: readonly number[];
  readonly hidden: number;
  readonly kernel: number;
  readonly ffnExpansion: number;
}

/**
 * VibeVoice's acoustic/semantic tokenizer encoder: a causal-convolution stem, then per stage a
 * strided downsampling convolution (kernel 2 × ratio, channels doubling) and ConvNeXt-1D blocks
 * (depthwise mixer, RMSNorms, a fc MLP, layer-scale gammas), and a head convolution to hidden_size.
 */
export function convNextAudioEncoder(b: InventoryBuilder, p: string, s: ConvNextAudioShape, o: TowerOptions = {}): void {
  const block = (q: string, w: number) => {
    b.tensor(`${q}.gamma`, [w], 'norm').tensor(`${q}.ffn_gamma`, [w], 'norm');
    b.norm(`${q}.norm`, w, false).norm(`${q}.ffn_norm`, w, false);
    towerLinear(b, `${q}.ffn.linear1`, s.ffnExpansion * w, w, true, 'mlp', o);
    towerLinear(b, `${q}.ffn.linear2`, w, s.ffnExpansion * w, true, 'mlp', o);
    b.tensor(`${q}.mixer.conv.weight`, [w, 1, s.kernel], 'mlp').tensor(`${q}.mixer.conv.bias`, [w], 'mlp');
  };
  b.tensor(`${p}.stem.conv.conv.weight`, [s.filters, s.channels, s.kernel], 'embedding').tensor(`${p}.stem.conv.conv.bias`, [s.filters], 'embedding');
  for (let j = 0; j < (s.depths[0] ?? 0); j++) block(`${p}.stem.stage.${j}`, s.filters);
  let w = s.filters;
  s.ratios.forEach((ratio, i) => {
    const q = `${p}.conv_layers.${i}`;
    b.tensor(`${q}.conv.conv.weight`, [2 * w, w, 2 * ratio], 'mlp').tensor(`${q}.conv.conv.bias`, [2 * w], 'mlp');
    w *= 2;
    for (let j = 0; j < (s.depths[i + 1] ?? 0); j++) block(`${q}.stage.${j}`, w);
  });
  b.tensor(`${p}.head.conv.weight`, [s.hidden, w, s.kernel], 'mlp').tensor(`${p}.head.conv.bias`, [s.hidden], 'mlp');
}

export interface Phi4AudioShape {
  readonly hidden: number;
  readonly blocks: number;
  readonly heads: number;
  readonly ffn: number;
  readonly input: number;
  readonly timeReduction: number;
  readonly nemoChannels: number;
  readonly extPwOut: number;
  readonly dwSepOut: number;
  readonly dwMultiplier: number;
  readonly kernel: number;
  readonly biasMaxDistance: number;
  readonly biasSymmetric: boolean;
}

/**
 * Phi-4-multimodal's Conformer audio encoder: NeMo-style convolutional subsampling (a 3×3 convolution,
 * then depthwise 3×3 + pointwise 1×1 pairs, log2(time_reduction) stages), a relative-position bias
 * table, Conformer blocks (gated feed-forwards in and out, attention, a GLU depthwise-separable
 * convolution module) and the normalisation statistics buffers.
 */
export function phi4AudioEncoder(b: InventoryBuilder, p: string, s: Phi4AudioShape, o: TowerOptions = {}): void {
  const h = s.hidden;
  const C = s.nemoChannels;
  const conv = (name: string, shape: number[]) => b.tensor(`${name}.weight`, shape, 'embedding').tensor(`${name}.bias`, [shape[0] as number], 'embedding');
  conv(`${p}.embed.conv.0`, [C, 1, 3, 3]);
  const stages = Math.round(Math.log2(s.timeReduction));
  for (let k = 1; k < stages; k++) {
    conv(`${p}.embed.conv.${3 * k - 1}`, [C, 1, 3, 3]);
    conv(`${p}.embed.conv.${3 * k}`, [C, C, 1, 1]);
  }
  let freq = s.input;
  for (let k = 0; k < stages; k++) freq = Math.floor((freq + 2 - 3) / 2) + 1;
  towerLinear(b, `${p}.embed.out`, h, C * freq, true, 'embedding', o);
  b.embedding(`${p}.relative_attention_bias_layer.bias_values`, s.biasSymmetric ? s.biasMaxDistance : 2 * s.biasMaxDistance, s.heads, 'positions');
  b.buffer(`${p}.encoder_embedding.global_mean`, [s.input]).buffer(`${p}.encoder_embedding.global_invstd`, [s.input]);
  for (let i = 0; i < s.blocks; i++) {
    const q = `${p}.encoders.${i}`;
    for (const ff of ['feed_forward_in', 'feed_forward_out']) {
      b.norm(`${q}.${ff}.layer_norm`, h, true);
      towerLinear(b, `${q}.${ff}.gate_up_proj`, 2 * s.ffn, h, true, 'mlp', o);
      towerLinear(b, `${q}.${ff}.down_proj`, h, s.ffn, true, 'mlp', o);
    }
    for (const n of ['q_proj', 'k_proj', 'v_proj', 'o_proj']) towerLinear(b, `${q}.self_attn.${n}`, h, h, true, 'attention', o);
    b.norm(`${q}.conv.layer_norm`, h, true);
    b.tensor(`${q}.conv.glu.b1`, [1, s.extPwOut, 1], 'mlp').tensor(`${q}.conv.glu.b2`, [1, s.extPwOut, 1], 'mlp');
    b.tensor(`${q}.conv.glu.ext_pw_conv_1d.weight`, [2 * s.extPwOut, h, 1], 'mlp').tensor(`${q}.conv.glu.ext_pw_conv_1d.bias`, [2 * s.extPwOut], 'mlp');
    b.tensor(`${q}.conv.dw_sep_conv_1d.dw_conv.weight`, [h * s.dwMultiplier, 1, s.kernel], 'mlp').tensor(`${q}.conv.dw_sep_conv_1d.dw_conv.bias`, [h * s.dwMultiplier], 'mlp');
    b.tensor(`${q}.conv.dw_sep_conv_1d.pw_conv.weight`, [s.dwSepOut, h * s.dwMultiplier, 1], 'mlp').tensor(`${q}.conv.dw_sep_conv_1d.pw_conv.bias`, [s.dwSepOut], 'mlp');
    b.tensor(`${q}.conv.ext_pw_conv_1d.weight`, [s.extPwOut, h, 1], 'mlp').tensor(`${q}.conv.ext_pw_conv_1d.bias`, [s.extPwOut], 'mlp');
    b.norm(`${q}.layer_norm_att`, h, true).norm(`${q}.layer_norm`, h, true);
  }
}

/**
 * Gemma 4's ClippableLinear: a bias-free Linear wrapped as `${name}.linear`; with use_clipped_linears
 * the checkpoint also holds the four scalar clamp bounds (persistent buffers, not parameters).
 */
export function clippableLinear(b: InventoryBuilder, name: string, out: number, inp: number, clipped: boolean, component: Component, o: TowerOptions = {}): void {
  towerLinear(b, `${name}.linear`, out, inp, false, component, o);
  if (clipped) for (const bound of ['input_min', 'input_max', 'output_min', 'output_max']) b.buffer(`${name}.${bound}`, []);
}

export interface Gemma4VisionShape {
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly ffn: number;
  readonly patch: number;
  /** position_embedding_size: rows of each of the two (x, y) position tables. */
  readonly positions: number;
  readonly clipped: boolean;
  /** standardize: std_bias / std_scale buffers applied to the pooled soft tokens. */
  readonly standardize: boolean;
}

/**
 * Gemma 4's vision encoder: a Linear patch embedding of the 3 × patch² pixels plus x and y position
 * tables, then Gemma-style layers (sandwich RMSNorms, q/k RMSNorms, GQA, a gated MLP) whose
 * projections are ClippableLinears; 2-D rotary positions and the average pooler have no weights.
 */
export function gemma4VisionEncoder(b: InventoryBuilder, p: string, s: Gemma4VisionShape, o: TowerOptions = {}): void {
  const d = s.hidden;
  b.tensor(`${p}.patch_embedder.position_embedding_table`, [2, s.positions, d], 'positions');
  towerLinear(b, `${p}.patch_embedder.input_proj`, d, 3 * s.patch * s.patch, false, 'embedding', o);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.encoder.layers.${i}`;
    const lin = (n: string, out: number, inp: number, component: Component) => clippableLinear(b, `${q}.${n}`, out, inp, s.clipped, component, o);
    lin('self_attn.q_proj', s.heads * s.headDim, d, 'attention');
    lin('self_attn.k_proj', s.kvHeads * s.headDim, d, 'attention');
    lin('self_attn.v_proj', s.kvHeads * s.headDim, d, 'attention');
    lin('self_attn.o_proj', d, s.heads * s.headDim, 'attention');
    // v_norm has no scale: no parameter.
    b.norm(`${q}.self_attn.q_norm`, s.headDim, false).norm(`${q}.self_attn.k_norm`, s.headDim, false);
    lin('mlp.gate_proj', s.ffn, d, 'mlp');
    lin('mlp.up_proj', s.ffn, d, 'mlp');
    lin('mlp.down_proj', d, s.ffn, 'mlp');
    for (const n of ['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm']) b.norm(`${q}.${n}`, d, false);
  }
  if (s.standardize) b.buffer(`${p}.std_bias`, [d]).buffer(`${p}.std_scale`, [d]);
}

export interface Gemma4AudioShape {
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  /** subsampling_conv_channels: the two stride-2 3×3 convolutions' channels. */
  readonly channels: readonly [number, number];
  readonly kernel: number;
  /** output_proj_dims: the encoder's output width (what the embedder projects from). */
  readonly output: number;
  readonly clipped: boolean;
}

/**
 * Gemma 4's audio encoder (Universal Speech Model Conformer; not Granite's conformerEncoder: other
 * modules throughout): two stride-2 3×3 convolutions with bias-free LayerNorms and a Linear to
 * hidden_size (transformers sizes its input as channels[0] / 4 × channels[1]), then per layer a
 * macaron pair of 4×-wide feed-forwards, chunked local attention with a relative-position key
 * projection and a per-dimension query scale, a light convolution module (GLU Linear, causal
 * depthwise convolution, RMSNorms) and three RMSNorms; a biased output projection. The
 * sinusoidal relative positions are computed, not stored.
 */
export function gemma4AudioEncoder(b: InventoryBuilder, p: string, s: Gemma4AudioShape, o: TowerOptions = {}): void {
  const h = s.hidden;
  const [c0, c1] = s.channels;
  const headDim = Math.floor(h / s.heads);
  const sub = `${p}.subsample_conv_projection`;
  b.tensor(`${sub}.layer0.conv.weight`, [c0, 1, 3, 3], 'embedding').tensor(`${sub}.layer0.norm.weight`, [c0], 'norm');
  b.tensor(`${sub}.layer1.conv.weight`, [c1, c0, 3, 3], 'embedding').tensor(`${sub}.layer1.norm.weight`, [c1], 'norm');
  towerLinear(b, `${sub}.input_proj_linear`, h, Math.floor(c0 / 4) * c1, false, 'embedding', o);
  for (let i = 0; i < s.layers; i++) {
    const q = `${p}.layers.${i}`;
    const lin = (n: string, out: number, inp: number, component: Component) => clippableLinear(b, `${q}.${n}`, out, inp, s.clipped, component, o);
    for (const ff of ['feed_forward1', 'feed_forward2']) {
      lin(`${ff}.ffw_layer_1`, 4 * h, h, 'mlp');
      lin(`${ff}.ffw_layer_2`, h, 4 * h, 'mlp');
      b.norm(`${q}.${ff}.pre_layer_norm`, h, false).norm(`${q}.${ff}.post_layer_norm`, h, false);
    }
    for (const n of ['q_proj', 'k_proj', 'v_proj']) lin(`self_attn.${n}`, s.heads * headDim, h, 'attention');
    lin('self_attn.post', h, h, 'attention');
    towerLinear(b, `${q}.self_attn.relative_k_proj`, s.heads * headDim, h, false, 'attention', o);
    b.tensor(`${q}.self_attn.per_dim_scale`, [headDim], 'attention');
    lin('lconv1d.linear_start', 2 * h, h, 'mlp');
    lin('lconv1d.linear_end', h, h, 'mlp');
    b.tensor(`${q}.lconv1d.depthwise_conv1d.weight`, [h, 1, s.kernel], 'mlp');
    b.norm(`${q}.lconv1d.pre_layer_norm`, h, false).norm(`${q}.lconv1d.conv_norm`, h, false);
    for (const n of ['norm_pre_attn', 'norm_post_attn', 'norm_out']) b.norm(`${q}.${n}`, h, false);
  }
  towerLinear(b, `${p}.output_proj`, s.output, h, true, 'mlp', o);
}

/** Gemma 4's multimodal embedder: a scale-free RMSNorm (no parameter), then a bias-free Linear into the text width. */
export function gemma4Embedder(b: InventoryBuilder, p: string, inp: number, textHidden: number, o: TowerOptions = {}): void {
  towerLinear(b, `${p}.embedding_projection`, textHidden, inp, false, 'mlp', o);
}

export interface Gemma4UnifiedVisionShape {
  /** model_patch_size = patch_size × pooling_kernel_size: each merged patch has 3 × that² pixels. */
  readonly modelPatch: number;
  readonly embed: number;
  /** mm_posemb_size: rows of the factorised (row, 2, embed) position table. */
  readonly positions: number;
  /** output_proj_dims: what the final embedder projects from. */
  readonly output: number;
  readonly textHidden: number;
}

/**
 * Gemma 4 Unified's encoder-free vision embedder: LayerNorm over the raw merged patch, a biased
 * Linear to mm_embed_dim, LayerNorm, a factorised 2-D position table, LayerNorm, then the embedder.
 */
export function gemma4UnifiedVisionEmbedder(b: InventoryBuilder, p: string, s: Gemma4UnifiedVisionShape, o: TowerOptions = {}): void {
  const patchDim = 3 * s.modelPatch * s.modelPatch;
  b.tensor(`${p}.pos_embedding`, [s.positions, 2, s.embed], 'positions');
  b.norm(`${p}.patch_ln1`, patchDim, true);
  towerLinear(b, `${p}.patch_dense`, s.embed, patchDim, true, 'embedding', o);
  b.norm(`${p}.patch_ln2`, s.embed, true).norm(`${p}.pos_norm`, s.embed, true);
  gemma4Embedder(b, `${p}.multimodal_embedder`, s.output, s.textHidden, o);
}
