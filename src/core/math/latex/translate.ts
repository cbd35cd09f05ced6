// LaTeX as ML papers write it → mathjs expression text. Recursive descent over tokens; every
// error names the construct and its column. Reading rules: docs/decisions/0002-formulas.md and
// docs/decisions/0009-formula-reading-and-equations.md (accents and fonts join names, letters
// written together are one name only when it is bound, relations are checked, macros expand).
import { FormulaError } from '../errors';
import { LATEX_RELATIONS, type Relation } from '../relations';
import { collectMacros, expansionError, MAX_EXPANSIONS, type Macros } from './macros';
import { tokenize, type Token } from './tokens';

/**
 * A reading that depends on what the scope binds: letters written together (`pos`) are one name
 * when it is bound, a product otherwise; `\sigma(x)` multiplies a bound σ, else is the sigmoid.
 * The expression text holds `marker`; the evaluator substitutes one of the two readings.
 */
export interface Alternative {
  readonly marker: string;
  /** 'name': letters written together (a whole side that is one is always the name, e.g. a definition's target). */
  readonly kind: 'name' | 'call';
  readonly name: string;
  readonly bound: string;
  /** Text, or an error message when the unbound reading cannot be evaluated (big-O). */
  readonly unbound: string | { readonly error: string };
}

export interface LatexStatement {
  /** mathjs texts of the sides; one side when the statement is not a relation. */
  readonly sides: readonly string[];
  readonly relations: readonly Relation[];
  readonly alternatives: readonly Alternative[];
}

export interface TranslateOptions {
  /** Macros from earlier in the document (\newcommand, \def, \DeclareMathOperator). */
  readonly macros?: Macros;
  /** Whether a name is a callable function (library or mathjs), for \text{name}(x) and pos(x). */
  readonly isFunction?: (name: string) => string | undefined;
}

const GREEK = new Set(
  'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega'.split(' '),
);

/** Commands that are functions, with their mathjs name. */
const FUNCTIONS: Record<string, string> = {
  sin: 'sin', cos: 'cos', tan: 'tan', sec: 'sec', csc: 'csc', cot: 'cot',
  arcsin: 'asin', arccos: 'acos', arctan: 'atan', sinh: 'sinh', cosh: 'cosh', tanh: 'tanh', coth: 'coth',
  exp: 'exp', ln: 'log', log: 'log', lg: 'log10', max: 'max', min: 'min', det: 'det', gcd: 'gcd',
};

/** Commands that carry no value: spacing, labels, style switches. */
const IGNORED = new Set([',', ';', ':', '!', ' ', '>', 'quad', 'qquad', 'displaystyle', 'textstyle', 'scriptstyle', 'scriptscriptstyle', 'limits', 'nolimits', 'nonumber', 'notag', 'left.', 'right.', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'bigm', 'Bigm', 'rm', 'bf', 'it', 'sf', 'tt', 'cal', 'mathnormal', 'rmfamily', 'itshape', 'bfseries', 'phantom', 'allowbreak', 'nobreak']);
/** Commands whose braced argument is dropped. */
const DROP_ARGUMENT = new Set(['label', 'tag', 'vphantom', 'hphantom', 'phantom', 'color', 'textcolor']);
/** Font and style commands whose braced argument is a name (\mathcal{B} → B, \text{model} → model). */
const FONTS = new Set(['text', 'textrm', 'textit', 'textbf', 'textsf', 'texttt', 'textnormal', 'emph', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathscr', 'mathfrak', 'boldsymbol', 'bm', 'pmb', 'mathbfit', 'operatorname', 'operatorname*']);
/** Accents: part of the name (\hat{L} → L_hat). */
const ACCENTS: Record<string, string> = {
  hat: 'hat', widehat: 'hat', bar: 'bar', overline: 'bar', tilde: 'tilde', widetilde: 'tilde', dot: 'dot', ddot: 'ddot',
  vec: 'vec', check: 'check', breve: 'breve', acute: 'acute', grave: 'grave', mathring: 'ring', underline: 'underline',
};
const ENVIRONMENTS = new Set(['equation', 'equation*', 'align', 'align*', 'aligned', 'gather', 'gather*', 'gathered', 'split', 'multline', 'multline*', 'displaymath', 'math', 'flalign', 'flalign*', 'alignat', 'alignat*']);

/**
 * Operators that cannot be evaluated to a number: an error that names them (never a silent
 * misreading such as \mathbb{E}[x] = e·x).
 */
const NOT_EVALUABLE: Record<string, string> = {
  E: 'an expectation', Pr: 'a probability', P: 'a probability', Var: 'a variance', Cov: 'a covariance', Corr: 'a correlation', Std: 'a standard deviation',
  argmax: 'an arg max', argmin: 'an arg min', KL: 'a KL divergence', D_KL: 'a KL divergence', H: 'an entropy over a distribution', I: 'a mutual information',
  int: 'an integral', iint: 'an integral', iiint: 'an integral', oint: 'an integral', partial: 'a partial derivative', nabla: 'a gradient', lim: 'a limit',
  sup: 'a supremum', inf: 'an infimum', limsup: 'a limit', liminf: 'a limit', arg: 'an arg max/min', top: 'a transpose', intercal: 'a transpose',
  mathbb: 'a set or an operator (blackboard bold)', forall: 'a quantifier', exists: 'a quantifier', in: 'set membership', subset: 'a set relation', mid: 'a conditional',
  otimes: 'a tensor product', oplus: 'a direct sum', circ: 'a composition',
};
/** Commands that are such operators (the rest of NOT_EVALUABLE are names inside \operatorname, \mathrm…). */
const CMD_NOT_EVALUABLE = new Set(['Pr', 'argmax', 'argmin', 'arg', 'int', 'iint', 'iiint', 'oint', 'partial', 'nabla', 'lim', 'sup', 'inf', 'limsup', 'liminf', 'top', 'intercal', 'forall', 'exists', 'in', 'subset', 'mid', 'otimes', 'oplus', 'circ']);
const NOT_EVALUABLE_HINT = 'Model Math evaluates numbers: compute it and write its value, or bind a name to it';

/** Relations whose right side is not evaluated. */
const OPEN_CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '\\}', '|': '|', lvert: '\\rvert', lfloor: '\\rfloor', lceil: '\\rceil', langle: '\\rangle', lVert: '\\rVert' };

/** Turns a text name (from a subscript, \text{…}, an accent) into a mathjs name, or undefined. */
export function nameFromText(text: string): string | undefined {
  const t = text
    .replace(/\\_/g, '_')
    .replace(/\\(?:mathrm|mathbf|mathit|mathsf|mathtt|mathcal|mathscr|mathfrak|textrm|textit|textbf|textsf|texttt|textnormal|text|operatorname\*?|boldsymbol|bm|pmb|rm|bf|it|sf|tt|cal|mathnormal)(?![A-Za-z])\s*/g, '')
    .replace(/\\[,;:! ]/g, '')
    .replace(/\\(hat|widehat|bar|overline|tilde|widetilde|dot|ddot|vec|check)\s*\{([^{}]*)\}/g, (_m, acc: string, inner: string) => `${inner}_${ACCENTS[acc] ?? acc}`)
    .replace(/\\(min|max|prime|star|ast)(?![A-Za-z])/g, (_m, w: string) => (w === 'ast' ? 'star' : w))
    .replace(/\\([A-Za-z]+)/g, (_m, w: string) => (GREEK.has(w) ? w.replace(/^var/, '') : `\\${w}`))
    .replace(/[{}\s]/g, '')
    .replace(/\*/g, '_star')
    .replace(/'/g, '_prime')
    .replace(/[()]/g, (c) => (c === '(' ? '_' : ''))
    .replace(/[,+\-=]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '');
  return !t.includes('\\') && /^[A-Za-z0-9_]+$/.test(t) ? t : undefined;
}

let markerCount = 0;

/** Most tokens macro expansion may produce in one formula (a macro doubling itself stops here). */
const MAX_EXPANDED_TOKENS = 200_000;

/** Expands the document's macros in the token list (bounded: a self-referencing \def is an error). */
function expandMacros(tokens: Token[], src: string, macros: Macros): Token[] {
  if (Object.keys(macros).length === 0) return tokens;
  const out: Token[] = [];
  let expansions = 0;
  let produced = 0;
  // A stack, top = next token: expansion pushes in reverse, so nothing is shifted (linear time).
  const stack = tokens.slice().reverse();
  const top = () => stack[stack.length - 1];
  const bodies = new Map<string, Token[]>();
  const textOf = (ts: Token[]) => ts.map((x) => (x.kind === 'cmd' ? `\\${x.value} ` : x.value)).join('');
  while (stack.length > 0) {
    const t = stack.pop() as Token;
    const m = t.kind === 'cmd' && Object.prototype.hasOwnProperty.call(macros, t.value) ? macros[t.value] : undefined;
    if (!m) {
      out.push(t);
      continue;
    }
    if (++expansions > MAX_EXPANSIONS) throw expansionError(t.value, t.start, t.end);
    // Arguments: an optional [default] first, then braced groups or single tokens.
    const args: string[] = [];
    const takeGroup = (): string => {
      const first = top();
      if (!first || first.kind === 'eof') throw new FormulaError(`The macro '\\${t.value}' needs ${m.params} argument${m.params === 1 ? '' : 's'}`, t.start, t.end);
      if (first.kind === 'sym' && first.value === '{') {
        let depth = 0;
        const inner: Token[] = [];
        for (;;) {
          const x = stack.pop();
          if (!x || x.kind === 'eof') throw new FormulaError(`Unclosed '{' in the argument of '\\${t.value}'`, t.start, t.end);
          if (x.kind === 'sym' && x.value === '{' && depth++ === 0) continue;
          if (x.kind === 'sym' && x.value === '}' && --depth === 0) break;
          inner.push(x);
        }
        return textOf(inner);
      }
      return textOf([stack.pop() as Token]);
    };
    for (let k = 0; k < m.params; k++) {
      if (k === 0 && m.optional !== undefined) {
        const open = top();
        if (open?.kind === 'sym' && open.value === '[') {
          stack.pop();
          const inner: Token[] = [];
          while (top() && !(top()?.kind === 'sym' && top()?.value === ']') && top()?.kind !== 'eof') inner.push(stack.pop() as Token);
          stack.pop();
          args.push(textOf(inner));
        } else args.push(m.optional);
        continue;
      }
      args.push(takeGroup());
    }
    let expanded: Token[];
    try {
      if (m.params === 0) {
        let cached = bodies.get(t.value);
        if (!cached) {
          cached = tokenize(m.body).filter((x) => x.kind !== 'eof');
          bodies.set(t.value, cached);
        }
        expanded = cached;
      } else {
        expanded = tokenize(m.body.replace(/#([1-9])/g, (_x, d: string) => args[Number(d) - 1] ?? '')).filter((x) => x.kind !== 'eof');
      }
    } catch (err) {
      throw new FormulaError(`In the macro '\\${t.value}': ${err instanceof Error ? err.message : String(err)}`, t.start, t.end);
    }
    produced += expanded.length;
    if (produced > MAX_EXPANDED_TOKENS) throw new FormulaError(`The macro '\\${t.value}' expands to more than ${MAX_EXPANDED_TOKENS.toLocaleString('en-US')} tokens; Model Math stops there`, t.start, t.end);
    // Expanded tokens point at the macro's use in the formula (for error columns); the parser
    // reads only their kind and value.
    for (let i = expanded.length - 1; i >= 0; i--) stack.push({ ...(expanded[i] as Token), start: t.start, end: t.end });
  }
  void src;
  return out;
}

class Parser {
  private i = 0;
  /** Closing delimiters we are inside, innermost last; implicit products stop at them. */
  private readonly closers: string[] = [];
  readonly alternatives: Alternative[] = [];

  constructor(
    private readonly toks: Token[],
    private readonly src: string,
    private readonly isFunction: (name: string) => string | undefined,
  ) {}

  private get t(): Token {
    return this.toks[this.i] as Token;
  }

  private atEnd(): boolean {
    return this.t.kind === 'eof';
  }

  private next(): Token {
    const t = this.t;
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isSym(v: string, t = this.t): boolean {
    return t !== undefined && t.kind === 'sym' && t.value === v;
  }

  private isCmd(v: string, t = this.t): boolean {
    return t !== undefined && t.kind === 'cmd' && t.value === v;
  }

  private expectSym(v: string, what: string): Token {
    if (!this.isSym(v)) throw this.error(`Expected '${v}' ${what}`, this.t);
    return this.next();
  }

  /** The text of token t as written (a macro's expansion shows the macro's use). */
  private written(t: Token): string {
    return t.kind === 'cmd' ? `\\${t.value}` : t.kind === 'eof' ? '' : t.value;
  }

  error(message: string, t: Token): FormulaError {
    const found = t.kind === 'eof' ? 'the end of the formula' : `'${this.written(t)}'`;
    return new FormulaError(`${message}, found ${found} at column ${t.start + 1}`, t.start, t.end);
  }

  private notEvaluable(construct: string, key: string, t: Token, end = t.end): FormulaError {
    const what = NOT_EVALUABLE[key] ?? 'an operator';
    return new FormulaError(`'${construct}' (${what}) cannot be evaluated at column ${t.start + 1}: ${NOT_EVALUABLE_HINT}`, t.start, end);
  }

  private alternative(kind: Alternative['kind'], name: string, bound: string, unbound: Alternative['unbound']): string {
    const marker = `ALT__${markerCount++ % 1_000_000}__`;
    this.alternatives.push({ marker, kind, name, bound, unbound });
    return marker;
  }

  /** Skips tokens that carry no value: spacing commands, \label{…}, alignment '&', delimiters, macro definitions. */
  private skipNoise(): void {
    for (;;) {
      const t = this.t;
      if (t.kind === 'cmd' && IGNORED.has(t.value)) {
        this.next();
      } else if (t.kind === 'cmd' && (t.value === 'left' || t.value === 'right') && this.isSym('.', this.toks[this.i + 1])) {
        this.i += 2;
      } else if (t.kind === 'cmd' && DROP_ARGUMENT.has(t.value)) {
        this.next();
        if (this.isSym('{')) this.rawGroup();
      } else if (this.isSym('&') || this.isSym('$') || (t.kind === 'cmd' && ['(', ')', '[', ']'].includes(t.value))) {
        this.next();
      } else if (t.kind === 'cmd' && ['newcommand', 'renewcommand', 'providecommand', 'DeclareMathOperator', 'def'].includes(t.value)) {
        this.skipDefinition();
      } else if (t.kind === 'cmd' && (t.value === 'begin' || t.value === 'end')) {
        this.next();
        const env = this.rawGroup();
        if (!ENVIRONMENTS.has(env)) throw new FormulaError(`Unsupported environment '${env}' (supported: equation, align, gather, multline, split)`, t.start, this.toks[this.i - 1]?.end);
        if (t.value === 'begin' && env.startsWith('alignat')) this.rawGroup();
      } else return;
    }
  }

  /** A macro definition inside the formula was collected beforehand; here it is skipped. */
  private skipDefinition(): void {
    this.next();
    if (this.isSym('*')) this.next();
    if (this.isSym('{')) this.rawGroup();
    else if (this.t.kind === 'cmd') this.next();
    while (this.isSym('#') || this.t.kind === 'num') this.next();
    while (this.isSym('[')) {
      while (!this.atEnd() && !this.isSym(']')) this.next();
      this.next();
    }
    if (this.isSym('{')) this.rawGroup();
  }

  /** The text of a braced group, as written (for \label, \text, \begin). */
  private rawGroup(): string {
    const open = this.expectSym('{', 'after the command');
    let depth = 1;
    const parts: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') throw new FormulaError(`Unclosed '{' opened at column ${open.start + 1}`, open.start, open.end);
      if (this.isSym('{', t)) depth++;
      if (this.isSym('}', t) && --depth === 0) return parts.join('').trim();
      parts.push(t.kind === 'cmd' ? (/^[A-Za-z]/.test(t.value) ? `\\${t.value} ` : `\\${t.value}`) : t.value);
    }
  }

  statements(): LatexStatement[] {
    const out: LatexStatement[] = [];
    for (;;) {
      this.skipNoise();
      while (this.isCmd('\\') || this.isSym(';') || this.isSym('.') || this.isSym(',')) {
        this.next();
        this.skipNoise();
      }
      if (this.atEnd()) break;
      const before = this.alternatives.length;
      const st = this.statement();
      out.push({ ...st, alternatives: this.alternatives.slice(before) });
      this.skipNoise();
      if (this.isSym(',') || this.isSym('.')) this.next(); // punctuation after a display formula
      this.skipNoise();
      if (!this.atEnd() && !this.isCmd('\\') && !this.isSym(';')) throw this.error('Unexpected token', this.t);
    }
    if (out.length === 0) throw new FormulaError('The formula is empty', 0, this.src.length);
    return out;
  }

  /** The relation at the current token, consumed; undefined when there is none. */
  private relation(): Relation | undefined {
    this.skipNoise();
    const t = this.t;
    if (this.isSym('=')) {
      this.next();
      return '=';
    }
    if (this.isSym(':') && this.isSym('=', this.toks[this.i + 1])) {
      this.i += 2;
      return ':=';
    }
    if (this.isSym('<') || this.isSym('>')) {
      this.next();
      if (this.isSym('=')) {
        this.next();
        return t.value === '<' ? '≤' : '≥';
      }
      return t.value === '<' ? '<' : '>';
    }
    if (t.kind === 'cmd' && (t.value === 'stackrel' || t.value === 'overset')) {
      // \stackrel{\text{def}}{=}, \overset{!}{=}: a definition (or a demanded equality).
      const save = this.i;
      this.next();
      if (this.isSym('{')) this.rawGroup();
      else this.next();
      if (this.isSym('{') && this.isSym('=', this.toks[this.i + 1]) && this.isSym('}', this.toks[this.i + 2])) {
        this.i += 3;
        return ':=';
      }
      this.i = save;
      return undefined;
    }
    if (t.kind === 'cmd' && t.value === 'not' && this.isSym('=', this.toks[this.i + 1])) {
      this.i += 2;
      return '≠';
    }
    if (t.kind === 'cmd' && Object.prototype.hasOwnProperty.call(LATEX_RELATIONS, t.value)) {
      this.next();
      return LATEX_RELATIONS[t.value];
    }
    return undefined;
  }

  private statement(): Omit<LatexStatement, 'alternatives'> {
    const sides = [this.signature() ?? this.expression()];
    const relations: Relation[] = [];
    for (;;) {
      const rel = this.relation();
      if (rel === undefined) break;
      if (rel === '~') {
        // x \sim \mathcal{N}(0, 1), a \propto b: commentary, not checked; the value is the left side.
        while (!this.atEnd() && !this.isCmd('\\') && !this.isSym(';')) this.next();
        break;
      }
      relations.push(rel);
      sides.push(this.expression());
    }
    return { sides, relations };
  }

  /**
   * A function signature on the left of a definition, `L(N, D) =`, `\hat{L}(N, D) \triangleq`,
   * `\text{FL}(p_t) =`: name(params) followed by =, :=, ≈. Restores the position when it is not one.
   */
  private signature(): string | undefined {
    const save = this.i;
    const savedAlternatives = this.alternatives.length;
    const restore = () => {
      this.i = save;
      this.alternatives.length = savedAlternatives;
      return undefined;
    };
    try {
      const name = this.plainName();
      if (name === undefined || !this.isSym('(')) return restore();
      this.next();
      const params: string[] = [];
      for (;;) {
        this.skipNoise();
        const p = this.plainName();
        if (p === undefined) return restore();
        params.push(p);
        if (this.isSym(',')) {
          this.next();
          continue;
        }
        if (!this.isSym(')')) return restore();
        this.next();
        break;
      }
      const at = this.i;
      const rel = this.relation();
      this.i = at;
      if (rel !== '=' && rel !== ':=' && rel !== '≈') return restore();
      if (this.isFunction(name) !== undefined) return restore(); // \sin(x) = … is a check, not a definition of sin
      return `${name}(${params.join(', ')})`;
    } catch {
      return restore();
    }
  }

  /** One name, as on the left of a definition: a letter, a Greek letter, an accent or font, with subscripts and primes. */
  private plainName(): string | undefined {
    this.skipNoise();
    const t = this.t;
    let base: string | undefined;
    if (t.kind === 'letter') {
      this.next();
      base = t.value;
    } else if (t.kind === 'cmd' && (GREEK.has(t.value) || t.value === 'ell')) {
      this.next();
      base = t.value.replace(/^var/, '');
    } else if (t.kind === 'cmd' && (t.value in ACCENTS || FONTS.has(t.value))) {
      base = this.wrappedName(t);
    }
    if (base === undefined) return undefined;
    return this.subscripts(base);
  }

  /** \hat{L} → L_hat, \mathcal{B} → B, \text{model} → model (the command is the current token). */
  private wrappedName(t: Token): string {
    this.next();
    let inner: string;
    if (this.isSym('{')) inner = this.rawGroup();
    else {
      const x = this.next();
      inner = x.kind === 'cmd' ? `\\${x.value}` : x.value;
    }
    const accent = ACCENTS[t.value];
    const name = nameFromText(inner.replace(/\\,|\\ /g, '').replace(/^PF-days?$/, 'PFday'));
    if (name === undefined) throw new FormulaError(`Cannot read '\\${t.value}{${inner}}' as a name (letters, digits and _ only) at column ${t.start + 1}`, t.start, this.toks[this.i - 1]?.end ?? t.end);
    return accent ? `${name}_${accent}` : name;
  }

  expression(): string {
    let out = this.term();
    for (;;) {
      this.skipNoise();
      if (this.isSym('+') || this.isSym('-')) {
        const op = this.next().value;
        out = `${out} ${op} ${this.term()}`;
      } else if (this.isCmd('pm') || this.isCmd('mp')) {
        throw this.error(`'\\${this.t.value}' has two values; write + or -`, this.t);
      } else return out;
    }
  }

  private term(): string {
    let out = this.unary();
    for (;;) {
      this.skipNoise();
      const t = this.t;
      if (this.isSym('*') || this.isCmd('cdot') || this.isCmd('times') || this.isCmd('ast') || this.isCmd('odot')) {
        this.next();
        out = `${out} * ${this.unary()}`;
      } else if (this.isSym('/') || this.isCmd('div')) {
        this.next();
        out = `${out} / ${this.unary()}`;
      } else if (this.startsFactor(t)) {
        // 13.04\,\text{GiB}: a number then a text name multiply implicitly, so a unit reads as a unit.
        const unitLike = /^\d+(?:\.\d+)?$/.test(out) && t.kind === 'cmd' && FONTS.has(t.value);
        out = `${out}${unitLike ? ' ' : ' * '}${this.postfix()}`;
      } else return out;
    }
  }

  private unary(): string {
    this.skipNoise();
    if (this.isSym('-')) {
      this.next();
      return `-${this.unary()}`;
    }
    if (this.isSym('+')) {
      this.next();
      return this.unary();
    }
    return this.postfix();
  }

  /** Can this token begin an implicitly multiplied factor? */
  private startsFactor(t: Token): boolean {
    if (t.kind === 'num' || t.kind === 'letter') return true;
    if (t.kind === 'sym') {
      if (t.value === '|') return this.closers[this.closers.length - 1] !== '|';
      return t.value === '(' || t.value === '[' || t.value === '{';
    }
    if (t.kind === 'cmd') {
      if (this.closers.includes(`\\${t.value}`) || t.value === 'right' || t.value === '\\' || t.value === 'end' || t.value === 'not') return false;
      if (Object.prototype.hasOwnProperty.call(LATEX_RELATIONS, t.value) || t.value === 'stackrel' || t.value === 'overset') return false;
      return !['cdot', 'times', 'div', 'ast', 'odot', 'pm', 'mp', 'to', 'label', 'tag'].includes(t.value) && !IGNORED.has(t.value);
    }
    return false;
  }

  private postfix(): string {
    let base = this.primary();
    for (;;) {
      if (this.isSym('^')) {
        const at = this.next();
        base = `(${base})^(${this.superscript(at).power ?? '1'})`;
      } else if (this.isSym('!')) {
        this.next();
        base = `(${base})!`;
      } else return base;
    }
  }

  /** A braced group or a single token, as used by ^, \frac and \sqrt arguments. */
  private argument(): string {
    this.skipNoise();
    const t = this.t;
    if (this.isSym('{')) {
      this.next();
      this.closers.push('}');
      const e = this.expression();
      this.closers.pop();
      this.skipNoise();
      this.expectSym('}', 'to close the group');
      return e;
    }
    if (t.kind === 'num') {
      // \frac12 means 1/2: a bare argument is one digit.
      this.next();
      if (t.value.length > 1 && !t.value.includes('.')) {
        this.toks.splice(this.i, 0, { kind: 'num', value: t.value.slice(1), start: t.start + 1, end: t.end });
        return t.value[0] as string;
      }
      return t.value;
    }
    if (t.kind === 'letter') {
      this.next();
      return t.value;
    }
    if (t.kind === 'cmd') return this.primary();
    if (this.isSym('-')) {
      this.next();
      return `-${this.argument()}`;
    }
    throw this.error('Expected an argument', t);
  }

  /**
   * What follows '^': a power, or a label that belongs to the name — `^*`, `^\star`, `^\prime`,
   * `^{(l)}` (an index in parentheses), `^{\text{KV}}` / `^{\rm R}` (a label in text). `^\top` is a
   * transpose and cannot be evaluated.
   */
  private superscript(at: Token): { power?: string; label?: string } {
    const t = this.t;
    if (this.isSym('*') || this.isCmd('star') || this.isCmd('ast')) {
      this.next();
      return { label: 'star' };
    }
    if (this.isCmd('prime')) {
      this.next();
      return { label: 'prime' };
    }
    if (this.isCmd('top') || this.isCmd('intercal')) throw this.notEvaluable(`^\\${t.value}`, 'top', at, t.end);
    if (this.isSym('{')) {
      const next = this.toks[this.i + 1];
      if (next && (this.isCmd('top', next) || this.isCmd('intercal', next))) throw this.notEvaluable(`^{\\${next.value}}`, 'top', at, next.end);
      if (next && this.isSym('(', next)) {
        // ^{(l)}: an index, part of the name.
        const save = this.i;
        const raw = this.rawGroup();
        const label = /^\((.*)\)$/.exec(raw) ? nameFromText(raw) : undefined;
        if (label !== undefined) return { label };
        this.i = save;
      }
      if (next && next.kind === 'cmd' && (next.value === 'text' || next.value === 'rm' || next.value === 'mathrm' || next.value === 'textrm' || next.value === 'operatorname')) {
        const save = this.i;
        const raw = this.rawGroup();
        const label = /^\\(?:text|rm|mathrm|textrm|operatorname)\b/.test(raw) ? nameFromText(raw) : undefined;
        if (label !== undefined && /[A-Za-z]/.test(label)) return { label };
        this.i = save;
      }
    }
    return { power: this.argument() };
  }

  /**
   * Sub- and superscripts after a name, in either order: x_i^2 = x^2_i = (x_i)². Subscripts and
   * labels join the name; a superscript is a power.
   */
  private subscripts(base: string): string {
    let name = base;
    let power: string | undefined;
    for (;;) {
      if (this.isSym('_')) {
        const us = this.next();
        name += `_${this.subscriptText(us)}`;
      } else if (this.isSym("'")) {
        this.next();
        name += '_prime';
      } else if (this.isSym('^') && power === undefined) {
        const at = this.next();
        const s = this.superscript(at);
        if (s.label !== undefined) name += `_${s.label}`;
        else power = s.power;
      } else break;
    }
    return power === undefined ? name : `(${name})^(${power})`;
  }

  private subscriptText(at: Token): string {
    const t = this.t;
    let text: string;
    if (this.isSym('{')) text = this.rawGroup();
    else if (t.kind === 'num' || t.kind === 'letter') {
      this.next();
      text = t.kind === 'num' ? (t.value[0] as string) : t.value;
      if (t.kind === 'num' && t.value.length > 1) this.toks.splice(this.i, 0, { kind: 'num', value: t.value.slice(1), start: t.start + 1, end: t.end });
    } else if (this.isSym('*')) {
      this.next();
      text = 'star';
    } else if (t.kind === 'cmd' && (FONTS.has(t.value) || t.value in ACCENTS)) {
      return this.wrappedName(t);
    } else if (t.kind === 'cmd') {
      this.next();
      text = `\\${t.value}`;
    } else throw this.error('Expected a subscript', t);
    const flat = nameFromText(text);
    if (flat === undefined) throw new FormulaError(`Cannot use '${text}' as a subscript name (letters, digits, Greek letters and text only)`, at.start, this.toks[this.i - 1]?.end);
    return flat;
  }

  private primary(): string {
    this.skipNoise();
    const t = this.t;
    switch (t.kind) {
      case 'num':
        this.next();
        return t.value;
      case 'letter':
        return this.letters();
      case 'sym':
        return this.symbolPrimary(t);
      case 'cmd':
        return this.command(t);
      default:
        throw this.error('Expected a number, a name or a formula', t);
    }
  }

  /**
   * Letters written together. `step\_num` (escaped underscores) is one name. A run such as `pos` or
   * `sbh` is one name when the scope binds it and a product of single letters otherwise (the
   * evaluator picks, see Alternative); followed by '(' and naming a function (`softmax(x)`), a call.
   * `O(…)` is big-O notation unless O is bound.
   */
  private letters(): string {
    const first = this.next();
    let word = first.value;
    const letters = [first.value];
    let joined = false;
    for (;;) {
      const t = this.t;
      const prev = this.toks[this.i - 1] as Token;
      if (t.kind === 'letter' && t.start === prev.end) {
        this.next();
        word += t.value;
        letters.push(t.value);
      } else if (this.isCmd('_', t) && t.start === prev.end && this.toks[this.i + 1]?.kind === 'letter') {
        this.next();
        word += '_';
        joined = true;
      } else if (t.kind === 'num' && joined && t.start === prev.end) {
        this.next();
        word += t.value;
      } else break;
    }
    if (joined) return this.subscripts(word);
    if (letters.length === 1 && word === 'O' && this.isSym('(')) {
      const open = this.t;
      const inner = this.delimited(')', open);
      return this.alternative('call', 'O', `O * (${inner})`, { error: `'O(…)' at column ${first.start + 1} is big-O notation (an order of growth), which has no value: write the expression inside, or bind O to use it as a variable` });
    }
    if (letters.length === 1) return this.subscripts(word);
    if (this.isSym('(')) {
      const fn = this.isFunction(word);
      if (fn !== undefined) return this.functionCall(undefined, fn);
    }
    // Sub- and superscripts attach to the last letter of the product, or to the whole name.
    const suffix = this.subscripts('');
    const m = /^\(_?([^)]*)\)\^\((.*)\)$/s.exec(suffix);
    const sub = m ? (m[1] as string) : suffix.replace(/^_/, '');
    const power = m ? m[2] : undefined;
    const last = letters[letters.length - 1] as string;
    const lastName = sub === '' ? last : `${last}_${sub}`;
    const asName = sub === '' ? word : `${word}_${sub}`;
    const product = [...letters.slice(0, -1), power === undefined ? lastName : `(${lastName})^(${power})`].join(' * ');
    return this.alternative('name', asName, power === undefined ? asName : `(${asName})^(${power})`, `(${product})`);
  }

  private symbolPrimary(t: Token): string {
    if (t.value === '(' || t.value === '[') return `(${this.delimited(t.value === '(' ? ')' : ']', t)})`;
    if (t.value === '{') return `(${this.delimited('}', t)})`;
    if (t.value === '|') return `abs(${this.delimited('|', t)})`;
    throw this.error('Expected a number, a name or a formula', t);
  }

  /** A closer is a symbol ('|', ')') or a command written with its backslash ('\\rfloor'). */
  private atCloser(close: string, t = this.t): boolean {
    return close.startsWith('\\') ? this.isCmd(close.slice(1), t) : this.isSym(close, t);
  }

  /** open … close; the open token is current. Returns the inner expression. */
  private delimited(close: string, at: Token, viaRight = false): string {
    this.next();
    this.closers.push(close);
    const inner = this.expression();
    this.closers.pop();
    this.skipNoise();
    if (viaRight) {
      if (!this.isCmd('right')) throw this.error(`Expected \\right to close \\left at column ${at.start + 1}`, this.t);
      this.next();
    }
    if (!this.atCloser(close)) throw this.error(`Expected '${close}' to close the '${this.written(at)}' at column ${at.start + 1}`, this.t);
    this.next();
    return inner;
  }

  /** Is the current token the start of an argument list: ( or [ or \left( ? */
  private atArguments(): boolean {
    return this.isSym('(') || this.isSym('[') || (this.isCmd('left') && (this.isSym('(', this.toks[this.i + 1]) || this.isSym('[', this.toks[this.i + 1])));
  }

  private command(t: Token): string {
    const name = t.value;
    if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
      this.next();
      const num = this.argument();
      const den = this.argument();
      return `((${num}) / (${den}))`;
    }
    if (name === 'sqrt') {
      this.next();
      if (this.isSym('[')) {
        const open = this.next();
        this.closers.push(']');
        const degree = this.expression();
        this.closers.pop();
        if (!this.isSym(']')) throw this.error(`Expected ']' to close the root degree opened at column ${open.start + 1}`, this.t);
        this.next();
        return `nthRoot(${this.argument()}, ${degree})`;
      }
      return `sqrt(${this.argument()})`;
    }
    if (name === 'binom' || name === 'dbinom' || name === 'tbinom') {
      this.next();
      const n = this.argument();
      const k = this.argument();
      return `combinations(${n}, ${k})`;
    }
    if (name === 'left') {
      this.next();
      const open = this.t;
      if (open.kind === 'sym' && open.value === '{') throw this.error('Write \\left\\{ for a brace delimiter', open);
      const close = OPEN_CLOSE[open.value];
      if (!close || (open.kind !== 'sym' && open.kind !== 'cmd')) throw this.error('Unsupported \\left delimiter', open);
      return this.wrapDelimited(open.kind === 'cmd' && open.value === '|' ? 'lVert' : open.value, this.delimited(open.kind === 'cmd' && open.value === '|' ? '\\|' : close, t, true));
    }
    if (name === '|') return `norm(${this.delimited('\\|', t)})`;
    if (name in OPEN_CLOSE && name !== '(' && name !== '[' && name !== '|') {
      return this.wrapDelimited(name, this.delimited(OPEN_CLOSE[name] as string, t));
    }
    if (name === 'sum' || name === 'prod') return this.bigOperator(t);
    if (name === 'pi') {
      this.next();
      return this.subscripts('pi');
    }
    if (name === 'infty') {
      this.next();
      return 'Infinity';
    }
    if (GREEK.has(name) || name === 'ell') {
      this.next();
      const greek = name.replace(/^var/, '');
      const named = this.subscripts(greek);
      // σ(x) is the sigmoid when σ has no value; Θ(…)/Ω(…) are orders of growth.
      if (named === greek && this.atArguments() && (greek === 'sigma' || greek === 'Theta' || greek === 'Omega')) {
        const open = this.t;
        const viaLeft = this.isCmd('left');
        if (viaLeft) this.next();
        const close = this.isSym('(') ? ')' : ']';
        const inner = this.delimited(close, this.t, viaLeft);
        void open;
        if (greek === 'sigma') return this.alternative('call', 'sigma', `sigma * (${inner})`, `sigmoid(${inner})`);
        return this.alternative('call', greek, `${greek} * (${inner})`, { error: `'\\${greek}(…)' at column ${t.start + 1} reads as an order of growth, which has no value: bind ${greek} to use it as a variable` });
      }
      return named;
    }
    if (name in FUNCTIONS) return this.functionCall(t, FUNCTIONS[name] as string);
    if (name === 'mathbb' || name === 'mathbbm') {
      const at = this.t;
      this.next();
      const inner = this.isSym('{') ? this.rawGroup() : this.next().value;
      const key = inner === 'E' ? 'E' : inner === 'P' ? 'Pr' : inner === 'V' ? 'Var' : 'mathbb';
      throw this.notEvaluable(`\\${name}{${inner}}`, key, at, this.toks[this.i - 1]?.end);
    }
    if (CMD_NOT_EVALUABLE.has(name)) throw this.notEvaluable(`\\${name}`, name, t);
    if (name in ACCENTS) return this.subscripts(this.wrappedName(t));
    if (FONTS.has(name)) return this.fontName(t);
    throw new FormulaError(`Unknown LaTeX command '\\${name}' at column ${t.start + 1}${name === '_' ? ' (write step\\_num with letters on both sides, or \\text{step_num})' : ''}`, t.start, t.end);
  }

  /**
   * \text{…}, \mathrm{…}, \operatorname{…}, \mathcal{…}: a name; followed by ( and naming a
   * function, a call (\text{erf}(x), \operatorname{GELU}(x)); an operator that has no value
   * (\operatorname{Var}, \mathrm{E}[x]) is an error that names it.
   */
  private fontName(t: Token): string {
    const start = t.start;
    this.next();
    if (this.isSym('*')) this.next(); // \operatorname*{argmax}
    const raw = this.isSym('{') ? this.rawGroup() : this.written(this.next());
    const text = raw.replace(/\\,|\\ |\s/g, '').replace(/\\_/g, '_').replace(/^PF-days?$/, 'PFday');
    const construct = `\\${t.value}{${raw}}`;
    const end = this.toks[this.i - 1]?.end ?? t.end;
    const key = text.replace(/^(?:\\mathrm|\\text)/, '');
    const operatorLike = t.value === 'operatorname' || t.value === 'operatorname*';
    if (Object.prototype.hasOwnProperty.call(NOT_EVALUABLE, key) && (operatorLike || key.length > 1 || this.atArguments())) {
      if (key !== 'H' && key !== 'I' && key !== 'P') throw this.notEvaluable(construct, key, { ...t, start }, end);
      if (this.atArguments()) throw this.notEvaluable(construct, key, { ...t, start }, end);
    }
    if (t.value === 'mathcal' && text === 'O' && this.atArguments()) throw new FormulaError(`'${construct}(…)' at column ${start + 1} is big-O notation (an order of growth), which has no value: write the expression inside`, start, end);
    const name = nameFromText(text);
    if (name === undefined) throw new FormulaError(`Cannot use '${raw}' as a name (letters, digits and _ only) at column ${start + 1}`, start, end);
    if (this.atArguments() || operatorLike) {
      const fn = this.isFunction(name);
      if (fn !== undefined) return this.functionCall(undefined, fn);
      if (operatorLike) throw new FormulaError(`Unknown function '${construct}' at column ${start + 1}: Model Math has no function '${name}' (library: see 'modelmath eval --help'); define it in a worksheet or with \\newcommand`, start, end);
      if (this.isSym('(') && name.length > 1 && /^[A-Za-z]/.test(name)) return this.functionCall(undefined, name);
    }
    return this.subscripts(name);
  }

  private wrapDelimited(key: string, inner: string): string {
    if (key === '|' || key === 'lvert') return `abs(${inner})`;
    if (key === 'lVert') return `norm(${inner})`;
    if (key === 'lfloor') return `floor(${inner})`;
    if (key === 'lceil') return `ceil(${inner})`;
    return `(${inner})`;
  }

  /** \sum_{i=a}^{b} body and \prod likewise: body is the following product of factors. */
  private bigOperator(t: Token): string {
    this.next();
    this.skipNoise();
    if (!this.isSym('_')) throw this.error(`\\${t.value} needs bounds like _{i=1}^{n}`, this.t);
    this.next();
    if (!this.isSym('{')) throw this.error(`\\${t.value} needs bounds like _{i=1}^{n}; a sum over a set or an unbounded index cannot be evaluated`, this.t);
    const open = this.expectSym('{', `after \\${t.value}_`);
    const v = this.t;
    if (v.kind !== 'letter' && !(v.kind === 'cmd' && GREEK.has(v.value))) throw this.error('Expected the index variable', v);
    this.next();
    const index = this.subscripts(v.value);
    if (!this.isSym('=')) throw this.error(`\\${t.value} needs bounds like _{i=1}^{n}; a sum over a set cannot be evaluated`, this.t);
    this.expectSym('=', 'after the index variable');
    this.closers.push('}');
    const lo = this.expression();
    this.closers.pop();
    if (!this.isSym('}')) throw this.error(`Expected '}' to close the bound opened at column ${open.start + 1}`, this.t);
    this.next();
    this.skipNoise();
    if (!this.isSym('^')) throw this.error(`\\${t.value} needs an upper bound ^{…}`, this.t);
    this.next();
    const hi = this.argument();
    const body = this.term();
    return `${t.value === 'sum' ? 'sum_over' : 'prod_over'}(${index}, ${lo}, ${hi}, ${body})`;
  }

  /** \sin x, \sin^2 x, \log_{b} x, \max(a, b), \operatorname{erf}(x). */
  private functionCall(t: Token | undefined, fn: string): string {
    if (t) this.next();
    let power: string | undefined;
    let base: string | undefined;
    for (;;) {
      if (this.isSym('^')) {
        this.next();
        power = this.argument();
      } else if (this.isSym('_')) {
        this.next();
        base = this.argument();
      } else break;
    }
    this.skipNoise();
    let args: string[];
    if (this.isSym('(') || this.isSym('[') || this.isCmd('left')) {
      const viaLeft = this.isCmd('left');
      if (viaLeft) this.next();
      const open = this.t;
      if (!this.isSym('(') && !this.isSym('[')) throw this.error('Expected ( after \\left', open);
      const close = open.value === '(' ? ')' : ']';
      this.next();
      this.closers.push(close);
      args = [this.expression()];
      while (this.isSym(',')) {
        this.next();
        args.push(this.expression());
      }
      this.closers.pop();
      this.skipNoise();
      if (viaLeft) {
        if (!this.isCmd('right')) throw this.error(`Expected \\right${close}`, this.t);
        this.next();
      }
      if (!this.isSym(close)) throw this.error(`Expected '${close}' to close the arguments opened at column ${open.start + 1}`, this.t);
      this.next();
    } else {
      // Unparenthesised argument: the implicit product that follows, up to an operator or the next
      // function (\log 2n = log(2n); \sin x \cos y = sin(x)·cos(y)).
      let arg = this.postfix();
      while (this.startsFactor(this.t) && !(this.t.kind === 'cmd' && (this.t.value in FUNCTIONS || this.t.value === 'operatorname'))) arg = `${arg} * ${this.postfix()}`;
      args = [arg];
    }
    if (base !== undefined) {
      if (fn !== 'log' || args.length !== 1) throw new FormulaError(`Only \\log takes a base subscript`, t?.start, t?.end);
      args.push(base);
    }
    const call = `${fn}(${args.join(', ')})`;
    return power === undefined ? call : `(${call})^(${power})`;
  }
}

/** Translates LaTeX (bare, or inside $…$, \(…\), \[…\], equation or align) to mathjs statements. */
export function translateLatex(src: string, options: TranslateOptions = {}): LatexStatement[] {
  const tokens = expandMacros(tokenize(src), src, { ...collectLocalMacros(src), ...options.macros });
  const parser = new Parser(tokens, src, options.isFunction ?? (() => undefined));
  return parser.statements();
}

/** Definitions written inside the formula itself apply to it as well. */
function collectLocalMacros(src: string): Macros {
  return /\\(?:newcommand|renewcommand|providecommand|def|DeclareMathOperator)/.test(src) ? collectMacros(src) : {};
}

/**
 * Text is read as LaTeX when it starts with $ or contains a backslash command, a braced
 * super/subscript or a {,} thousands separator; plain mathjs syntax uses none of these.
 */
export function looksLikeLatex(text: string): boolean {
  return /^\s*\$/.test(text) || /\\[A-Za-z]|[\^_]\{|\{,\}/.test(text);
}
