// Encoder–decoders. T5 family (T5, mT5, UMT5): a shared embedding tied into both stacks, blocks of
// sub-layers (self-attention, cross-attention in the decoder, ReLU or gated-GELU MLP), RMS-style
// layer norms without bias, relative position buckets in the first block (every block in UMT5).
// BART lineage (BART, mBART, PLBart, Marian, Pegasus, M2M100/NLLB, Blenderbot): fairseq layers
// with biased projections and LayerNorms, a shared embedding tied into both stacks and the head,
// positions learned with an offset of 2 (BART), a sinusoidal table stored as a parameter (Marian,
// Pegasus) or a buffer (M2M100), optional embedding and final LayerNorms; final_logits_bias is a
// buffer. *ForCausalLM is the decoder alone (its cross-attention weights exist but do not run).
// Encoder layers are numbered 0…E−1 and decoder layers E…E+D−1 in the inventory.
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import { ConfigError } from '../spec';
import { fairseqSummary, headKind } from '../registry/blocks';
import { attentionWindows, longformerPairs } from './encoders';
import { maxPositions } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';
import { fairseqLayer } from './seq2seq';

interface T5Options {
  /** Switch Transformers: the MLP sub-layer is `mlp` (not DenseReluDense), tying follows tie_word_embeddings. */
  readonly switchMoe?: boolean;
  /** LongT5: the encoder's self-attention is block-local or transient-global (see longT5Attention). */
  readonly longT5?: boolean;
}

/**
 * LongT5's encoder attention (Guo et al. 2022, arxiv.org/abs/2112.07916; transformers
 * LongT5LocalAttention / LongT5TransientGlobalAttention). The sequence is padded to whole blocks of
 * B = local_radius + 1; each query block scores the 3·B keys of its block and both neighbours (padding
 * included), so s tokens compute ⌈s/B⌉·B·3B query–key pairs. Transient-global adds G = ⌊s/g⌋ keys per
 * query (one per global_block_size g tokens: sums of the block's hidden states through the layer's k
 * and v); their aggregation (2·s·d·G) and projections (2·2·G·d·inner) are folded in as pairs of
 * 4·inner FLOPs (QKᵀ + ·V per pair with d_qk = d_v).
 */
function longT5Attention(c: ConfigReader, h: number, inner: number): { sublayer: string; global: boolean; pairsAt: (s: number) => number; note: string } {
  const type = c.str('encoder_attention_type', 'local');
  if (type !== 'local' && type !== 'transient-global') throw new ConfigError(`encoder_attention_type "${type}": LongT5 runs "local" or "transient-global" encoder attention`, 'encoder_attention_type');
  const B = c.int('local_radius', 'local attention radius') + 1;
  const blocks = (s: number) => Math.ceil(s / B) * B;
  if (type === 'local') return { sublayer: 'LocalSelfAttention', global: false, pairsAt: (s) => blocks(s) * 3 * B, note: `local encoder attention: blocks of ${B} tokens (inputs padded to whole blocks), each seeing its own and both neighbouring blocks (${3 * B} keys)` };
  const g = c.int('global_block_size', 'global block size');
  const pairsAt = (s: number) => {
    const G = Math.floor(s / g);
    return blocks(s) * (3 * B + G) + (2 * s * h * G + 4 * G * h * inner) / (4 * inner);
  };
  return { sublayer: 'TransientGlobalSelfAttention', global: true, pairsAt, note: `transient-global encoder attention: blocks of ${B} tokens (inputs padded to whole blocks) see ${3 * B} local keys plus one global key per ${g} tokens` };
}

const t5 =
  (everyBlockBias: boolean, o: T5Options = {}) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const { b } = ctx;
    const h = c.int('hidden_size', 'hidden size');
    const heads = c.int('num_attention_heads', 'number of attention heads');
    const dkv = c.int('head_dim', 'head dimension');
    const inner = heads * dkv;
    const ff = c.int('d_ff', 'MLP width');
    const E = c.int('num_hidden_layers', 'number of encoder layers', undefined, MAX_LAYERS);
    const D = c.int('num_decoder_layers', 'number of decoder layers', E, MAX_LAYERS);
    const V = c.int('vocab_size', 'vocabulary size');
    const buckets = c.int('relative_attention_num_buckets', 'relative attention buckets', 32);
    const gated = c.str('feed_forward_proj', 'relu').startsWith('gated');
    // transformers 5 forces T5Config.tie_word_embeddings = True (false only turns off output scaling).
    const tied = o.switchMoe ? c.bool('tie_word_embeddings', true) : true;
    if (!o.switchMoe && c.given('tie_word_embeddings')?.value === false) ctx.assume('tie_word_embeddings = false: transformers 5 ties the T5 LM head to the shared embedding anyway (the flag only stops the output scaling); a checkpoint that stores its own lm_head.weight is loaded tied');
    const kind = headKind(ctx.architecture);
    const long = o.longT5 ? longT5Attention(c, h, inner) : undefined;
    if (long) ctx.assume(long.note);
    b.embedding('shared', V, h);
    const attention = (p: string, l: number, first: boolean, cross = false) => {
      for (const m of ['q', 'k', 'v', 'o']) b.tensor(`${p}.${m}.weight`, m === 'o' ? [h, inner] : [inner, h], 'attention', { layer: l, matmul: true });
      if (first || (everyBlockBias && !cross)) b.tensor(`${p}.relative_attention_bias.weight`, [buckets, heads], 'positions', { layer: l });
    };
    const mlp = (p: string, l: number, sparse = false) => {
      if (o.switchMoe && sparse) {
        // Top-1 routing (Switch): each token goes through one expert.
        const experts = c.int('num_experts', 'number of experts');
        b.linear(`${p}.router.classifier`, experts, h, c.bool('router_bias', false), 'router', l);
        for (let e = 0; e < experts; e++) b.linear(`${p}.experts.expert_${e}.wi`, ff, h, false, 'mlp', l, 1 / experts).linear(`${p}.experts.expert_${e}.wo`, h, ff, false, 'mlp', l, 1 / experts);
        return;
      }
      if (gated) b.tensor(`${p}.wi_0.weight`, [ff, h], 'mlp', { layer: l, matmul: true }).tensor(`${p}.wi_1.weight`, [ff, h], 'mlp', { layer: l, matmul: true });
      else b.tensor(`${p}.wi.weight`, [ff, h], 'mlp', { layer: l, matmul: true });
      b.tensor(`${p}.wo.weight`, [h, ff], 'mlp', { layer: l, matmul: true });
    };
    // Switch: every sparse_step-th block (i % step == 1) is a mixture of experts.
    const isSparse = (name: 'encoder' | 'decoder', i: number) => {
      const n = name === 'encoder' ? E : D;
      const sparseLayers = c.count(name === 'encoder' ? 'num_sparse_encoder_layers' : 'num_sparse_decoder_layers', 'sparse layers', 0);
      const step = sparseLayers > 0 ? Math.floor(n / sparseLayers) : n;
      return step > 0 && (i % step === 1 || step === 1);
    };
    const stack = (name: 'encoder' | 'decoder', n: number, offset: number) => {
      b.tensor(`${name}.embed_tokens.weight`, [V, h], 'embedding', tied ? { tiedTo: 'shared.weight' } : {});
      for (let i = 0; i < n; i++) {
        const l = offset + i;
        const p = `${name}.block.${i}.layer`;
        const encoderLong = name === 'encoder' ? long : undefined;
        const selfAttn = `${p}.0.${encoderLong?.sublayer ?? 'SelfAttention'}`;
        attention(selfAttn, l, i === 0);
        if (encoderLong?.global) {
          if (i === 0) b.tensor(`${selfAttn}.global_relative_attention_bias.weight`, [buckets, heads], 'positions', { layer: l });
          b.norm(`${selfAttn}.global_input_layer_norm`, h, false, l);
        }
        b.norm(`${p}.0.layer_norm`, h, false, l);
        b.attend(l, name === 'encoder' ? 'bidirectional' : 'full', { heads, qkDim: dkv, cachePerToken: name === 'encoder' ? 0 : 2 * inner, ...(encoderLong ? { pairsAt: encoderLong.pairsAt } : {}) });
        if (name === 'decoder') {
          attention(`${p}.1.EncDecAttention`, l, false, true);
          b.norm(`${p}.1.layer_norm`, h, false, l);
          b.attend(l, 'cross', { heads, qkDim: dkv, cachePerToken: 2 * inner });
        }
        const f = name === 'decoder' ? 2 : 1;
        mlp(`${p}.${f}.${o.switchMoe ? 'mlp' : 'DenseReluDense'}`, l, o.switchMoe && isSparse(name, i));
        b.norm(`${p}.${f}.layer_norm`, h, false, l);
      }
      b.norm(`${name}.final_layer_norm`, h, false);
    };
    stack('encoder', E, 0);
    stack('decoder', D, E);
    const lm = kind === 'lm';
    if (lm) b.head('lm_head', V, h, tied ? 'shared.weight' : undefined);
    else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole encoder–decoder without a task head`);
    return {
      attentionKind: 'causal',
      hidden: h,
      layers: D,
      heads,
      kvHeads: heads,
      headDim: dkv,
      vocab: V,
      maxPositions: maxPositions(c, ctx, 512),
      mlpWidth: ff,
      gatedMlp: gated,
      activation: c.str('feed_forward_proj', 'relu'),
      encoderDecoder: { encoderLayers: E },
      head: lm ? 'lm' : 'none',
      tiedEmbeddings: tied,
    };
  };

interface BartOptions {
  /** 'offset': learned [max + 2, d]; 'table': [max, d] parameter; 'buffer': sinusoidal, not a parameter. */
  readonly positions: 'offset' | 'table' | 'buffer';
  readonly embeddingNorm: boolean;
  readonly finalNorm: boolean;
  /**
   * LED (Beltagy et al. 2020, arxiv.org/abs/2004.05150): modules under `led.`, the decoder's learned
   * positions sized max_decoder_position_embeddings, and Longformer self-attention in the encoder
   * (sliding chunks of attention_window per layer, source padded to a multiple of the widest one).
   */
  readonly led?: boolean;
  /** PEGASUS-X: bias-free attention projections and block-local + global-token encoder attention (pegasusXEncoder). */
  readonly pegasusX?: boolean;
}

/**
 * PEGASUS-X's encoder (Phang et al. 2022, arxiv.org/abs/2208.04347; transformers
 * PegasusXGlobalLocalAttention): the source is padded to whole blocks of B = block_size and G =
 * num_global_tokens learned global tokens run beside it through every encoder layer (its projections
 * and MLP). Global queries see the G globals and every padded token; each token sees the G globals
 * and its own block. Every other layer (odd ones, stagger_local_blocks) pads B/2 tokens on both
 * sides so its blocks straddle the previous ones: its attention runs over P + 2·⌊B/2⌋ positions.
 */
function pegasusXEncoder(c: ConfigReader, d: number, ff: number) {
  const B = c.int('block_size', 'local block size');
  const G = c.count('num_global_tokens', 'global tokens', 32);
  const stagger = c.bool('stagger_local_blocks', true);
  const extra = (i: number) => (stagger && i % 2 === 1 ? 2 * Math.floor(B / 2) : 0);
  return {
    B,
    G,
    /** Query–key pairs of encoder layer i over the padded source P: global queries G·(G + P′), local ones P′·(G + B). */
    pairsAt: (i: number) => (P: number) => {
      const Pi = P + extra(i);
      return G * (G + Pi) + Pi * (G + B);
    },
    /** Matmul FLOPs per sequence whatever its length: G global tokens through the layer's 4 projections and MLP, the staggered padding through the projections. */
    perSequence: (i: number) => 2 * G * (4 * d * d + 2 * d * ff) + 2 * extra(i) * 4 * d * d,
  };
}

const bartLike =
  (o: BartOptions) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const { b } = ctx;
    const d = c.int('d_model', 'model width');
    const V = c.int('vocab_size', 'vocabulary size');
    const maxPos = c.int('max_position_embeddings', 'context length');
    const E = c.int('encoder_layers', 'number of encoder layers', undefined, MAX_LAYERS);
    const D = c.int('decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
    const eh = c.int('encoder_attention_heads', 'encoder heads');
    const dh = c.int('decoder_attention_heads', 'decoder heads');
    const eff = c.int('encoder_ffn_dim', 'encoder MLP width');
    const dff = c.int('decoder_ffn_dim', 'decoder MLP width');
    const tied = c.bool('tie_word_embeddings', true);
    const causalOnly = /ForCausalLM$/.test(ctx.architecture);
    const kind = headKind(ctx.architecture);
    const prefix = kind === 'base' ? '' : o.led ? 'led.' : 'model.';
    const px = o.pegasusX && !causalOnly ? pegasusXEncoder(c, d, eff) : undefined;
    if (px) {
      b.padSequence(px.B);
      ctx.assume(`encoder inputs padded to a multiple of ${px.B} tokens (block_size); block-local attention with ${px.G} global tokens, staggered blocks in every other layer, as transformers computes it`);
    }
    const positions = (stack: string, rows: number) => {
      if (o.positions === 'offset') b.embedding(`${stack}.embed_positions`, rows + 2, d, 'positions');
      else if (o.positions === 'table') b.embedding(`${stack}.embed_positions`, rows, d, 'positions');
    };
    const windows = o.led && !causalOnly ? attentionWindows(c, E) : undefined;
    if (windows) {
      // transformers' LEDEncoder pads input_ids to a multiple of max(attention_window) and cuts the padding off its output.
      b.padSequence(Math.max(...windows));
      ctx.assume(`encoder inputs padded to a multiple of ${Math.max(...windows)} tokens (attention_window) and sliding-chunk attention without global tokens, as transformers computes it`);
    }
    // LED's encoder self-attention: Longformer's projections (the global ones run only for tokens given global attention).
    const longformerAttention = (p: string, l: number) => {
      for (const n of ['query', 'key', 'value']) b.linear(`${p}.longformer_self_attn.${n}`, d, d, true, 'attention', l);
      for (const n of ['query_global', 'key_global', 'value_global']) b.tensor(`${p}.longformer_self_attn.${n}.weight`, [d, d], 'attention', { layer: l }).tensor(`${p}.longformer_self_attn.${n}.bias`, [d], 'attention', { layer: l });
      b.linear(`${p}.output`, d, d, true, 'attention', l);
    };
    const layer = (p: string, l: number, heads: number, ff: number, decoder: boolean) => {
      const window = decoder ? undefined : windows?.[l];
      const encoderPx = decoder ? undefined : px;
      const pairsAt = window !== undefined ? (s: number) => longformerPairs(s, window) : encoderPx?.pairsAt(l);
      fairseqLayer(b, p, l, {
        d,
        heads,
        ffn: ff,
        decoder,
        crossRuns: !causalOnly,
        attentionBias: !o.pegasusX,
        ...(window !== undefined ? { selfAttention: (a: string) => longformerAttention(a, l) } : {}),
        ...(encoderPx
          ? {
              afterSelfNorm: () => {
                b.norm(`${p}.global_self_attn_layer_norm`, d, true, l);
                b.perSequenceFlops(encoderPx.perSequence(l));
              },
            }
          : {}),
        ...(pairsAt ? { pairsAt } : {}),
      });
    };
    const stack = (name: 'encoder' | 'decoder', n: number, offset: number, heads: number, ff: number, tiedTo?: string) => {
      const s0 = `${prefix}${name}`;
      b.tensor(`${s0}.embed_tokens.weight`, [V, d], 'embedding', tiedTo ? { tiedTo } : {});
      if (name === 'encoder' && px) b.embedding(`${s0}.embed_global`, px.G, d);
      positions(s0, name === 'decoder' && o.led ? c.int('max_decoder_position_embeddings', 'decoder context length') : maxPos);
      for (let i = 0; i < n; i++) layer(`${s0}.layers.${i}`, offset + i, heads, ff, name === 'decoder');
      if (o.embeddingNorm) b.norm(`${s0}.layernorm_embedding`, d, true);
      if (o.finalNorm) b.norm(`${s0}.layer_norm`, d, true);
    };
    if (causalOnly) {
      ctx.assume(`${ctx.architecture}: the decoder alone; its cross-attention weights are counted as parameters but do not run without encoder states`);
      stack('decoder', D, 0, dh, dff);
      b.head('lm_head', V, d, tied ? 'model.decoder.embed_tokens.weight' : undefined);
    } else {
      b.embedding(`${prefix}shared`, V, d);
      // transformers v5 ties the stacks' embeddings to `shared` only when tie_word_embeddings is set.
      stack('encoder', E, 0, eh, eff, tied ? `${prefix}shared.weight` : undefined);
      stack('decoder', D, E, dh, dff, tied ? `${prefix}shared.weight` : undefined);
      if (kind === 'lm') {
        b.head('lm_head', V, d, tied ? `${prefix}shared.weight` : undefined);
        b.buffer('final_logits_bias', [1, V]);
      } else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted the whole encoder–decoder without a task head`);
    }
    return fairseqSummary(c, ctx.architecture, { hidden: d, layers: D, heads: dh, vocab: V, maxPositions: maxPos, mlpWidth: dff, encoderLayers: E, tied: tied });
  };

/**
 * ProphetNet (Qi et al. 2020, arxiv.org/abs/2001.04063; transformers ProphetNetNgramSelfAttention):
 * a BERT-style encoder and a decoder that runs a main stream and `ngram` predict streams side by side
 * (1 + n)·s positions through every decoder weight (the relative-position projection included); the
 * main stream's queries see the s main keys, each predict stream's the s main keys and its own s
 * (eager: (1 + 2n)·s² pairs); only the predict streams reach the LM head (n·s positions), and only
 * the main stream's K/V are cached. *ForCausalLM is the decoder alone (cross-attention weights idle).
 */
function prophetNet(c: ConfigReader, ctx: BuildContext): Summary {
  const { b } = ctx;
  const d = c.int('hidden_size', 'hidden size');
  const V = c.int('vocab_size', 'vocabulary size');
  const maxPos = c.int('max_position_embeddings', 'context length');
  const E = c.int('num_encoder_layers', 'number of encoder layers', undefined, MAX_LAYERS);
  const D = c.int('num_decoder_layers', 'number of decoder layers', undefined, MAX_LAYERS);
  const eh = c.int('num_encoder_attention_heads', 'encoder heads');
  const dh = c.int('num_decoder_attention_heads', 'decoder heads');
  const N = c.int('ngram', 'predicted future tokens');
  const buckets = c.int('num_buckets', 'relative position buckets');
  const tied = c.bool('tie_word_embeddings', true);
  const crossWeights = c.bool('add_cross_attention', true);
  const causalOnly = /ForCausalLM$/.test(ctx.architecture);
  const kind = headKind(ctx.architecture);
  const root = kind === 'base' ? '' : 'prophetnet.';
  const shared = `${root}word_embeddings.weight`;
  const attention = (p: string, l: number, runs: boolean) => {
    for (const n of ['key_proj', 'value_proj', 'query_proj', 'out_proj']) b.tensor(`${p}.${n}.weight`, [d, d], 'attention', { layer: l, matmul: runs }).tensor(`${p}.${n}.bias`, [d], 'attention', { layer: l });
  };
  const ffn = (p: string, l: number, ff: number) => {
    b.linear(`${p}.feed_forward.intermediate`, ff, d, true, 'mlp', l).linear(`${p}.feed_forward.output`, d, ff, true, 'mlp', l);
    b.norm(`${p}.feed_forward_layer_norm`, d, true, l);
  };
  b.embedding(`${root}word_embeddings`, V, d);
  if (!causalOnly) {
    const p0 = `${root}encoder`;
    b.tensor(`${p0}.word_embeddings.weight`, [V, d], 'embedding', tied ? { tiedTo: shared } : {});
    b.embedding(`${p0}.position_embeddings`, maxPos, d, 'positions');
    b.norm(`${p0}.embeddings_layer_norm`, d, true);
    for (let l = 0; l < E; l++) {
      const p = `${p0}.layers.${l}`;
      attention(`${p}.self_attn`, l, true);
      b.norm(`${p}.self_attn_layer_norm`, d, true, l);
      b.attend(l, 'bidirectional', { heads: eh, qkDim: d / eh, cachePerToken: 0 });
      ffn(p, l, c.int('encoder_ffn_dim', 'encoder MLP width'));
    }
  }
  const p0 = `${root}decoder`;
  const offset = causalOnly ? 0 : E;
  b.tensor(`${p0}.word_embeddings.weight`, [V, d], 'embedding', tied ? { tiedTo: shared } : {});
  b.embedding(`${p0}.position_embeddings`, maxPos, d, 'positions');
  b.embedding(`${p0}.ngram_embeddings`, N, d);
  for (let i = 0; i < D; i++) {
    const l = offset + i;
    const p = `${p0}.layers.${i}`;
    attention(`${p}.self_attn`, l, true);
    b.linear(`${p}.self_attn.relative_pos_embeddings`, buckets * dh, d, true, 'positions', l);
    b.norm(`${p}.self_attn_layer_norm`, d, true, l);
    b.attend(l, 'full', { heads: dh, qkDim: d / dh, cachePerToken: 2 * d, pairsAt: (s) => (1 + 2 * N) * s * s });
    if (crossWeights) {
      attention(`${p}.cross_attn`, l, !causalOnly);
      b.norm(`${p}.cross_attn_layer_norm`, d, true, l);
      if (!causalOnly) b.attend(l, 'cross', { heads: dh, qkDim: d / dh, cachePerToken: 2 * d });
    }
    ffn(p, l, c.int('decoder_ffn_dim', 'decoder MLP width'));
  }
  b.norm(`${p0}.embeddings_layer_norm`, d, true);
  b.decoderStreams(1 + N, N);
  ctx.assume(`the decoder runs the main stream and ${N} predict streams over every position ((1 + ${N})·s through its layers, ${N}·s through the LM head); only the main stream is cached`);
  if (causalOnly) ctx.assume(`${ctx.architecture}: the decoder alone; its cross-attention weights are counted as parameters but do not run without encoder states`);
  if (kind === 'lm') b.head('lm_head', V, d, tied ? shared : undefined);
  else if (kind !== 'base') ctx.leaveOut(`${ctx.architecture}: counted without a task head`);
  return fairseqSummary(c, ctx.architecture, { hidden: d, layers: D, heads: dh, vocab: V, maxPositions: maxPos, mlpWidth: c.int('decoder_ffn_dim', 'decoder MLP width'), encoderLayers: E, tied: tied });
}

export const ENCODER_DECODER: FamilyModule = {
  prophetnet: { defaultArchitecture: 'ProphetNetForConditionalGeneration', defaults: {vocab_size: 30522, hidden_size: 1024, encoder_ffn_dim: 4096, num_encoder_layers: 12, num_encoder_attention_heads: 16, decoder_ffn_dim: 4096, num_decoder_layers: 12, num_decoder_attention_heads: 16, activation_function: 'gelu', max_position_embeddings: 512, ngram: 2, num_buckets: 32, relative_max_distance: 128, add_cross_attention: true, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['num_encoder_attention_heads']}, build: prophetNet },
  t5: { defaultArchitecture: 'T5ForConditionalGeneration', defaults: {vocab_size: 32128, d_model: 512, d_kv: 64, d_ff: 2048, num_layers: 6, num_heads: 8, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'relu', is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false) },
  mt5: { defaultArchitecture: 'MT5ForConditionalGeneration', defaults: {vocab_size: 250112, d_model: 512, d_kv: 64, d_ff: 1024, num_layers: 8, num_heads: 6, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'gated-gelu', tie_word_embeddings: true, is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false) },
  umt5: { defaultArchitecture: 'UMT5ForConditionalGeneration', defaults: {vocab_size: 250112, d_model: 512, d_kv: 64, d_ff: 1024, num_layers: 8, num_heads: 6, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'gated-gelu', is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(true) },
  longt5: { defaultArchitecture: 'LongT5ForConditionalGeneration', defaults: {vocab_size: 32128, d_model: 512, d_kv: 64, d_ff: 2048, num_layers: 6, num_heads: 8, local_radius: 127, global_block_size: 16, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'relu', encoder_attention_type: 'local', is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false, { longT5: true }) },
  switch_transformers: { defaultArchitecture: 'SwitchTransformersForConditionalGeneration', defaults: {vocab_size: 32128, d_model: 768, d_kv: 64, d_ff: 2048, num_layers: 12, num_sparse_encoder_layers: 3, num_decoder_layers: 12, num_sparse_decoder_layers: 3, num_heads: 12, num_experts: 8, router_bias: false, relative_attention_num_buckets: 32, feed_forward_proj: 'relu', tie_word_embeddings: true}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false, { switchMoe: true }) },
  bart: { defaultArchitecture: 'BartForConditionalGeneration', defaults: {vocab_size: 50265, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, scale_embedding: false, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'offset', embeddingNorm: true, finalNorm: false }) },
  mbart: { defaultArchitecture: 'MBartForConditionalGeneration', defaults: {vocab_size: 50265, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, scale_embedding: false, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'offset', embeddingNorm: true, finalNorm: true }) },
  plbart: { defaultArchitecture: 'PLBartForConditionalGeneration', defaults: {vocab_size: 50005, max_position_embeddings: 1024, encoder_layers: 6, encoder_ffn_dim: 3072, encoder_attention_heads: 12, decoder_layers: 6, decoder_ffn_dim: 3072, decoder_attention_heads: 12, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 768, init_std: 0.02, scale_embedding: true, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], initializer_range: ['init_std'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'offset', embeddingNorm: true, finalNorm: false }) },
  marian: { defaultArchitecture: 'MarianMTModel', defaults: {vocab_size: 58101, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, scale_embedding: false, share_encoder_decoder_embeddings: true, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'table', embeddingNorm: false, finalNorm: false }) },
  pegasus: { defaultArchitecture: 'PegasusForConditionalGeneration', defaults: {vocab_size: 50265, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, scale_embedding: false, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'table', embeddingNorm: false, finalNorm: true }) },
  m2m_100: { defaultArchitecture: 'M2M100ForConditionalGeneration', defaults: {vocab_size: 128112, max_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.05, decoder_layerdrop: 0.05, activation_function: 'relu', d_model: 1024, init_std: 0.02, scale_embedding: true, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'buffer', embeddingNorm: false, finalNorm: true }) },
  blenderbot: { defaultArchitecture: 'BlenderbotForConditionalGeneration', defaults: {vocab_size: 8008, max_position_embeddings: 128, encoder_layers: 2, encoder_ffn_dim: 10240, encoder_attention_heads: 32, decoder_layers: 24, decoder_ffn_dim: 10240, decoder_attention_heads: 32, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 2560, init_std: 0.02, scale_embedding: false, encoder_no_repeat_ngram_size: 3, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'table', embeddingNorm: false, finalNorm: true }) },
  led: { defaultArchitecture: 'LEDForConditionalGeneration', defaults: {vocab_size: 50265, max_encoder_position_embeddings: 16384, max_decoder_position_embeddings: 1024, encoder_layers: 12, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 12, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, attention_window: 512, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers'], max_position_embeddings: ['max_encoder_position_embeddings']}, build: bartLike({ positions: 'table', embeddingNorm: true, finalNorm: false, led: true }) },
  pegasus_x: { defaultArchitecture: 'PegasusXForConditionalGeneration', defaults: {vocab_size: 96103, max_position_embeddings: 16384, encoder_layers: 16, encoder_ffn_dim: 4096, encoder_attention_heads: 16, decoder_layers: 16, decoder_ffn_dim: 4096, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 1024, init_std: 0.02, scale_embedding: true, num_global_tokens: 32, block_size: 512, stagger_local_blocks: true, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'buffer', embeddingNorm: false, finalNorm: true, pegasusX: true }) },
  'blenderbot-small': { defaultArchitecture: 'BlenderbotSmallForConditionalGeneration', defaults: {vocab_size: 50265, max_position_embeddings: 512, encoder_layers: 8, encoder_ffn_dim: 2048, encoder_attention_heads: 16, decoder_layers: 8, decoder_ffn_dim: 2048, decoder_attention_heads: 16, encoder_layerdrop: 0.0, decoder_layerdrop: 0.0, activation_function: 'gelu', d_model: 512, init_std: 0.02, scale_embedding: false, is_decoder: false, tie_word_embeddings: true}, aliases: {num_attention_heads: ['encoder_attention_heads'], hidden_size: ['d_model'], num_hidden_layers: ['encoder_layers']}, build: bartLike({ positions: 'table', embeddingNorm: true, finalNorm: false }) },
};
