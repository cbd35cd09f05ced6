// One description of a model, whatever config it came from: a summary for display and the
// inventory (registry/inventory.ts) every count, FLOP and byte in src/core/model is computed from.
import type { Inventory } from './registry/inventory';

export interface MoeSpec {
  readonly experts: number;
  readonly topK: number;
  /** Width of each routed expert's MLP. */
  readonly expertWidth: number;
  /** Always-active shared expert width (sum over shared experts); 0 when none. */
  readonly sharedWidth: number;
}

/** Multi-head latent attention (DeepSeek-V2/V3): low-rank Q and a compressed, cached KV latent. */
export interface MlaSpec {
  readonly qLoraRank: number;
  readonly kvLoraRank: number;
  readonly qkNopeDim: number;
  readonly qkRopeDim: number;
  readonly vDim: number;
}

export interface ModelSpec {
  /** The registry family module that declared the model (e.g. 'llama'), or 'generic'. */
  readonly family: string;
  /** config.model_type as written (after reading text_config of a wrapper). */
  readonly modelType: string;
  readonly architecture: string;
  /** 'causal' decoders attend to earlier tokens; 'bidirectional' encoders to all. */
  readonly attentionKind: 'causal' | 'bidirectional';
  readonly hidden: number;
  /** Decoder layers (encoder layers of an encoder–decoder in encoderDecoder). */
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
  readonly encoderDecoder?: { readonly encoderLayers: number };
  readonly mla?: MlaSpec;
  /** What sits on top: an LM head (maybe tied), an MLM head, a pooler, or nothing. */
  readonly head: 'lm' | 'mlm' | 'pooler' | 'none';
  readonly tiedEmbeddings: boolean;
  readonly slidingWindow?: number;
  /** Layers that use the sliding window. */
  readonly slidingLayers?: number;
  readonly dropout: { readonly attention: boolean; readonly hidden: boolean };
  readonly torchDtype?: string;
  /** Every tensor with its Hugging Face name and shape, and each layer's attention and cache. */
  readonly inventory: Inventory;
  /** True when the family was not declared: numbers rest on the assumptions below. */
  readonly approximate: boolean;
  /** Everything that had to be assumed, in words, so every surface can show it. */
  readonly assumptions: readonly string[];
  /** What the inventory leaves out on purpose (e.g. a vision tower that is not a standard block). */
  readonly leftOut: readonly string[];
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

/** A model type Model Math refuses to estimate, with the reason. */
export class UnsupportedModelError extends ConfigError {
  constructor(
    readonly modelType: string,
    readonly reason: string,
  ) {
    super(`model_type "${modelType}": ${reason}`, 'model_type');
    this.name = 'UnsupportedModelError';
  }
}
