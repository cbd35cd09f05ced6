// Token mixers that are not softmax attention: Mamba (selective scan), Mamba-2 (SSD), Gated
// DeltaNet (linear attention with the delta rule) and gated short convolutions. Each adds its
// parameter tensors (Hugging Face names), its matmul-like FLOPs besides the weights (MixerFlops)
// and the fixed state it keeps per sequence (conv window + recurrent state), which does not grow
// with the context and is reported apart from the KV cache.
//
// FLOPs convention: what torch.utils.flop_counter counts on transformers' own PyTorch path (the
// path a CPU forward takes; CUDA kernels are not counted by torch either). 1 multiply-add = 2 FLOPs.
// - Depthwise causal convolutions run over s + k − 1 positions (padding k − 1, then cut): 2·C·k·(s + k − 1).
// - Mamba's scan multiplies the state by C with one matmul per token: 2·d_inner·N per token. Its
//   discretisation (exp, ·B·x) is element-wise and not counted.
// - Mamba-2's chunked SSD scan is written with broadcasts and sums (element-wise in torch): only its
//   convolution is counted, as torch does.
// - Gated DeltaNet's chunked rule (chunks of 64, the sequence padded to whole chunks) runs
//   QKᵀ and (βK)Kᵀ within chunks, then per chunk K_cum·S, Q·S, A·V and Kᵀ·V: per head and padded
//   token 4·C·d_k + 6·d_k·d_v + 2·C·d_v (the triangular solve is not a matmul torch counts).
import type { InventoryBuilder } from './builder';

export interface MambaShape {
  readonly hidden: number;
  readonly inner: number;
  readonly state: number;
  readonly convKernel: number;
  readonly dtRank: number;
  readonly convBias: boolean;
  readonly projBias: boolean;
}

/** Mamba (v1) mixer: in_proj [2·d_inner, h], depthwise conv, x_proj [dt_rank + 2N, d_inner], dt_proj, A_log [d_inner, N], D, out_proj. */
export function mambaMixer(b: InventoryBuilder, p: string, l: number, m: MambaShape, o: { dtNorms?: boolean } = {}): void {
  b.tensor(`${p}.A_log`, [m.inner, m.state], 'attention', { layer: l });
  b.tensor(`${p}.D`, [m.inner], 'attention', { layer: l });
  depthwiseConv(b, `${p}.conv1d`, l, m.inner, m.convKernel, m.convBias);
  b.linear(`${p}.in_proj`, 2 * m.inner, m.hidden, m.projBias, 'attention', l);
  b.linear(`${p}.x_proj`, m.dtRank + 2 * m.state, m.inner, false, 'attention', l);
  b.linear(`${p}.dt_proj`, m.inner, m.dtRank, true, 'attention', l);
  b.linear(`${p}.out_proj`, m.hidden, m.inner, m.projBias, 'attention', l);
  if (o.dtNorms) {
    // Jamba: RMSNorms on dt, B and C after x_proj.
    b.norm(`${p}.dt_layernorm`, m.dtRank, false, l);
    b.norm(`${p}.b_layernorm`, m.state, false, l);
    b.norm(`${p}.c_layernorm`, m.state, false, l);
  }
  mambaScan(b, l, m.inner, m.state, m.convKernel);
}

/** Mamba's scan and conv FLOPs and its fixed state (conv window d_inner·k + SSM state d_inner·N). */
export function mambaScan(b: InventoryBuilder, l: number, inner: number, state: number, k: number): void {
  b.mixerFlops({ layer: l, perToken: 2 * inner * state + 2 * inner * k, perSequence: 2 * inner * k * (k - 1), decodeStep: 2 * inner * state + 2 * inner * k, what: 'Mamba selective scan (state·C per token) and depthwise causal convolution' });
  b.fixedState(l, inner * k + inner * state, `Mamba conv state ${inner}×${k} + SSM state ${inner}×${state}`);
}

export interface Mamba2Shape {
  readonly hidden: number;
  /** d_inner = expand · hidden (= heads · head_dim). */
  readonly inner: number;
  readonly heads: number;
  readonly headDim: number;
  readonly groups: number;
  readonly state: number;
  readonly convKernel: number;
  readonly convBias: boolean;
  readonly projBias: boolean;
  /** The gated RMSNorm before out_proj (all Mamba-2 mixers in transformers have it but Falcon-H1 without mamba_rms_norm). */
  readonly norm: boolean;
}

/** Mamba-2 mixer: in_proj [2·d_inner + 2·G·N + H, h], conv over x, B, C, dt_bias/A_log/D [H], gated norm, out_proj. */
export function mamba2Mixer(b: InventoryBuilder, p: string, l: number, m: Mamba2Shape): void {
  const convDim = m.inner + 2 * m.groups * m.state;
  b.tensor(`${p}.dt_bias`, [m.heads], 'attention', { layer: l });
  b.tensor(`${p}.A_log`, [m.heads], 'attention', { layer: l });
  b.tensor(`${p}.D`, [m.heads], 'attention', { layer: l });
  depthwiseConv(b, `${p}.conv1d`, l, convDim, m.convKernel, m.convBias);
  b.linear(`${p}.in_proj`, m.inner + convDim + m.heads, m.hidden, m.projBias, 'attention', l);
  if (m.norm) b.norm(`${p}.norm`, m.inner, false, l);
  b.linear(`${p}.out_proj`, m.hidden, m.inner, m.projBias, 'attention', l);
  const k = m.convKernel;
  b.mixerFlops({ layer: l, perToken: 2 * convDim * k, perSequence: 2 * convDim * k * (k - 1), what: 'Mamba-2 depthwise causal convolution (the chunked SSD scan is element-wise in torch)' });
  b.fixedState(l, convDim * k + m.heads * m.headDim * m.state, `Mamba-2 conv state ${convDim}×${k} + SSM state ${m.heads}×${m.headDim}×${m.state}`);
}

/** A depthwise Conv1d [C, 1, k] (+ bias [C]): its FLOPs are declared by the mixer that runs it. */
export function depthwiseConv(b: InventoryBuilder, p: string, l: number, channels: number, k: number, bias: boolean): void {
  b.tensor(`${p}.weight`, [channels, 1, k], 'attention', { layer: l });
  if (bias) b.tensor(`${p}.bias`, [channels], 'attention', { layer: l });
}

/** Causal depthwise convolution FLOPs over C channels (s + k − 1 positions) and its conv state C·k. */
export function convFlops(b: InventoryBuilder, l: number, channels: number, k: number, what: string, stateLength = k): void {
  b.mixerFlops({ layer: l, perToken: 2 * channels * k, perSequence: 2 * channels * k * (k - 1), what });
  b.fixedState(l, channels * stateLength, `${what}: conv state ${channels}×${stateLength}`);
}

export interface DeltaNetShape {
  readonly keyHeads: number;
  readonly valueHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly convKernel: number;
  /** Chunk length of transformers' chunked rule (64). */
  readonly chunk?: number;
}

/** Gated DeltaNet's chunked rule, conv over q, k, v, and its fixed state (conv window + H_v·d_k·d_v). */
export function deltaNetFlops(b: InventoryBuilder, l: number, d: DeltaNetShape, what = 'Gated DeltaNet'): void {
  const C = d.chunk ?? 64;
  const convDim = 2 * d.keyHeads * d.keyDim + d.valueHeads * d.valueDim;
  const k = d.convKernel;
  const H = d.valueHeads;
  b.mixerFlops({
    layer: l,
    perToken: 2 * convDim * k,
    perSequence: 2 * convDim * k * (k - 1),
    chunk: C,
    perPaddedToken: H * (4 * C * d.keyDim + 6 * d.keyDim * d.valueDim + 2 * C * d.valueDim),
    decodeStep: 2 * convDim * k + H * 6 * d.keyDim * d.valueDim,
    what: `${what}: chunked delta rule (chunks of ${C}) and depthwise causal convolution`,
  });
  b.fixedState(l, convDim * k + H * d.keyDim * d.valueDim, `${what} conv state ${convDim}×${k} + recurrent state ${H}×${d.keyDim}×${d.valueDim}`);
}

/**
 * Gated DeltaNet layer (Qwen3-Next, Qwen3.5): input projections (`qkvz` + `ba` fused, or `split`
 * qkv / z / b / a), a bias-free depthwise conv over q, k, v, dt_bias and A_log per value head, a
 * gated RMSNorm over the value head size and out_proj.
 */
export function gatedDeltaNet(b: InventoryBuilder, p: string, l: number, hidden: number, d: DeltaNetShape, layout: 'qkvz' | 'split' | 'olmo'): void {
  const key = d.keyHeads * d.keyDim;
  const value = d.valueHeads * d.valueDim;
  if (layout === 'olmo') {
    // OLMo hybrid: one projection per stream, o_norm and o_proj.
    b.linear(`${p}.q_proj`, key, hidden, false, 'attention', l);
    b.linear(`${p}.k_proj`, key, hidden, false, 'attention', l);
    b.linear(`${p}.v_proj`, value, hidden, false, 'attention', l);
    b.linear(`${p}.a_proj`, d.valueHeads, hidden, false, 'attention', l);
    b.linear(`${p}.b_proj`, d.valueHeads, hidden, false, 'attention', l);
    b.linear(`${p}.g_proj`, value, hidden, false, 'attention', l);
    b.linear(`${p}.o_proj`, hidden, value, false, 'attention', l);
    depthwiseConv(b, `${p}.conv1d`, l, 2 * key + value, d.convKernel, false);
    b.tensor(`${p}.A_log`, [d.valueHeads], 'attention', { layer: l });
    b.tensor(`${p}.dt_bias`, [d.valueHeads], 'attention', { layer: l });
    b.norm(`${p}.o_norm`, d.valueDim, false, l);
    deltaNetFlops(b, l, d);
    return;
  }
  if (layout === 'qkvz') {
    b.linear(`${p}.in_proj_qkvz`, 2 * key + 2 * value, hidden, false, 'attention', l);
    b.linear(`${p}.in_proj_ba`, 2 * d.valueHeads, hidden, false, 'attention', l);
  } else {
    b.linear(`${p}.in_proj_qkv`, 2 * key + value, hidden, false, 'attention', l);
    b.linear(`${p}.in_proj_z`, value, hidden, false, 'attention', l);
    b.linear(`${p}.in_proj_b`, d.valueHeads, hidden, false, 'attention', l);
    b.linear(`${p}.in_proj_a`, d.valueHeads, hidden, false, 'attention', l);
  }
  depthwiseConv(b, `${p}.conv1d`, l, 2 * key + value, d.convKernel, false);
  b.tensor(`${p}.dt_bias`, [d.valueHeads], 'attention', { layer: l });
  b.tensor(`${p}.A_log`, [d.valueHeads], 'attention', { layer: l });
  b.norm(`${p}.norm`, d.valueDim, false, l);
  b.linear(`${p}.out_proj`, hidden, value, false, 'attention', l);
  deltaNetFlops(b, l, d);
}

/** LFM2's gated short convolution: in_proj [3h, h] → B, C, x; depthwise conv [h, 1, L] over B·x; C·(…); out_proj. */
export function shortConv(b: InventoryBuilder, p: string, l: number, hidden: number, k: number, bias: boolean): void {
  b.linear(`${p}.in_proj`, 3 * hidden, hidden, bias, 'attention', l);
  depthwiseConv(b, `${p}.conv`, l, hidden, k, bias);
  b.linear(`${p}.out_proj`, hidden, hidden, bias, 'attention', l);
  convFlops(b, l, hidden, k, 'Gated short convolution');
}

/**
 * MiniMax-01 lightning attention (block-wise linear attention with decay): qkv_proj [3·H·d, h],
 * output_gate, out_proj, RMSNorm over H·d, decay buffers. Per head and block of b tokens torch
 * runs QKᵀ and ·V inside the block (4·b²·d) and Q·S, Kᵀ·V against the d×d state (4·b·d²).
 */
export function lightningAttention(b: InventoryBuilder, p: string, l: number, hidden: number, heads: number, headDim: number, block: number): void {
  const w = heads * headDim;
  b.norm(`${p}.norm`, w, false, l);
  b.linear(`${p}.qkv_proj`, 3 * w, hidden, false, 'attention', l);
  b.linear(`${p}.out_proj`, hidden, w, false, 'attention', l);
  b.linear(`${p}.output_gate`, w, hidden, false, 'attention', l);
  b.buffer(`${p}.slope_rate`, [heads, 1, 1]);
  b.buffer(`${p}.query_decay`, [heads, block, 1]);
  b.buffer(`${p}.key_decay`, [heads, block, 1]);
  b.buffer(`${p}.diagonal_decay`, [1, heads, block, block]);
  b.mixerFlops({ layer: l, perToken: 4 * heads * headDim * headDim, perSequence: 0, block, perPair: 4 * heads * headDim, decodeStep: 4 * heads * headDim * headDim, what: `lightning attention (blocks of ${block})` });
  b.fixedState(l, heads * headDim * headDim, `lightning attention state ${heads}×${headDim}×${headDim}`);
}

/**
 * Zamba's multi-head Mamba mixer: x_proj and dt_proj are per-head parameters [H, dt_rank + 2N,
 * d_inner/H] and [H, d_inner/H, dt_rank] applied with @ (batched matmuls), A_log [H, d/H, N], D [H, d/H].
 */
export function zambaMambaMixer(b: InventoryBuilder, p: string, l: number, m: MambaShape, heads: number): void {
  const hd = m.inner / heads;
  b.linear(`${p}.in_proj`, 2 * m.inner, m.hidden, m.projBias, 'attention', l);
  depthwiseConv(b, `${p}.conv1d`, l, m.inner, m.convKernel, m.convBias);
  b.tensor(`${p}.x_proj_weight`, [heads, m.dtRank + 2 * m.state, hd], 'attention', { layer: l, matmul: true });
  b.tensor(`${p}.dt_proj_weight`, [heads, hd, m.dtRank], 'attention', { layer: l, matmul: true });
  b.tensor(`${p}.dt_proj_bias`, [heads, hd], 'attention', { layer: l });
  b.tensor(`${p}.A_log`, [heads, hd, m.state], 'attention', { layer: l });
  b.tensor(`${p}.D`, [heads, hd], 'attention', { layer: l });
  b.linear(`${p}.out_proj`, m.hidden, m.inner, m.projBias, 'attention', l);
  mambaScan(b, l, m.inner, m.state, m.convKernel);
}

/**
 * Kimi Delta Attention (Kimi Linear): q/k/v projections [H·d, h], one bias-free depthwise conv over
 * q, k, v, a low-rank forget gate (f_a [d, h], f_b [H·d, d], dt_bias [H·d], A_log [1, 1, H, 1]), β
 * (b_proj [H, h]), a low-rank output gate (g_a, g_b), o_norm [d], o_proj. Its chunked rule (chunks of
 * 64) runs per head and padded token A·(βV), A·(βK·e^g) (2·C·d each), Q·S, K_cum·S, Kᵀ·V (2·d² each)
 * and A_intra·V (2·C·d); the within-chunk scores are element-wise in torch.
 */
export function kimiDeltaAttention(b: InventoryBuilder, p: string, l: number, hidden: number, heads: number, d: number, k: number): void {
  const w = heads * d;
  for (const n of ['q_proj', 'k_proj', 'v_proj']) b.linear(`${p}.${n}`, w, hidden, false, 'attention', l);
  depthwiseConv(b, `${p}.conv1d`, l, 3 * w, k, false);
  b.tensor(`${p}.forget_gate.dt_bias`, [w], 'attention', { layer: l });
  b.tensor(`${p}.forget_gate.A_log`, [1, 1, heads, 1], 'attention', { layer: l });
  b.linear(`${p}.forget_gate.f_a_proj`, d, hidden, false, 'attention', l);
  b.linear(`${p}.forget_gate.f_b_proj`, w, d, false, 'attention', l);
  b.linear(`${p}.b_proj`, heads, hidden, false, 'attention', l);
  b.linear(`${p}.g_a_proj`, d, hidden, false, 'attention', l);
  b.linear(`${p}.g_b_proj`, w, d, false, 'attention', l);
  b.norm(`${p}.o_norm`, d, false, l);
  b.linear(`${p}.o_proj`, hidden, w, false, 'attention', l);
  const C = 64;
  b.mixerFlops({ layer: l, perToken: 2 * 3 * w * k, perSequence: 2 * 3 * w * k * (k - 1), chunk: C, perPaddedToken: heads * (6 * C * d + 6 * d * d), decodeStep: 2 * 3 * w * k + heads * 6 * d * d, what: `Kimi Delta Attention: chunked delta rule (chunks of ${C}) and depthwise causal convolution` });
  b.fixedState(l, 3 * w * k + heads * d * d, `Kimi Delta Attention conv state ${3 * w}×${k} + recurrent state ${heads}×${d}×${d}`);
}
