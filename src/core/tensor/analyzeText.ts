// A tensor written as text → its report: parse (the fast scanner writes straight into a
// Float64Array), one statistics pass over that array (the accumulator's fast chunk loop), checks.
import { buildReport, type TensorReport, type Thresholds } from './report';
import { StatisticsAccumulator } from './statistics';
import { parseTensorText, type ParseLimits, type TextFormat } from './text/parseText';

export function analyzeText(text: string, options: { format?: TextFormat | 'auto'; thresholds?: Partial<Thresholds>; limits?: Partial<ParseLimits>; name?: string | null } = {}): TensorReport & { readonly format: TextFormat } {
  const parsed = parseTensorText(text, options.format ?? 'auto', options.limits);
  const t = options.thresholds;
  const acc = new StatisticsAccumulator(parsed.shape, { ...(t?.softmaxSaturation ? { softmaxSaturation: t.softmaxSaturation } : {}), ...(t?.softmaxUniform ? { softmaxUniform: t.softmaxUniform } : {}) });
  acc.pushView(parsed.values);
  const report = buildReport({ name: options.name ?? null, dtype: parsed.dtype, shape: parsed.shape, stats: acc.finish(), truncated: parsed.truncated, ...(t ? { thresholds: t } : {}) });
  return { ...report, format: parsed.format };
}
