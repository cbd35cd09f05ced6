// A scale written as an expression ("1/sqrt(64)", "d**-0.5", "log(n)/log(512)/sqrt(d)", or the
// Python around an attention call) read into a function of the head size d, keys n and training
// length L, through the locked-down formula engine.
import type { MathNode } from 'mathjs';
import { FormulaError } from '../math/errors';
import type { ScaleChoice } from './choices';
import { evaluateFormula, parseFormula } from '../math/evaluate';
import { pythonToMath, SCALE_ALIASES as ALIASES } from './scaleSyntax';

export { pythonToMath } from './scaleSyntax';

export interface ScaleExpression {
  /** The expression as read (plain math, Python syntax translated). */
  readonly normalized: string;
  readonly usesN: boolean;
  readonly usesD: boolean;
  readonly usesL: boolean;
  /** ln(…n…) with no base anywhere (8823's pitfall: far too large at long n). */
  readonly naturalLog: boolean;
  evaluate(values: { d: number; n: number; L?: number }): number;
}

export function parseScaleExpression(text: string): ScaleExpression {
  const plain = text.trim().startsWith('\\') || text.trim().startsWith('$') ? text : pythonToMath(text);
  const statements = parseFormula(plain, 'auto');
  if (statements.length !== 1) throw new FormulaError('A scale is one expression (no ";" or assignments)');
  const node = (statements[0] as { node: MathNode }).node;
  const used = new Set<'d' | 'n' | 'L'>();
  let lnOfN = false;
  let hasBase = false;
  const rename = new Map<string, 'd' | 'n' | 'L'>();
  node.traverse((child) => {
    const c = child as MathNode & { name?: string; fn?: { name?: string }; args?: MathNode[] };
    if (child.type === 'SymbolNode' && c.name !== undefined) {
      const alias = ALIASES[c.name];
      if (alias) {
        used.add(alias);
        rename.set(c.name, alias);
      }
    }
    if (child.type === 'FunctionNode') {
      const fn = c.fn?.name;
      const args = c.args ?? [];
      if (fn === 'log2' || fn === 'log10' || (fn === 'log' && args.length === 2)) hasBase = true;
      if (fn === 'log' && args.length === 1) {
        const mentionsN = args[0]?.filter((x) => x.type === 'SymbolNode' && ALIASES[(x as MathNode & { name: string }).name] === 'n').length ?? 0;
        if (mentionsN > 0) lnOfN = true;
        else hasBase = true; // log(512) or log(L): a base written as a quotient of logs
      }
    }
  });
  const normalized = node.toString();
  const expr = { usesN: used.has('n'), usesD: used.has('d'), usesL: used.has('L') };
  return {
    normalized,
    ...expr,
    naturalLog: lnOfN && !hasBase,
    evaluate({ d, n, L }) {
      const scope = new Map<string, unknown>();
      for (const [name, alias] of rename) {
        const v = alias === 'd' ? d : alias === 'n' ? n : L;
        if (v === undefined) throw new FormulaError(`The scale uses the training length '${name}': give it (--train-seq, or L_train in the view)`);
        scope.set(name, v);
      }
      const r = evaluateFormula(plain, scope, { describe: false, latex: 'auto' });
      if (r.status === 'needs-values') {
        throw new FormulaError(`Unknown name${r.freeVariables.length > 1 ? 's' : ''} ${r.freeVariables.map((v) => `'${v}'`).join(', ')} in the scale: use d (head dimension), n (keys a query sees) and L (training length)`);
      }
      if (typeof r.value !== 'number' || !Number.isFinite(r.value)) throw new FormulaError(`The scale must evaluate to a finite number, got ${r.text}`);
      return r.value;
    },
  };
}

/** The analysed expression as a scale choice. */
export function expressionChoice(text: string, d: number, trainLength?: number): ScaleChoice {
  const expr = parseScaleExpression(text);
  expr.evaluate({ d, n: 512, ...(trainLength ? { L: trainLength } : {}) }); // fail early with a clear message
  return {
    id: 'custom',
    label: expr.normalized,
    tex: expr.normalized,
    formula: expr.normalized,
    kind: 'dot',
    scale: (n) => expr.evaluate({ d, n, ...(trainLength ? { L: trainLength } : {}) }),
    lengthDependent: expr.usesN,
    naturalLog: expr.naturalLog,
    source: 'given',
  };
}
