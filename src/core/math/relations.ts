// Equations and inequalities: which relations Model Math checks, how a chain of sides splits, the
// precision written on a side (`≈ 0.1667` means "to 4 decimals") and the verdict. The rules are
// written down in docs/decisions/0009-formula-reading-and-equations.md.

/** Relations that are checked ('=' … '≠'; '==' is plain math's check that never defines), that define (':='), or that are only commentary ('~'). */
export type Relation = '=' | '==' | '≈' | '<' | '≤' | '>' | '≥' | '≠' | ':=' | '~';

/** A checked relation as shown to people. */
export type CheckedRelation = Exclude<Relation, ':=' | '~' | '=='>;

/** LaTeX relation commands → relation. \equiv reads as = (papers use it for "is defined as / equals"). */
export const LATEX_RELATIONS: Readonly<Record<string, Relation>> = {
  approx: '≈', simeq: '≈', thickapprox: '≈', eqsim: '≈', doteq: '=', equiv: '=',
  le: '≤', leq: '≤', leqslant: '≤', ge: '≥', geq: '≥', geqslant: '≥', ne: '≠', neq: '≠',
  triangleq: ':=', coloneqq: ':=', defeq: ':=', leftarrow: ':=', gets: ':=', eqqcolon: ':=',
  sim: '~', propto: '~', ll: '~', gg: '~', lesssim: '~', gtrsim: '~', asymp: '~', cong: '~',
};

/** Plain-math relation operators, longest first. */
const PLAIN_RELATIONS: readonly (readonly [string, Relation])[] = [
  [':=', ':='], ['==', '=='], ['!=', '≠'], ['<=', '≤'], ['>=', '≥'], ['≈', '≈'], ['≤', '≤'], ['≥', '≥'], ['≠', '≠'], ['<', '<'], ['>', '>'], ['=', '='],
];

export interface Chain {
  /** Side texts (mathjs syntax) and the relations between them: sides.length = relations.length + 1. */
  readonly sides: readonly string[];
  readonly relations: readonly Relation[];
  /** Offsets of each side in the statement text (plain math only; for error columns). */
  readonly offsets?: readonly number[];
}

/**
 * Splits a plain-math statement at top-level relation operators (outside brackets and strings).
 * `<<`, `>>` (shifts) are left alone. mathjs semantics are kept where they differ: after a leading
 * assignment (`y = …`, `f(x) = …`) only further `=` split (so `f(x) = x > 0 ? … : 1` and
 * `y = x > 0` keep their comparison), and a statement with a conditional `? :` is not split at
 * comparisons.
 */
export function splitPlainRelations(text: string): Chain {
  const hits: { at: number; op: string; rel: Relation }[] = [];
  let depth = 0;
  let inString = false;
  let ternary = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') inString = !inString;
    if (inString) continue;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (c === '?') ternary = true;
    if ((c === '<' || c === '>') && (text[i + 1] === c || text[i - 1] === c)) continue; // << >> >>>
    const hit = PLAIN_RELATIONS.find(([op]) => text.startsWith(op, i));
    if (!hit) continue;
    hits.push({ at: i, op: hit[0], rel: hit[1] });
    i += hit[0].length - 1;
  }
  let kept = hits;
  const first = hits[0];
  const assigns = (h: { rel: Relation }) => h.rel === '=' || h.rel === ':=';
  if (first && assigns(first) && /^\s*[A-Za-z_][A-Za-z0-9_]*\s*(\([^()]*\))?\s*$/.test(text.slice(0, first.at))) {
    kept = [];
    for (const h of hits) {
      if (!assigns(h)) break;
      kept.push(h);
    }
    // Chained assignments `a = b = 3` need names between; `y = 2 * 3 = 6` checks the last side.
  } else if (ternary) kept = [];
  const sides: string[] = [];
  const offsets: number[] = [];
  const relations: Relation[] = [];
  let start = 0;
  for (const h of kept) {
    sides.push(text.slice(start, h.at));
    offsets.push(start);
    relations.push(h.rel);
    start = h.at + h.op.length;
  }
  sides.push(text.slice(start));
  offsets.push(start);
  return { sides, relations, offsets };
}

/** The precision a side is written to: half (for =) or one (for ≈) unit of its last digit. */
export interface WrittenPrecision {
  /** Value of one unit in the last written digit, in the side's own unit. */
  readonly ulp: number;
  /** How it reads: "4 decimals", "3 significant digits", "integer". */
  readonly describe: string;
}

const NUM = String.raw`(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?`;
const TEN_POWER = String.raw`(?:\s*\*\s*\(*\s*10\s*\)*\s*\^\s*\(*\s*([+-]?\d+)\s*\)*)?`;
const UNIT = String.raw`(?:\s*\*?\s*[A-Za-z][A-Za-z0-9]*(?:\s*/\s*[A-Za-z][A-Za-z0-9]*)?)?`;
const LITERAL = new RegExp(String.raw`^\s*-?\s*\(*\s*${NUM}\s*\)*${TEN_POWER}${UNIT}\s*$`);
const POWER_OF_TEN = /^\s*\(*\s*10\s*\)*\s*\^\s*\(*\s*([+-]?\d+)\s*\)*\s*$/;

/** The precision written on a side that is a number literal (`0.1667`, `5.88 * 10^23`, `13.04 GiB`); undefined otherwise. */
export function writtenPrecision(side: string): WrittenPrecision | undefined {
  const p = POWER_OF_TEN.exec(side);
  if (p) return { ulp: Number(`1e${Number(p[1])}`), describe: `1 significant digit (10^${p[1]})` };
  const m = LITERAL.exec(side);
  if (!m) return undefined;
  const mantissa = m[1] as string;
  const exponent = Number(m[2] ?? 0) + Number(m[3] ?? 0);
  const decimals = mantissa.includes('.') ? mantissa.length - mantissa.indexOf('.') - 1 : 0;
  const ulp = Number(`1e${exponent - decimals}`); // exact decimal, not 10 ** -4 = 9.999…e-5
  if (exponent === 0) return { ulp, describe: decimals === 0 ? 'the integer written' : `${decimals} decimal${decimals === 1 ? '' : 's'}` };
  const digits = mantissa.replace('.', '').replace(/^0+/, '').length;
  return { ulp, describe: `${digits} significant digit${digits === 1 ? '' : 's'}` };
}

/** Relative tolerance for = between sides with no written precision (floating-point rounding). */
export const EXACT_RELATIVE = 1e-9;
/** Relative tolerance for ≈ between sides with no written precision. */
export const APPROX_RELATIVE = 1e-2;

export interface Verdict {
  readonly holds: boolean;
  /** How the comparison was made, for people: "to 4 decimals", "within 1 %", "exactly". */
  readonly tolerance: string;
}

/**
 * Compares two numbers under a relation, with the precision written on the right side (or, when
 * the right side is not a literal, on the left side).
 */
export function compare(lhs: number, rhs: number, relation: CheckedRelation, rhsPrecision?: WrittenPrecision, lhsPrecision?: WrittenPrecision): Verdict {
  if (Number.isNaN(lhs) || Number.isNaN(rhs)) return { holds: relation === '≠', tolerance: 'NaN is equal to nothing' };
  const written = rhsPrecision ?? lhsPrecision;
  const equal = (): Verdict => {
    if (lhs === rhs) return { holds: true, tolerance: 'exactly' };
    if (!Number.isFinite(lhs) || !Number.isFinite(rhs)) return { holds: false, tolerance: 'exactly' };
    if (written) {
      const units = relation === '≈' ? 1 : 0.5;
      // A little slack for the binary representation of the written decimal itself.
      const slack = 4 * Number.EPSILON * Math.max(Math.abs(lhs), Math.abs(rhs));
      return { holds: Math.abs(lhs - rhs) <= units * written.ulp + slack, tolerance: `to ${written.describe}${relation === '≈' ? ' (±1 in the last digit)' : ' (rounded)'}` };
    }
    const rel = relation === '≈' ? APPROX_RELATIVE : EXACT_RELATIVE;
    return { holds: Math.abs(lhs - rhs) <= rel * Math.max(Math.abs(lhs), Math.abs(rhs)), tolerance: relation === '≈' ? 'within 1 %' : 'to 1e-9 relative (floating point)' };
  };
  switch (relation) {
    case '=':
    case '≈':
      return equal();
    case '≠': {
      const e = equal();
      return { holds: !e.holds, tolerance: e.tolerance };
    }
    case '<':
      return { holds: lhs < rhs, tolerance: 'exactly' };
    case '>':
      return { holds: lhs > rhs, tolerance: 'exactly' };
    case '≤':
      return lhs <= rhs ? { holds: true, tolerance: 'exactly' } : equal();
    case '≥':
      return lhs >= rhs ? { holds: true, tolerance: 'exactly' } : equal();
  }
}

/** The sign people read for a relation that does not hold: = → ≠, < → ≮, … */
export function negated(relation: CheckedRelation): string {
  return { '=': '≠', '≈': '≉', '<': '≮', '≤': '≰', '>': '≯', '≥': '≱', '≠': '=' }[relation];
}
