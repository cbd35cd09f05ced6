// A formula error says what is wrong and where (offsets into the text the user gave), so every
// surface can point at it: a diagnostic range, a caret in the CLI, a message in a panel.
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly start?: number,
    readonly end?: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }

  /** "column 12" style position for one-line messages (1-based). */
  get where(): string {
    return this.start === undefined ? '' : ` at column ${this.start + 1}`;
  }
}
