// The scale choices the checker compares: each is a function of the number of keys n for one head
// size, with its formula (plain and LaTeX) and source.
import { alphaStarCos } from './alphaStar';
import { blanketScale, entropyInvariantScale, logLengthFactor, standardScale, yarnFactor } from './scales';
import type { ScoreKind } from './statistics';

export interface ScaleChoice {
  readonly id: string;
  readonly label: string;
  /** The formula in LaTeX (rendered by the view) and in words for hovers and the CLI. */
  readonly tex: string;
  readonly formula: string;
  readonly kind: ScoreKind;
  /** The scale multiplying q·k (dot) or cos θ (cosine) for a query that sees n keys. */
  scale(n: number): number;
  /** false when the scale is the same at every length. */
  readonly lengthDependent: boolean;
  /** Natural-log length scaling without a base (8823's pitfall). */
  readonly naturalLog?: boolean;
  readonly source: string;
}

export const BUILTIN_CHOICE_IDS = ['standard', 'entropy_invariant', 'entropy_invariant_train', 'log_n_factor', 'blanket', 'natural_log', 'yarn', 'cosine'] as const;
export type BuiltinChoiceId = (typeof BUILTIN_CHOICE_IDS)[number];

export interface ChoiceContext {
  readonly d: number;
  /** Training length L_train (anchors the _train variants, the log-n factor and YaRN). */
  readonly trainLength?: number;
  /** Context extension ratio for YaRN (default: longest length / L_train). */
  readonly yarnRatio?: number;
  /** Keys at which the cosine α* is evaluated. */
  readonly referenceKeys?: number;
}

/** A built-in choice, or undefined when it needs a training length that is not known. */
export function builtinChoice(id: BuiltinChoiceId, ctx: ChoiceContext): ScaleChoice | undefined {
  const { d } = ctx;
  const std = standardScale(d);
  const L = ctx.trainLength;
  switch (id) {
    case 'standard':
      return { id, label: '1/√d', tex: String.raw`\frac{1}{\sqrt{d}}`, formula: '1/√d', kind: 'dot', scale: () => std, lengthDependent: false, source: 'kexue.fm/archives/8620' };
    case 'entropy_invariant':
      return { id, label: 'log₅₁₂(n)/√d', tex: String.raw`\frac{\log_{512}\max(n,16)}{\sqrt{d}}`, formula: 'log_512(max(n,16))/√d', kind: 'dot', scale: (n) => entropyInvariantScale(n, d), lengthDependent: true, source: 'kexue.fm/archives/8823, 9034' };
    case 'entropy_invariant_train':
      if (!L || L <= 1) return undefined;
      return { id, label: `log_${L}(n)/√d`, tex: String.raw`\frac{\log_{${L}}\max(n,16)}{\sqrt{d}}`, formula: `log_${L}(max(n,16))/√d`, kind: 'dot', scale: (n) => entropyInvariantScale(n, d, L), lengthDependent: true, source: 'kexue.fm/archives/8823, 9034' };
    case 'log_n_factor':
      if (!L || L <= 1) return undefined;
      return { id, label: `max(1, log_${L} n)/√d`, tex: String.raw`\frac{\max(1, \log_{${L}} n)}{\sqrt{d}}`, formula: `max(1, log n / log ${L})/√d`, kind: 'dot', scale: (n) => logLengthFactor(n, L) * std, lengthDependent: true, source: 'kexue.fm/archives/9708, 9948' };
    case 'blanket':
      return { id, label: '2.5/√d', tex: String.raw`\frac{2.5}{\sqrt{d}}`, formula: '2.5/√d', kind: 'dot', scale: () => blanketScale(d), lengthDependent: false, source: 'kexue.fm/archives/9812' };
    case 'natural_log':
      return { id, label: 'ln(n)/√d', tex: String.raw`\frac{\ln n}{\sqrt{d}}`, formula: 'ln(n)/√d (no base)', kind: 'dot', scale: (n) => Math.log(Math.max(n, 2)) * std, lengthDependent: true, naturalLog: true, source: 'kexue.fm/archives/8823' };
    case 'yarn': {
      const r = ctx.yarnRatio;
      if (!r || r <= 1) return undefined;
      const f = yarnFactor(r);
      return { id, label: `YaRN r=${round(r)}`, tex: String.raw`\frac{(1 + 0.1\ln ${round(r)})^2}{\sqrt{d}}`, formula: `(1 + 0.1·ln ${round(r)})²/√d`, kind: 'dot', scale: () => f * std, lengthDependent: false, source: 'kexue.fm/archives/9948' };
    }
    case 'cosine': {
      const nRef = Math.max(2, Math.round(ctx.referenceKeys ?? 512));
      if (d < 3) return undefined;
      const tau = alphaStarCos(nRef, d);
      return { id, label: `cos, τ=${round(tau)}`, tex: String.raw`\tau\cos\theta,\ \tau = \alpha^*_{\cos}(${nRef}, d)`, formula: `${round(tau)}·cos θ (α* for cosine scores at n = ${nRef})`, kind: 'cosine', scale: () => tau, lengthDependent: false, source: 'kexue.fm/archives/9812' };
    }
  }
}

function round(x: number): string {
  return String(Number(x.toPrecision(4)));
}
