// Statistics → the tensor report: numbers with their conventions and the checks, each with a
// stable id, a severity, a count and a message that explains the risk and the fix
// (kexue.fm/archives/7076, 8620, 9059, 9812; He et al. arXiv:1502.01852; Micikevicius et al.
// arXiv:1710.03740). Checks come out most severe first, so every surface can lead with the worst.
import { angleVariance } from '../math/library/functions';
import { isFloat, type Dtype } from './dtypes';
import { sortBySeverity, type Severity } from './findings';
import { percentile, percentileOfCounts, type RawStatistics } from './statistics';
import { groupDigits } from '../format/number';

export type { Severity } from './findings';
export { leadFinding, sortBySeverity } from './findings';

export const CHECK_IDS = ['nan', 'inf', 'dtype_range', 'fp16_overflow', 'fp16_underflow', 'fp16_subnormal', 'bf16_precision', 'fp8_range', 'exp_overflow', 'softmax_saturation', 'softmax_uniform', 'truncated_repr', 'init_std', 'outliers', 'embedding_anisotropy', 'constant', 'all_zero'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  readonly id: CheckId;
  readonly severity: Severity;
  readonly count: number;
  readonly message: string;
  readonly source: string;
}

export interface Thresholds {
  /** A softmax row counts as saturated when its largest probability reaches this. */
  readonly softmaxSaturation: number;
  /** A softmax row counts as uniform when its entropy reaches this fraction of log n. */
  readonly softmaxUniform: number;
  /** init_std warns when the std is off every convention by more than this factor. */
  readonly initStdFactor: number;
  /** outliers: values farther than this many robust standard deviations (IQR / 1.349) from the median. */
  readonly outlierSpreads: number;
  /** bf16_precision warns when this fraction of distinct values collide in bf16. */
  readonly bf16Collisions: number;
  /** embedding_anisotropy warns when the mean pairwise cosine exceeds this many random spreads (1/√d). */
  readonly anisotropySpreads: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { softmaxSaturation: 0.99, softmaxUniform: 0.99, initStdFactor: 2.5, outlierSpreads: 8, bf16Collisions: 0.25, anisotropySpreads: 5 };

export interface TensorReport {
  readonly name: string | null;
  /** The element type the values are (a GGUF block type dequantizes to float32). */
  readonly dtype: Dtype;
  /** How the file stores the tensor when not as `dtype`: the ggml type name of a GGUF tensor (Q4_K, F16, …). */
  readonly storage?: string;
  readonly shape: readonly number[];
  readonly count: number;
  readonly nan: number;
  readonly inf: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** Population std (numpy's default, ddof = 0) of the finite values. */
  readonly std: number | null;
  /** Unbiased std (ddof = 1). */
  readonly std_unbiased: number | null;
  readonly abs_max: number | null;
  readonly zero_fraction: number;
  readonly percentiles: Readonly<Record<string, number>>;
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
  /** Percentiles and histogram come from a uniform sample of this many values (null: all). */
  readonly sampled_from: number | null;
  readonly nan_indices: readonly (readonly number[])[];
  readonly inf_indices: readonly (readonly number[])[];
  readonly truncated: boolean;
  readonly rows?: { readonly count: number; readonly mean_std: number; readonly max_abs_mean: number; readonly widest: number };
  readonly cols?: { readonly count: number; readonly mean_std: number; readonly max_abs_mean: number; readonly widest: number };
  /** rows: rows read as logits; skipped: rows left out because they hold NaN or ±inf. */
  readonly softmax?: { readonly rows: number; readonly skipped: number; readonly length: number; readonly saturated: number; readonly uniform: number; readonly mean_max_prob: number; readonly mean_entropy: number; readonly entropy_ceiling: number; readonly mean_gradient: number };
  /** The values of a small 2-D tensor, row-major, for a heatmap. */
  readonly heatmap?: { readonly rows: number; readonly cols: number; readonly values: readonly number[] };
  readonly checks: readonly Check[];
  readonly conventions: readonly string[];
}

export interface ReportInput {
  readonly name: string | null;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly stats: RawStatistics;
  /** Text input summarised with `...`: statistics cover the shown values only. */
  readonly truncated?: boolean;
  /** Storage order of the stream (Fortran-ordered .npy arrays are 'F'). */
  readonly order?: 'C' | 'F';
  readonly thresholds?: Partial<Thresholds>;
  /** A name for the heuristics when the tensor has none (a .npy file's name). */
  readonly nameHint?: string;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Round to bfloat16 (nearest, ties to even) through float32's bits: the top 16 bits kept. */
function toBf16(x: number): number {
  f32[0] = x;
  const u = u32[0] as number;
  u32[0] = ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) << 16;
  return f32[0] as number;
}

const MIXED_PRECISION = 'Micikevicius et al. 2018, arxiv.org/abs/1710.03740; kexue.fm/archives/9059';
/** The normal distribution's interquartile range in standard deviations (2·Φ⁻¹(0.75)). */
export const IQR_PER_STD = 1.3489795003921634;

const PERCENTILES = [0.1, 1, 5, 25, 50, 75, 95, 99, 99.9];
const f = (x: number, d = 4) => (Number.isFinite(x) ? String(Number(x.toPrecision(d))) : String(x));
const plural = (n: number, one: string, many = `${one}s`) => `${groupDigits(n)} ${n === 1 ? one : many}`;

/** Flat storage index → index tuple. */
export function unravel(index: number, shape: readonly number[], order: 'C' | 'F' = 'C'): number[] {
  const out = new Array<number>(shape.length).fill(0);
  let rest = index;
  if (order === 'C') {
    for (let i = shape.length - 1; i >= 0; i--) {
      const d = shape[i] as number;
      out[i] = rest % d;
      rest = Math.floor(rest / d);
    }
  } else {
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i] as number;
      out[i] = rest % d;
      rest = Math.floor(rest / d);
    }
  }
  return out;
}

/**
 * 40 equal bins from the smallest to the largest finite value, binned as numpy.histogram does
 * (edges start + i·step, last edge = max, an index from the scaled offset corrected against the
 * edges). Over all values when the statistics carry the exact distribution, else over the sample
 * with counts scaled to the tensor.
 */
function histogram(s: RawStatistics, bins = 40): { edges: number[]; counts: number[] } {
  const values = s.distribution?.values ?? s.sample;
  const weights = s.distribution?.counts;
  const scale = weights || s.sample.length === 0 ? 1 : s.finite / s.sample.length;
  if (values.length === 0) return { edges: [], counts: [] };
  const lo = values[0] as number;
  const hi = values[values.length - 1] as number;
  const total = weights ? weights.reduce((a, b) => a + b, 0) : values.length;
  if (lo === hi) return { edges: [lo, hi], counts: [Math.round(total * scale)] };
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : i * step + lo));
  const counts = new Array<number>(bins).fill(0);
  for (let k = 0; k < values.length; k++) {
    const x = values[k] as number;
    let b = Math.trunc(((x - lo) / (hi - lo)) * bins);
    if (b === bins) b--;
    if (x < (edges[b] as number)) b--;
    if (x >= (edges[b + 1] as number) && b !== bins - 1) b++;
    counts[b] = (counts[b] as number) + (weights ? (weights[k] as number) : 1);
  }
  return { edges, counts: weights ? counts : counts.map((c) => Math.round(c * scale)) };
}

function axisSummary(a: RawStatistics['rows']): TensorReport['rows'] {
  if (!a) return undefined;
  let stdSum = 0;
  let n = 0;
  let maxAbsMean = 0;
  let widest = -1;
  let widestStd = -1;
  for (let i = 0; i < a.count; i++) {
    const s = a.std[i] as number;
    if (Number.isFinite(s)) {
      stdSum += s;
      n++;
      if (s > widestStd) {
        widestStd = s;
        widest = i;
      }
    }
    const m = Math.abs(a.mean[i] as number);
    if (Number.isFinite(m) && m > maxAbsMean) maxAbsMean = m;
  }
  return { count: a.count, mean_std: n ? stdSum / n : NaN, max_abs_mean: maxAbsMean, widest };
}

export const looksLikeLogits = (name: string | null) => name === null || /logit|score|attn|att_|attention|energ|sim/i.test(name);
export const looksLikeEmbedding = (name: string | null) => name !== null && /embed|wte|wpe|tok_|token|lm_head|vocab/i.test(name);
const looksLikeWeight = (name: string | null) => name === null || /weight|kernel|proj|dense|linear|fc|w\d?$|wq|wk|wv|wo|embed|wte|lm_head/i.test(name);

export function buildReport(input: ReportInput): TensorReport {
  const t = { ...DEFAULT_THRESHOLDS, ...input.thresholds };
  const s = input.stats;
  const { dtype, shape } = input;
  const name = input.name ?? input.nameHint ?? null;
  const order = input.order ?? 'C';
  const finite = s.finite;
  const std = finite > 0 ? Math.sqrt(s.m2 / finite) : NaN;
  const stdUnbiased = finite > 1 ? Math.sqrt(s.m2 / (finite - 1)) : NaN;
  const inf = s.posInf + s.negInf;
  const checks: Check[] = [];
  const add = (id: CheckId, severity: Severity, count: number, message: string, source: string) => checks.push({ id, severity, count, message, source });
  const at = (indices: readonly number[]) => indices.map((i) => `[${unravel(i, shape, order).join(', ')}]`).join(', ');
  const wider = (d: Dtype, than: 'float16' | 'bfloat16' | 'fp8') => {
    const rank: Partial<Record<Dtype, number>> = { float64: 4, float32: 3, bfloat16: 2, float16: 2, float8_e4m3fn: 1, float8_e5m2: 1 };
    const r = rank[d] ?? 3; // integers: as wide as fp32 for these purposes
    return than === 'fp8' ? r > 1 : than === 'bfloat16' ? r >= 3 : r >= 3 || d === 'bfloat16';
  };

  if (s.nan > 0) add('nan', 'error', s.nan, `${plural(s.nan, 'NaN value')} (first at ${at(s.nanIndices)}). A NaN spreads through every sum and matmul it enters. Usual causes: 0/0, log or sqrt of a non-positive number, inf − inf, or an fp16 overflow upstream; check the loss scale and any division or log.`, MIXED_PRECISION);
  if (inf > 0) add('inf', 'error', inf, `${plural(inf, 'infinite value')} (${s.posInf} +inf, ${s.negInf} −inf; first at ${at(s.infIndices)}). Usually an overflow: exp of a large logit, or a value beyond the dtype's range (fp16 tops out at 65504). Subtract the max before exp, mask with a moderate value (1e4, not 1e12) and keep this tensor in fp32 or bf16.`, MIXED_PRECISION);
  const r = s.ranges;
  const outside = outsideDtype(dtype, s);
  if (outside) add('dtype_range', 'error', outside.count, `${outside.count > 0 ? plural(outside.count, 'value') : 'Values'} outside ${dtype}'s range (${outside.range}; here min ${f(s.min)}, max ${f(s.max)}): a real ${dtype} tensor cannot hold them, so this text was not printed from ${dtype} as declared (edited, or printed before a cast). Casting it to ${dtype} ${isFloat(dtype) ? 'turns them into ±inf' : 'wraps or clips them'}.`, isFloat(dtype) ? 'IEEE 754; arxiv.org/abs/2209.05433 (fp8)' : 'two\'s-complement integer ranges');
  if (isFloat(dtype) || dtype.startsWith('int') || dtype.startsWith('uint')) {
    if (r.fp16Overflow > 0 && wider(dtype, 'float16')) add('fp16_overflow', 'warning', r.fp16Overflow, `${plural(r.fp16Overflow, 'value')} beyond fp16's largest 65504 (|x| up to ${f(s.absMax)}): casting to fp16 (autocast, .half()) turns them into ±inf. Keep this tensor in fp32 or bf16, or rescale it (loss scaling for gradients).`, MIXED_PRECISION);
    if (r.fp16Underflow > 0 && isFloat(dtype) && dtype !== 'float16') add('fp16_underflow', 'warning', r.fp16Underflow, `${plural(r.fp16Underflow, 'non-zero value')} below fp16's smallest subnormal 5.96e-8: in fp16 they become 0 (gradients vanish). Use loss scaling, or bf16, which keeps fp32's range.`, MIXED_PRECISION);
    if (r.fp16Subnormal > 0 && isFloat(dtype) && (dtype === 'float16' || r.fp16Subnormal >= 0.001 * finite)) add('fp16_subnormal', 'info', r.fp16Subnormal, `${plural(r.fp16Subnormal, 'value')} between 5.96e-8 and 6.10e-5, fp16's subnormal range${dtype === 'float16' ? '' : ' once cast'}: they keep fewer than 10 significant bits, and some hardware flushes them to 0.`, MIXED_PRECISION);
  }
  // bf16 keeps 8 significant bits: values whose spread is within a few bf16 steps of their size
  // (a norm's gains near 1, an accumulator) collapse onto a handful of bf16 numbers.
  if ((dtype === 'float32' || dtype === 'float64') && s.sample.length > 1 && Number.isFinite(std) && Math.abs(s.mean) > 0 && std / Math.abs(s.mean) < 2 ** -6) {
    let distinct = 0;
    let collided = 0;
    let prev = NaN;
    let prevRounded = NaN;
    for (const x of s.sample) {
      if (x === prev) continue;
      distinct++;
      const b = toBf16(x);
      if (b === prevRounded) collided++;
      prev = x;
      prevRounded = b;
    }
    if (distinct > 1 && collided / distinct >= t.bf16Collisions) add('bf16_precision', 'warning', collided, `The values vary by ${f((100 * std) / Math.abs(s.mean), 2)}% of their mean ${f(s.mean)}, and bf16 keeps 8 significant bits (relative step 2⁻⁸ ≈ 0.4%): ${f((100 * collided) / distinct, 3)}% of the distinct values${s.sampled ? ' (in a sample)' : ''} become equal to a neighbour. Keep this tensor (a norm's gains, an accumulator, a running statistic) in fp32.`, MIXED_PRECISION);
  }
  if (wider(dtype, 'fp8') && isFloat(dtype) && r.e4m3Overflow > 0) {
    const parts = [];
    if (r.e4m3Overflow) parts.push(`${plural(r.e4m3Overflow, 'value')} beyond e4m3fn's 448`);
    if (r.e5m2Overflow) parts.push(`${plural(r.e5m2Overflow, 'value')} beyond e5m2's 57344`);
    if (r.e4m3Underflow) parts.push(`${plural(r.e4m3Underflow, 'non-zero value')} below e4m3fn's smallest 2⁻⁹ ≈ 0.00195 (they flush to 0)`);
    add('fp8_range', 'info', r.e4m3Overflow + r.e4m3Underflow, `In fp8 without scaling: ${parts.join('; ')}. fp8 training scales each tensor by its amax (here ${f(s.absMax)}) first.`, MIXED_PRECISION);
  }
  if (r.expOverflowFp32 > 0) add('exp_overflow', 'warning', r.expOverflowFp32, `${plural(r.expOverflowFp32, 'value')} above 88.72: exp(x) overflows even fp32. If these are logits, subtract the row max before exp (as softmax and logsumexp do).`, MIXED_PRECISION);
  else if (r.expOverflowFp16 > 0 && (dtype === 'float16' || looksLikeLogits(name))) add('exp_overflow', dtype === 'float16' ? 'warning' : 'info', r.expOverflowFp16, `${plural(r.expOverflowFp16, 'value')} above 11.09 (max ${f(s.max)}): exp(x) overflows fp16. If these are logits, subtract the row max before exp, or compute the softmax in fp32.`, MIXED_PRECISION);
  if (s.softmax && looksLikeLogits(name) && s.softmax.length >= 2) {
    const sm = s.softmax;
    if (sm.saturated > 0) add('softmax_saturation', 'warning', sm.saturated, `${plural(sm.saturated, 'row')} of ${groupDigits(sm.rows)} (last axis as logits) have a softmax that is effectively one-hot (max probability ≥ ${t.softmaxSaturation}); their gradient α(1 − Σp²) is near 0 (mean over rows ${f(sm.meanGradient, 3)} with α = 1). Scale logits down (1/√d for attention) or add a temperature.`, 'kexue.fm/archives/9812');
    if (sm.uniform > 0) add('softmax_uniform', sm.uniform / sm.rows > 0.5 ? 'warning' : 'info', sm.uniform, `${plural(sm.uniform, 'row')} of ${groupDigits(sm.rows)} (last axis as logits) have a near-uniform softmax (entropy ≥ ${t.softmaxUniform} × log ${sm.length}): attention averages instead of selecting. The logits may be scaled too small (e.g. 1/d instead of 1/√d).`, 'kexue.fm/archives/9812');
  }
  if (input.truncated) add('truncated_repr', 'info', 0, `The text is a summarised repr (it contains "..."): statistics cover the ${plural(s.count, 'value')} shown, not the whole tensor. Print with np.set_printoptions(threshold=sys.maxsize) / torch.set_printoptions(profile="full") or save with np.save for exact numbers.`, 'numpy/torch print options');
  // Spread judged robustly: the interquartile range of a normal is 1.349σ, and one outlier cannot
  // move it (one 70000 among 4096 N(0, 1/64) weights sets the std to 1094 but leaves the IQR alone).
  // Exact over the bit-pattern counts when the statistics carry them (≤ 16-bit dtypes), else over the sample.
  const dist = s.distribution;
  const known = dist ? finite : s.sample.length;
  const quantile = (p: number) => (dist ? percentileOfCounts(dist.values, dist.counts, p) : percentile(s.sample, p));
  const q1 = known >= 4 ? quantile(25) : NaN;
  const q3 = known >= 4 ? quantile(75) : NaN;
  const median = known >= 1 ? quantile(50) : NaN;
  const robustStd = (q3 - q1) / IQR_PER_STD;
  if (isFloat(dtype) && known >= 20 && robustStd > 0) {
    const limit = t.outlierSpreads * robustStd;
    let beyond = 0;
    if (dist) {
      for (let k = 0; k < dist.values.length; k++) if (Math.abs((dist.values[k] as number) - median) > limit) beyond += dist.counts[k] as number;
    } else for (const x of s.sample) if (Math.abs(x - median) > limit) beyond++;
    if (beyond > 0) {
      const scaled = s.sampled ? Math.round((beyond * finite) / s.sample.length) : beyond;
      const dominates = std > 2 * robustStd;
      add('outliers', dominates ? 'warning' : 'info', scaled, `${s.sampled ? '≈ ' : ''}${plural(scaled, 'value')} lie more than ${t.outlierSpreads} robust standard deviations from the median (robust std ${f(robustStd)} = IQR / 1.349; median ${f(median)}; min ${f(s.min)}, max ${f(s.max)}).${dominates ? ` They dominate the std: ${f(std)} is ${f(std / robustStd, 3)}× the robust std, so std-based summaries describe the outliers, not the bulk.` : ''} Outlier features are common in trained transformers; in a fresh weight or an input they point at a bad write or a corrupted load.`, 'Dettmers et al. 2022, arxiv.org/abs/2208.07339');
    }
  }
  if (shape.length === 2 && finite > 1 && looksLikeWeight(name) && Math.min(shape[0] as number, shape[1] as number) >= 8 && isFloat(dtype)) {
    const [fanOut, fanIn] = shape as [number, number];
    const conventions: [string, number][] = [
      ['LeCun 1/√fan_in', 1 / Math.sqrt(fanIn)],
      ['He √(2/fan_in)', Math.sqrt(2 / fanIn)],
      ['Xavier √(2/(fan_in+fan_out))', Math.sqrt(2 / (fanIn + fanOut))],
      ['N(0, 0.02)', 0.02],
      ['truncated N(0, 0.02) (std 0.0176)', 0.02 / 1.1368472],
    ];
    // The robust spread when the quartiles exist and differ; the plain std otherwise.
    const spread = robustStd > 0 && Number.isFinite(robustStd) ? robustStd : std;
    const what = spread === robustStd ? `robust std ${f(spread)} (IQR / 1.349; plain std ${f(std)})` : `std ${f(spread)}`;
    const [best, value] = conventions.reduce((a, b) => (Math.abs(Math.log(spread / b[1])) < Math.abs(Math.log(spread / a[1])) ? b : a));
    const ratio = spread / value;
    const far = ratio > t.initStdFactor || ratio < 1 / t.initStdFactor;
    add('init_std', far ? 'warning' : 'info', 0, `${cap(what)} for shape [${fanOut}, ${fanIn}] (fan_in = ${fanIn}, the last axis as torch's Linear stores it): closest convention ${best} = ${f(value)} (${f(ratio, 3)}×). ${far ? `That is more than ${t.initStdFactor}× off every convention: activations will ${ratio > 1 ? 'grow' : 'shrink'} layer by layer unless a norm follows.` : 'Remember a truncated normal at ±2σ has std 0.88σ.'}`, 'He et al. 2015, arxiv.org/abs/1502.01852; kexue.fm/archives/8620');
  }
  if (s.sampleRows && order === 'C' && shape.length === 2 && (shape[0] as number) >= 16 && (shape[1] as number) >= 8 && isFloat(dtype)) {
    const rows = s.sampleRows.filter((row) => row.every((x) => Number.isFinite(x)));
    const norms = rows.map((row) => Math.sqrt(row.reduce((a, x) => a + x * x, 0)));
    let sumCos = 0;
    let sumAngle = 0;
    let sumAngle2 = 0;
    let pairs = 0;
    for (let i = 0; i < rows.length && pairs < 4000; i++) {
      for (let j = i + 1; j < rows.length && pairs < 4000; j++) {
        const ni = norms[i] as number;
        const nj = norms[j] as number;
        if (!ni || !nj) continue;
        const a = rows[i] as Float64Array;
        const b = rows[j] as Float64Array;
        let dot = 0;
        for (let k = 0; k < a.length; k++) dot += (a[k] as number) * (b[k] as number);
        const c = Math.max(-1, Math.min(1, dot / (ni * nj)));
        const angle = Math.acos(c);
        sumCos += c;
        sumAngle += angle;
        sumAngle2 += angle * angle;
        pairs++;
      }
    }
    if (pairs >= 10) {
      const dim = shape[1] as number;
      const meanCos = sumCos / pairs;
      const meanAngle = sumAngle / pairs;
      const angleVar = sumAngle2 / pairs - meanAngle * meanAngle;
      const randomVar = angleVariance(Math.min(dim, 100_000));
      const spread = 1 / Math.sqrt(dim);
      if (meanCos > t.anisotropySpreads * spread) {
        add('embedding_anisotropy', looksLikeEmbedding(name) ? 'warning' : 'info', pairs, `Rows point in a common direction: mean pairwise cosine ${f(meanCos, 3)} (mean angle ${f((meanAngle * 180) / Math.PI, 3)}°, angle variance ${f(angleVar, 3)}) over ${groupDigits(pairs)} pairs, where random vectors in R^${dim} sit at 90° ± ${f((Math.sqrt(randomVar) * 180) / Math.PI, 3)}° (cosine spread ${f(spread, 3)}). Anisotropic embeddings waste dimensions and make cosine similarities uninformative; subtracting the mean row is the usual fix.`, 'Ethayarajh 2019, arxiv.org/abs/1909.00512; kexue.fm/archives/7076');
      }
    }
  }
  if (finite > 0 && s.zeros === finite && s.count > 1) add('all_zero', 'warning', s.count, `Every value is 0: a layer that never got its weights (a missed load, a wrong key), a dead gradient, or a mask that removed everything.`, 'numerical sanity check');
  else if (finite > 1 && s.min === s.max) add('constant', 'warning', finite, `Every finite value equals ${f(s.min)}: a constant tensor carries no information (an unfilled buffer, a broadcast, or collapsed activations).`, 'numerical sanity check');

  const percentiles: Record<string, number> = {};
  const d = s.distribution;
  for (const p of PERCENTILES) percentiles[`p${p}`] = d ? percentileOfCounts(d.values, d.counts, p) : percentile(s.sample, p);
  const heatmap = s.values && shape.length === 2 && (shape[0] as number) <= 128 && (shape[1] as number) <= 128 && order === 'C' ? { rows: shape[0] as number, cols: shape[1] as number, values: Array.from(s.values) } : undefined;
  const nullable = (x: number) => (Number.isFinite(x) ? x : null);
  return {
    name: input.name,
    dtype,
    shape,
    count: s.count,
    nan: s.nan,
    inf,
    min: nullable(s.min),
    max: nullable(s.max),
    mean: nullable(s.mean),
    std: nullable(std),
    std_unbiased: nullable(stdUnbiased),
    abs_max: nullable(s.absMax),
    zero_fraction: s.count ? s.zeros / s.count : 0,
    percentiles,
    histogram: histogram(s),
    sampled_from: s.sampled ? s.sample.length : null,
    nan_indices: s.nanIndices.map((i) => unravel(i, shape, order)),
    inf_indices: s.infIndices.map((i) => unravel(i, shape, order)),
    truncated: !!input.truncated,
    ...(order === 'C' && s.rows ? { rows: axisSummary(s.rows) } : {}),
    ...(order === 'C' && s.cols ? { cols: axisSummary(s.cols) } : {}),
    ...(order === 'C' && s.softmax ? { softmax: { rows: s.softmax.rows, skipped: softmaxSkipped(s.count, s.softmax), length: s.softmax.length, saturated: s.softmax.saturated, uniform: s.softmax.uniform, mean_max_prob: s.softmax.meanMaxProb, mean_entropy: s.softmax.meanEntropy, entropy_ceiling: Math.log(s.softmax.length), mean_gradient: s.softmax.meanGradient } } : {}),
    ...(heatmap ? { heatmap } : {}),
    checks: sortBySeverity(checks),
    conventions: [
      'min, max, mean, std over the finite values; std is the population std (ddof = 0, as numpy), std_unbiased uses ddof = 1',
      s.sampled ? `percentiles and histogram from a uniform sample of ${groupDigits(s.sample.length)} values` : d ? `percentiles (linear interpolation, as numpy) and histogram exact over all ${groupDigits(finite)} finite values (counted by bit pattern)` : 'percentiles (linear interpolation, as numpy) and histogram over all finite values',
      'softmax statistics treat the last axis as logits (rows holding NaN or ±inf are left out and counted); indices are zero-based',
      'robust std = interquartile range / 1.349 (equal to the std for normal data, unmoved by a few outliers)',
    ],
  };
}

const cap = (x: string) => x.charAt(0).toUpperCase() + x.slice(1);

/** Rows the softmax statistics left out: every row of the last axis minus those read. */
function softmaxSkipped(count: number, sm: { readonly rows: number; readonly length: number }): number {
  return sm.length > 0 ? Math.max(0, Math.floor(count / sm.length) - sm.rows) : 0;
}

const FLOAT_MAX: Partial<Record<Dtype, number>> = {
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
  float32: 3.4028234663852886e38,
  float8_e4m3fn: 448,
  float8_e5m2: 57344,
};
const INT_RANGE: Partial<Record<Dtype, readonly [number, number]>> = {
  int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647], int64: [-(2 ** 63), 2 ** 63 - 1],
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], uint64: [0, 2 ** 64 - 1], bool: [0, 1],
};

/** Finite values the declared dtype cannot represent (a text repr's dtype= against its numbers). */
function outsideDtype(dtype: Dtype, s: RawStatistics): { count: number; range: string } | undefined {
  if (!(s.finite > 0)) return undefined;
  const max = FLOAT_MAX[dtype];
  if (max !== undefined) {
    if (s.absMax <= max) return undefined;
    // Exact counts where the accumulator keeps them; otherwise "some" (count 0).
    const count = dtype === 'float16' ? s.ranges.fp16Overflow : dtype === 'float8_e4m3fn' ? s.ranges.e4m3Overflow : dtype === 'float8_e5m2' ? s.ranges.e5m2Overflow : 0;
    return { count, range: `|x| ≤ ${f(max, 6)}` };
  }
  const range = INT_RANGE[dtype];
  if (range && (s.min < range[0] || s.max > range[1])) return { count: 0, range: `${groupDigits(range[0])} to ${groupDigits(range[1])}` };
  return undefined;
}
