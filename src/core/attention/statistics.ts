// Expected attention statistics at initialisation for a softmax scale, by seeded Monte Carlo and by
// the closed-form approximations of kexue.fm 9812 / 9034 (to compare).
//
// Model: q and k lie on the sphere of radius √d (unit-variance entries), each key independent. For
// dot-product attention the score is s = q·k/√d = √d·cos θ (≈ N(0, 1)) and the logit is α·s with
// α = scale·√d; for cosine attention s = cos θ and α = scale.
import { cosineSampler } from './random';

export type ScoreKind = 'dot' | 'cosine';

/** The multiplier α of the unit score s, for a scale applied to q·k (dot) or to cos θ (cosine). */
export function scoreAlpha(scale: number, d: number, kind: ScoreKind): number {
  return kind === 'dot' ? scale * Math.sqrt(d) : scale;
}

export interface RowStatistics {
  /** Expected entropy of a softmax row, nats (log n is the uniform ceiling). */
  readonly entropy: number;
  /** Expected largest probability in a row (1/n uniform, 1 one-hot). */
  readonly maxProb: number;
  /** Expected gradient size α(1 − Σp²) (9812). */
  readonly gradient: number;
  /** Standard errors of the three means (Monte Carlo only). */
  readonly error: { readonly entropy: number; readonly maxProb: number; readonly gradient: number };
  /** Rows averaged. */
  readonly rows: number;
}

const MIN_ROWS = 2;
const MAX_ROWS = 64;

/**
 * Seeded score samples for one head size, shared by every scale and length: row r holds the scores
 * of one query against keys 0, 1, 2, …; a length n uses each row's first n (common random numbers
 * keep curves smooth and comparisons between scales fair). Rows grow on demand.
 */
export class ScorePool {
  private readonly rows: Float64Array[] = [];
  private readonly samplers: (() => number)[] = [];
  private readonly lengths: number[] = [];
  private readonly factor: number;
  /** Statistics already computed (scales often share α: 1/√d and log-n factors below L_train). */
  private readonly memo = new Map<string, RowStatistics>();

  /** budget: about how many scores one statistic averages over (rows × n, at least 2 rows). */
  constructor(
    readonly d: number,
    readonly kind: ScoreKind,
    readonly seed = 1,
    readonly budget = 8_192,
  ) {
    this.factor = kind === 'dot' ? Math.sqrt(d) : 1;
  }

  rowsFor(n: number): number {
    return Math.min(MAX_ROWS, Math.max(MIN_ROWS, Math.floor(this.budget / n)));
  }

  private row(r: number, n: number): Float64Array {
    while (this.rows.length <= r) {
      this.samplers.push(cosineSampler(this.d, (this.seed * 1_000_003 + this.rows.length * 7919) >>> 0));
      this.rows.push(new Float64Array(0));
      this.lengths.push(0);
    }
    let buf = this.rows[r] as Float64Array;
    const have = this.lengths[r] as number;
    if (have >= n) return buf;
    if (buf.length < n) {
      const grown = new Float64Array(Math.max(n, 2 * buf.length, 64));
      grown.set(buf.subarray(0, have));
      buf = grown;
      this.rows[r] = buf;
    }
    const next = this.samplers[r] as () => number;
    for (let i = have; i < n; i++) buf[i] = this.factor * next();
    this.lengths[r] = n;
    return buf;
  }

  /** Statistics of softmax(α·s) over n keys. */
  statistics(n: number, alpha: number): RowStatistics {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`number of keys must be a positive integer, got ${n}`);
    if (!Number.isFinite(alpha)) throw new RangeError(`scale must be finite, got ${alpha}`);
    const key = `${n}:${alpha}`;
    const known = this.memo.get(key);
    if (known) return known;
    if (this.memo.size > 20_000) this.memo.clear();
    const computed = this.compute(n, alpha);
    this.memo.set(key, computed);
    return computed;
  }

  private compute(n: number, alpha: number): RowStatistics {
    const rows = this.rowsFor(n);
    const h = new Float64Array(rows);
    const pm = new Float64Array(rows);
    const g = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const s = this.row(r, n);
      let max = -Infinity;
      for (let i = 0; i < n; i++) {
        const l = alpha * (s[i] as number);
        if (l > max) max = l;
      }
      let z = 0;
      let z2 = 0;
      let zl = 0;
      for (let i = 0; i < n; i++) {
        const l = alpha * (s[i] as number) - max;
        const e = Math.exp(l);
        z += e;
        z2 += e * e;
        zl += e * l;
      }
      h[r] = Math.log(z) - zl / z;
      pm[r] = 1 / z;
      g[r] = Math.abs(alpha) * (1 - z2 / (z * z));
    }
    const [entropy, entropyError] = meanAndError(h);
    const [maxProb, maxProbError] = meanAndError(pm);
    const [gradient, gradientError] = meanAndError(g);
    return { entropy, maxProb, gradient, error: { entropy: entropyError, maxProb: maxProbError, gradient: gradientError }, rows };
  }
}

function meanAndError(x: Float64Array): [number, number] {
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  const sd = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0;
  return [mean, sd / Math.sqrt(x.length)];
}

export interface ClosedFormStatistics {
  readonly entropy: number;
  readonly maxProb: number;
  readonly gradient: number;
  /** The approximations assume e^{α²} ≪ n (many keys share the mass); false outside that regime. */
  readonly valid: boolean;
}

/**
 * Large-n approximations for standard-normal scores (9812, 9034): Σp² ≈ e^{α²}/n, so the gradient
 * is α(1 − e^{α²}/n); entropy ≈ log n − α²/2; max probability ≈ e^{α·√(2 ln n) − α²/2}/n.
 */
export function closedFormStatistics(n: number, alpha: number): ClosedFormStatistics {
  const a2 = alpha * alpha;
  const logn = Math.log(n);
  return {
    entropy: Math.max(0, logn - a2 / 2),
    maxProb: Math.min(1, Math.exp(alpha * Math.sqrt(2 * logn) - a2 / 2) / n),
    gradient: Math.max(0, alpha * (1 - Math.exp(a2) / n)),
    valid: Math.exp(a2) < n / 10,
  };
}
