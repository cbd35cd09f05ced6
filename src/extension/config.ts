// Typed access to the `modelmath.*` settings declared in package.json.
import * as vscode from 'vscode';
import type { ViewSettings } from '../shared/protocol';

export function viewSettings(): ViewSettings {
  const c = vscode.workspace.getConfiguration('modelmath');
  return {
    significantDigits: clampInt(c.get<number>('display.significantDigits', 6), 1, 17),
    plotMaxLength: clampInt(c.get<number>('reference.plotMaxLength', 131072), 1024, 16777216),
  };
}

export function affectsViewSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('modelmath.display') || e.affectsConfiguration('modelmath.reference');
}

function clampInt(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : lo;
}
