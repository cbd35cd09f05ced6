// Per-layer costs (kexue.fm/archives/8610; Kaplan et al. 2020, arxiv.org/abs/2001.08361).

/**
 * Multiplications of one encoder layer's forward pass (8610): n tokens, hidden size `hidden`
 * (= heads × head size), FFN width 4·hidden, full (bidirectional) attention.
 */
export function layerMultiplications(n: number, hidden: number): { attention: number; ffn: number; layer: number } {
  const attention = 4 * n * hidden * hidden + 2 * n * n * hidden;
  const ffn = 8 * n * hidden * hidden;
  return { attention, ffn, layer: attention + ffn };
}

/** KV-cache bytes per token: 2 (K and V) · layers · KV heads · head size · bytes per element. */
export function kvCacheBytesPerToken(layers: number, kvHeads: number, headDim: number, bytesPerElement: number): number {
  return 2 * layers * kvHeads * headDim * bytesPerElement;
}
