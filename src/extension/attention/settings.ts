// The Attention settings: severity of each code check, and the largest file scanned.
import * as vscode from 'vscode';
import type { CodeCheckId } from '../../core/attention/code/scanAttention';

/** Setting key (under modelmath.attention.) for each check. */
export const CHECK_SETTINGS: Readonly<Record<CodeCheckId, string>> = {
  unscaled_logits: 'unscaledLogits',
  divide_by_d: 'divideByD',
  natural_log_scale: 'naturalLogScale',
  relu_squared_dynamic_n: 'reluSquaredDynamicN',
};

const SEVERITIES: Readonly<Record<string, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** undefined when the check is switched off. */
export function checkSeverity(id: CodeCheckId, resource?: vscode.Uri): vscode.DiagnosticSeverity | undefined {
  const value = vscode.workspace.getConfiguration('modelmath.attention', resource).get<string>(CHECK_SETTINGS[id], 'warning');
  return SEVERITIES[value];
}

export function maxScanLength(resource?: vscode.Uri): number {
  const v = vscode.workspace.getConfiguration('modelmath.attention', resource).get<number>('maxFileCharacters', 2_000_000);
  return typeof v === 'number' && v > 0 ? v : 2_000_000;
}
