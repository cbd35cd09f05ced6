// Model types Model Math refuses, with the reason users see (and the README lists). A type here is
// never estimated: a number would be a guess about layers that are not Transformer layers.
export const REFUSED: Readonly<Record<string, string>> = {
  lfm2_moe: "LFM2-MoE (LFM2's short-convolution and attention layers with MoE feed-forwards) is not declared yet: transformers 5.17 cannot build it from its default config, so there is no reference to check a declaration against; not supported",
  xlstm: "xLSTM's mLSTM blocks (matrix-memory recurrent cells run by a chunkwise kernel) are not declared yet; not supported",
  zaya: "ZAYA's CCA attention (query/key compressed by convolutions, current and delayed values) and its MLP router are not declared yet; not supported",
  blt: 'BLT (Byte Latent Transformer) is a byte-level local encoder, a global transformer over patches and a local decoder with cross-attention and hashed n-gram embeddings; not declared yet; not supported',
  deepseek_v4: 'DeepSeek-V4\'s compressed sparse attention (CSA) and heavily compressed attention (HCA) layers pool the keys of every 4 / 128 tokens with learned gates into a compressed cache beside a sliding window (with partial-window buffers and overlapping windows), and select keys with a compressed indexer; this cache and its attention FLOPs are not declared yet; not supported',
  neomme: 'NeoMME\'s layers (exclusive self-attention, gated output projections, value embeddings, factorised embeddings and patch embeddings) are not declared yet; not supported',
  'encoder-decoder': 'a generic encoder–decoder wrapper holds two other configs (encoder and decoder); estimate each of them on its own',
};
