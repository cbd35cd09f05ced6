// The `modelmath` CLI: a thin layer over src/core. One table of subcommands; each has --help.
// A subcommand's module is loaded only when it runs (each is its own bundle, dist/cli-NAME.js:
// esbuild.mjs), so `modelmath scale` never loads mathjs and start-up stays near a bare node's.
import type { CliIO, Subcommand } from './commands/subcommand';
import { reportError, UsageError } from './errors';

declare const MODELMATH_VERSION: string | undefined;
const version = typeof MODELMATH_VERSION === 'string' ? MODELMATH_VERSION : 'dev';

export interface SubcommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Subcommand>;
}

/** The subcommands: name and summary for --help, the module loaded on use. */
export const SUBCOMMANDS: readonly SubcommandEntry[] = [
  { name: 'eval', summary: 'Evaluate or check plain math or LaTeX (equations too), with units (GiB, FLOPs, PF-days) and the model-math library', load: () => import('./commands/eval').then((m) => m.evalCommand()) },
  { name: 'estimate', summary: 'Parameters, FLOPs, KV cache and memory of a Hugging Face config.json', load: () => import('./commands/estimate').then((m) => m.estimateCommand) },
  { name: 'scale', summary: 'Check attention-scale choices (1/√d, log-n, α*) for a head size and length', load: () => import('./commands/scale').then((m) => m.scaleCommand) },
  { name: 'tensor', summary: 'Statistics and numerical checks of a tensor (.npy, .npz, .safetensors, index, or text)', load: () => import('./commands/tensor').then((m) => m.tensorCommand) },
  { name: 'inspect', summary: 'A model folder (config.json + safetensors/.bin shards or GGUF): headers against the config, dtype mix, bytes', load: () => import('./commands/inspect').then((m) => m.inspectCommand) },
  { name: 'formulas', summary: 'List the reference formulas (attention scale, FLOPs, KV cache…) with worked values', load: () => import('./commands/formulas').then((m) => m.formulasCommand) },
];

function mainHelp(): string {
  const width = Math.max(...SUBCOMMANDS.map((s) => s.name.length));
  return `modelmath ${version}: neural-network math from the command line

Usage: modelmath <command> [options]

Commands:
${SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n')}

Options for every command:
  --help, -h   describe the command
  --json       machine-readable output on stdout
  --debug      show stack traces for internal errors
  --version    print the version

Exit codes: 0 success, 2 bad input, 1 internal error, 3 checks failed (tensor --fail-on; eval: an equation that does not hold).
`;
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out(mainHelp());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.out(`${version}\n`);
      return 0;
    }
    const entry = SUBCOMMANDS.find((s) => s.name === name);
    if (!entry) throw new UsageError(`unknown command '${name}'. Run 'modelmath --help' for the list of commands`);
    const sub = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${sub.help}\n`);
      return 0;
    }
    return await sub.run(rest, io);
  } catch (err) {
    return reportError(err, debug, io.err);
  }
}
