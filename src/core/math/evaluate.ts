// Evaluate one formula (plain math or LaTeX) against a scope. Pure and synchronous: surfaces run
// it off the extension-host thread (src/node/mathService.ts) with a time budget.
import type { MathNode } from 'mathjs';
import { FormulaError } from './errors';
import { getEngine, LimitError } from './engine';
import { formatValue, type ByteUnits, type FormattedValue } from './format';
import { CONSTANTS, freeVariables } from './freeVariables';
import type { Macros } from './latex/macros';
import { looksLikeLatex, translateLatex, type Alternative } from './latex/translate';
import { libraryFunction } from './library/functions';
import { compare, splitPlainRelations, writtenPrecision, type CheckedRelation, type Relation, type WrittenPrecision } from './relations';

export type Scope = Map<string, unknown>;

export interface EvalOptions {
  /** true: LaTeX; false: plain; 'auto' (default): LaTeX when the text starts with \ or $. */
  readonly latex?: boolean | 'auto';
  readonly significantDigits?: number;
  readonly byteUnits?: ByteUnits;
  /** Include the normalized text and TeX of the formula (default true; the CLI does not need them). */
  readonly describe?: boolean;
  /** Macros defined earlier in the document (\newcommand, \def, \DeclareMathOperator). */
  readonly macros?: Macros;
  /**
   * `name = …` always (re)binds, even when the name has a value: worksheets and documents, where
   * a later line may redefine a name. Otherwise a bound name on the left is checked.
   */
  readonly rebind?: boolean;
}

/** One side of a checked relation, as shown. */
export interface SideValue {
  readonly value: FormattedValue['value'];
  readonly unit: string | null;
  readonly text: string;
  /** The side as read (plain math). */
  readonly source: string;
}

/** The verdict on a relation between two evaluated sides. */
export interface EquationCheck {
  readonly relation: CheckedRelation;
  readonly lhs: SideValue;
  readonly rhs: SideValue;
  readonly holds: boolean;
  /** lhs / rhs (in the right side's unit); null when the right side is 0 or not a number. */
  readonly ratio: number | null;
  /** How the sides were compared: "to 4 decimals (±1 in the last digit)", "exactly". */
  readonly tolerance: string;
}

export interface EvalSuccess extends FormattedValue {
  readonly status: 'ok';
  /** The expression as Model Math understood it, in plain math and in LaTeX. */
  readonly normalized: string;
  readonly tex: string;
  /** Name bound by `name = …`, if any. */
  readonly binding?: string;
  /** The relation checked: the first that does not hold, else the last one. */
  readonly equation?: EquationCheck;
  /** Every relation checked, left to right (a chain a = b = c has two). */
  readonly equations?: readonly EquationCheck[];
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

/** A statement as written: sides (mathjs text, possibly holding reading alternatives) and relations. */
interface RawStatement {
  readonly sides: readonly string[];
  readonly relations: readonly Relation[];
  readonly alternatives: readonly Alternative[];
  /** Offsets of the sides in the text (plain math), for error columns. */
  readonly offsets?: readonly number[];
  readonly latex: boolean;
}

/** A side parsed and compiled for one reading (which names are bound). */
interface CompiledSide {
  readonly node: MathNode;
  readonly code: { evaluate(scope: Scope): unknown };
  /** Names that are free unless the scope binds them. */
  readonly candidates: readonly string[];
  readonly unitFixed: boolean;
  normalized(): string;
  tex(): string;
  readonly precision?: WrittenPrecision;
  /** The side is one bare name (a definition target when free). */
  readonly name?: string;
  /** The side is `f(a, b)` with plain names: a function definition target. */
  readonly signature?: { readonly name: string; readonly params: readonly string[] };
}

/** Relations that define a free name on their left (`\\kappa = …`, `C \\approx 6ND`, `x := …`). */
const DEFINING: ReadonlySet<Relation> = new Set<Relation>(['=', ':=', '≈']);

const CACHE_LIMIT = 4096;
const rawCache = new Map<string, RawStatement[]>();
const sideCache = new Map<string, CompiledSide>();

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

/** Splits plain math at top-level `;` and newlines (not inside brackets or strings). */
function splitPlainStatements(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') inString = !inString;
    if (inString && c !== undefined) continue;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (c === undefined || (depth === 0 && (c === ';' || c === '\n'))) {
      const part = text.slice(start, i);
      if (part.trim() !== '') out.push({ text: part, offset: start });
      start = i + 1;
    }
  }
  return out;
}

/** `1 PF-day`, `3 PF-days`: the hyphenated unit as papers write it (same length, so columns hold). */
function hyphenatedUnits(text: string): string {
  return text.replace(/(?<![A-Za-z0-9_])PF-day(s?)(?![A-Za-z0-9_])/g, (_m, s: string) => `PFday${s} `);
}

/** Whether a name is a callable (library or mathjs) function, and its mathjs name. */
export function functionName(name: string): string | undefined {
  const math = getEngine().math as unknown as Record<string, unknown>;
  const callable = (n: string) => Object.prototype.hasOwnProperty.call(math, n) && typeof math[n] === 'function' && !/^[A-Z]/.test(n);
  if (callable(name)) return name;
  const lower = name.toLowerCase();
  if (lower !== name && callable(lower)) return lower;
  return undefined;
}

function macroKey(macros: Macros | undefined): string {
  if (!macros) return '';
  const keys = Object.keys(macros);
  return keys.length === 0 ? '' : JSON.stringify(keys.sort().map((k) => [k, macros[k]]));
}

function rawStatements(text: string, latex: boolean | 'auto', macros: Macros | undefined): RawStatement[] {
  const mkey = macroKey(macros);
  return cached(rawCache, `${latex === 'auto' ? 'a' : latex ? 'l' : 'p'}${mkey.length}:${mkey}${text}`, () => {
    const isLatex = latex === 'auto' ? looksLikeLatex(text) : latex;
    if (isLatex) return translateLatex(text, { ...(macros ? { macros } : {}), isFunction: functionName }).map((s) => ({ ...s, latex: true }));
    return splitPlainStatements(hyphenatedUnits(text)).map(({ text: st, offset }) => {
      const chain = splitPlainRelations(st);
      return { sides: chain.sides, relations: chain.relations, alternatives: [], offsets: (chain.offsets ?? []).map((o) => o + offset), latex: false };
    });
  });
}

/** Turns the text into mathjs statements (LaTeX translated first), reading names as unbound. */
export function parseFormula(text: string, latex: boolean | 'auto' = 'auto'): Statement[] {
  checkLength(text);
  if (text.trim() === '') throw new FormulaError('The formula is empty');
  return rawStatements(text, latex, undefined).map((st) => {
    const sides = st.sides.map((_, i) => compileSide(st, i, () => false));
    const first = sides[0] as CompiledSide;
    if (st.relations.length === 1 && first.name && sides[1]) return { node: parseMath(`${first.name} = ${(sides[1] as CompiledSide).node.toString()}`), binding: first.name };
    return { node: first.node };
  });
}

function checkLength(text: string): void {
  const engine = getEngine();
  if (text.length > engine.limits.maxLength) {
    throw new FormulaError(`The formula is ${text.length.toLocaleString('en-US')} characters long, more than the limit of ${engine.limits.maxLength.toLocaleString('en-US')} (setting modelmath.formulas.maxLength)`);
  }
}

function endsInConversion(node: MathNode): boolean {
  const n = node as MathNode & { fn?: unknown; value?: MathNode; expr?: MathNode; content?: MathNode };
  if (node.type === 'OperatorNode') return n.fn === 'to';
  if (node.type === 'AssignmentNode' && n.value) return endsInConversion(n.value);
  if (node.type === 'ParenthesisNode' && n.content) return endsInConversion(n.content);
  return false;
}

type AnyNode = MathNode & Record<string, unknown>;

const GREEK_NAMES = new Set('alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' '));

/**
 * Plain math: a name of 2–4 letters written next to another factor (`4nh^2d^2`, `2n^2hd`) that
 * has no value, is not a function, constant, Greek letter or unit reads as a product of single
 * letters, as in LaTeX. Returns the names that qualify (the caller splits those still unbound).
 */
function splittableNames(node: MathNode): string[] {
  const math = getEngine().math;
  const out = new Set<string>();
  const consider = (n: AnyNode | undefined) => {
    if (!n) return;
    const base = n.type === 'OperatorNode' && n.fn === 'pow' ? ((n.args as AnyNode[])[0] as AnyNode) : n;
    if (base.type !== 'SymbolNode') return;
    const name = base.name as string;
    if (!/^[A-Za-z]{2,4}$/.test(name) || CONSTANTS.has(name) || GREEK_NAMES.has(name) || functionName(name) !== undefined || math.Unit.isValuelessUnit(name)) return;
    out.add(name);
  };
  node.traverse((child) => {
    const c = child as AnyNode;
    if (c.type === 'OperatorNode' && c.fn === 'multiply' && c.implicit) for (const a of c.args as AnyNode[]) consider(a);
  });
  return [...out];
}

function splitNames(node: MathNode, names: ReadonlySet<string>): MathNode {
  const math = getEngine().math;
  const OperatorNode = math.OperatorNode as unknown as new (op: string, fn: string, args: MathNode[], implicit?: boolean) => MathNode;
  const SymbolNode = math.SymbolNode as unknown as new (name: string) => MathNode;
  const ParenthesisNode = math.ParenthesisNode as unknown as new (content: MathNode) => MathNode;
  const product = (factors: MathNode[]) => new ParenthesisNode(factors.slice(1).reduce((acc, f) => new OperatorNode('*', 'multiply', [acc, f], true), factors[0] as MathNode));
  const letters = (name: string) => [...name].map((l) => new SymbolNode(l));
  return node.transform((n, _path, parent) => {
    const c = n as AnyNode;
    // nh^2 → n·h²: a power binds to the last letter, as in LaTeX.
    if (c.type === 'OperatorNode' && c.fn === 'pow') {
      const [base, exponent] = c.args as AnyNode[];
      if (base?.type === 'SymbolNode' && names.has(base.name as string) && exponent) {
        const ls = letters(base.name as string);
        const last = ls.pop() as MathNode;
        return product([...ls, new OperatorNode('^', 'pow', [last, splitNames(exponent, names)])]);
      }
      return n;
    }
    if (c.type !== 'SymbolNode' || !names.has(c.name as string)) return n;
    if (parent && parent.type === 'FunctionNode' && (parent as AnyNode).fn === n) return n;
    return product(letters(c.name as string));
  });
}

/**
 * `kv_cache_bytes(…) * n to GiB`: a library function whose result has a unit gets it, so the
 * conversion works; only when the left side of `to` has no unit written.
 */
function attachResultUnits(node: MathNode): MathNode {
  const math = getEngine().math;
  return node.transform((n) => {
    const c = n as AnyNode;
    if (c.type !== 'OperatorNode' || c.fn !== 'to') return n;
    const [left, right] = c.args as AnyNode[];
    if (!left || !right) return n;
    let hasUnit = false;
    left.traverse((x) => {
      const y = x as AnyNode;
      if ((y.type === 'SymbolNode' && math.Unit.isValuelessUnit(y.name as string)) || (y.type === 'FunctionNode' && (y.fn as AnyNode).name === 'unit')) hasUnit = true;
    });
    if (hasUnit) return n;
    const withUnits = left.transform((x) => {
      const y = x as AnyNode;
      const unit = y.type === 'FunctionNode' ? libraryFunction((y.fn as AnyNode).name as string)?.resultUnit : undefined;
      return unit ? getEngine().parse(`(${x.toString()}) * unit("1 ${unit}")`) : x;
    });
    if (withUnits === left) return n;
    return new (math.OperatorNode as unknown as new (op: string, fn: string, args: MathNode[]) => MathNode)('to', 'to', [withUnits, right]);
  });
}

/** Numbers print as written (524288, not 5.24288e+5). */
const printOptions = {
  implicit: 'show' as const,
  handler: (node: AnyNode): string | undefined => (node.type === 'ConstantNode' && typeof node.value === 'number' && Number.isFinite(node.value) ? String(node.value) : undefined),
};
const texOptions = {
  implicit: 'show' as const,
  handler: (node: AnyNode): string | undefined => {
    if (node.type !== 'ConstantNode' || typeof node.value !== 'number' || !Number.isFinite(node.value)) return undefined;
    const [m, e] = String(node.value).split('e');
    return e === undefined ? (m as string) : `${m}\\times10^{${Number(e)}}`;
  },
};

/** Substitutes the reading alternatives: one name when bound, the other reading otherwise. */
function resolveAlternatives(text: string, alternatives: readonly Alternative[], bound: (name: string) => boolean, target: boolean): string {
  if (alternatives.length === 0) return text;
  let out = text;
  for (const a of alternatives) {
    if (!out.includes(a.marker)) continue;
    let reading: string;
    if ((target && a.kind === 'name' && out.trim() === a.marker) || bound(a.name)) reading = a.bound;
    else if (typeof a.unbound === 'string') reading = a.unbound;
    else throw new FormulaError(a.unbound.error);
    out = out.split(a.marker).join(reading);
  }
  return out;
}

function compileSide(st: RawStatement, index: number, bound: (name: string) => boolean): CompiledSide {
  const engine = getEngine();
  const raw = st.sides[index] as string;
  // Letters written together on the left of a definition (`lrate = …`) are the name being defined.
  const rel0 = st.relations[0];
  const text = resolveAlternatives(raw, st.alternatives, bound, index === 0 && rel0 !== undefined && DEFINING.has(rel0));
  const base = cached(sideCache as Map<string, CompiledSide & { splittable: string[] }>, `${st.latex ? 'l' : 'p'}${text}`, () => {
    if (text.trim() === '') throw new FormulaError(st.relations.length > 0 ? `A side of the ${st.relations.length > 1 ? 'relations' : `'${st.relations[0]}'`} is empty` : 'The formula is empty');
    const node = attachResultUnits(parseMath(text, st.offsets?.[index] ?? 0, st.latex ? text : undefined));
    return makeSide(node, text, st.latex ? [] : splittableNames(node));
  });
  const split = base.splittable.filter((n: string) => !bound(n));
  if (split.length === 0) return base;
  return cached(sideCache, `s${split.join(',')}|${text}`, () => makeSide(splitNames(base.node, new Set(split)), text, []));

  function makeSide(node: MathNode, source: string, splittable: string[]): CompiledSide & { splittable: string[] } {
    let normalized: string | undefined;
    let tex: string | undefined;
    const n = node as AnyNode;
    const inner = n.type === 'ParenthesisNode' ? (n.content as AnyNode) : n;
    let signature: CompiledSide['signature'];
    if (inner.type === 'FunctionNode' && (inner.fn as AnyNode).type === 'SymbolNode' && (inner.args as AnyNode[]).length > 0 && (inner.args as AnyNode[]).every((a) => a.type === 'SymbolNode')) {
      signature = { name: (inner.fn as AnyNode).name as string, params: (inner.args as AnyNode[]).map((a) => a.name as string) };
    }
    return {
      node,
      code: node.compile(),
      candidates: freeVariables(engine.math, node, () => false),
      unitFixed: endsInConversion(node),
      normalized: () => (normalized ??= node.toString(printOptions as never)),
      tex: () => (tex ??= node.toTex(texOptions as never)),
      ...(st.relations.length > 0 ? { precision: writtenPrecision(source) } : {}),
      ...(inner.type === 'SymbolNode' ? { name: inner.name as string } : {}),
      ...(signature ? { signature } : {}),
      splittable,
    };
  }
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


/** How one statement runs: which sides define names and which relations are checked. */
interface Plan {
  readonly sides: readonly CompiledSide[];
  readonly relations: readonly Relation[];
  /** Names bound by the statement (leading `a = b = …`), and the side that gives their value. */
  readonly targets: readonly string[];
  readonly functionTarget?: { readonly name: string; readonly params: readonly string[] };
  readonly body: number;
  readonly free: readonly string[];
}

/**
 * Constants are checked, not redefined, on every surface alike (`\\pi = 3.14`, `e = 2.718` are
 * claims); only an explicit definition (`e := 0.1`, `\\triangleq`, `\\leftarrow`) rebinds one.
 */
function definable(name: string, rel: Relation): boolean {
  return !CONSTANTS.has(name) || rel === ':=';
}

function plan(st: RawStatement, bound: (name: string) => boolean, rebind: boolean): Plan {
  // Definition targets are read before the other sides, whose reading may depend on them.
  const first = compileSide(st, 0, bound);
  const functionMath = getEngine().math as unknown as Record<string, unknown>;
  const rel0 = st.relations[0];
  if (first.signature && rel0 !== undefined && DEFINING.has(rel0) && st.relations.length >= 1) {
    const sig = first.signature;
    const isBuiltin = typeof functionMath[sig.name] === 'function' && !bound(sig.name);
    const boundAsValue = bound(sig.name) && !rebind;
    if (!isBuiltin && !boundAsValue && sig.params.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) {
      const params = new Set(sig.params);
      const inner = (name: string) => params.has(name) || bound(name) || name === sig.name;
      const sides = st.sides.map((_, i) => (i === 0 ? first : compileSide(st, i, inner)));
      // The body: the first side whose names all have values (papers chain abstract → concrete).
      let body = 1;
      for (let i = 1; i < sides.length; i++) {
        if ((sides[i] as CompiledSide).candidates.every(inner)) {
          body = i;
          break;
        }
      }
      const free = (sides[body] as CompiledSide).candidates.filter((v) => !inner(v));
      return { sides, relations: st.relations, targets: [], functionTarget: sig, body, free: [...new Set(free)] };
    }
  }
  const targets: string[] = [];
  const isTarget = (side: CompiledSide | undefined, rel: Relation | undefined): side is CompiledSide & { name: string } =>
    side?.name !== undefined && rel !== undefined && definable(side.name, rel) && (rel === ':=' || (DEFINING.has(rel) && (rebind || !bound(side.name))));
  const sides: CompiledSide[] = [first];
  let k = 0;
  while (k < st.relations.length && isTarget(sides[k], st.relations[k])) {
    targets.push((sides[k] as CompiledSide).name as string);
    k++;
    sides.push(compileSide(st, k, bound));
  }
  for (let i = sides.length; i < st.sides.length; i++) sides.push(compileSide(st, i, bound));
  const checked = sides.slice(k);
  const free = checked.flatMap((s) => s.candidates.filter((v) => !bound(v)));
  return { sides, relations: st.relations, targets, body: k, free: [...new Set(free)] };
}

const RELATION_TEX: Record<Relation, string> = { '=': '=', '==': '=', '≈': '\\approx', '<': '<', '≤': '\\le', '>': '>', '≥': '\\ge', '≠': '\\neq', ':=': ':=', '~': '\\sim' };

function describePlan(p: Plan): { normalized: string; tex: string } {
  const rel = (r: Relation) => (r === '==' ? '=' : r);
  let normalized = (p.sides[0] as CompiledSide).normalized();
  let tex = (p.sides[0] as CompiledSide).tex();
  p.relations.forEach((r, i) => {
    const side = p.sides[i + 1] as CompiledSide;
    normalized += ` ${rel(r)} ${side.normalized()}`;
    tex += ` ${RELATION_TEX[r]} ${side.tex()}`;
  });
  return { normalized, tex };
}

function evaluateUnguarded(text: string, scope: Scope, options: EvalOptions): EvalResult {
  checkLength(text);
  if (text.trim() === '') throw new FormulaError('The formula is empty');
  const statements = rawStatements(text, options.latex ?? 'auto', options.macros);
  const describe = options.describe !== false;
  const rebind = options.rebind === true;
  // Plan every statement first (which names it binds, what it needs), so a formula that needs
  // values leaves the scope untouched.
  const local = new Set<string>();
  const bound = (name: string) => scope.has(name) || local.has(name);
  const plans: Plan[] = [];
  const free: string[] = [];
  for (const st of statements) {
    const p = plan(st, bound, rebind);
    plans.push(p);
    for (const v of p.free) if (!free.includes(v)) free.push(v);
    for (const t of p.targets) local.add(t);
    if (p.functionTarget) local.add(p.functionTarget.name);
  }
  const described = () => {
    if (!describe) return { normalized: '', tex: '' };
    const d = plans.map(describePlan);
    return { normalized: d.map((x) => x.normalized).join('; '), tex: d.map((x) => x.tex).join(' \\\\ ') };
  };
  if (free.length > 0) return { status: 'needs-values', freeVariables: free, ...described() };

  const engine = getEngine();
  const format = (v: unknown, unitFixed: boolean) => formatValue(engine.math, v, { significantDigits: options.significantDigits ?? 6, byteUnits: options.byteUnits ?? 'binary', unitFixed });
  let last: { value: unknown; side: CompiledSide; binding?: string; checks: EquationCheck[] } | undefined;
  for (const p of plans) {
    const body = p.sides[p.body] as CompiledSide;
    if (p.functionTarget) {
      const { name, params } = p.functionTarget;
      const FunctionAssignmentNode = engine.math.FunctionAssignmentNode as unknown as new (name: string, params: string[], expr: MathNode) => MathNode;
      const value = new FunctionAssignmentNode(name, [...params], body.node).compile().evaluate(scope);
      last = { value, side: body, binding: name, checks: [] };
      continue;
    }
    const values: unknown[] = [];
    const valueOf = (i: number) => (values[i] ??= (p.sides[i] as CompiledSide).code.evaluate(scope));
    const bodyValue = valueOf(p.body);
    for (const t of p.targets) scope.set(t, bodyValue);
    const checks: EquationCheck[] = [];
    for (let i = p.body; i < p.relations.length; i++) {
      checks.push(check(valueOf(i), valueOf(i + 1), p.relations[i] as Relation, p.sides[i] as CompiledSide, p.sides[i + 1] as CompiledSide, format));
    }
    last = { value: bodyValue, side: body, ...(p.targets[0] ? { binding: p.targets[0] } : {}), checks };
  }
  const result = last as NonNullable<typeof last>;
  const formatted = format(result.value, result.side.unitFixed);
  const equation = result.checks.find((c) => !c.holds) ?? result.checks[result.checks.length - 1];
  return {
    status: 'ok',
    ...formatted,
    ...described(),
    ...(result.binding ? { binding: result.binding } : {}),
    ...(equation ? { equation, equations: result.checks } : {}),
  };
}

/** Compares two evaluated sides: numbers, or quantities with units of the same kind. */
function check(lhs: unknown, rhs: unknown, relation: Relation, left: CompiledSide, right: CompiledSide, format: (v: unknown, unitFixed: boolean) => FormattedValue): EquationCheck {
  const math = getEngine().math;
  const shown: CheckedRelation = relation === '==' || relation === ':=' ? '=' : relation === '~' ? '≈' : relation;
  let a: number;
  let b: number;
  const side = (v: unknown, s: CompiledSide): SideValue => {
    const f = format(v, s.unitFixed);
    return { value: f.value, unit: f.unit, text: f.text, source: s.normalized() };
  };
  const numeric = (v: unknown) => typeof v === 'number' || typeof v === 'boolean';
  if (numeric(lhs) && numeric(rhs)) {
    a = Number(lhs);
    b = Number(rhs);
  } else if (math.isUnit(lhs) && math.isUnit(rhs)) {
    if (!lhs.equalBase(rhs)) throw new FormulaError(`Cannot compare ${lhs.formatUnits()} with ${rhs.formatUnits()}: the two sides are different kinds of quantity`);
    const unit = rhs.formatUnits();
    b = unit === '' ? (rhs.value as number) : rhs.toNumber(unit);
    a = unit === '' ? (lhs.value as number) : lhs.toNumber(unit);
  } else if (math.isUnit(lhs) || math.isUnit(rhs)) {
    throw new FormulaError(`Cannot compare a quantity with a unit (${math.isUnit(lhs) ? 'left' : 'right'} side) with a plain number (${math.isUnit(lhs) ? 'right' : 'left'} side): write the unit on both sides`);
  } else {
    throw new FormulaError('Only numbers and quantities with units can be compared (the sides are matrices, functions or text)');
  }
  const verdict = compare(a, b, shown, right.precision, left.precision);
  const ratio = b !== 0 && Number.isFinite(a / b) ? a / b : null;
  return { relation: shown, lhs: side(lhs, left), rhs: side(rhs, right), holds: verdict.holds, ratio, tolerance: verdict.tolerance };
}

export function toFormulaError(err: unknown): FormulaError {
  if (err instanceof FormulaError) return err;
  if (err instanceof LimitError) return new FormulaError(err.message);
  if (err instanceof RangeError && /call stack/i.test(err.message)) {
    return new FormulaError('Recursion too deep: a function calls itself without end, or the formula nests deeper than the evaluator allows');
  }
  const msg = err instanceof Error ? err.message : String(err);
  if (/^Unexpected type of argument in function to\b/.test(msg)) {
    return new FormulaError("The left side of 'to' is a plain number, with no unit to convert from: write its unit (e.g. '131072 B to GiB', 'x * 1 FLOP to PFdays'); library results that have a unit (kv_cache_bytes → B, pf_days → PFday) convert as they are");
  }
  const undefinedFn = /^Undefined function (\S+)/.exec(msg);
  if (undefinedFn) return new FormulaError(`Unknown function '${undefinedFn[1]}'. Library functions: see 'modelmath eval --help' or the Formula view`);
  return new FormulaError(msg.replace(/\s*\(char \d+\)/, ''));
}
