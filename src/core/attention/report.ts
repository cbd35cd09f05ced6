// One checker run for a head size and length, as JSON (CLI --json, tests) and as text/Markdown
// (CLI, hovers). Every number says its convention: n = keys a query sees, natural logs, α relative
// to unit-variance scores.
import { alphaStarCos, alphaStarNormal, decoderKeys } from './alphaStar';
import { analyzeChoice, defaultLengths, type ChoiceAnalysis, type LengthPoint, type Verdict } from './analysis';
import type { ScaleChoice } from './choices';
import { blanketScale, entropyInvariantScale, logLengthFactor, standardScale } from './scales';
import { groupDigits } from '../format/number';

export interface ScaleRequest {
  readonly d: number;
  readonly n: number;
  readonly trainLength?: number;
  /** A scale to analyse: an expression of d, n, L (or a number). */
  readonly scale?: string;
  readonly causal?: boolean;
}

export interface ScaleAnalysisJson {
  readonly expression: string;
  readonly normalized: string;
  readonly scale: number;
  readonly alpha: number;
  readonly entropy: number;
  readonly entropy_max: number;
  readonly max_prob: number;
  readonly gradient: number;
  readonly standard_error: { readonly entropy: number; readonly max_prob: number; readonly gradient: number };
  readonly closed_form: { readonly entropy: number; readonly max_prob: number; readonly gradient: number; readonly valid: boolean } | null;
  readonly state: LengthPoint['state'];
  readonly verdict: string;
  readonly verdicts: readonly Verdict[];
}

export interface ScaleReportJson {
  readonly head_dim: number;
  readonly seq: number;
  readonly train_seq: number | null;
  readonly causal: boolean;
  /** Keys α* is evaluated at: n, or n/2 for decoders. */
  readonly alpha_star_keys: number;
  readonly scales: Readonly<Record<string, number>>;
  readonly alpha_star: { readonly normal: number; readonly normal_scale: number; readonly cosine: number | null };
  readonly analysis?: ScaleAnalysisJson;
  readonly conventions: readonly string[];
}

export const CONVENTIONS = [
  'n = number of keys a query sees (valid, unmasked); logs are natural unless a base is written',
  'scores at initialisation: q, k uniformly on the sphere of radius √d (unit-variance entries); α = scale·√d multiplies the unit-variance score q·k/√d',
  'statistics are seeded Monte Carlo means (standard errors given); closed forms are the large-n approximations of kexue.fm 9812/9034',
];

export function analysisJson(a: ChoiceAnalysis, at: LengthPoint, expression: string): ScaleAnalysisJson {
  const mc = at.monteCarlo;
  const verdict = a.verdicts.find((v) => v.level === 'warning') ?? a.verdicts[0];
  return {
    expression,
    normalized: a.choice.formula,
    scale: at.scale,
    alpha: at.alpha,
    entropy: mc.entropy,
    entropy_max: Math.log(at.n),
    max_prob: mc.maxProb,
    gradient: mc.gradient,
    standard_error: { entropy: mc.error.entropy, max_prob: mc.error.maxProb, gradient: mc.error.gradient },
    closed_form: at.closedForm ? { entropy: at.closedForm.entropy, max_prob: at.closedForm.maxProb, gradient: at.closedForm.gradient, valid: at.closedForm.valid } : null,
    state: at.state,
    verdict: verdict ? verdict.message : '',
    verdicts: a.verdicts,
  };
}

/**
 * `expressionChoice` reads r.scale (scaleExpression.ts): passed in, not imported, so a report
 * without --scale never loads the formula engine (mathjs), which is most of a CLI start-up.
 */
export function scaleReport(r: ScaleRequest, expressionChoice?: (text: string, d: number, trainLength?: number) => ScaleChoice): ScaleReportJson {
  const { d, n } = r;
  if (!(Number.isInteger(d) && d > 0)) throw new RangeError(`head dimension must be a positive whole number, got ${d}`);
  if (!(Number.isInteger(n) && n > 0)) throw new RangeError(`sequence length must be a positive whole number, got ${n}`);
  if (r.trainLength !== undefined && !(Number.isInteger(r.trainLength) && r.trainLength > 1)) throw new RangeError(`training length must be a whole number above 1, got ${r.trainLength}`);
  const L = r.trainLength;
  const keys = r.causal ? Math.max(2, Math.round(decoderKeys(n))) : Math.max(2, n);
  const scales: Record<string, number> = {
    standard: standardScale(d),
    entropy_invariant: entropyInvariantScale(n, d),
    blanket: blanketScale(d),
    natural_log: Math.log(Math.max(n, 2)) / Math.sqrt(d),
  };
  if (L) {
    scales.entropy_invariant_train = entropyInvariantScale(n, d, L);
    scales.log_n_factor = logLengthFactor(n, L) * standardScale(d);
  }
  const normal = alphaStarNormal(keys);
  const report: ScaleReportJson = {
    head_dim: d,
    seq: n,
    train_seq: L ?? null,
    causal: !!r.causal,
    alpha_star_keys: keys,
    scales,
    alpha_star: { normal, normal_scale: normal / Math.sqrt(d), cosine: d >= 3 ? alphaStarCos(keys, d) : null },
    conventions: CONVENTIONS,
  };
  if (r.scale === undefined) return report;
  if (!expressionChoice) throw new Error('scaleReport: a scale expression needs the expression reader');
  const choice = expressionChoice(r.scale, d, L);
  const lengths = defaultLengths(Math.max(n, 16));
  // A bigger budget than the view's: one report, and its standard errors are quoted.
  const a = analyzeChoice(choice, { d, lengths, ...(L ? { trainLength: L } : {}), causal: !!r.causal, budget: 1 << 18 });
  const at = a.points[a.points.length - 1] as LengthPoint;
  return { ...report, analysis: analysisJson(a, at, r.scale) };
}

const f = (x: number, digits = 6) => String(Number(x.toPrecision(digits)));

export function scaleReportText(r: ScaleReportJson): string {
  const lines = [
    `Attention scale for head dim d = ${r.head_dim}, n = ${groupDigits(r.seq)} keys${r.train_seq ? `, training length ${groupDigits(r.train_seq)}` : ''}${r.causal ? ' (decoder)' : ''}`,
    '',
    'Scales',
  ];
  const row = (label: string, value: number | undefined, note = '') => {
    if (value !== undefined) lines.push(`  ${label.padEnd(30)}${f(value).padEnd(11)}${note}`);
  };
  row('1/√d', r.scales.standard);
  row('log₅₁₂(max(n,16))/√d', r.scales.entropy_invariant, 'entropy-invariant (kexue.fm 8823)');
  row(`log_${r.train_seq}(max(n,16))/√d`, r.scales.entropy_invariant_train, 'anchored at the training length');
  row('max(1, log n/log L)/√d', r.scales.log_n_factor, 'log-n scaling (kexue.fm 9708)');
  row('2.5/√d', r.scales.blanket, 'blanket α* ≈ 2.5 (kexue.fm 9812)');
  row('ln(n)/√d  (no base)', r.scales.natural_log, 'pitfall: far too large at long n (8823)');
  lines.push('', `Gradient-optimal α* at ${groupDigits(r.alpha_star_keys)} keys${r.causal ? ' (n/2 for a decoder)' : ''} (kexue.fm 9812)`);
  lines.push(`  normal scores   α* = ${f(r.alpha_star.normal)}  → scale α*/√d = ${f(r.alpha_star.normal_scale)}`);
  if (r.alpha_star.cosine !== null) lines.push(`  cosine scores   α* = ${f(r.alpha_star.cosine)}  (scale on cos θ)`);
  const a = r.analysis;
  if (a) {
    lines.push('', `Your scale: ${a.expression}${a.normalized !== a.expression ? `  (read as ${a.normalized})` : ''}`);
    lines.push(`  at n = ${groupDigits(r.seq)}: scale ${f(a.scale)}, α = ${f(a.alpha, 4)} (α* ${f(r.alpha_star.normal, 4)})`);
    lines.push(`  expected entropy   ${f(a.entropy, 4)} ± ${f(a.standard_error.entropy, 2)} nats of ${f(a.entropy_max, 4)} (log n)`);
    lines.push(`  expected max prob  ${f(a.max_prob, 4)} ± ${f(a.standard_error.max_prob, 2)}`);
    lines.push(`  gradient α(1−Σp²)  ${f(a.gradient, 4)} ± ${f(a.standard_error.gradient, 2)}${a.closed_form?.valid ? `   (closed form ${f(a.closed_form.gradient, 4)})` : ''}`);
    lines.push(`  state: ${a.state}`);
    for (const v of a.verdicts) lines.push(`  ${v.level === 'warning' ? '⚠' : v.level === 'ok' ? '✓' : 'ℹ'} ${v.message} [${v.source}]`);
  }
  lines.push('', ...r.conventions.map((c) => `Convention: ${c}.`));
  return `${lines.join('\n')}\n`;
}
