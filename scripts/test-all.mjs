// `npm test`: every suite in order, then one line `N passed, N failed` summing them all.
//   node scripts/test-all.mjs [static|unit|build|webview|integration ...]   (default: all)
// Static checks and the build count as one test each; node:test suites are counted from their TAP
// output; the extension-host mocha suite from the JSON file its runner writes.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
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

for (const stage of wanted) rmSync(join(results, `${stage}.log`), { force: true });

let passed = 0;
let failed = 0;
const failures = [];

/**
 * Runs a command, streaming its output and keeping a copy in test-results/<log>.log (every stage's
 * output is evidence when something fails).
 */
function run(cmd, args, log) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const file = join(results, `${log}.log`);
  appendFileSync(file, `\n$ ${cmd} ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['inherit', 'pipe', 'pipe'] });
    const keep = (stream) => (chunk) => {
      stream.write(chunk);
      appendFileSync(file, chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('error', (err) => {
      appendFileSync(file, `\n${err.message}\n`);
      resolve(false);
    });
    child.on('close', (code) => resolve(code === 0));
  });
}

/**
 * The failed tests in a node:test TAP file, each with the first lines of its error: leaf failures
 * only (a suite that failed because a test in it failed is not listed again).
 */
function tapFailures(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!m) continue;
    const indent = m[1];
    const yaml = [];
    for (let j = i + 1; j < lines.length && !/^\s*(not )?ok \d+/.test(lines[j]) && !lines[j].startsWith(`${indent}...`); j++) yaml.push(lines[j]);
    const block = yaml.join('\n');
    if (/failureType: 'subtestsFailed'/.test(block)) continue;
    const err = /(?:^|\n)\s*error: (?:\|-?\n)?([\s\S]*?)(?:\n\s*(?:code|name|expected|actual|operator|stack|failureType|location):|$)/.exec(block);
    const first = (err?.[1] ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 4).join(' / ');
    out.push(`${m[2]}${first ? `\n      ${first.replace(/^'|'$/g, '').slice(0, 400)}` : ''}`);
  }
  return out;
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

async function nodeTests(name, dir) {
  const files = testFiles(dir);
  if (files.length === 0) return check(`${name}: no test files in ${dir}`, false);
  const tap = join(results, `${name}.tap`);
  rmSync(tap, { force: true });
  // --test-timeout bounds a test that hangs. (--test-force-exit was tried: it cuts the TAP file
  // before its summary, which is where the counts come from.)
  const ok = await run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=1800000', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files], name);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (key) => Number((text.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  const p = count('pass');
  const f = count('fail') + count('cancelled');
  passed += p;
  failed += f;
  if (f > 0) {
    const named = tapFailures(text);
    if (named.length) failures.push(...named.map((n) => `${name}: ${n}`));
    else failures.push(`${name}: ${f} failed`);
  }
  if (!ok && f === 0) check(`${name}: the runner failed outside any test`, false);
  if (p + f === 0) check(`${name}: no test ran`, false);
}

for (const stage of wanted) {
  console.log(`\n=== ${stage} ===`);
  switch (stage) {
    case 'static':
      check('lint', await run('npx', ['eslint', 'src', 'test', 'scripts', 'bench', 'esbuild.mjs'], 'static'));
      check('typecheck', await run('npx', ['tsc', '-p', '.', '--noEmit'], 'static'));
      break;
    case 'unit':
      await nodeTests('unit', 'test/unit');
      break;
    case 'build':
      check('package (.vsix)', (await run('npm', ['run', '--silent', 'package'], 'build')) && existsSync(join(root, 'dist', 'model-math.vsix')));
      break;
    case 'webview':
      ensureAptPackages();
      if (!existsSync(join(root, 'dist', 'webview', 'reference.js'))) await run('npm', ['run', '--silent', 'package'], 'build');
      await nodeTests('webview', 'test/webview');
      break;
    case 'integration': {
      ensureAptPackages();
      if (!existsSync(join(root, 'dist', 'model-math.vsix'))) await run('npm', ['run', '--silent', 'package'], 'build');
      // The mocha suites inside the extension host count their own tests (normal and Restricted Mode runs).
      const hostResults = ['extension-host-results.json', 'extension-host-restricted-results.json'].map((f) => join(results, f));
      for (const f of hostResults) rmSync(f, { force: true });
      await nodeTests('integration', 'test/integration');
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
if (failures.length) console.log(`Failures (evidence in test-results/):\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
