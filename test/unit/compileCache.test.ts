// The V8 code cache of the CLI's subcommand bundles, in fresh processes (within one process V8
// reuses its own compilation of the same source and never reads a cache): a bundle loads the same
// with and without its cache, the next process uses it, a damaged cache is refused (and written
// again), and a cache directory other users could write to is never used.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { privateCacheDir } from '../../src/cli/compileCache';

const nodeHasItsOwn = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';
const cacheDirName = `modelmath-compile-cache-${process.getuid?.() ?? -1}`;

describe('compile cache for the CLI bundles', { skip: nodeHasItsOwn ? 'Node has module.enableCompileCache' : false }, () => {
  let dir: string;
  let cacheRoot: string;
  const cacheFiles = () => (existsSync(join(cacheRoot, cacheDirName)) ? readdirSync(join(cacheRoot, cacheDirName)) : []);
  /** A fresh process that enables the cache, loads cli-demo.js and prints what it got. */
  const run = () => {
    const script = `const c = require(${JSON.stringify(join(dir, 'compileCache.js'))});
c.enableCompileCache(${JSON.stringify(dir)}, /^cli-[a-z]+\\.js$/, ${JSON.stringify(cacheRoot)});
const m = require(${JSON.stringify(join(dir, 'cli-demo.js'))});
process.stdout.write(JSON.stringify({ twice: m.twice(21), dir: m.dir, file: m.file, helper: m.helper, stats: c.compileCacheStats }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '' } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { twice: number; dir: string; file: string; helper: string; stats: { hits: number; rejected: number } };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mm-bundles-'));
    cacheRoot = mkdtempSync(join(tmpdir(), 'mm-cache-'));
    await esbuild.build({ entryPoints: [new URL('../../src/cli/compileCache.ts', import.meta.url).pathname], outfile: join(dir, 'compileCache.js'), bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning' });
    writeFileSync(join(dir, 'cli-demo.js'), "#!/usr/bin/env node\nmodule.exports = { twice: (x) => x * 2, dir: __dirname, file: __filename, helper: require('./helper.js') };\n");
    writeFileSync(join(dir, 'helper.js'), "module.exports = 'helper';\n");
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheRoot, { recursive: true, force: true });
  });

  it('loads a bundle as require does (shebang, __dirname, __filename, relative require); caches only the matching files', () => {
    const r = run();
    assert.deepEqual(r, { twice: 42, dir, file: join(dir, 'cli-demo.js'), helper: 'helper', stats: { hits: 0, rejected: 0 } });
    const files = cacheFiles();
    assert.equal(files.length, 1);
    assert.match(files[0] as string, /^cli-demo\.js-[0-9a-f]{8}\.v8$/);
  });

  it('the next process uses the cache', () => {
    const r = run();
    assert.equal(r.twice, 42);
    assert.deepEqual(r.stats, { hits: 1, rejected: 0 });
  });

  it('refuses a damaged cache, still loads, and writes a good one again', () => {
    writeFileSync(join(cacheRoot, cacheDirName, cacheFiles()[0] as string), Buffer.from('not a V8 code cache'));
    const r = run();
    assert.equal(r.twice, 42);
    assert.deepEqual(r.stats, { hits: 0, rejected: 1 });
    assert.deepEqual(run().stats, { hits: 1, rejected: 0 });
  });

  it('removes the caches of other builds of the same bundle once unused for a week, and nothing else', () => {
    const cache = join(cacheRoot, cacheDirName);
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const stale = join(cache, 'cli-demo.js-00000001.v8');
    const recent = join(cache, 'cli-demo.js-00000002.v8');
    const otherBundle = join(cache, 'cli-other.js-00000003.v8');
    for (const f of [stale, recent, otherBundle]) writeFileSync(f, 'old build');
    utimesSync(stale, weekAgo, weekAgo);
    utimesSync(otherBundle, weekAgo, weekAgo);
    // A new build of the bundle (new mtime) misses its cache and writes one.
    utimesSync(join(dir, 'cli-demo.js'), new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(run().stats, { hits: 0, rejected: 0 });
    const left = cacheFiles();
    assert.ok(!left.includes('cli-demo.js-00000001.v8'), 'the stale cache of an old build is gone');
    assert.ok(left.includes('cli-demo.js-00000002.v8'), 'a recently used one stays (another install may use it)');
    assert.ok(left.includes('cli-other.js-00000003.v8'), "another bundle's cache is not this bundle's to remove");
    assert.equal(left.filter((f) => f.startsWith('cli-demo.js-')).length, 3, 'the new build wrote its own');
  });

  it('never uses a cache directory that other users can write to, nor a symbolic link', { skip: process.platform === 'win32' }, () => {
    const root = mkdtempSync(join(tmpdir(), 'mm-open-'));
    try {
      const open = join(root, cacheDirName);
      mkdirSync(open);
      chmodSync(open, 0o777);
      assert.equal(privateCacheDir(root), undefined);
      chmodSync(open, 0o700);
      assert.equal(privateCacheDir(root), open);
      // Nor a symbolic link put in its place (even to a private directory).
      const elsewhere = join(root, 'elsewhere');
      mkdirSync(elsewhere, { mode: 0o700 });
      rmSync(open, { recursive: true });
      symlinkSync(elsewhere, open);
      assert.equal(privateCacheDir(root), undefined);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
