// `npm test`: every suite in order, then one line `N passed, N failed` summing them all.
//   node scripts/test-all.mjs [static|unit|build|webview|integration ...]   (default: all)
// Static checks and the build count as one test each; node:test suites are counted from their TAP
// output; the extension-host mocha suite from the JSON file its runner writes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './code-server.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const STAGES = ['static', 'unit', 'build', 'webview', 'integration'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : STAGES;
for (const w of wanted) if (!STAGES.includes(w)) {
  console.error(`test-all: unknown stage '${w}'; stages: ${STAGES.join(', ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const failures = [];

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status === 0;
}

function check(name, ok) {
  if (ok) passed++;
  else {
    failed++;
    failures.push(name);
  }
}

function testFiles(dir) {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { recursive: true })
    .filter((f) => String(f).endsWith('.test.ts'))
    .map((f) => join(dir, String(f)))
    .sort();
}

function nodeTests(name, dir) {
  const files = testFiles(dir);
  if (files.length === 0) return check(`${name}: no test files in ${dir}`, false);
  const tap = join(results, `${name}.tap`);
  rmSync(tap, { force: true });
  const ok = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const p = count('pass');
  const f = count('fail') + count('cancelled');
  passed += p;
  failed += f;
  if (f > 0) failures.push(`${name}: ${f} failed`);
  if (!ok && f === 0) check(`${name}: the runner failed outside any test`, false);
  if (p + f === 0) check(`${name}: no test ran`, false);
}

for (const stage of wanted) {
  console.log(`\n=== ${stage} ===`);
  switch (stage) {
    case 'static':
      check('lint', run('npx', ['eslint', 'src', 'test', 'scripts', 'bench', 'esbuild.mjs']));
      check('typecheck', run('npx', ['tsc', '-p', '.', '--noEmit']));
      break;
    case 'unit':
      nodeTests('unit', 'test/unit');
      break;
    case 'build':
      check('package (.vsix)', run('npm', ['run', '--silent', 'package']) && existsSync(join(root, 'dist', 'model-math.vsix')));
      break;
    case 'webview':
      ensureAptPackages();
      if (!existsSync(join(root, 'dist', 'webview', 'reference.js'))) run('npm', ['run', '--silent', 'package']);
      nodeTests('webview', 'test/webview');
      break;
    case 'integration': {
      ensureAptPackages();
      if (!existsSync(join(root, 'dist', 'model-math.vsix'))) run('npm', ['run', '--silent', 'package']);
      // The mocha suites inside the extension host count their own tests (normal and Restricted Mode runs).
      const hostResults = ['extension-host-results.json', 'extension-host-restricted-results.json'].map((f) => join(results, f));
      for (const f of hostResults) rmSync(f, { force: true });
      nodeTests('integration', 'test/integration');
      for (const f of hostResults.filter((x) => existsSync(x))) {
        const r = JSON.parse(readFileSync(f, 'utf8'));
        passed += r.passed;
        failed += r.failed;
        for (const failure of r.failures) failures.push(`extension host: ${failure}`);
      }
      break;
    }
  }
}

console.log('');
if (failures.length) console.log(`Failures:\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
