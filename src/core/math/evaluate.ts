// Evaluate one formula (plain math or LaTeX) against a scope. Pure and synchronous: surfaces run
// it off the extension-host thread (src/node/mathService.ts) with a time budget.
import type { MathNode } from 'mathjs';
import { FormulaError } from './errors';
import { getEngine, LimitError } from './engine';
import { formatValue, type ByteUnits, type FormattedValue } from './format';
import { freeVariables } from './freeVariables';
import { looksLikeLatex, translateLatex } from './latex/translate';

export type Scope = Map<string, unknown>;

export interface EvalOptions {
  /** true: LaTeX; false: plain; 'auto' (default): LaTeX when the text starts with \ or $. */
  readonly latex?: boolean | 'auto';
  readonly significantDigits?: number;
  readonly byteUnits?: ByteUnits;
  /** Include the normalized text and TeX of the formula (default true; the CLI does not need them). */
  readonly describe?: boolean;
}

export interface EvalSuccess extends FormattedValue {
  readonly status: 'ok';
  /** The expression as Model Math understood it, in plain math and in LaTeX. */
  readonly normalized: string;
  readonly tex: string;
  /** Name bound by `name = …`, if any. */
  readonly binding?: string;
}

export interface EvalNeedsValues {
  readonly status: 'needs-values';
  readonly freeVariables: readonly string[];
  readonly normalized: string;
  readonly tex: string;
}

export type EvalResult = EvalSuccess | EvalNeedsValues;

interface Statement {
  readonly node: MathNode;
  readonly binding?: string;
}

/** Everything about a statement that does not depend on the scope, computed once per text. */
interface Prepared extends Statement {
  /** Computed on first use: printing a tree costs more than evaluating it. */
  normalized(): string;
  tex(): string;
  readonly code: { evaluate(scope: Scope): unknown };
  /** Names that are free unless the scope binds them. */
  readonly candidates: readonly string[];
  readonly unitFixed: boolean;
  readonly defines?: string;
}

/** Prepared statements by text: enough for a large worksheet, small enough not to burden the GC. */
const prepared = new Map<string, Prepared[]>();
const CACHE_LIMIT = 4096;

function cached<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as K); // oldest first
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Chains longer than this become n-ary nodes, so compiling never recurses per term. */
const LONG_CHAIN = 1000;

/**
 * `1+1+…+1` parses as a left-leaning tree as deep as it is long; evaluating or printing it would
 * recurse once per term. Long uniform + or * chains are rebuilt as a shallow tree of n-ary nodes
 * (mathjs's add and multiply take any number of arguments). The spine is walked with a loop, not recursion.
 */
function flattenLongChains(engine: ReturnType<typeof getEngine>, node: MathNode): MathNode {
  type Op = MathNode & { fn: string; op: string; args: MathNode[]; implicit?: boolean };
  const isChain = (n: MathNode, fn: string): n is Op => n.type === 'OperatorNode' && (n as Op).fn === fn && (n as Op).args.length === 2 && !(n as Op).implicit;
  const fn = (node as Op).fn;
  if (node.type !== 'OperatorNode' || (fn !== 'add' && fn !== 'multiply')) return node;
  const terms: MathNode[] = [];
  let cur: MathNode = node;
  while (isChain(cur, fn)) {
    terms.push(cur.args[1] as MathNode);
    cur = cur.args[0] as MathNode;
  }
  terms.push(cur);
  if (terms.length < LONG_CHAIN) return node;
  terms.reverse();
  // Groups of at most LONG_CHAIN terms, nested: depth stays tiny and no call gets too many arguments.
  const OperatorNode = engine.math.OperatorNode as unknown as new (op: string, fn: string, args: MathNode[]) => MathNode;
  let level = terms;
  while (level.length > 1) {
    const next: MathNode[] = [];
    for (let i = 0; i < level.length; i += LONG_CHAIN) {
      const group = level.slice(i, i + LONG_CHAIN);
      next.push(group.length === 1 ? (group[0] as MathNode) : new OperatorNode((node as Op).op, fn, group));
    }
    level = next;
  }
  return level[0] as MathNode;
}

function parseMath(text: string, offset = 0, latexSource?: string): MathNode {
  const engine = getEngine();
  {
    try {
      return flattenLongChains(engine, engine.parse(text));
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(err.message)) throw new FormulaError('The formula nests too deeply to read (brackets or operators inside each other thousands of levels deep)');
      const msg = err instanceof Error ? err.message : String(err);
      const m = /\(char (\d+)\)/.exec(msg);
      const clean = msg.replace(/\s*\(char \d+\)/, '');
      if (latexSource !== undefined) throw new FormulaError(`${clean} in the LaTeX formula (read as: ${text})`);
      const at = m ? Math.max(0, Number(m[1]) - 1) : undefined;
      throw new FormulaError(`${clean}${at === undefined ? '' : ` at column ${at + 1 + offset}`}`, at === undefined ? undefined : at + offset, at === undefined ? undefined : at + offset + 1);
    }
  }
}

/** Turns the text into mathjs statements (LaTeX translated first). */
export function parseFormula(text: string, latex: boolean | 'auto' = 'auto'): Statement[] {
  const engine = getEngine();
  if (text.length > engine.limits.maxLength) {
    throw new FormulaError(`The formula is ${text.length.toLocaleString('en-US')} characters long, more than the limit of ${engine.limits.maxLength.toLocaleString('en-US')} (setting modelmath.formulas.maxLength)`);
  }
  if (text.trim() === '') throw new FormulaError('The formula is empty');
  const isLatex = latex === 'auto' ? looksLikeLatex(text) : latex;
  if (!isLatex) return [{ node: parseMath(text) }];
  return translateLatex(text).map((s) => {
    if (!s.target) return { node: parseMath(s.expr, 0, text) };
    const lhs = s.target.params ? `${s.target.name}(${s.target.params.join(', ')})` : s.target.name;
    return { node: parseMath(`${lhs} = ${s.expr}`, 0, text), binding: s.target.name };
  });
}

function bindingOf(node: MathNode): string | undefined {
  const n = node as MathNode & { object?: { name?: string }; name?: string };
  if (node.type === 'AssignmentNode') return n.object?.name;
  if (node.type === 'FunctionAssignmentNode') return n.name;
  return undefined;
}

function endsInConversion(node: MathNode): boolean {
  const n = node as MathNode & { fn?: unknown; value?: MathNode; expr?: MathNode; content?: MathNode };
  if (node.type === 'OperatorNode') return n.fn === 'to';
  if (node.type === 'AssignmentNode' && n.value) return endsInConversion(n.value);
  if (node.type === 'ParenthesisNode' && n.content) return endsInConversion(n.content);
  return false;
}

/**
 * Evaluates every statement in order, binding names into `scope`; the result is the last one's.
 * Throws FormulaError with a clear message (and a position where one is known).
 */
export function evaluateFormula(text: string, scope: Scope = new Map(), options: EvalOptions = {}): EvalResult {
  try {
    return evaluateUnguarded(text, scope, options);
  } catch (err) {
    throw toFormulaError(err);
  }
}

function prepare(text: string, latex: boolean | 'auto'): Prepared[] {
  const engine = getEngine();
  return cached(prepared, `${latex === 'auto' ? 'a' : latex ? 'l' : 'p'}${text}`, () =>
    parseFormula(text, latex).map((st) => {
      const defines = bindingOf(st.node);
      let normalized: string | undefined;
      let tex: string | undefined;
      return {
        ...st,
        normalized: () => (normalized ??= st.node.toString({ implicit: 'show' })),
        tex: () => (tex ??= st.node.toTex({ implicit: 'show' })),
        code: st.node.compile(),
        candidates: freeVariables(engine.math, st.node, () => false),
        unitFixed: endsInConversion(st.node),
        ...(defines ? { defines } : {}),
      };
    }),
  );
}

function evaluateUnguarded(text: string, scope: Scope, options: EvalOptions): EvalResult {
  const engine = getEngine();
  if (text.length > engine.limits.maxLength) {
    throw new FormulaError(`The formula is ${text.length.toLocaleString('en-US')} characters long, more than the limit of ${engine.limits.maxLength.toLocaleString('en-US')} (setting modelmath.formulas.maxLength)`);
  }
  const statements = prepare(text, options.latex ?? 'auto');
  const last = statements[statements.length - 1] as Prepared;
  const describe = options.describe !== false;
  const normalized = describe ? statements.map((s) => s.normalized()).join('; ') : '';
  const tex = describe ? statements.map((s) => s.tex()).join(' \\\\ ') : '';
  const localBindings = new Set<string>();
  const free: string[] = [];
  for (const s of statements) {
    for (const v of s.candidates) if (!scope.has(v) && !localBindings.has(v) && !free.includes(v)) free.push(v);
    if (s.defines) localBindings.add(s.defines);
  }
  if (free.length > 0) return { status: 'needs-values', freeVariables: free, normalized, tex };

  let value: unknown;
  for (const s of statements) value = s.code.evaluate(scope);
  const formatted = formatValue(engine.math, value, {
    significantDigits: options.significantDigits ?? 6,
    byteUnits: options.byteUnits ?? 'binary',
    unitFixed: last.unitFixed,
  });
  const binding = last.defines ?? last.binding;
  return { status: 'ok', ...formatted, normalized, tex, ...(binding ? { binding } : {}) };
}

export function toFormulaError(err: unknown): FormulaError {
  if (err instanceof FormulaError) return err;
  if (err instanceof LimitError) return new FormulaError(err.message);
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new FormulaError('Recursion too deep: a function calls itself without end, or the formula nests deeper than the evaluator allows');
  }
  const msg = err instanceof Error ? err.message : String(err);
  const undefinedFn = /^Undefined function (\S+)/.exec(msg);
  if (undefinedFn) return new FormulaError(`Unknown function '${undefinedFn[1]}'. Library functions: see 'modelmath eval --help' or the Formula view`);
  return new FormulaError(msg.replace(/\s*\(char \d+\)/, ''));
}
