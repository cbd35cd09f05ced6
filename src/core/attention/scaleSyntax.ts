// Reading scale expressions without the formula engine (the extension host scans Python with this
// and must not load mathjs): Python spellings → plain math, the names d / n / L, and the
// natural-log-without-a-base test.
import { matchingBracket, splitTopLevel } from './code/pythonSource';

/** Names a scale may use, with the aliases code tends to write. */
export const SCALE_ALIASES: Readonly<Record<string, 'd' | 'n' | 'L'>> = {
  d: 'd', head_dim: 'd', headdim: 'd', d_k: 'd', dk: 'd', d_head: 'd', head_size: 'd', d_kv: 'd', kv_channels: 'd', hs: 'd',
  n: 'n', N: 'n', seq_len: 'n', seqlen: 'n', seq_length: 'n', num_keys: 'n', n_keys: 'n', T: 'n',
  L: 'L', L_train: 'L', train_len: 'L', train_length: 'L', max_len: 'L', training_length: 'L',
};

/** Python/NumPy/PyTorch spelling → plain math: module prefixes, **, q.size(-1) → d. */
export function pythonToMath(code: string): string {
  return code
    .replace(/\b(?:[A-Za-z_]\w*)\.(?:size\(\s*-1\s*\)|shape\[\s*-1\s*\])/g, 'd')
    .replace(/\b(?:self\.config|self|config|cfg|args)\./g, '')
    .replace(/\b(?:math|np|numpy|torch|jnp|jax\.numpy|tf\.math|tf)\./g, '')
    .replace(/\bfloat\(/g, '(')
    .replace(/\*\*/g, '^')
    .replace(/\/\//g, '/')
    .replace(/\brsqrt\(/g, '1/sqrt(');
}

/**
 * true when the expression takes ln(…n…) (one-argument log of the length) and writes no base
 * anywhere: no log(x, b), log2, log10, or a log of something other than n to divide by.
 */
export function naturalLogWithoutBase(expression: string): boolean {
  const text = pythonToMath(expression);
  let lnOfN = false;
  let hasBase = /\blog(?:2|10)\s*\(/.test(text);
  for (const m of text.matchAll(/(?<![\w.])log\s*\(/g)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matchingBracket(text, open);
    if (close === -1) continue;
    const args = splitTopLevel(text.slice(open + 1, close), ',');
    if (args.length >= 2) {
      hasBase = true;
      continue;
    }
    const names = (args[0] ?? '').match(/[A-Za-z_]\w*/g) ?? [];
    if (names.some((x) => SCALE_ALIASES[x] === 'n')) lnOfN = true;
    else hasBase = true;
  }
  return lnOfN && !hasBase;
}
