// The `modelmath` CLI: a thin layer over src/core. One table of subcommands; each has --help.
import { estimateCommand } from './commands/estimate';
import { evalCommand } from './commands/eval';
import { formulasCommand } from './commands/formulas';
import { scaleCommand } from './commands/scale';
import { tensorCommand } from './commands/tensor';
import type { CliIO, Subcommand } from './commands/subcommand';
import { reportError, UsageError } from './errors';

declare const MODELMATH_VERSION: string | undefined;
const version = typeof MODELMATH_VERSION === 'string' ? MODELMATH_VERSION : 'dev';

export const SUBCOMMANDS: readonly Subcommand[] = [evalCommand(), estimateCommand, scaleCommand, tensorCommand, formulasCommand];

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
    const sub = SUBCOMMANDS.find((s) => s.name === name);
    if (!sub) throw new UsageError(`unknown command '${name}'. Run 'modelmath --help' for the list of commands`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(`${sub.help}\n`);
      return 0;
    }
    return await sub.run(rest, io);
  } catch (err) {
    return reportError(err, debug, io.err);
  }
}
