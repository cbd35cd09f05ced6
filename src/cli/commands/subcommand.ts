export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Subcommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly help: string;
  /** Returns the exit code; throws UsageError for bad input. */
  run(argv: string[], io: CliIO): number | Promise<number>;
}
