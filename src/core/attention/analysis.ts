// The checker: for each scale choice, attention statistics at each length and verdicts in words
// with their reasons and sources (kexue.fm/archives/8620, 8823, 9812). Every verdict rests on a
// stated threshold of a plotted quantity and quotes the numbers of the length it names.
import { alphaStarCos, alphaStarNormal, decoderKeys } from './alphaStar';
import type { ScaleChoice } from './choices';
import { closedFormStatistics, ScorePool, scoreAlpha, type ClosedFormStatistics, type RowStatistics } from './statistics';
import { groupDigits } from '../format/number';

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
  /** Expected max probability at or above which rows count as nearly one-hot ("saturated"). */
  readonly oneHotMaxProb: number;
  /** Entropy / log n at or below which rows count as concentrated (most mass on a few keys). */
  readonly concentratedEntropyRatio: number;
  /** Entropy / log n at or above which rows count as near-uniform. */
  readonly uniformEntropyRatio: number;
  /** Gradient α(1 − Σp²) below this fraction of its Monte Carlo maximum over α counts as little gradient. */
  readonly weakGradientFraction: number;
  /** Entropy change (nats) past the training length that counts as drift. */
  readonly driftNats: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { oneHotMaxProb: 0.9, concentratedEntropyRatio: 0.3, uniformEntropyRatio: 0.97, weakGradientFraction: 0.5, driftNats: 0.5 };

export type RowState = 'saturated' | 'concentrated' | 'healthy' | 'near-uniform';

/** The largest Monte Carlo gradient α(1 − Σp²) over α at one length, and where it is. */
export interface GradientOptimum {
  readonly alpha: number;
  readonly gradient: number;
  /** The search's upper end: when alpha sits there the objective was still rising. */
  readonly searchedTo: number;
}

export interface LengthPoint {
  readonly n: number;
  readonly scale: number;
  /** Multiplier of the unit score (scale·√d for q·k; scale for cosine). */
  readonly alpha: number;
  /** The closed-form gradient-optimal α at this length (normal or cosine scores; n/2 keys for decoders). */
  readonly alphaStar: number;
  readonly monteCarlo: RowStatistics;
  /** The Monte Carlo objective's own maximum over α at this n (same samples; computed when first read). */
  readonly optimum: GradientOptimum;
  /** monteCarlo.gradient / optimum.gradient (≤ 1; the point's own α is among those searched). */
  readonly gradientRatio: number;
  /** Closed forms (normal scores only). */
  readonly closedForm?: ClosedFormStatistics;
  readonly state: RowState;
}

export interface Verdict {
  readonly id: 'saturated' | 'concentrated' | 'healthy' | 'near_uniform' | 'length_drift' | 'natural_log';
  readonly level: 'ok' | 'info' | 'warning';
  readonly message: string;
  readonly source: string;
  /** The lengths the message quotes numbers for. */
  readonly at: readonly number[];
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

const optimumCache = new WeakMap<ScorePool, Map<number, GradientOptimum>>();

/**
 * The Monte Carlo objective α(1 − Σp²) maximised over α on a geometric grid (steps of √2) from
 * α* ÷ √2 to 8·α* (α* the closed form), refined by a parabola through the best three points. Past its peak the
 * objective is a long plateau (rows whose top keys nearly tie keep it up), so the search stops at
 * 8·α* and says so when the maximum sits there. The closed form
 * rests on Σp² ≈ e^{α²}/n, valid only while Σp² ≪ 1 (kexue.fm/archives/9812); past it the true
 * objective is much flatter, so its maximum lies well above α*.
 */
export function gradientOptimum(pool: ScorePool, n: number, alphaStar: number): GradientOptimum {
  let byN = optimumCache.get(pool);
  if (!byN) optimumCache.set(pool, (byN = new Map()));
  const known = byN.get(n);
  if (known) return known;
  const g = (a: number) => pool.statistics(n, a).gradient;
  const grid: number[] = [];
  for (let k = -1; k <= 6; k++) grid.push(alphaStar * 2 ** (k / 2));
  const values = grid.map(g);
  let best = 0;
  for (let i = 1; i < grid.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  // One parabola through the best grid point and its neighbours (in log α) refines it.
  let alpha = grid[best] as number;
  if (best > 0 && best < grid.length - 1) {
    const [y0, y1, y2] = [values[best - 1] as number, values[best] as number, values[best + 1] as number];
    const denom = y0 - 2 * y1 + y2;
    const shift = denom < 0 ? (0.5 * (y0 - y2)) / denom : 0; // in grid steps, within ±½
    const refined = alpha * 2 ** (Math.max(-0.5, Math.min(0.5, shift)) / 2);
    if (g(refined) > (values[best] as number)) alpha = refined;
  }
  const found = { alpha, gradient: g(alpha), searchedTo: grid[grid.length - 1] as number };
  byN.set(n, found);
  return found;
}

export function rowState(stats: RowStatistics, n: number, t: Thresholds): RowState {
  if (stats.maxProb >= t.oneHotMaxProb) return 'saturated';
  const ratio = n > 1 ? stats.entropy / Math.log(n) : 1;
  if (n > 1 && ratio >= t.uniformEntropyRatio) return 'near-uniform';
  if (n > 1 && ratio <= t.concentratedEntropyRatio) return 'concentrated';
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
    const alphaStar = alphaStarFor(choice.kind, keys, o.d);
    const searchFrom = alphaFor(alphaStarFor(choice.kind, n, o.d));
    // Lazy: only the lengths a verdict or table quotes pay for the search (a redraw stays fast).
    let optimum: GradientOptimum | undefined;
    const findOptimum = (): GradientOptimum => {
      if (optimum) return optimum;
      const searched = gradientOptimum(pool, n, searchFrom);
      // The point's own α is a candidate too, so the ratio never exceeds 1.
      optimum = monteCarlo.gradient > searched.gradient ? { ...searched, alpha, gradient: monteCarlo.gradient } : searched;
      return optimum;
    };
    return {
      n,
      scale,
      alpha,
      alphaStar,
      monteCarlo,
      get optimum() {
        return findOptimum();
      },
      get gradientRatio() {
        const opt = findOptimum();
        return opt.gradient > 0 ? monteCarlo.gradient / opt.gradient : 1;
      },
      ...(choice.kind === 'dot' ? { closedForm: closedFormStatistics(n, alpha) } : {}),
      state: rowState(monteCarlo, n, t),
    };
  });
  return { choice, points, verdicts: verdicts(choice, points, o, t) };
}

/** Cosine α* can be ~30; the grid is relative to it either way. */
const alphaFor = (alphaStar: number) => Math.max(alphaStar, 1e-3);

const fmt = (x: number, digits = 3) => String(Number(x.toPrecision(digits)));
const fmtN = (n: number) => groupDigits(n);
const pct = (x: number) => `${Math.round(100 * x)}%`;

/** "gradient α(1 − Σp²) 1.2, 28% of its largest value 4.3 (at α ≈ 12)" with the words the ratio earns. */
export function gradientClause(p: LengthPoint, t: Thresholds = DEFAULT_THRESHOLDS): string {
  const mc = p.monteCarlo;
  const where = p.optimum.alpha >= p.optimum.searchedTo * 0.999 ? `still rising at α = ${fmt(p.optimum.alpha)}` : `at α ≈ ${fmt(p.optimum.alpha)}`;
  const numbers = `gradient α(1 − Σp²) ${fmt(mc.gradient)}, ${pct(p.gradientRatio)} of its largest Monte Carlo value ${fmt(p.optimum.gradient)} (${where})`;
  if (p.gradientRatio >= t.weakGradientFraction) return numbers;
  return p.alpha < p.optimum.alpha
    ? `${numbers}: below ${pct(t.weakGradientFraction)}, so a larger α would pass more gradient at initialisation`
    : `${numbers}: below ${pct(t.weakGradientFraction)} and past the optimum, so little gradient reaches the keys`;
}

/** The numbers one sentence quotes for one length. */
function numbersAt(p: LengthPoint): string {
  const logn = Math.log(p.n);
  return `at n = ${fmtN(p.n)}: α = ${fmt(p.alpha)}, entropy ${fmt(p.monteCarlo.entropy)} of ${fmt(logn)} nats (${pct(p.monteCarlo.entropy / logn)} of log n), max probability ${fmt(p.monteCarlo.maxProb, 2)}`;
}

function verdicts(choice: ScaleChoice, points: readonly LengthPoint[], o: AnalysisOptions, t: Thresholds): Verdict[] {
  const out: Verdict[] = [];
  if (points.length === 0) return out;
  const saturated = points.filter((p) => p.state === 'saturated');
  const concentrated = points.filter((p) => p.state === 'concentrated');
  const uniform = points.filter((p) => p.state === 'near-uniform');
  const first = points[0] as LengthPoint;
  const last = points[points.length - 1] as LengthPoint;
  /** "at every length (n = 16–4,096)", "from n = 4,096 on" or "at n = 16, 32" for a subset of the points. */
  const where = (subset: readonly LengthPoint[]) => {
    if (subset.length === points.length) return points.length === 1 ? `at n = ${fmtN(first.n)}` : `at every length (n = ${fmtN(first.n)}–${fmtN(last.n)})`;
    const start = points.indexOf(subset[0] as LengthPoint);
    if (start + subset.length === points.length && points.slice(start).every((p) => subset.includes(p))) return `from n = ${fmtN((subset[0] as LengthPoint).n)} on`;
    return `at n = ${subset.slice(0, 3).map((q) => fmtN(q.n)).join(', ')}${subset.length > 3 ? ', …' : ''}`;
  };
  /** The point a verdict quotes: the longest of the subset (where long contexts hurt most). */
  const quoted = (subset: readonly LengthPoint[]) => subset[subset.length - 1] as LengthPoint;
  const oneHot = `max probability ≥ ${t.oneHotMaxProb}`;
  const conc = `entropy ≤ ${pct(t.concentratedEntropyRatio)} of log n`;

  const sharp = [...saturated, ...concentrated].sort((a, b) => a.n - b.n);
  if (choice.naturalLog && sharp.length > 0) {
    // One verdict for this pitfall, replacing the generic saturated/concentrated ones.
    const p = quoted(sharp);
    const state = p.state === 'saturated' ? `nearly one-hot (${oneHot})` : `concentrated (${conc})`;
    out.push({
      id: 'natural_log',
      level: 'warning',
      message: `Natural-log length scaling without a base is far too large at long n: ${where(sharp)} rows are ${p.state === 'saturated' ? 'nearly one-hot' : 'concentrated on a few keys'}. ${cap(numbersAt(p))}, so rows are ${state}; the scale is ${fmt(p.alpha / scoreAlpha(standardScaleOf(o.d), o.d, 'dot'))}× 1/√d; ${gradientClause(p, t)}. Divide by log 512 (or the log of the training length) to anchor it at 1/√d there.`,
      source: 'kexue.fm/archives/8823',
      at: [p.n],
    });
  } else {
    if (saturated.length > 0) {
      const p = quoted(saturated);
      out.push({
        id: 'saturated',
        level: 'warning',
        message: `Nearly one-hot (${oneHot}) ${where(saturated)}. ${cap(numbersAt(p))} (closed-form α* = ${fmt(p.alphaStar)}); ${gradientClause(p, t)}. A smaller scale (1/√d, or α*/√d) spreads attention over more keys.`,
        source: 'kexue.fm/archives/8620, 9812',
        at: [p.n],
      });
    }
    if (concentrated.length > 0) {
      const p = quoted(concentrated);
      out.push({
        id: 'concentrated',
        level: 'info',
        message: `Concentrated (${conc}) ${where(concentrated)}: most of each row sits on a few keys. ${cap(numbersAt(p))}; ${gradientClause(p, t)}.`,
        source: 'kexue.fm/archives/9812',
        at: [p.n],
      });
    }
  }
  if (uniform.length > 0) {
    const p = quoted(uniform);
    out.push({
      id: 'near_uniform',
      level: uniform.length === points.length ? 'warning' : 'info',
      message: `Near-uniform (entropy ≥ ${pct(t.uniformEntropyRatio)} of log n) ${where(uniform)}, so attention starts as an average. ${cap(numbersAt(p))}; ${gradientClause(p, t)}. ${choice.kind === 'dot' && p.alpha < 0.5 ? 'A 1/d scale does this on purpose in μP (with zero-initialised queries); otherwise use 1/√d.' : ''}`.trim(),
      source: 'kexue.fm/archives/9812',
      at: [p.n],
    });
  }
  if (saturated.length === 0 && concentrated.length === 0 && uniform.length === 0) {
    const p = last;
    out.push({
      id: 'healthy',
      level: 'ok',
      message: `Healthy ${where(points)}: rows neither nearly one-hot (${oneHot}), concentrated (${conc}) nor near-uniform (entropy ≥ ${pct(t.uniformEntropyRatio)} of log n). ${cap(numbersAt(p))}, closed-form α* = ${fmt(p.alphaStar)}; ${gradientClause(p, t)}.`,
      source: 'kexue.fm/archives/9812',
      at: [p.n],
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
        message: `This scale will not hold entropy steady as n grows past the training length ${fmtN(L)}: it stays ${fmt(last.scale)} while log n grows, so attention spreads out (expected entropy ${fmt(atL.monteCarlo.entropy)} nats at n = ${fmtN(atL.n)}, ${fmt(last.monteCarlo.entropy)} at n = ${fmtN(last.n)}, a drift of ${fmt(drift)} ≥ ${t.driftNats} nats). Multiplying by max(1, log n / log ${fmtN(L)}) (log-n scaling) or using log_${L}(n)/√d keeps it closer.`,
        source: 'kexue.fm/archives/8823, 9708, 9948',
        at: [atL.n, last.n],
      });
    }
  }
  return out;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const standardScaleOf = (d: number) => 1 / Math.sqrt(d);

/** Gradient size against α at one length: Monte Carlo, the closed form where it holds, α* and the Monte Carlo optimum. */
export interface GradientCurve {
  readonly n: number;
  readonly alphaStar: number;
  /** Where the Monte Carlo objective peaks (same samples as the curve). */
  readonly optimum: GradientOptimum;
  /** closedForm is NaN where its approximation Σp² ≈ e^{α²}/n ≪ 1 has failed (e^{α²}/n above CLOSED_FORM_PLOT_LIMIT). */
  readonly points: readonly { readonly alpha: number; readonly monteCarlo: number; readonly closedForm: number }[];
}

/** The closed form is drawn while its own Σp² ≈ e^{α²}/n stays at or below this (it is ≈ 0.1 at α*). */
export const CLOSED_FORM_PLOT_LIMIT = 0.25;

export function gradientCurve(d: number, n: number, o: { kind?: 'dot' | 'cosine'; causal?: boolean; steps?: number; seed?: number; budget?: number } = {}): GradientCurve {
  const kind = o.kind ?? 'dot';
  const keys = o.causal ? Math.round(decoderKeys(n)) : n;
  const alphaStar = alphaStarFor(kind, keys, d);
  const pool = scorePool(d, kind, o.seed, o.budget);
  const optimum = gradientOptimum(pool, keys, alphaFor(alphaStar));
  const steps = o.steps ?? 40;
  const top = Math.max(2.5 * alphaStar, 1.25 * optimum.alpha);
  const points = [];
  for (let i = 1; i <= steps; i++) {
    const alpha = (top * i) / steps;
    const cf = kind === 'dot' ? closedFormStatistics(keys, alpha) : undefined;
    const shown = cf && Math.exp(alpha * alpha) / keys <= CLOSED_FORM_PLOT_LIMIT;
    points.push({ alpha, monteCarlo: pool.statistics(keys, alpha).gradient, closedForm: shown ? cf.gradient : NaN });
  }
  return { n: keys, alphaStar, optimum, points };
}

/** Powers of two from 16 up to maxLength (and maxLength itself). */
export function defaultLengths(maxLength: number, minLength = 16): number[] {
  const out: number[] = [];
  for (let n = minLength; n < maxLength; n *= 2) out.push(n);
  out.push(Math.max(minLength, Math.round(maxLength)));
  return out;
}
