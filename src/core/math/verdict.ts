// How every surface words the verdict on a checked relation (hover, Evaluate Selection, worksheet,
// Formula view, diagnostics, CLI), so they all say the same thing.
import type { EquationCheck } from './evaluate';
import { formatNumber } from '../format/number';
import { negated } from './relations';

/** "holds" / "does not hold" with both values, e.g. "does not hold: 131,072 ≠ 262,144 (left/right = 0.5)". */
export function verdictText(eq: EquationCheck): string {
  if (eq.holds) return `holds: ${eq.lhs.text} ${eq.relation} ${eq.rhs.text} (${eq.tolerance})`;
  const ratio = eq.ratio === null ? '' : `, left/right = ${formatNumber(eq.ratio, 4)}`;
  return `does not hold: ${eq.lhs.text} ${negated(eq.relation)} ${eq.rhs.text} (compared ${eq.tolerance}${ratio})`;
}

/** One line for a warning: what was written and what it evaluates to. */
export function wrongEquationMessage(eq: EquationCheck): string {
  return `This ${eq.relation === '=' || eq.relation === '≈' ? 'equation' : 'relation'} does not hold: the left side is ${eq.lhs.text}, the right side ${eq.rhs.text}${eq.ratio === null ? '' : ` (left/right = ${formatNumber(eq.ratio, 4)})`}; compared ${eq.tolerance}`;
}

/** A short mark for inline results: "✓" or "✗ ≠ 262,144". */
export function verdictMark(eq: EquationCheck): string {
  return eq.holds ? `✓ ${eq.relation} ${eq.rhs.text}` : `✗ ${negated(eq.relation)} ${eq.rhs.text}`;
}
