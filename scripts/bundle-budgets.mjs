// Size budgets for the production bundles: the build fails when one grows past its budget, so a
// heavy dependency cannot slip into the extension host (activation) or a webview unnoticed.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes, minified. The extension host bundle stays small: mathjs lives in the workers/webviews. */
export const BUDGETS = {
  'dist/extension.js': 200_000,
  // The CLI entry only dispatches; each subcommand is its own bundle, loaded when it runs.
  'dist/cli.js': 20_000,
  // eval evaluates on its own thread (no worker to start): it carries the formula engine (mathjs).
  'dist/cli-eval.js': 950_000,
  // The registry declares ~205 model types as data (v0.2: 140 more than before): estimate,
  // inspect, the lazy model core and the calculator all carry it.
  'dist/cli-estimate.js': 400_000,
  'dist/cli-scale.js': 100_000,
  // The formula engine behind `scale --scale EXPR`, loaded only with that option.
  'dist/cli-scaleExpression.js': 950_000,
  // + the block-quant scanners (blockScan.ts: Q4_K statistics straight from the codes).
  // + blocks of rows shared with the helper thread (rowBlocks.ts), + primed fp32/Q4_K kernels and the
  // fused four-row fp32 pass (decisions 0022–0024).
  // + the Q4_K, Q8_0 and Q6_K scans as WebAssembly (~10 + 6 + 6 KB of modules, ~29 KB in base64; the
  // JavaScript Q4_K scan they replaced was ~4 KB minified; decision 0027).
  'dist/cli-tensor.js': 198_000,
  'dist/cli-inspect.js': 520_000,
  'dist/cli-formulas.js': 100_000,
  'dist/mathWorker.js': 950_000,
  // + the IQ lattice grids (~12 KB base64) for the i-quant dequantizers, + the block-quant scanners.
  // + block sharing with the helper thread (rowBlocks.ts: the extension's analyses use both cores too).
  // + primed fp32/Q4_K kernels and the fused four-row fp32 pass (decisions 0022–0024).
  // + the Q4_K, Q8_0 and Q6_K scans as WebAssembly (~29 KB in base64, decision 0027).
  'dist/tensorWorker.js': 194_000,
  // The helper thread's entry: accumulators and raw reads only (no inflater, header readers or text
  // parser), so that the thread starts soon (decision 0024); with the primed kernels and the Q4_K,
  // Q8_0 and Q6_K scans as WebAssembly (~29 KB in base64, decision 0027).
  'dist/tensorRangeWorker.js': 98_000,
  // The model registry and estimator core, loaded by the extension on first use; with the
  // checkpoint header readers (Inspect Model Folder: safetensors, .bin pickles, GGUF).
  'dist/modelCore.js': 520_000,
  'dist/webview/attention.js': 1_500_000,
  'dist/webview/calculator.js': 950_000,
  'dist/webview/reference.js': 620_000,
  'dist/webview/formula.js': 500_000,
  'dist/webview/tensor.js': 260_000,
  'dist/webview/tensorFile.js': 80_000,
};

export function checkBudgets(root = '.') {
  const over = [];
  const rows = [];
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const size = statSync(join(root, file)).size;
    rows.push({ file, size, budget });
    if (size > budget) over.push(`${file} is ${size.toLocaleString('en-US')} bytes, over its budget of ${budget.toLocaleString('en-US')} (scripts/bundle-budgets.mjs)`);
  }
  const known = new Set(Object.keys(BUDGETS));
  for (const dir of ['dist', 'dist/webview']) {
    for (const f of readdirSync(join(root, dir))) if (f.endsWith('.js') && !known.has(`${dir}/${f}`)) over.push(`${dir}/${f} has no size budget: add one to scripts/bundle-budgets.mjs`);
  }
  return { over, rows };
}
