import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PRESETS } from '../../../src/core/model/presets';

describe('calculator presets', () => {
  it('are the sample configs, byte for byte the same JSON', () => {
    for (const p of PRESETS) {
      const sample = JSON.parse(readFileSync(new URL(`../../../samples/configs/${p.id}.json`, import.meta.url), 'utf8')) as unknown;
      assert.deepEqual(p.config, sample, p.id);
    }
  });
});
