// The bundle budgets fail the production build when a bundle outgrows its budget or is new.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BUDGETS, checkBudgets } from '../../scripts/bundle-budgets.mjs';

describe('bundle size budgets', () => {
  const fake = (sizes: Record<string, number>) => {
    const root = mkdtempSync(join(tmpdir(), 'mm-budget-'));
    mkdirSync(join(root, 'dist', 'webview'), { recursive: true });
    for (const [file, size] of Object.entries(sizes)) writeFileSync(join(root, file), Buffer.alloc(size));
    return root;
  };
  const budgets = BUDGETS as Record<string, number>;
  it('pass when every bundle is within budget', () => {
    const root = fake(Object.fromEntries(Object.entries(budgets).map(([f, b]) => [f, b - 1])));
    assert.deepEqual(checkBudgets(root).over, []);
  });
  it('fail, naming the file, when one grows past it or has none', () => {
    const root = fake({ ...Object.fromEntries(Object.entries(budgets).map(([f, b]) => [f, b])), 'dist/extension.js': budgets['dist/extension.js']! + 1, 'dist/webview/new.js': 10 });
    const over = checkBudgets(root).over as string[];
    assert.equal(over.length, 2);
    assert.match(over[0] ?? '', /dist\/extension\.js is .* over its budget/);
    assert.match(over[1] ?? '', /dist\/webview\/new\.js has no size budget/);
  });
});
