// `modelmath eval`: evaluate or check plain math or LaTeX (equations too) with units and the
// model-math library; a formula, stdin, or a worksheet file.
import { readFileSync } from 'node:fs';
import { FormulaError } from '../../core/math/errors';
import type { EquationCheck, EvalOptions, EvalResult } from '../../core/math/evaluate';
import { verdictText } from '../../core/math/verdict';
import type { WorksheetLine } from '../../core/math/worksheet';
import { jsonValue } from '../../core/math/format';
import { LIBRARY } from '../../core/math/library/functions';
import { evaluateInProcess, evaluateWorksheetInProcess } from '../../node/inProcessMath';
import { parse } from '../args';
import { UsageError } from '../errors';
import type { CliIO, Subcommand } from './subcommand';

const usage = 'modelmath eval [--latex] [--let NAME=VALUE]... [--json] (EXPR | -- EXPR | - | FILE.mmath)';

/** How the command evaluates; tests inject an in-process evaluator. */
export type Evaluator = (text: string, options: EvalOptions, lets: [string, string][]) => Promise<EvalResult>;
/** How the command evaluates a worksheet file. */
export type WorksheetEvaluator = (text: string, options: EvalOptions) => Promise<readonly WorksheetLine[]>;

/** The CLI evaluates on its own thread, under a time budget (src/node/inProcessMath.ts). */
export function inProcessEvaluator(timeoutMs: number): Evaluator {
  return async (text, options, lets) => evaluateInProcess(text, options, lets, timeoutMs);
}

export function inProcessWorksheetEvaluator(timeoutMs: number): WorksheetEvaluator {
  return async (text, options) => evaluateWorksheetInProcess(text, options, timeoutMs);
}

/** Options that take a value (the next argument, or after '='). */
const VALUE_OPTIONS = new Set(['--let', '--digits', '--timeout']);

/**
 * Separates options from the formula, so a formula that starts with a minus
 * (`-\alpha_t(1-p_t)^\gamma\log(p_t)`, `-(p\log p+q\log q)`) is not taken for an option. Everything
 * after `--` is the formula; `-` alone is stdin; other arguments starting with `-` that are not
 * `--word` options (or -h) are formula text.
 */
export function splitEvalArguments(argv: readonly string[]): { options: string[]; formula: string[] } {
  const options: string[] = [];
  const formula: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      formula.push(...argv.slice(i + 1));
      break;
    }
    if (/^--[A-Za-z][A-Za-z-]*(=.*)?$/.test(a) || a === '-h') {
      options.push(a);
      if (VALUE_OPTIONS.has(a) && i + 1 < argv.length) options.push(argv[++i] as string);
      continue;
    }
    formula.push(a);
  }
  return { options, formula };
}

function equationJson(eq: EquationCheck) {
  return { lhs: jsonValue(eq.lhs.value), rhs: jsonValue(eq.rhs.value), holds: eq.holds, relation: eq.relation, unit: eq.rhs.unit, lhsText: eq.lhs.text, rhsText: eq.rhs.text, ratio: eq.ratio, tolerance: eq.tolerance };
}

export function evalCommand(evaluator?: Evaluator, worksheetEvaluator?: WorksheetEvaluator, readText: (path: string | 0) => string = (p) => readFileSync(p, 'utf8')): Subcommand {
  return {
    name: 'eval',
    summary: 'Evaluate or check plain math or LaTeX (equations too), with units (GiB, FLOPs, PF-days) and the model-math library',
    usage,
    help: `${usage}

Evaluates EXPR and prints its value. Input that starts with \\ or $ (or uses \\commands) is read as
LaTeX; --latex forces it. Units: bytes with SI/IEC prefixes (B, GB, GiB…), FLOP with SI prefixes
(TFLOP…), PFday(s) or PF-day(s); convert with "to", e.g. "7e9 * 2 bytes to GiB".

Equations are checked: 'A = B', 'A \\approx B', 'A < B', 'A \\le B'… print whether the relation
holds (to the precision written on the right side: "≈ 0.1667" means to 4 decimals) and exit 3
when it does not. 'name = …' with a name that has no value defines it.

EXPR may start with a minus; use -- before it if it looks like an option. "-" reads the formula from
stdin. FILE.mmath evaluates a worksheet and prints each line with its result (exit 3 when an
equation in it does not hold, 2 when a line has an error).

Options:
  --latex             read EXPR as LaTeX
  --let NAME=VALUE    give a free variable a value (VALUE may be a formula); repeatable
  --digits N          significant digits in the text (default 6)
  --decimal           show bytes in GB/MB (default GiB/MiB)
  --timeout MS        stop evaluation after MS milliseconds (default 5000)
  --json              print {"value": …, "unit": …, "text": "…"} and, for a relation,
                      "equation": {"lhs": …, "rhs": …, "holds": true|false, "relation": "="};
                      a worksheet prints a list; non-finite numbers as strings

Exit codes: 0 success (and every relation holds), 2 bad input or an error line, 3 a relation does not hold.

Library: ${LIBRARY.map((f) => f.signature).join(', ')}

Examples:
  modelmath eval '6 * 8e9 * 15e12 FLOP to PFdays'
  modelmath eval '\\frac{\\log_{512} n}{\\sqrt{d}}' --let n=4096 --let d=64
  modelmath eval '2 \\cdot 32 \\cdot 8 \\cdot 128 \\cdot 2 = 262144'     # does not hold: exit 3
  modelmath eval -- '-\\alpha_t(1-p_t)^\\gamma\\log(p_t)' --let alpha_t=0.25 --let gamma=2 --let p_t=0.9
  modelmath eval notes.mmath --json`,
    async run(argv, io) {
      const split = splitEvalArguments(argv);
      const { values } = parse(split.options, { latex: { type: 'boolean' }, let: { type: 'string', multiple: true }, digits: { type: 'string' }, decimal: { type: 'boolean' }, timeout: { type: 'string' } }, usage);
      const positionals = split.formula;
      if (positionals.length === 0) throw new UsageError(`missing the expression to evaluate. Usage: ${usage}`);
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
      const read = (path: string) => {
        try {
          return readText(path === '-' ? 0 : path);
        } catch (err) {
          throw new UsageError(`cannot read ${path === '-' ? 'stdin' : `'${path}'`}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
        }
      };
      const only = positionals.length === 1 ? (positionals[0] as string) : undefined;
      if (only !== undefined && /\.mmath$/i.test(only)) {
        if (lets.length > 0) throw new UsageError('--let does not apply to a worksheet: define the names on its first lines');
        return runWorksheet(read(only), { ...options, describe: true }, worksheetEvaluator ?? inProcessWorksheetEvaluator(timeout), Boolean(values.json), io);
      }
      const text = only === '-' ? read('-').trim() : positionals.join(' ');
      if (text === '') throw new UsageError('the formula on stdin is empty');
      let r: EvalResult;
      try {
        r = await (evaluator ?? inProcessEvaluator(timeout))(text, options, lets);
      } catch (err) {
        if (err instanceof FormulaError) throw new UsageError(err.message);
        throw err;
      }
      if (r.status === 'needs-values') {
        throw new UsageError(`the formula needs values for ${r.freeVariables.join(', ')}: pass ${r.freeVariables.map((v) => `--let ${v}=…`).join(' ')}`);
      }
      if (values.json) io.out(`${JSON.stringify({ value: jsonValue(r.value), unit: r.unit, text: r.text, ...(r.equation ? { equation: equationJson(r.equation) } : {}) })}\n`);
      else io.out(r.equation ? `${r.equations && r.equations.length > 1 ? `${r.equations.filter((e) => e.holds).length} of ${r.equations.length} relations hold; ` : ''}${verdictText(r.equation)}\n` : `${r.text}\n`);
      return r.equation && !r.equation.holds ? 3 : 0;
    },
  };
}

async function runWorksheet(text: string, options: EvalOptions, evaluate: WorksheetEvaluator, json: boolean, io: CliIO): Promise<number> {
  let lines: readonly WorksheetLine[];
  try {
    lines = await evaluate(text, options);
  } catch (err) {
    if (err instanceof FormulaError) throw new UsageError(err.message);
    throw err;
  }
  const source = text.split(/\r?\n/);
  if (json) {
    io.out(`${JSON.stringify(lines.map((l) => ({ line: l.line + 1, source: (source[l.line] ?? '').slice(l.start, l.end), status: l.status, ...(l.status === 'ok' ? { text: l.text, unit: l.unit ?? null } : { message: l.message }), ...(l.binding ? { binding: l.binding } : {}), ...(l.equation ? { equation: equationJson(l.equation) } : {}) })))}\n`);
  } else {
    const width = String(source.length).length;
    for (const l of lines) {
      const src = (source[l.line] ?? '').slice(l.start, l.end);
      const result = l.status !== 'ok' ? `${l.status === 'error' ? 'error' : 'needs values'}: ${l.message ?? ''}` : l.equation ? verdictText(l.equation) : `${l.binding ? `${l.binding} = ` : ''}${l.text ?? ''}`;
      io.out(`${String(l.line + 1).padStart(width)}  ${src}  →  ${result}\n`);
    }
  }
  if (lines.some((l) => l.status !== 'ok')) return 2;
  return lines.some((l) => l.equation && !l.equation.holds) ? 3 : 0;
}
