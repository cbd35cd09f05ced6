// Everything the Attention view draws, from its inputs, in one pure call (the webview runs it on
// every change; bench/ times the defaults).
import { analyzeChoice, defaultLengths, gradientCurve, type ChoiceAnalysis, type GradientCurve } from './analysis';
import { builtinChoice, type BuiltinChoiceId, type ScaleChoice } from './choices';
import { attentionFromConfig, type AttentionConfig } from './configScale';
import { expressionChoice } from './scaleExpression';
import { groupDigits } from '../format/number';

export interface AttentionInputs {
  readonly d: number;
  readonly nMax: number;
  readonly trainLength?: number;
  readonly causal: boolean;
  readonly builtins: readonly BuiltinChoiceId[];
  readonly expression?: string;
  readonly config?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_INPUTS: AttentionInputs = { d: 128, nMax: 32_768, trainLength: 4096, causal: true, builtins: ['standard', 'entropy_invariant', 'log_n_factor', 'natural_log'] };

export interface AttentionViewModel {
  readonly inputs: AttentionInputs;
  readonly lengths: readonly number[];
  readonly analyses: readonly ChoiceAnalysis[];
  /** Gradient size against α at the reference length (L_train, else n_max/2 for decoders). */
  readonly gradient: GradientCurve;
  readonly config?: AttentionConfig;
  /** Problems with the inputs, in words (the rest still renders). */
  readonly errors: readonly string[];
}

const MAX_LENGTH = 1 << 20;

export function attentionViewModel(raw: AttentionInputs): AttentionViewModel {
  const errors: string[] = [];
  let config: AttentionConfig | undefined;
  let inputs = raw;
  if (raw.config) {
    try {
      config = attentionFromConfig(raw.config);
      inputs = { ...inputs, d: config.headDim, causal: config.causal, ...(config.trainLength ?? config.maxPositions ? { trainLength: config.trainLength ?? config.maxPositions } : {}) };
    } catch (err) {
      errors.push(`Config: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const d = Number.isInteger(inputs.d) && inputs.d >= 2 && inputs.d <= 65_536 ? inputs.d : undefined;
  if (d === undefined) errors.push(`Head dimension must be a whole number from 2 to 65,536 (got ${inputs.d})`);
  const nMax = Number.isFinite(inputs.nMax) && inputs.nMax >= 16 ? Math.min(Math.round(inputs.nMax), MAX_LENGTH) : undefined;
  if (nMax === undefined) errors.push(`Longest length must be at least 16 (got ${inputs.nMax})`);
  else if (inputs.nMax > MAX_LENGTH) errors.push(`Longest length capped at ${groupDigits(MAX_LENGTH)} keys`);
  const L = inputs.trainLength !== undefined && Number.isInteger(inputs.trainLength) && inputs.trainLength > 1 ? inputs.trainLength : undefined;
  if (inputs.trainLength !== undefined && L === undefined) errors.push(`Training length must be a whole number above 1 (got ${inputs.trainLength})`);
  const dd = d ?? DEFAULT_INPUTS.d;
  const nn = nMax ?? DEFAULT_INPUTS.nMax;
  const lengths = defaultLengths(nn);
  const refKeys = L ?? Math.round(nn / 2);
  const choices: ScaleChoice[] = [];
  if (config) choices.push(config.choice);
  for (const id of inputs.builtins) {
    const c = builtinChoice(id, { d: dd, ...(L ? { trainLength: L } : {}), yarnRatio: L ? nn / L : 1, referenceKeys: refKeys });
    if (c) choices.push(c);
  }
  if (inputs.expression && inputs.expression.trim()) {
    try {
      choices.push(expressionChoice(inputs.expression, dd, L));
    } catch (err) {
      errors.push(`Scale '${inputs.expression}': ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const analyses: ChoiceAnalysis[] = [];
  for (const c of choices) {
    try {
      analyses.push(analyzeChoice(c, { d: dd, lengths, ...(L ? { trainLength: L } : {}), causal: inputs.causal }));
    } catch (err) {
      errors.push(`${c.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return {
    inputs: { ...inputs, d: dd, nMax: nn, ...(L ? { trainLength: L } : {}) },
    lengths,
    analyses,
    gradient: gradientCurve(dd, refKeys, { causal: inputs.causal }),
    ...(config ? { config } : {}),
    errors,
  };
}
