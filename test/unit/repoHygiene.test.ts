// Text files carry no leftovers of a merge: a conflict marker in CHANGELOG.md once reached main.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const MARKER = /^(<{7}|>{7}|\|{7})( |$)/m;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|mjs|js|md|json|css|py)$/.test(name)) yield path;
  }
}

describe('repository hygiene', () => {
  it('no merge conflict markers in docs, sources, tests or scripts', () => {
    const roots = ['README.md', 'CHANGELOG.md', 'ARCHITECTURE.md', 'package.json', 'docs', 'src', 'test/unit', 'test/webview', 'test/integration', 'test/support', 'scripts', 'bench'];
    const hits: string[] = [];
    for (const r of roots) {
      const path = join(root, r);
      const list = statSync(path).isDirectory() ? [...files(path)] : [path];
      for (const f of list) if (MARKER.test(readFileSync(f, 'utf8'))) hits.push(f.slice(root.length));
    }
    assert.deepEqual(hits, []);
  });
});
