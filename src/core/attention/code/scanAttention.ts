// Finds attention-score computations in Python (PyTorch, JAX, NumPy) and the scaling around them,
// and flags the four mistakes of the attention-scale references (kexue.fm/archives/8823, 9034): logits reaching softmax unscaled,
// `/ d` where `/ sqrt(d)` is meant, natural-log length scaling without a base, relu² attention
// divided by a dynamic length. Built to stay quiet on correct code (nanoGPT, Llama, T5, Gemma,
// BART, JAX styles are tested as false positives).
import { naturalLogWithoutBase } from '../scaleSyntax';
import { assignment, matchingBracket, readPython, splitTopLevel, type PythonFunction, type PythonSource, type Statement } from './pythonSource';

export type CodeCheckId = 'unscaled_logits' | 'divide_by_d' | 'natural_log_scale' | 'relu_squared_dynamic_n';

export const CODE_CHECKS: Readonly<Record<CodeCheckId, { readonly title: string; readonly source: string }>> = {
  unscaled_logits: { title: 'Attention logits reach softmax with no scale', source: 'kexue.fm/archives/8620' },
  divide_by_d: { title: 'Logits divided by d instead of √d', source: 'kexue.fm/archives/8620 (μP: Yang et al. 2022)' },
  natural_log_scale: { title: 'Natural-log length scaling without a base', source: 'kexue.fm/archives/8823' },
  relu_squared_dynamic_n: { title: 'relu² attention divided by the dynamic length', source: 'kexue.fm/archives/9019' },
};

export interface CodeFix {
  readonly title: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface CodeFinding {
  readonly id: CodeCheckId;
  /** Offsets into the source. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly source: string;
  readonly fix?: CodeFix;
}

/** A place where a scale is applied (or implied): hovers show its value and analysis. */
export interface ScaleSite {
  readonly start: number;
  readonly end: number;
  /** The scale as written, e.g. "1.0 / math.sqrt(k.size(-1))", or "1/sqrt(d)" for an SDPA default. */
  readonly text: string;
  /** The same with local names substituted (self.scale → head_dim ** -0.5). */
  readonly resolved: string;
  readonly kind: 'explicit' | 'default';
  /** The query operand, for resolving d. */
  readonly query?: string;
}

export interface AttentionScan {
  readonly findings: readonly CodeFinding[];
  readonly sites: readonly ScaleSite[];
}

const Q_LIKE = /^(?:x?q|q_?\w*|\w*_q|query\w*|queries\w*|\w*_query\w*|\w*_queries)$/i;
const K_LIKE = /^(?:x?k|k_?\w*|\w*_k|keys?\w*|\w*_keys?\w*)$/i;
const D_LIKE = /^(?:self\.)?(?:d|dk|d_k|head_dim|headdim|d_head|head_size|hs|dim_head|d_kv|kv_channels|attention_head_size|head_dim\w*|dim_per_head)$|^\w+\.(?:size\(\s*-1\s*\)|shape\[\s*-1\s*\])$/;
const N_LIKE = /^(?:n|N|T|seq_len|seqlen|seq_length|num_keys|n_keys|kv_len|key_len|length|l|L)$/;
const MODULES = new Set(['torch', 'np', 'numpy', 'jnp', 'jax', 'math', 'F', 'nn', 'tf', 'functional', 'lax']);
const INTENT_T5 = /\bt5\b|mesh.?tensorflow|no need (?:to|for) scal|already scaled|scal\w* (?:is |are )?(?:folded|absorbed|done|applied|baked) (?:in|into|at|by)|init\w* (?:compensates|absorbs|takes care)/i;
const INTENT_MUP = /\bμp\b|\bmup\b|mu-?p\b|maximal update/i;

/** Identifier at the start of an operand: `self.q_proj(x)` → "q_proj", `xq.transpose(1, 2)` → "xq". */
function baseName(operand: string): string {
  const parts = operand.trim().replace(/^\(+/, '').split(/[.([]/);
  let i = 0;
  if (parts[0] === 'self') i = 1;
  while (i < parts.length - 1 && MODULES.has(parts[i] as string)) i++;
  return (parts[i] ?? '').trim();
}

const isIdentChar = (c: string | undefined) => c !== undefined && /[\w.]/.test(c);

/** The operand ending just before `end` (names, attribute chains, calls, subscripts, brackets). */
function operandBefore(code: string, end: number): number {
  let i = end;
  while (i > 0 && code[i - 1] === ' ') i--;
  for (;;) {
    const c = code[i - 1];
    if (c === ')' || c === ']') {
      let depth = 0;
      let j = i - 1;
      for (; j >= 0; j--) {
        const d = code[j];
        if (d === ')' || d === ']') depth++;
        else if (d === '(' || d === '[') {
          depth--;
          if (depth === 0) break;
        }
      }
      i = Math.max(0, j);
      continue;
    }
    if (isIdentChar(c)) {
      while (i > 0 && isIdentChar(code[i - 1])) i--;
      if (code[i - 1] === ')' || code[i - 1] === ']') continue;
      break;
    }
    break;
  }
  return i;
}

/** The operand starting at `start` (after spaces); returns its end. */
function operandAfter(code: string, start: number): { start: number; end: number } {
  let i = start;
  while (code[i] === ' ') i++;
  const s = i;
  if (code[i] === '-' || code[i] === '+') i++;
  for (;;) {
    const c = code[i];
    if (c === '(' || c === '[') {
      const close = matchingBracket(code, i);
      if (close === -1) return { start: s, end: code.length };
      i = close + 1;
      continue;
    }
    if (isIdentChar(c)) {
      while (isIdentChar(code[i])) i++;
      continue;
    }
    break;
  }
  // A power binds tighter than * and /: include `** -0.5`.
  const pow = /^\s*\*\*\s*/.exec(code.slice(i));
  if (pow) return { start: s, end: operandAfter(code, i + pow[0].length).end };
  return { start: s, end: i };
}

interface Chain {
  /** Offsets within the statement code. */
  readonly start: number;
  readonly end: number;
  readonly ops: readonly { readonly op: '*' | '/'; readonly start: number; readonly end: number; readonly text: string }[];
}

/** `* a / b …` right after `end`, and `c * …` right before `start`. */
function scalingAround(code: string, start: number, end: number): Chain | undefined {
  const ops: { op: '*' | '/'; start: number; end: number; text: string }[] = [];
  let i = end;
  for (;;) {
    const m = /^\s*([*/])(?![*/=])\s*/.exec(code.slice(i));
    if (!m) break;
    const operand = operandAfter(code, i + m[0].length);
    if (operand.end <= operand.start) break;
    ops.push({ op: m[1] as '*' | '/', start: operand.start, end: operand.end, text: code.slice(operand.start, operand.end) });
    i = operand.end;
  }
  let chainStart = start;
  let j = start;
  for (;;) {
    const before = code.slice(0, j);
    const m = /\*(?!\*)\s*$/.exec(before);
    if (!m || before.endsWith('**')) break;
    const opAt = j - m[0].length;
    const oStart = operandBefore(code, opAt);
    if (oStart >= opAt) break;
    ops.unshift({ op: '*', start: oStart, end: opAt, text: code.slice(oStart, opAt).trim() });
    chainStart = oStart;
    j = oStart;
  }
  return ops.length ? { start: chainStart, end: i, ops } : undefined;
}

/** Extends [start, end) over parentheses that enclose exactly it: `(q @ k.T)`. */
function widenParens(code: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  for (;;) {
    let a = s;
    while (a > 0 && code[a - 1] === ' ') a--;
    let b = e;
    while (code[b] === ' ') b++;
    if (code[a - 1] === '(' && code[b] === ')' && !isIdentChar(code[a - 2])) {
      s = a - 1;
      e = b + 1;
    } else return [s, e];
  }
}

interface ScoreExpr {
  readonly statement: Statement;
  /** Offsets within the statement code. */
  readonly start: number;
  readonly end: number;
  readonly query: string;
  readonly key: string;
  readonly target?: string;
}

function scoreExpressions(src: PythonSource, st: Statement): ScoreExpr[] {
  const code = st.code;
  const out: ScoreExpr[] = [];
  const asg = assignment(code);
  const target = asg?.target.replace(/^self\./, '');
  // Named like queries and keys: LM heads, MLPs and p @ v never are.
  const accept = (query: string, key: string) => {
    const q = baseName(query);
    const k = baseName(key);
    if (/^(?:p|probs?|attn_?probs?|attn_?weights?|weights?|a|w)$/i.test(q)) return false;
    return Q_LIKE.test(q) && K_LIKE.test(k);
  };
  if (/^\s*@/.test(code)) return out; // decorator
  for (let p = code.indexOf('@'); p !== -1; p = code.indexOf('@', p + 1)) {
    if (code[p + 1] === '=') continue;
    const left = operandBefore(code, p);
    const right = operandAfter(code, p + 1);
    const query = code.slice(left, p).trim();
    const key = code.slice(right.start, right.end);
    if (query && key && accept(query, key)) out.push({ statement: st, start: left, end: right.end, query, key, ...(target ? { target } : {}) });
  }
  for (const m of code.matchAll(/\b(?:matmul|bmm)\s*\(/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matchingBracket(code, open);
    if (close === -1) continue;
    const args = splitTopLevel(code.slice(open + 1, close), ',').map((a) => a.trim());
    if (args.length < 2) continue;
    const [query, key] = args as [string, string];
    const callStart = operandBefore(code, open);
    if (accept(query, key)) out.push({ statement: st, start: callStart, end: close + 1, query, key, ...(target ? { target } : {}) });
  }
  for (const m of code.matchAll(/\beinsum\s*\(/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matchingBracket(code, open);
    if (close === -1) continue;
    // Split on the masked code (commas inside the spec string are blanked), read the raw text.
    const rawArgs: string[] = [];
    let at = open + 1;
    for (const part of splitTopLevel(code.slice(open + 1, close), ',')) {
      rawArgs.push(src.text.slice(st.start + at, st.start + at + part.length).trim());
      at += part.length + 1;
    }
    const spec = /^[rbf]*["']([^"']*)["']$/.exec(rawArgs[0] ?? '')?.[1];
    if (!spec || rawArgs.length !== 3) continue;
    const [inputs, output] = spec.replace(/\s/g, '').split('->');
    if (!inputs || output === undefined) continue;
    const [a, b] = inputs.split(',');
    if (!a || !b) continue;
    const contracted = [...a].filter((c) => b.includes(c) && !output.includes(c));
    const onlyA = [...output].some((c) => a.includes(c) && !b.includes(c));
    const onlyB = [...output].some((c) => b.includes(c) && !a.includes(c));
    if (contracted.length === 0 || !onlyA || !onlyB) continue;
    const query = rawArgs[1] as string;
    const key = rawArgs[2] as string;
    if (accept(query, key)) out.push({ statement: st, start: operandBefore(code, open), end: close + 1, query, key, ...(target ? { target } : {}) });
  }
  return out;
}

/** Names assigned in the file: `self.scale = …` anywhere, plain names within the function first. */
function lookup(src: PythonSource, fn: PythonFunction | undefined, name: string, before: number): string | undefined {
  const bare = name.replace(/^self\./, '');
  const scopes: readonly Statement[][] = [fn ? fn.statements.filter((s) => s.start < before) : [], src.statements.filter((s) => s.fn === -1 || name.startsWith('self.'))];
  for (const scope of scopes) {
    for (let i = scope.length - 1; i >= 0; i--) {
      const a = assignment((scope[i] as Statement).code);
      if (!a || a.op !== '=') continue;
      if (a.target === name || (name.startsWith('self.') && a.target === name) || (!name.startsWith('self.') && a.target === bare)) return src.text.slice((scope[i] as Statement).start + a.valueOffset, (scope[i] as Statement).end).trim();
    }
  }
  return undefined;
}

/** Substitutes scale-like names (not d or n) with their assigned values, a few levels deep. */
function resolveNames(src: PythonSource, fn: PythonFunction | undefined, text: string, before: number): string {
  let out = text;
  for (let depth = 0; depth < 3; depth++) {
    let changed = false;
    out = out.replace(/(?<![\w.])(?:self\.)?[A-Za-z_]\w*(?![\w(])/g, (name) => {
      if (D_LIKE.test(name) || N_LIKE.test(name) || MODULES.has(name) || /^(?:True|False|None)$/.test(name)) return name;
      const value = lookup(src, fn, name, before);
      if (value === undefined || value.length > 200 || value.includes(name)) return name;
      changed = true;
      return `(${value})`;
    });
    if (!changed) break;
  }
  return out;
}

interface Located {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** false when found only after substituting names (no safe in-place fix). */
  readonly direct: boolean;
}

interface Classified {
  readonly sqrt: boolean;
  readonly divideByD?: Located;
  readonly naturalLog?: Located;
}

const HAS_SQRT = /sqrt|\*\*\s*\(?\s*-?\s*0?\.5\b|\*\*\s*\(?\s*-\s*0?\.5|pow\([^)]*0?\.5\)|rsqrt/;

/** The first ln(…n…) call of a scale with no base anywhere (parsed through scaleExpression). */
function naturalLogIn(text: string): { start: number; end: number; text: string } | undefined {
  if (!naturalLogWithoutBase(text.replace(/\b\w+\.(?:size\(\s*(?:-2|1|2)\s*\)|shape\[\s*(?:-2|1|2)\s*\])/g, 'n'))) return undefined;
  const m = /(?:\b(?:math|np|numpy|torch|jnp)\.)?\blog\s*\(/.exec(text);
  if (!m) return undefined;
  const close = matchingBracket(text, (m.index ?? 0) + m[0].length - 1);
  return { start: m.index ?? 0, end: close + 1, text: text.slice(m.index ?? 0, close + 1) };
}

const ONE_OVER = /^1(?:\.0*)?\s*\/\s*(.+)$/;
const unwrap = (t: string) => {
  let x = t.trim();
  while (/^\(.*\)$/.test(x) && matchingBracket(x, 0) === x.length - 1) x = x.slice(1, -1).trim();
  return x;
};

/** Classifies a chain of `* x / y` factors (offsets relative to the statement). */
function classifyChain(src: PythonSource, fn: PythonFunction | undefined, chain: Chain, before: number): Classified {
  let sqrt = false;
  let divideByD: Located | undefined;
  let naturalLog: Located | undefined;
  const whole = chain.ops.map((o) => `${o.op}(${resolveNames(src, fn, o.text, before)})`).join('');
  for (const o of chain.ops) {
    const resolved = resolveNames(src, fn, o.text, before);
    if (HAS_SQRT.test(resolved)) sqrt = true;
    if (o.op === '/' && D_LIKE.test(unwrap(o.text))) divideByD = { start: o.start, end: o.end, text: o.text, direct: true };
    else if (o.op === '/' && D_LIKE.test(unwrap(resolved))) divideByD = { start: o.start, end: o.end, text: o.text, direct: false };
    const over = ONE_OVER.exec(unwrap(resolved));
    if (o.op === '*' && over && D_LIKE.test(unwrap(over[1] as string))) divideByD = { start: o.start, end: o.end, text: o.text, direct: false };
    if (o.op === '*' && !naturalLog) {
      const log = naturalLogIn(o.text);
      if (log) naturalLog = { start: o.start + log.start, end: o.start + log.end, text: log.text, direct: true };
      else if (naturalLogIn(resolved)) naturalLog = { start: o.start, end: o.end, text: o.text, direct: false };
    }
  }
  // A base anywhere in the chain (/ log(512)) makes it a log with a base after all.
  if (naturalLog && /\/\s*\(?\s*(?:\w+\.)?log\s*\(|log2|log10|log\([^,()]+,/.test(whole)) naturalLog = undefined;
  return { sqrt, ...(divideByD ? { divideByD } : {}), ...(naturalLog ? { naturalLog } : {}) };
}

function identRegex(name: string): RegExp {
  return new RegExp(`(?<![\\w.])${name.replace(/\./g, '\\.')}(?!\\w)`, 'g');
}

function findClass(src: PythonSource, fn: PythonFunction): string {
  const st = src.statements.filter((s) => s.start < fn.start && /^class\s/.test(s.code));
  const fnIndent = src.statements.find((s) => s.start === fn.start)?.indent ?? 0;
  for (let i = st.length - 1; i >= 0; i--) if ((st[i] as Statement).indent < fnIndent) return /^class\s+(\w+)/.exec((st[i] as Statement).code)?.[1] ?? '';
  return '';
}

export function scanAttentionCode(text: string): AttentionScan {
  const src = readPython(text);
  const findings: CodeFinding[] = [];
  const sites: ScaleSite[] = [];
  const fileMup = INTENT_MUP.test(src.commentText);

  const addSite = (st: Statement, fn: PythonFunction | undefined, chain: Chain, query?: string) => {
    for (const o of chain.ops) {
      sites.push({ start: st.start + o.start, end: st.start + o.end, text: `${o.op === '/' ? '1/' : ''}${text.slice(st.start + o.start, st.start + o.end)}`, resolved: `${o.op === '/' ? '1/' : ''}(${resolveNames(src, fn, text.slice(st.start + o.start, st.start + o.end), st.start)})`, kind: 'explicit', ...(query ? { query } : {}) });
    }
  };

  const report = (st: Statement, fn: PythonFunction | undefined, chain: Chain, mup: boolean) => {
    const c = classifyChain(src, fn, chain, st.start);
    if (c.naturalLog) {
      const log = c.naturalLog;
      const s = st.start + log.start;
      const prefix = /^(\w+\.)?log/.exec(log.text)?.[1] ?? '';
      findings.push({
        id: 'natural_log_scale',
        start: s,
        end: st.start + log.end,
        message: `${log.direct ? log.text : `${log.text.trim()} (${resolveNames(src, fn, log.text, st.start)})`} scales by a natural log with no base: ln 4096 = 8.3, so at n = 4096 the scale is 8.3× 1/√d and attention rows go one-hot (gradients vanish). Anchor it: log(n)/log(512) (= 1 at n = 512), or log of the training length.`,
        source: CODE_CHECKS.natural_log_scale.source,
        ...(log.direct ? { fix: { title: `Divide by ${prefix}log(512) (entropy-invariant, anchored at 512)`, start: s, end: st.start + log.end, text: `${log.text} / ${prefix}log(512)` } } : {}),
      });
    }
    if (c.divideByD && !c.sqrt && !mup) {
      const d = c.divideByD;
      const text = d.text.trim();
      findings.push({
        id: 'divide_by_d',
        start: st.start + d.start,
        end: st.start + d.end,
        message: `Attention logits scaled by 1/d (${d.direct ? `/ ${text}` : `${text} = ${resolveNames(src, fn, text, st.start)}`}) rather than 1/√d: q·k has variance d, so 1/d leaves logits with std 1/√d and attention starts near-uniform. μP uses 1/d on purpose (with zero-initialised queries); otherwise divide by √d.`,
        source: CODE_CHECKS.divide_by_d.source,
        ...(d.direct ? { fix: { title: 'Divide by √d instead', start: st.start + d.start, end: st.start + d.end, text: /^[\w.]+(?:\([^()]*\)|\[[^\]]*\])?$/.test(text) ? `${text} ** 0.5` : `(${text}) ** 0.5` } } : {}),
      });
    }
  };

  for (const fn of src.functions) {
    const cls = findClass(src, fn);
    const fnText = text.slice(fn.start, fn.end);
    const intentT5 = INTENT_T5.test(fnText.replace(/\bdef\s+\w+/, '')) || /t5/i.test(cls) || /t5/i.test(fn.name);
    const mup = fileMup || INTENT_MUP.test(fnText);
    const statements = fn.statements;
    statements.forEach((st, index) => {
      // relu² attention divided by a dynamic length.
      if (/\brelu\s*\(/.test(st.code) && /\*\*\s*2\b|square\s*\(|\.pow\(\s*2\s*\)/.test(st.code)) {
        for (const m of st.code.matchAll(/\/(?!\/)\s*/g)) {
          const op = operandAfter(st.code, (m.index ?? 0) + m[0].length);
          const divisor = st.code.slice(op.start, op.end).trim();
          const assigned = /^[A-Za-z_]\w*$/.test(divisor) ? lookup(src, fn, divisor, st.start) : undefined;
          const dynamic = /\.shape\b|\.size\(|\blen\(/.test(divisor) || (assigned !== undefined && /\.shape\b|\.size\(|\blen\(/.test(assigned)) || (N_LIKE.test(divisor) && fn.params.includes(divisor) && assigned === undefined);
          if (dynamic && !HAS_SQRT.test(divisor)) {
            findings.push({
              id: 'relu_squared_dynamic_n',
              start: st.start + op.start,
              end: st.start + op.end,
              message: `relu² attention divided by the current length (${divisor}): relu² rows do not sum to 1, so dividing by n makes the output's size depend on n and the model does not transfer across lengths. Divide by a fixed n (the pre-training length) instead, or use softmax with a log-n scale.`,
              source: CODE_CHECKS.relu_squared_dynamic_n.source,
            });
          }
        }
      }
      // scaled_dot_product_attention / jax.nn.dot_product_attention.
      for (const m of st.code.matchAll(/\b(?:scaled_dot_product_attention|dot_product_attention)\s*\(/g)) {
        const open = (m.index ?? 0) + m[0].length - 1;
        const close = matchingBracket(st.code, open);
        if (close === -1) continue;
        const args = splitTopLevel(st.code.slice(open + 1, close), ',');
        let offset = open + 1;
        let explicit = false;
        for (const arg of args) {
          const kw = /^(\s*scale\s*=\s*)/.exec(arg);
          if (kw && !/^\s*scale\s*=\s*None\s*$/.test(arg)) {
            explicit = true;
            const s = offset + kw[1]!.length;
            const e = offset + arg.trimEnd().length;
            const valueText = st.code.slice(s, e);
            const chain: Chain = { start: s, end: e, ops: [{ op: '*', start: s, end: e, text: valueText }] };
            addSite(st, fn, chain, args[0]?.trim());
            report(st, fn, chain, mup);
          }
          offset += arg.length + 1;
        }
        if (!explicit) {
          const q = args[0]?.trim() ?? 'q';
          sites.push({ start: st.start + (m.index ?? 0), end: st.start + open, text: `1/sqrt(${q}.size(-1))`, resolved: '1/sqrt(d)', kind: 'default', query: q });
        }
      }
      for (const score of scoreExpressions(src, st)) {
        const [ws, we] = widenParens(st.code, score.start, score.end);
        const chain = scalingAround(st.code, ws, we);
        let scaled = false;
        if (chain) {
          addSite(st, fn, chain, score.query);
          report(st, fn, chain, mup);
          scaled = true;
        }
        // Queries or keys scaled before the product (q = q * self.scaling; BART, Gemma, T5X).
        for (const operand of [score.query, score.key]) {
          const name = baseName(operand);
          if (!name) continue;
          for (let i = index - 1; i >= 0 && !scaled; i--) {
            const prev = statements[i] as Statement;
            const a = assignment(prev.code);
            if (!a || a.target.replace(/^self\./, '') !== name) continue;
            if (a.op === '*=' || a.op === '/=') scaled = true;
            else {
              const depthZero = a.value.replace(/\([^()]*\)|\[[^\]]*\]/g, '').replace(/\([^()]*\)|\[[^\]]*\]/g, '');
              if (/[^*]\*[^*]|\/(?!\/)/.test(depthZero) || /\b(?:normalize|l2_normalize)\s*\(/.test(a.value)) scaled = true;
            }
          }
        }
        // Scaling applied later to the scores on their way to softmax.
        let reachesSoftmax = /softmax\s*\(/.test(st.code) || /\.softmax\(/.test(st.code);
        const tracked = new Set<string>(score.target ? [score.target] : []);
        for (let i = index + 1; i < statements.length && tracked.size > 0 && !reachesSoftmax; i++) {
          const next = statements[i] as Statement;
          const a = assignment(next.code);
          const mentions = [...tracked].filter((t) => identRegex(t).test(next.code) || identRegex(`self.${t}`).test(next.code));
          if (mentions.length === 0) continue;
          if (a && tracked.has(a.target.replace(/^self\./, '')) && (a.op === '*=' || a.op === '/=')) {
            const value: Chain = { start: a.valueOffset, end: next.code.length, ops: [{ op: a.op === '*=' ? '*' : '/', start: a.valueOffset + (a.value.length - a.value.trimStart().length), end: next.code.trimEnd().length, text: a.value.trim() }] };
            addSite(next, fn, value, score.query);
            report(next, fn, value, mup);
            scaled = true;
            continue;
          }
          for (const t of mentions) {
            for (const m of next.code.matchAll(identRegex(t))) {
              const s = m.index ?? 0;
              const [cs, ce] = widenParens(next.code, s, s + t.length);
              const around = scalingAround(next.code, cs, ce);
              if (around) {
                addSite(next, fn, around, score.query);
                report(next, fn, around, mup);
                scaled = true;
              }
              const method = /^\s*\.(?:mul|div|mul_|div_)\s*\(/.exec(next.code.slice(s + t.length));
              if (method) scaled = true;
            }
          }
          if (/softmax\s*\(|\.softmax\(/.test(next.code)) reachesSoftmax = true;
          if (a && !a.op.startsWith('*') && !a.op.startsWith('/')) tracked.add(a.target.replace(/^self\./, ''));
        }
        if (!scaled && reachesSoftmax && !intentT5) {
          const exprText = text.slice(st.start + ws, st.start + we);
          const q = baseName(score.query) || 'q';
          findings.push({
            id: 'unscaled_logits',
            start: st.start + ws,
            end: st.start + we,
            message: `Attention logits reach softmax with no scale: with unit-variance q, k entries q·k has variance d (±3√d = ±24 at d = 64), so rows start one-hot and gradients vanish. Multiply by 1/√d (or fold it into the query projection's init, as T5 does).`,
            source: CODE_CHECKS.unscaled_logits.source,
            fix: { title: 'Scale by 1/√d', start: st.start + ws, end: st.start + we, text: `${exprText.startsWith('(') ? exprText : `(${exprText})`} * ${q}.shape[-1] ** -0.5` },
          });
        }
      }
    });
  }
  return { findings: dedupe(findings), sites };
}

function dedupe(findings: CodeFinding[]): CodeFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.id}:${f.start}:${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A head dimension written as a number near an offset (`head_dim = 64`), when there is one. */
export function headDimNear(text: string, offset: number): { value: number; name: string } | undefined {
  const src = readPython(text);
  let best: { value: number; name: string; at: number } | undefined;
  for (const st of src.statements) {
    if (st.start > offset) break;
    const a = assignment(st.code);
    if (!a || a.op !== '=') continue;
    const name = a.target;
    const value = /^\s*(\d+)\s*$/.exec(a.value)?.[1];
    if (value && D_LIKE.test(name)) best = { value: Number(value), name, at: st.start };
  }
  return best ? { value: best.value, name: best.name } : undefined;
}
