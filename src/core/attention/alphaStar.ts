// Gradient-optimal softmax scales α* (kexue.fm 9812): the α that maximises the softmax gradient
// size α(1 − Σp²) at initialisation, for normal scores and for cosine scores.
import { integrate, maximize } from '../numeric/special';

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

/**
 * Gradient-optimal α for cosine scores s = cos θ of random unit vectors in R^d (kexue.fm 9812):
 * maximiser of α(1 − E[e^{2αs}] / (n·E[e^{αs}]²)), the density of s being ∝ (1 − s²)^((d−3)/2).
 * The expectations are integrated numerically in log space (they reach e^{2α}).
 */
export function alphaStarCos(n: number, d: number): number {
  if (!(n > 1)) throw new RangeError(`number of keys n must be greater than 1, got ${n}`);
  if (!Number.isInteger(d) || d < 3) throw new RangeError(`alpha_star_cos needs an integer dimension d ≥ 3, got ${d}`);
  const shape = (d - 3) / 2;
  // log E[e^{t s}] relative to a common density normaliser (it cancels in the ratio).
  const logMoment = (t: number) => {
    const logf = (s: number) => t * s + (shape > 0 ? shape * Math.log(Math.max(1 - s * s, 1e-300)) : 0);
    // Shift by the maximum of the integrand so exp() stays in range, and integrate over the window
    // where it lives (±14 widths of its Laplace approximation) rather than all of [−1, 1].
    const sStar = t === 0 ? 0 : Math.min(1, Math.max(-1, (-shape + Math.sqrt(shape * shape + t * t)) / t || 0));
    const peak = Math.min(sStar, 1 - 1e-12);
    const shift = logf(peak);
    const curvature = shape > 0 ? (2 * shape * (1 + peak * peak)) / (1 - peak * peak) ** 2 : 0;
    // At the boundary s = 1 (small d) the integrand decays like e^{t(s−1)}: width 1/t, not the curvature's.
    const width = Math.min(curvature > 0 ? 14 / Math.sqrt(curvature) : 2, peak > 1 - 1e-9 && t > 0 ? 40 / t : 2);
    const lo = Math.max(-1, peak - width);
    const hi = Math.min(1, peak + width);
    return shift + Math.log(integrate((s) => Math.exp(logf(s) - shift), lo, hi, 400));
  };
  const logNorm = logMoment(0);
  const objective = (a: number) => a * (1 - Math.exp(logMoment(2 * a) - 2 * logMoment(a) + logNorm) / n);
  // α* grows like √d·α*_normal for large d; for tiny d (s nearly uniform on [−1, 1]) the objective
  // tends to α(1 − α/n), whose maximiser is near n/2, so the bracket must reach n.
  const hi = Math.max(50, 4 * Math.sqrt(d) * alphaStarNormal(Math.max(n, 2)), Math.min(n, 1e6));
  return maximize(objective, 0, hi, 1e-10);
}

/** Decoders: each query sees a different number of keys; α* varies slowly, so use n = L_max/2 (9812). */
export function decoderKeys(maxLength: number): number {
  return Math.max(2, maxLength / 2);
}
