// The checker: for each scale choice, attention statistics at each length and verdicts in words
// with their reasons and sources (references/model-math.md §1).
import { alphaStarCos, alphaStarNormal, decoderKeys } from './alphaStar';
import type { ScaleChoice } from './choices';
import { closedFormStatistics, ScorePool, scoreAlpha, type ClosedFormStatistics, type RowStatistics } from './statistics';

export interface AnalysisOptions {
  readonly d: number;
  /** Key counts to evaluate (queries that see n keys). */
  readonly lengths: readonly number[];
  readonly trainLength?: number;
  /** Decoders: α* is evaluated at n/2 (each query sees a different number of keys). */
  readonly causal?: boolean;
  readonly thresholds?: Partial<Thresholds>;
  readonly seed?: number;
  /** Monte Carlo scores per statistic (default 8,192: fast enough to redraw while a slider moves). */
  readonly budget?: number;
}

export interface Thresholds {
  /** Expected max probability at or above which rows count as saturated (near one-hot). */
  readonly saturatedMaxProb: number;
  /** Entropy / log n at or above which rows count as near-uniform. */
  readonly uniformEntropyRatio: number;
  /** Entropy change (nats) past the training length that counts as drift. */
  readonly driftNats: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { saturatedMaxProb: 0.5, uniformEntropyRatio: 0.97, driftNats: 0.5 };

export type RowState = 'saturated' | 'healthy' | 'near-uniform';

export interface LengthPoint {
  readonly n: number;
  readonly scale: number;
  /** Multiplier of the unit score (scale·√d for q·k; scale for cosine). */
  readonly alpha: number;
  /** Gradient-optimal α at this length (normal or cosine scores; n/2 keys for decoders). */
  readonly alphaStar: number;
  readonly monteCarlo: RowStatistics;
  /** Closed forms (normal scores only). */
  readonly closedForm?: ClosedFormStatistics;
  readonly state: RowState;
}

export interface Verdict {
  readonly id: 'saturated' | 'healthy' | 'near_uniform' | 'length_drift' | 'natural_log';
  readonly level: 'ok' | 'info' | 'warning';
  readonly message: string;
  readonly source: string;
}

export interface ChoiceAnalysis {
  readonly choice: ScaleChoice;
  readonly points: readonly LengthPoint[];
  readonly verdicts: readonly Verdict[];
}

const pools = new Map<string, ScorePool>();

/** One shared pool per (head size, score kind, seed): redraws reuse the same samples. */
export function scorePool(d: number, kind: 'dot' | 'cosine', seed = 1, budget?: number): ScorePool {
  const key = `${d}:${kind}:${seed}:${budget ?? ''}`;
  let pool = pools.get(key);
  if (!pool) {
    if (pools.size > 16) pools.clear();
    pool = new ScorePool(d, kind, seed, budget);
    pools.set(key, pool);
  }
  return pool;
}

const alphaStarCache = new Map<string, number>();

export function alphaStarFor(kind: 'dot' | 'cosine', n: number, d: number): number {
  const key = `${kind}:${n}:${d}`;
  let v = alphaStarCache.get(key);
  if (v === undefined) {
    v = kind === 'dot' ? alphaStarNormal(Math.max(n, 2)) : alphaStarCos(Math.max(n, 2), d);
    if (alphaStarCache.size > 4096) alphaStarCache.clear();
    alphaStarCache.set(key, v);
  }
  return v;
}

export function rowState(stats: RowStatistics, n: number, t: Thresholds): RowState {
  if (stats.maxProb >= t.saturatedMaxProb) return 'saturated';
  if (n > 1 && stats.entropy / Math.log(n) >= t.uniformEntropyRatio) return 'near-uniform';
  return 'healthy';
}

export function analyzeChoice(choice: ScaleChoice, o: AnalysisOptions): ChoiceAnalysis {
  const t = { ...DEFAULT_THRESHOLDS, ...o.thresholds };
  const pool = scorePool(o.d, choice.kind, o.seed, o.budget);
  const points = o.lengths.map((n): LengthPoint => {
    const scale = choice.scale(n);
    const alpha = scoreAlpha(scale, o.d, choice.kind);
    const keys = o.causal ? Math.round(decoderKeys(n)) : n;
    const monteCarlo = pool.statistics(n, alpha);
    return {
      n,
      scale,
      alpha,
      alphaStar: alphaStarFor(choice.kind, keys, o.d),
      monteCarlo,
      ...(choice.kind === 'dot' ? { closedForm: closedFormStatistics(n, alpha) } : {}),
      state: rowState(monteCarlo, n, t),
    };
  });
  return { choice, points, verdicts: verdicts(choice, points, o, t) };
}

const fmt = (x: number, digits = 3) => String(Number(x.toPrecision(digits)));
const fmtN = (n: number) => n.toLocaleString('en-US');

function verdicts(choice: ScaleChoice, points: readonly LengthPoint[], o: AnalysisOptions, t: Thresholds): Verdict[] {
  const out: Verdict[] = [];
  if (points.length === 0) return out;
  const saturated = points.filter((p) => p.state === 'saturated');
  const uniform = points.filter((p) => p.state === 'near-uniform');
  const first = points[0] as LengthPoint;
  const last = points[points.length - 1] as LengthPoint;
  const range = `n = ${fmtN(first.n)}–${fmtN(last.n)}`;
  /** "every length", "n ≥ 4,096" or "n = 16, 32" for a subset of the points. */
  const where = (subset: readonly LengthPoint[]) => {
    if (subset.length === points.length) return 'every length';
    const start = points.indexOf(subset[0] as LengthPoint);
    if (start + subset.length === points.length && points.slice(start).every((p) => subset.includes(p))) return `n ≥ ${fmtN((subset[0] as LengthPoint).n)}`;
    return `n = ${subset.slice(0, 3).map((q) => fmtN(q.n)).join(', ')}${subset.length > 3 ? ', …' : ''}`;
  };

  if (choice.naturalLog && saturated.length > 0) {
    const p = saturated[0] as LengthPoint;
    out.push({
      id: 'natural_log',
      level: 'warning',
      message: `Natural-log length scaling without a base is far too large at long n: from n = ${fmtN(p.n)} the scale is ${fmt(p.scale * Math.sqrt(o.d))}× 1/√d and rows are near one-hot (expected max probability ${fmt(p.monteCarlo.maxProb, 2)}), so gradients vanish. Divide by log(512) (or log of the training length) to anchor it.`,
      source: 'kexue.fm/archives/8823',
    });
  }
  if (saturated.length > 0) {
    const p = saturated[0] as LengthPoint;
    out.push({
      id: 'saturated',
      level: 'warning',
      message: `Saturated at ${where(saturated)}: α = ${fmt(p.alpha)} against α* = ${fmt(p.alphaStar)}; rows are nearly one-hot (expected max probability ${fmt(p.monteCarlo.maxProb, 2)}, entropy ${fmt(p.monteCarlo.entropy)} of ${fmt(Math.log(p.n))} nats), and the softmax passes little gradient to the other keys. A smaller scale (1/√d, or α*/√d) trains better.`,
      source: 'kexue.fm/archives/8620, 9812',
    });
  }
  if (uniform.length > 0) {
    const p = uniform[0] as LengthPoint;
    out.push({
      id: 'near_uniform',
      level: uniform.length === points.length ? 'warning' : 'info',
      message: `Near-uniform at ${where(uniform)}: α = ${fmt(p.alpha)} (α* = ${fmt(p.alphaStar)}) leaves entropy at ${fmt((100 * p.monteCarlo.entropy) / Math.log(p.n))}% of log n, so attention starts as an average and the gradient α(1 − Σp²) ≈ ${fmt(p.monteCarlo.gradient)} is small. ${choice.kind === 'dot' && p.alpha < 0.5 ? 'A 1/d scale does this on purpose in μP (with zero-initialised queries); otherwise use 1/√d.' : ''}`.trim(),
      source: 'kexue.fm/archives/9812',
    });
  }
  if (saturated.length === 0 && uniform.length === 0) {
    const mid = points[Math.floor(points.length / 2)] as LengthPoint;
    out.push({
      id: 'healthy',
      level: 'ok',
      message: `Healthy over ${range}: rows neither one-hot nor uniform (at n = ${fmtN(mid.n)}: entropy ${fmt(mid.monteCarlo.entropy)} of ${fmt(Math.log(mid.n))} nats, max probability ${fmt(mid.monteCarlo.maxProb, 2)}, α = ${fmt(mid.alpha)} vs α* = ${fmt(mid.alphaStar)}).`,
      source: 'kexue.fm/archives/9812',
    });
  }
  const L = o.trainLength;
  if (L && !choice.lengthDependent && last.n >= 2 * L) {
    const atL = points.reduce((best, p) => (Math.abs(Math.log(p.n / L)) < Math.abs(Math.log(best.n / L)) ? p : best), first);
    const drift = last.monteCarlo.entropy - atL.monteCarlo.entropy;
    if (drift >= t.driftNats) {
      out.push({
        id: 'length_drift',
        level: 'warning',
        message: `This scale will not hold entropy steady as n grows past the training length ${fmtN(L)}: it stays ${fmt(last.scale)} while log n grows, so attention spreads out (expected entropy ${fmt(atL.monteCarlo.entropy)} nats at n = ${fmtN(atL.n)}, ${fmt(last.monteCarlo.entropy)} at n = ${fmtN(last.n)}). Multiplying by max(1, log n / log ${fmtN(L)}) (log-n scaling) or using log_${L}(n)/√d keeps it closer.`,
        source: 'kexue.fm/archives/8823, 9708, 9948',
      });
    }
  }
  return out;
}

/** Gradient size against α at one length: Monte Carlo, the closed form, and α* marked. */
export interface GradientCurve {
  readonly n: number;
  readonly alphaStar: number;
  readonly points: readonly { readonly alpha: number; readonly monteCarlo: number; readonly closedForm: number }[];
}

export function gradientCurve(d: number, n: number, o: { kind?: 'dot' | 'cosine'; causal?: boolean; steps?: number; seed?: number } = {}): GradientCurve {
  const kind = o.kind ?? 'dot';
  const keys = o.causal ? Math.round(decoderKeys(n)) : n;
  const alphaStar = alphaStarFor(kind, keys, d);
  const pool = scorePool(d, kind, o.seed);
  const steps = o.steps ?? 32;
  const top = 2.5 * alphaStar;
  const points = [];
  for (let i = 1; i <= steps; i++) {
    const alpha = (top * i) / steps;
    points.push({ alpha, monteCarlo: pool.statistics(keys, alpha).gradient, closedForm: kind === 'dot' ? closedFormStatistics(keys, alpha).gradient : NaN });
  }
  return { n: keys, alphaStar, points };
}

/** Powers of two from 16 up to maxLength (and maxLength itself). */
export function defaultLengths(maxLength: number, minLength = 16): number[] {
  const out: number[] = [];
  for (let n = minLength; n < maxLength; n *= 2) out.push(n);
  out.push(Math.max(minLength, Math.round(maxLength)));
  return out;
}
