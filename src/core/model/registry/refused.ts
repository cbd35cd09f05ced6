// Model types Model Math refuses, with the reason users see (and the README lists). A type here is
// never estimated: a number would be a guess about layers that are not Transformer layers.
export const REFUSED: Readonly<Record<string, string>> = {
  rwkv: 'RWKV layers are recurrent time-mixing blocks, not Transformer layers; not supported',
  mamba: 'Mamba layers are selective state-space blocks, not Transformer layers; not supported',
  mamba2: 'Mamba-2 layers are selective state-space blocks, not Transformer layers; not supported',
  falcon_mamba: 'Falcon-Mamba layers are selective state-space blocks, not Transformer layers; not supported',
  xlstm: 'xLSTM layers are recurrent blocks, not Transformer layers; not supported',
  bamba: 'Bamba interleaves Mamba-2 state-space layers with attention; its SSM layers are not Transformer layers; not supported',
  jamba: 'Jamba interleaves Mamba state-space layers with attention; its SSM layers are not Transformer layers; not supported',
  zamba: 'Zamba is a Mamba backbone with shared attention blocks; its SSM layers are not Transformer layers; not supported',
  zamba2: 'Zamba2 is a Mamba-2 backbone with shared attention blocks; its SSM layers are not Transformer layers; not supported',
  falcon_h1: 'Falcon-H1 runs Mamba-2 heads in parallel with attention in every layer; its SSM part is not a Transformer layer; not supported',
  granitemoehybrid: 'Granite-4 hybrid interleaves Mamba-2 state-space layers with attention; its SSM layers are not Transformer layers; not supported',
  nemotron_h: 'Nemotron-H interleaves Mamba-2 state-space layers with attention; its SSM layers are not Transformer layers; not supported',
  lfm2: 'LFM2 interleaves gated short-convolution layers with attention; its convolution layers are not Transformer layers; not supported',
  lfm2_moe: 'LFM2-MoE interleaves gated short-convolution layers with attention; its convolution layers are not Transformer layers; not supported',
  qwen3_next: 'Qwen3-Next interleaves Gated DeltaNet linear-attention layers with attention; linear-attention layers are not declared yet; not supported',
  kimi_linear: 'Kimi Linear interleaves Kimi Delta Attention (linear attention) with MLA layers; linear-attention layers are not declared yet; not supported',
  olmo_hybrid: 'OLMo hybrid interleaves linear-attention (recurrent) layers with attention; not declared yet; not supported',
  recurrent_gemma: 'RecurrentGemma (Griffin) uses RG-LRU recurrent blocks between attention layers; recurrent blocks are not Transformer layers; not supported',
  minimax: 'MiniMax-01 interleaves lightning (linear) attention with softmax attention; linear-attention layers are not declared yet; not supported',
  'encoder-decoder': 'a generic encoder–decoder wrapper holds two other configs (encoder and decoder); estimate each of them on its own',
};
