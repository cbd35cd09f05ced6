// Encoder–decoders. T5 family (T5, mT5, UMT5): a shared embedding tied into both stacks, blocks of
// sub-layers (self-attention, cross-attention in the decoder, ReLU or gated-GELU MLP), RMS-style
// layer norms without bias, relative position buckets in the first block (every block in UMT5).
// Encoder layers are numbered 0…E−1 and decoder layers E…E+D−1 in the inventory.
import type { ConfigReader } from '../registry/configReader';
import { MAX_LAYERS } from '../registry/configReader';
import { headKind } from '../registry/blocks';
import { maxPositions } from '../registry/decoder';
import type { BuildContext, FamilyModule, Summary } from '../registry/family';

const t5 =
  (everyBlockBias: boolean) =>
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
    const tied = c.bool('tie_word_embeddings', true);
    const kind = headKind(ctx.architecture);
    b.embedding('shared', V, h);
    const attention = (p: string, l: number, first: boolean, cross = false) => {
      for (const m of ['q', 'k', 'v', 'o']) b.tensor(`${p}.${m}.weight`, m === 'o' ? [h, inner] : [inner, h], 'attention', { layer: l, matmul: true });
      if (first || (everyBlockBias && !cross)) b.tensor(`${p}.relative_attention_bias.weight`, [buckets, heads], 'positions', { layer: l });
    };
    const mlp = (p: string, l: number) => {
      if (gated) b.tensor(`${p}.wi_0.weight`, [ff, h], 'mlp', { layer: l, matmul: true }).tensor(`${p}.wi_1.weight`, [ff, h], 'mlp', { layer: l, matmul: true });
      else b.tensor(`${p}.wi.weight`, [ff, h], 'mlp', { layer: l, matmul: true });
      b.tensor(`${p}.wo.weight`, [h, ff], 'mlp', { layer: l, matmul: true });
    };
    const stack = (name: 'encoder' | 'decoder', n: number, offset: number) => {
      b.tensor(`${name}.embed_tokens.weight`, [V, h], 'embedding', { tiedTo: 'shared.weight' });
      for (let i = 0; i < n; i++) {
        const l = offset + i;
        const p = `${name}.block.${i}.layer`;
        attention(`${p}.0.SelfAttention`, l, i === 0);
        b.norm(`${p}.0.layer_norm`, h, false, l);
        b.attend(l, name === 'encoder' ? 'bidirectional' : 'full', { heads, qkDim: dkv, cachePerToken: name === 'encoder' ? 0 : 2 * inner });
        if (name === 'decoder') {
          attention(`${p}.1.EncDecAttention`, l, false, true);
          b.norm(`${p}.1.layer_norm`, h, false, l);
          b.attend(l, 'cross', { heads, qkDim: dkv, cachePerToken: 2 * inner });
        }
        const f = name === 'decoder' ? 2 : 1;
        mlp(`${p}.${f}.DenseReluDense`, l);
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

export const ENCODER_DECODER: FamilyModule = {
  t5: { defaultArchitecture: 'T5ForConditionalGeneration', defaults: {vocab_size: 32128, d_model: 512, d_kv: 64, d_ff: 2048, num_layers: 6, num_heads: 8, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'relu', is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false) },
  mt5: { defaultArchitecture: 'MT5ForConditionalGeneration', defaults: {vocab_size: 250112, d_model: 512, d_kv: 64, d_ff: 1024, num_layers: 8, num_heads: 6, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'gated-gelu', tie_word_embeddings: true, is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(false) },
  umt5: { defaultArchitecture: 'UMT5ForConditionalGeneration', defaults: {vocab_size: 250112, d_model: 512, d_kv: 64, d_ff: 1024, num_layers: 8, num_heads: 6, relative_attention_num_buckets: 32, relative_attention_max_distance: 128, feed_forward_proj: 'gated-gelu', is_decoder: false}, aliases: {hidden_size: ['d_model'], num_attention_heads: ['num_heads'], num_hidden_layers: ['num_layers'], head_dim: ['d_kv']}, build: t5(true) },
};
