// LaTeX as ML papers write it → mathjs expression text. Recursive descent over tokens; every
// error names the construct and its column. Conventions (docs/decisions/0002-formulas.md):
// single letters multiply implicitly (4nh^2 = 4·n·h²), \log is natural, subscripts join names
// (L_{train} → L_train), Greek letters are names (\kappa → kappa), \pi is π and e is Euler's
// number unless bound.
import { FormulaError } from '../errors';
import { tokenize, type Token } from './tokens';

export interface LatexStatement {
  /** `name = …` binds name; `name(a, b) = …` defines a function. */
  readonly target?: { readonly name: string; readonly params?: readonly string[] };
  /** mathjs expression text of the right-hand side (or of the whole statement). */
  readonly expr: string;
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
const IGNORED = new Set([',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits', 'nonumber', 'notag', 'left.', 'right.', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr']);
/** Commands whose braced argument is dropped. */
const DROP_ARGUMENT = new Set(['label', 'tag']);
/** Commands whose braced argument is a name. */
const NAME_WRAPPERS = new Set(['text', 'textrm', 'textit', 'textbf', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathtt', 'mathcal', 'mathbb', 'boldsymbol', 'bm', 'operatorname']);
const ENVIRONMENTS = new Set(['equation', 'equation*', 'align', 'align*', 'aligned', 'gather', 'gather*', 'split', 'multline', 'multline*', 'displaymath', 'math']);

/** Opening delimiter (symbol, or command name) → its closer (symbol, or \\command). */
/** Relations whose right side is not evaluated. */
const RELATIONS = new Set(['\\approx', '\\simeq', '\\sim', '\\equiv', '\\le', '\\leq', '\\ge', '\\geq', '\\neq', '\\ne', '\\propto', '<', '>']);

const OPEN_CLOSE: Record<string, string> = { '(': ')', '[': ']', '{': '\\}', '|': '|', lvert: '\\rvert', lfloor: '\\rfloor', lceil: '\\rceil', langle: '\\rangle' };

class Parser {
  private i = 0;
  /** Closing delimiters we are inside, innermost last; implicit products stop at them. */
  private readonly closers: string[] = [];

  constructor(
    private readonly toks: Token[],
    private readonly src: string,
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
    return t.kind === 'sym' && t.value === v;
  }

  private isCmd(v: string, t = this.t): boolean {
    return t.kind === 'cmd' && t.value === v;
  }

  private expectSym(v: string, what: string): Token {
    if (!this.isSym(v)) throw this.error(`Expected '${v}' ${what}`, this.t);
    return this.next();
  }

  error(message: string, t: Token): FormulaError {
    const found = t.kind === 'eof' ? 'the end of the formula' : `'${this.src.slice(t.start, t.end)}'`;
    return new FormulaError(`${message}, found ${found} at column ${t.start + 1}`, t.start, t.end);
  }

  /** Skips tokens that carry no value: spacing commands, \label{…}, alignment '&', delimiters. */
  private skipNoise(): void {
    for (;;) {
      const t = this.t;
      if (t.kind === 'cmd' && IGNORED.has(t.value)) {
        this.next();
      } else if (t.kind === 'cmd' && (t.value === 'left' || t.value === 'right') && this.isSym('.', this.toks[this.i + 1])) {
        this.i += 2;
      } else if (t.kind === 'cmd' && DROP_ARGUMENT.has(t.value)) {
        this.next();
        this.rawGroup();
      } else if (this.isSym('&') || this.isSym('$') || (t.kind === 'cmd' && ['(', ')', '[', ']'].includes(t.value))) {
        this.next();
      } else if (t.kind === 'cmd' && (t.value === 'begin' || t.value === 'end')) {
        this.next();
        const env = this.rawGroup();
        if (!ENVIRONMENTS.has(env)) throw new FormulaError(`Unsupported environment '${env}' (supported: equation, align, gather)`, t.start, this.toks[this.i - 1]?.end);
      } else return;
    }
  }

  /** The text of a braced group, as written (for \label, \text, \begin). */
  private rawGroup(): string {
    const open = this.expectSym('{', 'after the command');
    let depth = 1;
    const start = open.end;
    for (;;) {
      const t = this.next();
      if (t.kind === 'eof') throw new FormulaError(`Unclosed '{' opened at column ${open.start + 1}`, open.start, open.end);
      if (this.isSym('{', t)) depth++;
      if (this.isSym('}', t) && --depth === 0) return this.src.slice(start, t.start).trim();
    }
  }

  statements(): LatexStatement[] {
    const out: LatexStatement[] = [];
    for (;;) {
      this.skipNoise();
      while (this.isCmd('\\') || this.isSym(';')) {
        this.next();
        this.skipNoise();
      }
      if (this.atEnd()) break;
      out.push(this.statement());
      this.skipNoise();
      if (!this.atEnd() && !this.isCmd('\\') && !this.isSym(';') && !this.isSym(',')) throw this.error('Unexpected token', this.t);
      if (this.isSym(',')) this.next(); // a trailing comma after a display formula
    }
    if (out.length === 0) throw new FormulaError('The formula is empty', 0, this.src.length);
    return out;
  }

  private statement(): LatexStatement {
    const lhs = this.expression();
    this.skipNoise();
    // x \approx 0.17, a \le b: the value is the left side; the rest is commentary.
    if (RELATIONS.has(this.t.kind === 'cmd' ? `\\${this.t.value}` : this.t.value) && !this.isSym('=')) {
      while (!this.atEnd() && !this.isCmd('\\') && !this.isSym(';')) this.next();
      return { expr: lhs };
    }
    if (!this.isSym('=')) return { expr: lhs };
    this.next();
    const rhs = this.expression();
    // Chains like a = b = value: bind the first name, evaluate the last side.
    while (this.isSym('=')) {
      this.next();
      this.expression();
    }
    const name = /^([A-Za-z_][A-Za-z0-9_]*)$/.exec(lhs);
    if (name) return { target: { name: name[1] as string }, expr: rhs };
    // f(x) = … reads as f * (x) = …: a function definition with one parameter.
    const fn = /^([A-Za-z_][A-Za-z0-9_]*) \* \(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(lhs);
    if (fn) return { target: { name: fn[1] as string, params: [fn[2] as string] }, expr: rhs };
    // A relation between two expressions (e.g. a derivation step): its value is the right side.
    return { expr: rhs };
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
      if (this.isSym('*') || this.isCmd('cdot') || this.isCmd('times') || this.isCmd('ast')) {
        this.next();
        out = `${out} * ${this.unary()}`;
      } else if (this.isSym('/') || this.isCmd('div')) {
        this.next();
        out = `${out} / ${this.unary()}`;
      } else if (this.startsFactor(t)) {
        out = `${out} * ${this.postfix()}`;
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
      if (this.closers.includes(`\\${t.value}`) || t.value === 'right' || t.value === '\\' || t.value === 'end') return false;
      return !['cdot', 'times', 'div', 'ast', 'pm', 'mp', 'to', 'le', 'ge', 'leq', 'geq', 'neq', 'approx', 'equiv', 'sim', 'propto', 'label', 'tag'].includes(t.value) && !IGNORED.has(t.value);
    }
    return false;
  }

  private postfix(): string {
    let base = this.primary();
    for (;;) {
      if (this.isSym('^')) {
        this.next();
        base = `(${base})^(${this.argument()})`;
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
      return this.nameWithSubscript(t.value);
    }
    if (t.kind === 'cmd') return this.primary();
    if (this.isSym('-')) {
      this.next();
      return `-${this.argument()}`;
    }
    throw this.error('Expected an argument', t);
  }

  /** The subscript after a name, flattened: L_{train} → L_train, d_{\text{model}} → d_model. */
  private nameWithSubscript(name: string): string {
    let out = name;
    while (this.isSym('_')) {
      const us = this.next();
      out += `_${this.subscriptText(us)}`;
    }
    while (this.isSym("'")) {
      this.next();
      out += '_prime';
    }
    return out;
  }

  private subscriptText(at: Token): string {
    const t = this.t;
    let text: string;
    if (this.isSym('{')) text = this.rawGroup();
    else if (t.kind === 'num' || t.kind === 'letter') {
      this.next();
      text = t.kind === 'num' ? (t.value[0] as string) : t.value;
      if (t.kind === 'num' && t.value.length > 1) this.toks.splice(this.i, 0, { kind: 'num', value: t.value.slice(1), start: t.start + 1, end: t.end });
    } else if (t.kind === 'cmd') {
      this.next();
      text = t.value;
    } else throw this.error('Expected a subscript', t);
    const flat = text
      .replace(/\\(?:text|mathrm|mathit|mathbf|textrm|operatorname|boldsymbol)\s*/g, '')
      .replace(/\\([A-Za-z]+)/g, '$1')
      .replace(/[{}\s]/g, '')
      .replace(/[,-]/g, '_');
    if (!/^[A-Za-z0-9_]+$/.test(flat)) throw new FormulaError(`Cannot use '${text}' as a subscript name`, at.start, this.toks[this.i - 1]?.end);
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
        this.next();
        return this.nameWithSubscript(t.value);
      case 'sym':
        return this.symbolPrimary(t);
      case 'cmd':
        return this.command(t);
      default:
        throw this.error('Expected a number, a name or a formula', t);
    }
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
    if (!this.atCloser(close)) throw this.error(`Expected '${close}' to close the '${this.src.slice(at.start, at.end)}' at column ${at.start + 1}`, this.t);
    this.next();
    return inner;
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
      return this.wrapDelimited(open.value, this.delimited(close, t, true));
    }
    if (name in OPEN_CLOSE && name !== '(' && name !== '[' && name !== '|') {
      return this.wrapDelimited(name, this.delimited(OPEN_CLOSE[name] as string, t));
    }
    if (name === 'sum' || name === 'prod') return this.bigOperator(t);
    if (name === 'pi') {
      this.next();
      return 'pi';
    }
    if (name === 'infty') {
      this.next();
      return 'Infinity';
    }
    if (GREEK.has(name) || name === 'ell') {
      this.next();
      return this.nameWithSubscript(name.replace(/^var/, ''));
    }
    if (name in FUNCTIONS) return this.functionCall(t, FUNCTIONS[name] as string);
    if (name === 'operatorname' || name === 'mathrm' || NAME_WRAPPERS.has(name)) {
      this.next();
      const text = this.rawGroup().replace(/\\,|\s/g, '').replace(/\\_/g, '_');
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(text)) throw new FormulaError(`Cannot use '${text}' as a name (letters, digits and _ only)`, t.start, this.toks[this.i - 1]?.end);
      if (name === 'operatorname' || (this.isSym('(') && name === 'mathrm')) return this.functionCall(undefined, text);
      return this.nameWithSubscript(text);
    }
    throw new FormulaError(`Unknown LaTeX command '\\${name}' at column ${t.start + 1}`, t.start, t.end);
  }

  private wrapDelimited(key: string, inner: string): string {
    if (key === '|' || key === 'lvert') return `abs(${inner})`;
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
    const open = this.expectSym('{', `after \\${t.value}_`);
    const v = this.t;
    if (v.kind !== 'letter' && !(v.kind === 'cmd' && GREEK.has(v.value))) throw this.error('Expected the index variable', v);
    this.next();
    const index = this.nameWithSubscript(v.kind === 'letter' ? v.value : v.value);
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
    if (this.isSym('(') || this.isCmd('left')) {
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
export function translateLatex(src: string): LatexStatement[] {
  const parser = new Parser(tokenize(src), src);
  return parser.statements();
}

/**
 * Text is read as LaTeX when it starts with $ or contains a backslash command, a braced
 * super/subscript or a {,} thousands separator; plain mathjs syntax uses none of these.
 */
export function looksLikeLatex(text: string): boolean {
  return /^\s*\$/.test(text) || /\\[A-Za-z]|[\^_]\{|\{,\}/.test(text);
}
