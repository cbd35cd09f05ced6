// `modelmath scale`: the attention-scale checker for a head size and sequence length.
import { scaleReport, scaleReportText } from '../../core/attention/report';
import { FormulaError } from '../../core/math/errors';
import { parse, positiveOption } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';

const usage = 'modelmath scale --head-dim D --seq N [--train-seq L] [--scale EXPR] [--causal] [--json]';

const whole = (flag: string, value: string | undefined, min: number) => positiveOption(flag, value, { min });

export const scaleCommand: Subcommand = {
  name: 'scale',
  summary: 'Check attention-scale choices (1/√d, log-n, α*) for a head size and length',
  usage,
  help: `${usage}

Prints the standard scale 1/√d, the entropy-invariant log₅₁₂(max(n,16))/√d (and, with --train-seq,
the variants anchored at the training length), the gradient-optimal α* for normal and cosine scores
at n keys (n/2 with --causal), and with --scale the expected entropy, max probability and gradient
size α(1−Σp²) of your scale with a verdict (saturated / healthy / near-uniform, length drift,
natural-log pitfall). EXPR may use d, n and L: '1/sqrt(64)', 'd**-0.5', 'log(n)/log(512)/sqrt(d)'.

--json prints scales.standard, scales.entropy_invariant (anchored at 512), scales.entropy_invariant_train
(with --train-seq), alpha_star.normal, alpha_star.cosine and, with --scale, analysis.{scale, alpha,
entropy, max_prob, gradient, state, verdict, verdicts}.`,
  async run(argv, io) {
    const { values, positionals } = parse(argv, { 'head-dim': { type: 'string' }, seq: { type: 'string' }, 'train-seq': { type: 'string' }, scale: { type: 'string' }, causal: { type: 'boolean' } }, usage);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'. Usage: ${usage}`);
    const d = whole('head-dim', values['head-dim'], 1);
    const n = whole('seq', values.seq, 1);
    if (d === undefined) throw new UsageError(`--head-dim is required. Usage: ${usage}`);
    if (n === undefined) throw new UsageError(`--seq is required. Usage: ${usage}`);
    const trainLength = whole('train-seq', values['train-seq'], 2);
    if (n > 1e7) throw new UsageError(`--seq ${n} is beyond what the Monte Carlo check handles (at most 10,000,000 keys)`);
    // The expression reader brings the formula engine (mathjs): loaded only for --scale.
    const reader = values.scale !== undefined ? (await import('../../core/attention/scaleExpression')).expressionChoice : undefined;
    let report;
    try {
      report = scaleReport({ d, n, ...(trainLength ? { trainLength } : {}), ...(values.scale !== undefined ? { scale: values.scale } : {}), causal: !!values.causal }, reader);
    } catch (err) {
      if (err instanceof FormulaError || err instanceof RangeError) throw new UsageError(`--scale '${values.scale ?? ''}': ${err.message}`);
      throw err;
    }
    io.out(values.json ? `${JSON.stringify(report, null, 2)}\n` : scaleReportText(report));
    return 0;
  },
};
