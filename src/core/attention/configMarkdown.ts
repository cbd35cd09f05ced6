// The "Attention scale" section of the config hover: the scale the config implies, what each field
// that changes it does, and the checker's verdict over the model's lengths. No formula engine.
import { analyzeChoice, defaultLengths, type LengthPoint } from './analysis';
import { attentionFromConfig, AttentionConfigError } from './configScale';
import { groupDigits } from '../format/number';

const f = (x: number, digits = 4) => String(Number(x.toPrecision(digits)));

export function attentionConfigMarkdown(raw: unknown): string | undefined {
  let a;
  try {
    a = attentionFromConfig(raw);
  } catch (err) {
    if (err instanceof AttentionConfigError) return `**Attention scale**: ${err.message}`;
    throw err;
  }
  const maxN = a.maxPositions ?? a.trainLength ?? 4096;
  const analysis = analyzeChoice(a.choice, { d: a.headDim, lengths: defaultLengths(Math.max(16, maxN)), ...(a.trainLength ? { trainLength: a.trainLength } : {}), causal: a.causal });
  const ref = a.causal ? Math.max(16, Math.round(maxN / 2)) : maxN;
  const at = analysis.points.reduce((best: LengthPoint, p) => (Math.abs(Math.log(p.n / ref)) < Math.abs(Math.log(best.n / ref)) ? p : best), analysis.points[0] as LengthPoint);
  const lines = [
    `**Attention scale** · d = ${a.headDim} (${a.headDimFrom}) · ${a.baseFormula} = ${f(a.baseScale, 6)} · α = ${f(a.baseScale * Math.sqrt(a.headDim))} · ${a.causal ? 'decoder' : 'encoder'}`,
    '',
    `At n = ${groupDigits(at.n)} keys: expected entropy ${f(at.monteCarlo.entropy, 3)} of ${f(Math.log(at.n), 3)} nats, max probability ${f(at.monteCarlo.maxProb, 2)}, α* = ${f(at.alphaStar, 3)}${a.causal ? ' (at n/2)' : ''} → **${at.state}**`,
  ];
  for (const n of a.notes) lines.push(`- \`${n.field}: ${n.value}\`: ${n.effect}`);
  for (const v of analysis.verdicts.filter((x) => x.level === 'warning')) lines.push(`- $(warning) ${v.message} _(${v.source})_`);
  lines.push('', `_Random q, k on the sphere of radius √d at initialisation; n = keys a query sees; natural logs._`);
  return lines.join('\n');
}
