// V8 code cache for the subcommand bundles (Node 20 has no module.enableCompileCache): the first
// run of a subcommand saves the bytecode V8 compiled while it ran, and later runs load it instead
// of parsing and compiling the bundle again. For `modelmath eval` (mathjs, ~0.7 MB) this is a
// large part of start-up (decision 0016). On Node ≥ 22.1 Node's own compile cache does the same.
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

type Compile = (module: NodeJS.Module & { _compile?: unknown }, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, Compile>;
  wrap(source: string): string;
  enableCompileCache?: (dir?: string) => unknown;
}

/**
 * FNV-1a: names a cache file after the bundle's path, size, mtime and the Node (and its flags: V8
 * refuses a cache made under other flags) that compiled it.
 */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A directory only this user can write to: a cache holds bytecode V8 will run, so a file another
 * user could have placed there is never read. Undefined when there is none to be had.
 */
export function privateCacheDir(root: string): string | undefined {
  try {
    const uid = process.getuid?.() ?? -1;
    const dir = join(root, `modelmath-compile-cache-${uid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // lstat: a symbolic link planted in the shared temp directory is not followed.
    const st = lstatSync(dir);
    if (!st.isDirectory() || (uid !== -1 && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function writeAtomically(path: string, data: Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Loads that found their cache (hits) and caches V8 refused (another V8, changed flags). */
export const compileCacheStats = { hits: 0, rejected: 0 };
/** Scripts whose cache is written at exit: after the command has run, so it holds the functions it compiled lazily too. */
const pending = new Map<string, Script>();

/** Caches of other builds of a bundle are removed once unused this long (another install may still use a recent one). */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** Each build of a bundle writes a new cache file (~0.8 MB for eval): remove the ones no run has loaded for a week. */
function removeStaleSiblings(file: string): void {
  const dir = dirname(file);
  const bundle = basename(file).replace(/-[0-9a-f]{8}\.v8$/, '-');
  for (const name of readdirSync(dir)) {
    const other = join(dir, name);
    if (other === file || !name.startsWith(bundle) || !/-[0-9a-f]{8}\.v8$/.test(name)) continue;
    if (Date.now() - statSync(other).atimeMs > STALE_MS && Date.now() - statSync(other).mtimeMs > STALE_MS) unlinkSync(other);
  }
}

export function flushCompileCache(): void {
  for (const [file, script] of pending) {
    try {
      writeAtomically(file, script.createCachedData());
      removeStaleSiblings(file);
    } catch {
      // A cache that cannot be written costs the next run its compile time, nothing else.
    }
  }
  pending.clear();
}

/**
 * Loads every `.js` file whose name matches `which` in `bundleDir` through a V8 code cache kept in
 * `cacheRoot` (the OS temp directory). Returns whether the cache is in use.
 */
export function enableCompileCache(bundleDir: string, which: RegExp, cacheRoot = tmpdir()): boolean {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return false;
  const mod = Module as unknown as ModuleInternals;
  if (typeof mod.enableCompileCache === 'function') {
    mod.enableCompileCache(join(cacheRoot, 'modelmath-node-compile-cache'));
    return true;
  }
  const cacheDir = privateCacheDir(cacheRoot);
  if (!cacheDir) return false;
  const plain = mod._extensions['.js'] as Compile;
  mod._extensions['.js'] = (module, filename) => {
    if (dirname(filename) !== bundleDir || !which.test(basename(filename))) return plain(module, filename);
    const source = readFileSync(filename, 'utf8').replace(/^#!.*/, '');
    const st = statSync(filename);
    const cacheFile = join(cacheDir, `${basename(filename)}-${hash(`${filename}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(mod.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
    if (cachedData && !script.cachedDataRejected) compileCacheStats.hits++;
    else {
      if (cachedData) compileCacheStats.rejected++;
      if (pending.size === 0) process.once('exit', flushCompileCache);
      pending.set(cacheFile, script);
    }
    const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
  };
  return true;
}
