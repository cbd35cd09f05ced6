// Typed access to the `modelmath.*` settings declared in package.json.
import * as vscode from 'vscode';
import type { ByteUnits } from '../core/math/format';
import type { MathServiceOptions } from '../node/mathService';
import type { LatexMode, ViewSettings } from '../shared/protocol';

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('modelmath');
}

function clampInt(x: number | undefined, lo: number, hi: number, fallback: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : fallback;
}

export function viewSettings(): ViewSettings {
  const c = section();
  return {
    significantDigits: clampInt(c.get<number>('display.significantDigits'), 1, 17, 6),
    plotMaxLength: clampInt(c.get<number>('reference.plotMaxLength'), 1024, 16777216, 131072),
  };
}

export function affectsViewSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('modelmath.display') || e.affectsConfiguration('modelmath.reference');
}

export interface FormulaSettings {
  readonly significantDigits: number;
  readonly byteUnits: ByteUnits;
  readonly latex: LatexMode;
  readonly hover: boolean;
  /** Warn about wrong equations in Markdown, LaTeX and comments. */
  readonly checkEquations: boolean;
}

export function formulaSettings(): FormulaSettings {
  const c = section();
  const latex = c.get<string>('formulas.latex');
  return {
    significantDigits: clampInt(c.get<number>('display.significantDigits'), 1, 17, 6),
    byteUnits: c.get<string>('display.byteUnits') === 'decimal' ? 'decimal' : 'binary',
    latex: latex === 'always' || latex === 'never' ? latex : 'auto',
    hover: c.get<boolean>('formulas.hover') !== false,
    checkEquations: c.get<boolean>('formulas.checkEquations') !== false,
  };
}

export function serviceOptions(): MathServiceOptions {
  const c = section();
  const maxElements = clampInt(c.get<number>('formulas.maxElements'), 1000, 100_000_000, 1_000_000);
  return {
    timeoutMs: clampInt(c.get<number>('formulas.timeoutMs'), 100, 120_000, 3000),
    maxMemoryMb: 512,
    limits: { maxElements, maxIterations: maxElements, maxLength: clampInt(c.get<number>('formulas.maxLength'), 1000, 100_000_000, 1_000_000) },
  };
}

export function worksheetSettings(): { delayMs: number; showResults: boolean } {
  const c = section();
  return { delayMs: clampInt(c.get<number>('worksheet.delayMs'), 0, 5000, 120), showResults: c.get<boolean>('worksheet.showResults') !== false };
}

/** `auto` | `always` | `never` → the evaluator's latex option. */
export function latexOption(mode: LatexMode): boolean | 'auto' {
  return mode === 'auto' ? 'auto' : mode === 'always';
}
