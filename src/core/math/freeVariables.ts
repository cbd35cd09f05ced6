// Which names in an expression still need a value. Rules (docs/decisions/0002-formulas.md):
// scope bindings win; pi, e, Infinity, NaN, true, false are constants; a unit name counts as a
// unit only where a unit is written (after a number, `2 bytes`, or after `to`), otherwise it is
// a variable; mathjs names that are not constants (tau, phi, i, gamma as a value…) are variables.
import type { MathJsInstance, MathNode } from 'mathjs';

export const CONSTANTS = new Set(['pi', 'e', 'Infinity', 'NaN', 'true', 'false', 'null', 'PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2']);

type AnyNode = MathNode & Record<string, unknown>;

/** Whether an expression is written as a quantity with a unit (`2 bytes`, `989 TFLOP / s`). */
function carriesUnit(math: MathJsInstance, n: AnyNode): boolean {
  if (n.type !== 'OperatorNode') return n.type === 'ParenthesisNode' && carriesUnit(math, n.content as AnyNode);
  const args = n.args as AnyNode[];
  if (n.implicit && n.fn === 'multiply') {
    const right = args[1] as AnyNode;
    return right.type === 'SymbolNode' && math.Unit.isValuelessUnit(right.name as string);
  }
  return (n.fn === 'divide' || n.fn === 'multiply') && args.some((a) => carriesUnit(math, a));
}

export function freeVariables(math: MathJsInstance, node: MathNode, isBound: (name: string) => boolean): string[] {
  const free: string[] = [];
  const defined = new Set<string>();
  const visit = (n: AnyNode, bound: ReadonlySet<string>, unitPosition: boolean): void => {
    switch (n.type) {
      case 'SymbolNode': {
        const name = n.name as string;
        if (bound.has(name) || defined.has(name) || isBound(name) || CONSTANTS.has(name)) return;
        if (unitPosition && math.Unit.isValuelessUnit(name)) return;
        if (!free.includes(name)) free.push(name);
        return;
      }
      case 'FunctionNode': {
        const fn = n.fn as AnyNode;
        const args = n.args as AnyNode[];
        const fname = fn.type === 'SymbolNode' ? (fn.name as string) : undefined;
        if (fname === 'sum_over' || fname === 'prod_over') {
          const [index, lo, hi, body] = args;
          if (lo) visit(lo, bound, false);
          if (hi) visit(hi, bound, false);
          if (index?.type === 'SymbolNode' && body) visit(body, new Set([...bound, index.name as string]), false);
          return;
        }
        if (fn.type !== 'SymbolNode') visit(fn, bound, false);
        for (const a of args) visit(a, bound, false);
        return;
      }
      case 'FunctionAssignmentNode': {
        const params = n.params as string[];
        visit(n.expr as AnyNode, new Set([...bound, ...params, n.name as string]), false);
        defined.add(n.name as string);
        return;
      }
      case 'AssignmentNode': {
        visit(n.value as AnyNode, bound, false);
        const target = n.object as AnyNode;
        if (target.type === 'SymbolNode') defined.add(target.name as string);
        return;
      }
      case 'OperatorNode': {
        const args = n.args as AnyNode[];
        if (n.fn === 'to' && args.length === 2) {
          visit(args[0] as AnyNode, bound, false);
          visit(args[1] as AnyNode, bound, true);
          return;
        }
        if (n.implicit && n.fn === 'multiply' && args.length === 2) {
          visit(args[0] as AnyNode, bound, false);
          visit(args[1] as AnyNode, bound, true);
          return;
        }
        // `989 TFLOP / s`: after a quantity that carries a unit, a unit name is a unit.
        if ((n.fn === 'divide' || n.fn === 'multiply') && args.length === 2 && carriesUnit(math, args[0] as AnyNode)) {
          visit(args[0] as AnyNode, bound, unitPosition);
          visit(args[1] as AnyNode, bound, true);
          return;
        }
        for (const a of args) visit(a, bound, unitPosition && (n.fn === 'divide' || n.fn === 'multiply' || n.fn === 'pow'));
        return;
      }
      default:
        n.forEach((child) => visit(child as AnyNode, bound, unitPosition && n.type === 'ParenthesisNode'));
    }
  };
  visit(node as AnyNode, new Set(), false);
  return free;
}
