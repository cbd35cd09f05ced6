// One description of a Transformer, whatever config it came from. Every count, FLOP and byte in
// src/core/model is computed from this, never from raw config fields.

export type Family = 'llama' | 'mistral' | 'mixtral' | 'qwen2' | 'qwen2_moe' | 'gemma' | 'gemma2' | 'phi3' | 'gpt2' | 'gpt_neox' | 'bert' | 'roberta' | 't5' | 'deepseek_v3' | 'generic';

export interface MoeSpec {
  readonly experts: number;
  readonly topK: number;
  /** Width of each routed expert's MLP. */
  readonly expertWidth: number;
  /** Shared experts (Qwen2-MoE style), always active, total width. */
  readonly sharedWidth: number;
  /** Qwen2-MoE gates the shared expert with a sigmoid of a 1-wide projection. */
  readonly sharedGate: boolean;
  /** Layer i is sparse when (i + 1) % step === 0 (decoder_sparse_step); 1 = every layer. */
  readonly sparseStep: number;
  /** The first this-many layers are dense (DeepSeek's first_k_dense_replace). */
  readonly firstDense: number;
  /** DeepSeek-V3 keeps a per-expert routing bias (e_score_correction_bias). */
  readonly routerBias: boolean;
}

/** Multi-head latent attention (DeepSeek-V2/V3): low-rank Q and a compressed, cached KV latent. */
export interface MlaSpec {
  /** 0: queries projected directly from the hidden state. */
  readonly qLoraRank: number;
  readonly kvLoraRank: number;
  readonly qkNopeDim: number;
  readonly qkRopeDim: number;
  readonly vDim: number;
}

/** Encoder–decoder models (T5): `layers` is the decoder stack; the encoder is described here. */
export interface EncoderDecoderSpec {
  readonly encoderLayers: number;
  /** Relative position bias table (buckets × heads) in the first layer of each stack. */
  readonly relativeBuckets: number;
}

export interface ModelSpec {
  readonly family: Family;
  readonly architecture: string;
  /** 'causal' decoders attend to earlier tokens; 'bidirectional' encoders to all. */
  readonly attentionKind: 'causal' | 'bidirectional';
  readonly hidden: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocab: number;
  readonly maxPositions: number;
  readonly mlpWidth: number;
  /** 3 matrices (gate, up, down) or 2 (up, down). */
  readonly gatedMlp: boolean;
  readonly activation: string;
  readonly moe?: MoeSpec;
  readonly encoderDecoder?: EncoderDecoderSpec;
  readonly mla?: MlaSpec;
  readonly bias: { readonly qkv: boolean; readonly o: boolean; readonly mlp: boolean; readonly norm: boolean; readonly lmHead: boolean };
  readonly norm: 'layernorm' | 'rmsnorm';
  /** Norm vectors per layer (2 for pre-norm blocks, 4 for Gemma 2's sandwich norms). */
  readonly normsPerLayer: number;
  readonly positions: 'learned' | 'rope' | 'none';
  readonly tokenTypes: number;
  readonly embeddingNorm: boolean;
  /** What sits on top: an LM head (maybe tied), BERT's MLM head, a pooler, or nothing. */
  readonly head: 'lm' | 'mlm' | 'pooler' | 'none';
  readonly tiedEmbeddings: boolean;
  readonly slidingWindow?: number;
  /** Layers that use the sliding window (all when undefined and slidingWindow is set). */
  readonly slidingLayers?: number;
  readonly dropout: { readonly attention: boolean; readonly hidden: boolean };
  readonly torchDtype?: string;
  /** Everything the normaliser had to assume, in words, so surfaces can show it. */
  readonly assumptions: readonly string[];
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}
