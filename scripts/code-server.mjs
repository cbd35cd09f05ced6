// Installs and runs code-server 4.100.3 (VS Code 1.100.3) offline, for the integration tests and
// `npm start`. The recipe and its pitfalls: ../shared/references/vscode-testing-offline.md.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, mkdtempSync, copyFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'modelmath-test');
export const codeServerHome = join(cacheRoot, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerBin = join(codeServerHome, 'node_modules', '.bin', 'code-server');

const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'pkg-config', 'ripgrep'];

function log(msg) {
  process.stderr.write(`[code-server] ${msg}\n`);
}

/** Installs the Debian packages the harness needs when any is missing (apt only, as root). */
export function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((p) => {
    try {
      return !execFileSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' }).includes('install ok installed');
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  log(`installing Debian packages: ${missing.join(' ')}`);
  const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
  const run = (args) => execFileSync(sudo[0] ?? args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...missing]);
}

/** Seeds @vscode/ripgrep's download cache with Debian's rg so its postinstall never downloads. */
function seedRipgrepCache(privateTmp) {
  const work = mkdtempSync(join(tmpdir(), 'mm-rg-'));
  try {
    execFileSync('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('tar', ['xzf', `code-server-${CODE_SERVER_VERSION}.tgz`, 'package/lib/vscode/npm-shrinkwrap.json'], { cwd: work });
    const shrink = JSON.parse(readFileSync(join(work, 'package/lib/vscode/npm-shrinkwrap.json'), 'utf8'));
    const rgPkg = shrink.packages['node_modules/@vscode/ripgrep'].version;
    execFileSync('npm', ['pack', `@vscode/ripgrep@${rgPkg}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('tar', ['xzf', `vscode-ripgrep-${rgPkg}.tgz`, 'package/lib/postinstall.js'], { cwd: work });
    const tag = /const VERSION = '([^']+)'/.exec(readFileSync(join(work, 'package/lib/postinstall.js'), 'utf8'))[1];
    const cacheDir = join(privateTmp, `vscode-ripgrep-cache-${rgPkg}`);
    mkdirSync(cacheDir, { recursive: true });
    const rgDir = join(work, 'rg');
    mkdirSync(rgDir);
    copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
    execFileSync('tar', ['czf', join(cacheDir, `ripgrep-${tag}-x86_64-unknown-linux-musl.tar.gz`), '-C', rgDir, 'rg']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Whether the install lock's owner is gone (its pid no longer runs, or it never wrote one in a minute). */
function lockIsStale(lock) {
  try {
    const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return err.code === 'ESRCH';
    }
  } catch {
    try {
      return Date.now() - statSync(lock).mtimeMs > 60_000;
    } catch {
      return false; // the lock went away meanwhile: the next mkdir decides
    }
  }
}

/**
 * Runs `install` holding a lock folder beside the cache (mkdir is atomic): two test runs on one
 * machine with no cache would otherwise install into the same folder at once and break each
 * other. The second waits, then finds the first one's install.
 */
function withInstallLock(install) {
  const lock = `${codeServerHome}.lock`;
  mkdirSync(cacheRoot, { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  let waiting = false;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      if (lockIsStale(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`code-server install: ${lock} has been held for 20 minutes; remove it if no test run is installing`);
      if (!waiting) log(`another test run is installing code-server; waiting for it (${lock})`);
      waiting = true;
      sleep(2000);
    }
  }
  try {
    return install();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs code-server into a cache folder outside the repo; a second call returns at once. */
export function ensureCodeServer() {
  const stamp = join(codeServerHome, '.installed');
  const installed = () => existsSync(stamp) && existsSync(codeServerBin);
  if (installed()) return codeServerBin;
  return withInstallLock(() => (installed() ? codeServerBin : installCodeServer(stamp)));
}

function installCodeServer(stamp) {
  ensureAptPackages();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${codeServerHome} (about a minute, once)`);
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  const privateTmp = join(codeServerHome, 'tmp');
  mkdirSync(privateTmp, { recursive: true });
  seedRipgrepCache(privateTmp);
  writeFileSync(join(codeServerHome, 'package.json'), JSON.stringify({ name: 'modelmath-code-server', private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerHome,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      TMPDIR: privateTmp,
      npm_config_yes: 'true',
      npm_config_unsafe_perm: 'true',
      npm_config_nodedir: '/usr',
      // npm ≥ 11.19 skips dependency install scripts unless allowed; code-server's postinstall
      // (and the nested install it runs for VS Code's native modules) must run.
      npm_config_dangerously_allow_all_scripts: 'true',
    },
  });
  if (!existsSync(codeServerBin)) throw new Error(`code-server did not install: ${codeServerBin} is missing`);
  writeFileSync(stamp, new Date().toISOString());
  return codeServerBin;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'git.enabled': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Makes a fresh profile: user-data and extensions folders with quiet settings. */
export function makeProfile(root, extraSettings = {}) {
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extraSettings }, null, 2));
  return { root, userData, extensions };
}

export function installVsix(profile, vsix) {
  execFileSync(codeServerBin, ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions, '--install-extension', vsix], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TMPDIR: join(profile.root, 'tmp'), XDG_CONFIG_HOME: join(profile.root, 'xdg-config'), XDG_DATA_HOME: join(profile.root, 'xdg-data') },
  });
}

/**
 * Starts code-server on 127.0.0.1 and resolves once /healthz answers. Call stop() to end it.
 * @param {{ root: string, userData: string, extensions: string }} profile
 * @param {{ port?: number, env?: Record<string, string>, logFile?: string, workspaceTrust?: boolean }} [options]
 */
export async function startCodeServer(profile, { port, env = {}, logFile, workspaceTrust = false } = {}) {
  port ??= await freePort();
  const args = [
    '--user-data-dir', profile.userData, '--extensions-dir', profile.extensions,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-getting-started-override',
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
  ];
  const child = spawn(codeServerBin, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, TMPDIR: join(profile.root, 'tmp'), XDG_CONFIG_HOME: join(profile.root, 'xdg-config'), XDG_DATA_HOME: join(profile.root, 'xdg-data') },
  });
  let output = '';
  const keep = (d) => {
    output += d.toString();
    if (logFile) writeFileSync(logFile, output);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        resolve();
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
        resolve();
      }, 5000).unref();
    });
  return { url, port, child, stop, output: () => output };
}

if (process.argv[1] && process.argv[1].endsWith('code-server.mjs') && process.argv[2] === 'install') {
  console.log(ensureCodeServer());
}
