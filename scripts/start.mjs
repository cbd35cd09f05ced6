// `npm start`: build, then open the samples workspace with the extension. With `code` on the PATH
// it starts VS Code with the extension in development mode; otherwise it installs the packaged
// extension into code-server (VS Code 1.100.3, installed once into a cache folder) on 127.0.0.1
// and prints the URL to open. Ctrl+C stops it.
import { execFileSync, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer, installVsix, makeProfile, startCodeServer } from './code-server.mjs';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const samples = join(root, 'samples');
const hasCode = spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;

if (hasCode) {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  execFileSync('code', ['--extensionDevelopmentPath', root, samples], { stdio: 'inherit' });
} else {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
  ensureCodeServer();
  const profile = makeProfile(join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'modelmath-test', 'start-profile'));
  installVsix(profile, join(root, 'dist', 'model-math.vsix'));
  const port = Number(process.env.PORT ?? 0) || undefined;
  const server = await startCodeServer(profile, { port });
  console.log(`\nModel Math is running in VS Code (code-server) at:\n\n  ${server.url}/?folder=${encodeURIComponent(samples)}\n\nOpen it in a browser; press Ctrl+C here to stop.`);
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
