// Model types Model Math refuses, with the reason users see (and the README lists). A type here is
// never estimated: a number would be a guess about layers that are not Transformer layers.
export const REFUSED: Readonly<Record<string, string>> = {
  rwkv: 'RWKV layers are recurrent time-mixing blocks, not Transformer layers; not supported',
  mamba: 'Mamba layers are selective state-space blocks, not Transformer layers; not supported',
  mamba2: 'Mamba-2 layers are selective state-space blocks, not Transformer layers; not supported',
  falcon_mamba: 'Falcon-Mamba layers are selective state-space blocks, not Transformer layers; not supported',
  xlstm: 'xLSTM layers are recurrent blocks, not Transformer layers; not supported',
  'encoder-decoder': 'a generic encoder–decoder wrapper holds two other configs (encoder and decoder); estimate each of them on its own',
};
