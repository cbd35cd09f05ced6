// Evaluates a formula for a command: worksheet bindings first, then values the user gives for the
// remaining free variables (asked once each, remembered for the session).
import * as vscode from 'vscode';
import type { EvalSuccess } from '../../core/math/evaluate';
import type { Macros } from '../../core/math/latex/macros';
import { formulaSettings, latexOption } from '../config';
import type { ExtensionContext } from '../context';

export type Outcome = { readonly ok: true; readonly result: EvalSuccess } | { readonly ok: false; readonly message: string } | { readonly ok: false; readonly cancelled: true };

export async function evaluateWithPrompts(ctx: ExtensionContext, text: string, macros?: Macros): Promise<Outcome> {
  const s = formulaSettings();
  const options = { latex: latexOption(s.latex), significantDigits: s.significantDigits, byteUnits: s.byteUnits, ...(macros ? { macros } : {}) };
  const worksheet = ctx.worksheets.activeKey();
  try {
    let lets: [string, string][] = [];
    for (let round = 0; round < 3; round++) {
      const r = await ctx.math().evaluate(text, options, { lets, ...(worksheet ? { worksheet } : {}) });
      if (r.status === 'ok') return { ok: true, result: r };
      const asked: [string, string][] = [];
      for (const name of r.freeVariables) {
        const value = await vscode.window.showInputBox({
          title: `Model Math: value for ${name}`,
          prompt: `${r.normalized} needs a value for ${name} (a number or a formula, e.g. 4096 or 2^12)`,
          value: ctx.sessionValues.get(name) ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() === '' ? `Enter a value for ${name}` : undefined),
        });
        if (value === undefined) return { ok: false, cancelled: true };
        ctx.sessionValues.set(name, value.trim());
        asked.push([name, value.trim()]);
      }
      lets = [...lets, ...asked];
    }
    return { ok: false, message: 'The values given still leave free variables' };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
