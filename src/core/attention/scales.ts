// Attention-scale formulas from references/model-math.md §1 (kexue.fm 8620, 8823, 9034, 9812, 9948).

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

/**
 * Gradient-optimal α for standard-normal scores over n keys (9812): the maximiser of
 * α(1 − e^{α²}/n), i.e. the root of e^{α²}(1 + 2α²) = n, solved exactly by bisection.
 */
export function alphaStarNormal(n: number): number {
  if (!(n > 1)) throw new RangeError(`number of keys n must be greater than 1, got ${n}`);
  const g = (a: number) => Math.exp(a * a) * (1 + 2 * a * a) - n;
  let lo = 0;
  let hi = Math.sqrt(Math.log(n)); // g(hi) = n·2·ln n > 0 there and g(0) = 1 − n < 0
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

function requirePositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a positive finite number, got ${x}`);
}
