// The same extension-host suite under desktop VS Code 1.100.3 via @vscode/test-electron, for
// machines that can download VS Code (`npm run test:electron`). CI here uses code-server instead.
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const suite = join(root, 'out', 'test', 'integration', 'index.js');
await esbuild.build({ entryPoints: [join(root, 'test/integration/suite/index.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'] });
try {
  await runTests({ version: '1.100.3', extensionDevelopmentPath: root, extensionTestsPath: suite, launchArgs: [join(root, 'samples'), '--disable-extensions'] });
} catch (err) {
  console.error(`Extension tests failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
