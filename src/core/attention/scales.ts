// Attention-scale formulas from public sources (kexue.fm 8620, 8823, 9034, 9812, 9948).

/** Standard scale 1/√d: keeps Var(scale·q·k) = 1 for unit-variance q, k entries (8620). */
export function standardScale(d: number): number {
  requirePositive('head dimension d', d);
  return 1 / Math.sqrt(d);
}

/** Clamp for short inputs: n counts valid keys and is at least 16 (bert4keras attention_normalize). */
export const MIN_ENTROPY_LENGTH = 16;

/**
 * Entropy-invariant scale log_base(max(n, 16))/√d (8823, 9034). With base = 512 it equals 1/√d at
 * n = 512 and grows like log n, which keeps the attention entropy steady as n changes.
 */
export function entropyInvariantScale(n: number, d: number, base = 512): number {
  requirePositive('sequence length n', n);
  requirePositive('head dimension d', d);
  if (!(base > 1)) throw new RangeError(`log base must be greater than 1, got ${base}`);
  return Math.log(Math.max(n, MIN_ENTROPY_LENGTH)) / Math.log(base) / Math.sqrt(d);
}

/** κ of the general form κ·log(n)/d that equals log_base(n)/√d: κ = √d / ln(base) (8823). */
export function kappaForBase(d: number, base = 512): number {
  requirePositive('head dimension d', d);
  if (!(base > 1)) throw new RangeError(`log base must be greater than 1, got ${base}`);
  return Math.sqrt(d) / Math.log(base);
}

/** The general entropy-invariant form κ·log(max(n,16))/d (8823). */
export function kappaLogScale(n: number, d: number, kappa: number): number {
  requirePositive('sequence length n', n);
  requirePositive('head dimension d', d);
  requirePositive('κ', kappa);
  return (kappa * Math.log(Math.max(n, MIN_ENTROPY_LENGTH))) / d;
}

/**
 * Per-position length factor max(1, log n / log L_train) applied on top of 1/√d (9708, 9948;
 * Qwen-1's use_logn_attn): 1 within the training length, growing like log n beyond it.
 */
export function logLengthFactor(n: number, trainLength: number): number {
  requirePositive('sequence length n', n);
  if (!(trainLength > 1)) throw new RangeError(`training length must be greater than 1, got ${trainLength}`);
  return Math.max(1, Math.log(n) / Math.log(trainLength));
}

/** Su's blanket recommendation 2.5/√d: α* of normal scores stays within 2–3 for practical n (9812). */
export function blanketScale(d: number): number {
  requirePositive('head dimension d', d);
  return 2.5 / Math.sqrt(d);
}

/** YaRN logit factor (1 + 0.1·ln r)² for a context extension ratio r = L_test/L_train (9948). */
export function yarnFactor(ratio: number): number {
  requirePositive('extension ratio r', ratio);
  const f = 1 + 0.1 * Math.log(ratio);
  return f * f;
}

/** NTK-aware RoPE base multiplier κ = r^(d/(d−2)) (9948). */
export function ntkAlpha(ratio: number, d: number): number {
  requirePositive('extension ratio r', ratio);
  if (!(d > 2)) throw new RangeError(`head dimension d must be greater than 2, got ${d}`);
  return Math.pow(ratio, d / (d - 2));
}

/** RoPE base after the NTK-aware change: base·κ (10000 → 20221.26 for d = 128, ratio 2). */
export function ntkBase(ratio: number, d: number, base = 10000): number {
  requirePositive('RoPE base', base);
  return base * ntkAlpha(ratio, d);
}

/** Softmax gradient size ½‖∂p/∂s‖₁ = α(1 − Σ p_i²) for p = softmax(α·s) (9812). */
export function softmaxGradientSize(logits: readonly number[], alpha: number): number {
  if (logits.length === 0) throw new RangeError('logits must not be empty');
  const scaled = logits.map((s) => alpha * s);
  const max = Math.max(...scaled);
  const exps = scaled.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  const sumSquares = exps.reduce((a, e) => a + (e / total) ** 2, 0);
  return alpha * (1 - sumSquares);
}

export function requirePositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a positive finite number, got ${x}`);
}
