// `modelmath eval`: evaluate plain math or LaTeX with units and the model-math library.
import { join } from 'node:path';
import { FormulaError } from '../../core/math/errors';
import type { EvalOptions, EvalResult } from '../../core/math/evaluate';
import { jsonValue } from '../../core/math/format';
import { LIBRARY } from '../../core/math/library/functions';
import { MathService } from '../../node/mathService';
import { parse } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';

const usage = 'modelmath eval [--latex] [--let NAME=VALUE]... EXPR [--json]';

/** How the command evaluates; tests inject an in-process evaluator. */
export type Evaluator = (text: string, options: EvalOptions, lets: [string, string][]) => Promise<EvalResult>;

export function workerEvaluator(timeoutMs: number): Evaluator {
  return async (text, options, lets) => {
    const service = new MathService(join(__dirname, 'mathWorker.js'), { timeoutMs, maxMemoryMb: 512, limits: { maxElements: 1_000_000, maxLength: 1_000_000, maxIterations: 1_000_000 } });
    try {
      return await service.evaluate(text, options, { lets });
    } finally {
      service.dispose();
    }
  };
}

export function evalCommand(evaluator?: Evaluator): Subcommand {
  return {
    name: 'eval',
    summary: 'Evaluate plain math or LaTeX, with units (GiB, FLOPs, PF-days) and the model-math library',
    usage,
    help: `${usage}

Evaluates EXPR and prints its value. Input that starts with \\ or $ (or uses \\commands) is read as
LaTeX; --latex forces it. Units: bytes with SI/IEC prefixes (B, GB, GiB…), FLOP with SI prefixes
(TFLOP…), PFday(s); convert with "to", e.g. "7e9 * 2 bytes to GiB".

Options:
  --latex             read EXPR as LaTeX
  --let NAME=VALUE    give a free variable a value (VALUE may be a formula); repeatable
  --digits N          significant digits in the text (default 6)
  --decimal           show bytes in GB/MB (default GiB/MiB)
  --timeout MS        stop evaluation after MS milliseconds (default 5000)
  --json              print {"value": …, "unit": …, "text": "…"}; non-finite numbers as strings

Library: ${LIBRARY.map((f) => f.signature).join(', ')}

Examples:
  modelmath eval '6 * 8e9 * 15e12 FLOP to PFdays'
  modelmath eval '\\frac{\\log_{512} n}{\\sqrt{d}}' --let n=4096 --let d=64
  modelmath eval 'alpha_star(4096)' --json`,
    async run(argv, io) {
      const { values, positionals } = parse(argv, { latex: { type: 'boolean' }, let: { type: 'string', multiple: true }, digits: { type: 'string' }, decimal: { type: 'boolean' }, timeout: { type: 'string' } }, usage);
      if (positionals.length === 0) throw new UsageError(`missing the expression to evaluate. Usage: ${usage}`);
      const text = positionals.join(' ');
      const lets = ((values.let as string[] | undefined) ?? []).map((l): [string, string] => {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.+)$/.exec(l);
        if (!m) throw new UsageError(`--let expects NAME=VALUE (e.g. --let n=4096), got '${l}'`);
        return [m[1] as string, (m[2] as string).trim()];
      });
      const digits = values.digits === undefined ? 6 : Number(values.digits);
      if (!Number.isInteger(digits) || digits < 1 || digits > 17) throw new UsageError(`--digits must be a whole number from 1 to 17, got '${String(values.digits)}'`);
      const timeout = values.timeout === undefined ? 5000 : Number(values.timeout);
      if (!(timeout > 0)) throw new UsageError(`--timeout must be a positive number of milliseconds, got '${String(values.timeout)}'`);
      const options: EvalOptions = { latex: values.latex ? true : 'auto', significantDigits: digits, byteUnits: values.decimal ? 'decimal' : 'binary', describe: false };
      let r: EvalResult;
      try {
        r = await (evaluator ?? workerEvaluator(timeout))(text, options, lets);
      } catch (err) {
        if (err instanceof FormulaError) throw new UsageError(err.message);
        throw err;
      }
      if (r.status === 'needs-values') {
        throw new UsageError(`the formula needs values for ${r.freeVariables.join(', ')}: pass ${r.freeVariables.map((v) => `--let ${v}=…`).join(' ')}`);
      }
      if (values.json) io.out(`${JSON.stringify({ value: jsonValue(r.value), unit: r.unit, text: r.text })}\n`);
      else io.out(`${r.text}\n`);
      return 0;
    },
  };
}
