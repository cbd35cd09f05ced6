// `modelmath formulas`: the reference formulas with their worked values (the same catalog the
// Formula Reference view shows).
import { formatNumber } from '../../core/format/number';
import { formulaCatalog } from '../../core/reference/catalog';
import { parse } from '../args';
import { UsageError } from '../errors';
import type { Subcommand } from './subcommand';

const usage = 'modelmath formulas [ID] [--json]';

export const formulasCommand: Subcommand = {
  name: 'formulas',
  summary: 'List the reference formulas (attention scale, FLOPs, KV cache…) with worked values',
  usage,
  help: `${usage}

Prints each formula's id, title, LaTeX, worked example and source. With ID, only that formula.
Options:
  --json   machine-readable output on stdout`,
  run(argv, io) {
    const { values, positionals } = parse(argv, {}, usage);
    if (positionals.length > 1) throw new UsageError(`expected at most one formula id, got ${positionals.length}. Usage: ${usage}`);
    let cards = formulaCatalog();
    const id = positionals[0];
    if (id !== undefined) {
      cards = cards.filter((c) => c.id === id);
      if (cards.length === 0) {
        throw new UsageError(`no formula with id '${id}'. Known ids: ${formulaCatalog().map((c) => c.id).join(', ')}`);
      }
    }
    if (values.json) {
      io.out(`${JSON.stringify(cards, null, 2)}\n`);
      return 0;
    }
    for (const c of cards) {
      io.out(`${c.id}: ${c.title}\n  ${c.latex}\n  worked: ${c.example.inputs} -> ${formatNumber(c.example.value)}${c.example.unit ? ` ${c.example.unit}` : ''}\n  source: ${c.source}\n\n`);
    }
    return 0;
  },
};
