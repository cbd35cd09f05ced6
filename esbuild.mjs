// One build script for the three bundles: extension (node/cjs, vscode external), webviews
// (browser/iife), CLI (node/cjs with a shebang). `--watch` rebuilds on change; `--production`
// minifies and drops source maps.
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { checkBudgets } from './scripts/bundle-budgets.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  legalComments: production ? 'none' : 'inline',
  define: { MODELMATH_VERSION: JSON.stringify(version) },
};

/**
 * Every module that imports 'vscode' would get its own __toESM(require('vscode')), each copying
 * the whole API object at load (≈20 copies, measurable in activation time). One ESM module
 * re-exports it instead, so the copy happens once.
 * @type {esbuild.Plugin}
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: '.' }));
  },
};

const CLI_COMMANDS = ['eval', 'estimate', 'scale', 'tensor', 'inspect', 'formulas'];
/**
 * src/cli/main.ts loads a subcommand with import('./commands/NAME'): in the bundle that becomes a
 * require of the sibling bundle dist/cli-NAME.js, so the entry does not carry every command.
 * @type {esbuild.Plugin}
 */
const cliCommandsApart = {
  name: 'cli-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/commands\/[a-z]+$/ }, (args) => {
      const name = args.path.slice('./commands/'.length);
      if (args.kind !== 'dynamic-import' || !CLI_COMMANDS.includes(name)) return undefined;
      return { path: `./cli-${name}.js`, external: true };
    });
    // Parts a subcommand needs only for some options (the formula engine behind `scale --scale`)
    // are bundles of their own too, required when the option is given.
    build.onResolve({ filter: /\/core\/attention\/scaleExpression$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './cli-scaleExpression.js', external: true } : undefined));
  },
};

/**
 * seedrandom (mathjs's random) requires Node's crypto when it loads, for autoseeding only: loading
 * crypto (and the streams it pulls in, ~40 internal modules) cost every `modelmath eval` a few ms.
 * Its one use, `randomBytes`, now loads crypto when first read.
 * @type {esbuild.Plugin}
 */
const lazyCryptoForSeedrandom = {
  name: 'lazy-crypto-for-seedrandom',
  setup(build) {
    build.onResolve({ filter: /^crypto$/ }, (args) => (/[\\/]seedrandom[\\/]/.test(args.importer) ? { path: 'crypto', namespace: 'lazy-crypto' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({ contents: "module.exports = { get randomBytes() { return require('node:crypto').randomBytes; } };", loader: 'js' }));
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [vscodeOnce],
    // When the bundle starts evaluating: activation time = module load + activate().
    // CPU time as well: on a machine whose cores are busy, wall-clock time measures the scheduler.
    // The process's CPU time counts every thread of the extension host (GC helpers, compilers, file
    // reads for VS Code); this thread's own CPU time, where Linux gives it (/proc/thread-self/schedstat,
    // in ns), counts only what ran here.
    banner: {
      js: "var __modelmathLoadStart = performance.now(), __modelmathCpuStart = process.cpuUsage(), __modelmathThreadCpu = function () { try { return Number(require('fs').readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6; } catch (e) { return NaN; } }, __modelmathThreadCpuStart = __modelmathThreadCpu();",
    },
    // …and when it has finished (VS Code prepares the extension context before calling activate()).
    footer: { js: 'globalThis.__modelmathLoadEnd = performance.now(); globalThis.__modelmathLoadCpu = process.cpuUsage(__modelmathCpuStart); globalThis.__modelmathLoadThreadCpu = __modelmathThreadCpu() - __modelmathThreadCpuStart;' },
  },
  {
    ...common,
    // The CLI entry is small: each subcommand is its own bundle, required when it runs.
    entryPoints: { cli: 'src/cli/bin.ts', ...Object.fromEntries(CLI_COMMANDS.map((c) => [`cli-${c}`, `src/cli/commands/${c}.ts`])), 'cli-scaleExpression': 'src/core/attention/scaleExpression.ts', mathWorker: 'src/node/mathWorker.ts', tensorWorker: 'src/node/tensorWorker.ts', tensorRangeWorker: 'src/node/tensorRangeWorker.ts' },
    plugins: [cliCommandsApart, lazyCryptoForSeedrandom],
    // import() of a sibling bundle as require(): Node's ESM loader would scan the CommonJS file for
    // its exports first (cjs-module-lexer), a cost per start-up.
    supported: { 'dynamic-import': false },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    // The model registry and estimator core, required by the extension on first use (never at activation).
    entryPoints: { modelCore: 'src/extension/estimator/modelCoreImpl.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: { reference: 'src/webview/reference/main.ts', formula: 'src/webview/formula/main.ts', calculator: 'src/webview/calculator/main.ts', attention: 'src/webview/attention/main.ts', tensor: 'src/webview/tensor/main.ts', tensorFile: 'src/webview/tensorFile/main.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]',
  },
];

rmSync('dist', { recursive: true, force: true });
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  if (production) {
    const { over, rows } = checkBudgets();
    for (const r of rows) console.log(`  ${r.file.padEnd(30)} ${(r.size / 1024).toFixed(0).padStart(6)} KiB of ${(r.budget / 1024).toFixed(0)} KiB`);
    if (over.length) {
      console.error(`Bundle size budgets exceeded:\n  ${over.join('\n  ')}`);
      process.exit(1);
    }
  }
}
