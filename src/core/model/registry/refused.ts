// Model types Model Math refuses, with the reason users see (and the README lists). A type here is
// never estimated: a number would be a guess about layers that are not Transformer layers.
export const REFUSED: Readonly<Record<string, string>> = {
  xlstm: 'xLSTM layers are recurrent blocks, not Transformer layers; not supported',
  lfm2_moe: 'LFM2-MoE interleaves gated short-convolution layers with attention; its convolution layers are not Transformer layers; not supported',
  'encoder-decoder': 'a generic encoder–decoder wrapper holds two other configs (encoder and decoder); estimate each of them on its own',
};
