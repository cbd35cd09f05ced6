// The Tensors settings: check thresholds, limits, when to ask before reading a big file.
import * as vscode from 'vscode';
import type { Thresholds } from '../../core/tensor/report';

const c = () => vscode.workspace.getConfiguration('modelmath.tensors');
const num = (key: string, fallback: number, lo: number, hi: number) => {
  const v = c().get<number>(key, fallback);
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
};

export function tensorThresholds(): Partial<Thresholds> {
  return {
    softmaxSaturation: num('softmaxSaturation', 0.99, 0.5, 1),
    softmaxUniform: num('softmaxUniform', 0.99, 0.5, 1),
    initStdFactor: num('initStdFactor', 2.5, 1.1, 1000),
    bf16Collisions: num('bf16Collisions', 0.25, 0.01, 1),
    anisotropySpreads: num('anisotropySpreads', 5, 1, 1000),
  };
}

export const maxTextElements = () => Math.round(num('maxTextElements', 50_000_000, 1000, 500_000_000));
export const maxSelectionCharacters = () => Math.round(num('maxSelectionCharacters', 200_000_000, 1000, 1_000_000_000));
/** Files above this many bytes ask before statistics are computed. */
export const askAboveBytes = () => num('askAboveBytes', 2 * 2 ** 30, 0, Number.MAX_SAFE_INTEGER);
