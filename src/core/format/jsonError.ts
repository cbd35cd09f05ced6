// Where JSON that does not parse goes wrong, as a person reads it: line and column (1-based), not
// the character offset JSON.parse reports.

/** "line 5, column 3: <what JSON.parse said>" for text that does not parse; undefined when it does. */
export function jsonSyntaxError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    if (!at) return what;
    const offset = Number(at[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return `line ${line}, column ${column}: ${what}`;
  }
}
