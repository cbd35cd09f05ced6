// Entry point of dist/cli.js (esbuild adds the shebang).
import { enableCompileCache } from './compileCache';
import { runCli } from './main';

// The subcommand bundles (dist/cli-NAME.js) load through a V8 code cache.
enableCompileCache(__dirname, /^cli-[A-Za-z]+\.js$/);

runCli(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`modelmath: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
