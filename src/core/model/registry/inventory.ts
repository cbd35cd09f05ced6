// The one inventory of a model: its parameter tensors with Hugging Face names and shapes, and what
// each layer's attention sees and caches. Parameters, FLOPs, KV cache and memory all derive from it.

export type Component = 'embedding' | 'positions' | 'attention' | 'mlp' | 'experts' | 'router' | 'norm' | 'head' | 'pooler';

export interface ParamTensor {
  /** The name in the checkpoint (state_dict key), e.g. model.layers.0.self_attn.q_proj.weight. */
  readonly name: string;
  readonly shape: readonly number[];
  /** Product of the shape (computed once). */
  readonly elements: number;
  readonly component: Component;
  /** Layer index (encoder and decoder layers of an encoder–decoder are numbered on from each other). */
  readonly layer?: number;
  /** Share of the tensor one token uses: top-k / experts for routed experts, else 1. */
  readonly activeShare: number;
  /** A weight multiplied with every token's activations (2 FLOPs per element per token); false for gathers, norms, biases. */
  readonly matmul: boolean;
  /** Same storage as this earlier tensor (tied head): listed for the comparison, counted once. */
  readonly tiedTo?: string;
}

/** How a layer's attention sees keys, and what it keeps per token. */
export type AttentionKind = 'full' | 'sliding' | 'bidirectional' | 'cross' | 'latent';

export interface LayerAttention {
  readonly layer: number;
  readonly kind: AttentionKind;
  readonly heads: number;
  /** Query/key size per head (MLA: nope + rope). */
  readonly qkDim: number;
  /** Value size per head. */
  readonly vDim: number;
  /** Keys a query sees at most (sliding / chunked layers). */
  readonly window?: number;
  /** Elements cached per token for this layer (K and V, or MLA's latent); 0 when it reuses another layer's cache. */
  readonly cachePerToken: number;
  /** What the cache holds, for reports: 'kv', 'latent', 'shared' (reuses another layer's K/V), 'none'. */
  readonly cache: 'kv' | 'latent' | 'shared' | 'none';
  /**
   * Special attention patterns (Longformer's sliding chunks, BigBird's blocks, Nyströmformer's
   * landmarks): the query–key pairs the layer computes at s tokens, averaged over its score and
   * value products, instead of s² (bidirectional) or the causal count.
   */
  readonly pairsAt?: (s: number) => number;
}

/** Per-sequence state that does not grow with the context (Mamba, linear attention; CPM-Ant's prompt K/V): reported apart. */
export interface FixedState {
  readonly layer: number;
  readonly elements: number;
  readonly what: string;
}

/**
 * Matmul-like work of a token mixer that is neither a weight times activations nor softmax
 * attention (SSM scans, linear-attention state updates, depthwise convolutions). FLOPs of one
 * sequence of s tokens = perToken·s + perSequence (e.g. a causal convolution over s + k − 1
 * positions) + perPaddedToken·⌈s/chunk⌉·chunk (chunked scans pad the sequence to whole chunks)
 * + perPair·Σ_blocks b² (block-wise linear attention: QKᵀ and ·V inside blocks of `block` tokens).
 */
export interface MixerFlops {
  readonly layer: number;
  readonly perToken: number;
  readonly perSequence: number;
  readonly chunk?: number;
  readonly perPaddedToken?: number;
  readonly block?: number;
  readonly perPair?: number;
  /** One generated token with the state cached (default perToken + perSequence). */
  readonly decodeStep?: number;
  readonly what: string;
}

export interface Inventory {
  readonly tensors: readonly ParamTensor[];
  readonly attention: readonly LayerAttention[];
  readonly fixedState: readonly FixedState[];
  /** Matmul weights a layer multiplies through that are stored once elsewhere (ALBERT's shared layers). */
  readonly sharedUses: readonly { readonly layer: number; readonly weights: number }[];
  /** Non-persistent and persistent buffers the checkpoint may also hold, by name (not parameters). */
  readonly buffers: readonly { readonly name: string; readonly shape: readonly number[] }[];
  /** Token-mixer FLOPs besides weights and softmax attention (state-space / linear-attention layers). */
  readonly mixerFlops?: readonly MixerFlops[];
  /** The model pads every sequence up to a multiple of this (Longformer: its attention window; an encoder–decoder pads its source, LED); FLOPs count the padded length. */
  readonly sequenceMultiple?: number;
  /**
   * Positions every layer runs over ahead of the s input tokens (CPM-Ant's prompt_length learned
   * prompt tokens): layer matmuls and attention see s + prefix positions, the head sees s. Their K/V
   * are declared as fixedState (the same for every sequence, whatever its length).
   */
  readonly prefixPositions?: number;
  /**
   * ProphetNet's decoder runs a main stream and n predict streams side by side: its layers' matmuls
   * run over `layers`·s positions (cross-attention K/V over the source once), and the LM head over
   * `head`·s (the predict streams only). Attention pairs are the layer's pairsAt / cross pairs × `layers`.
   */
  readonly decoderStreams?: { readonly layers: number; readonly head: number };
  /** Matmul FLOPs once per sequence whatever its length (a pooler on the first token). */
  readonly perSequenceFlops?: number;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
