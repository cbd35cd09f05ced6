// total_size of Llama-2-7B's index is 2 × 6,738,415,616 bytes (flops-memory.md: the published counts
// equal total_size / bytes of each model.safetensors.index.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli';
import { crossCheckIndex } from '../../../src/core/model/crossCheck';

const fixture = (f: string) => new URL(`../../fixtures/llama-2-7b/${f}`, import.meta.url).pathname;

describe('safetensors index cross-check', () => {
  it('agrees when total_size / bytes equals the count', () => {
    const index = JSON.parse(readFileSync(fixture('model.safetensors.index.json'), 'utf8')) as unknown;
    const c = crossCheckIndex(index, 6_738_415_616, 'float16');
    assert.equal(c?.agrees, true);
    assert.match(c?.message ?? '', /agrees with model.safetensors.index.json \(13,476,831,232 bytes \/ 2 = 6,738,415,616\)/);
  });

  it('says how far apart they are otherwise', () => {
    const c = crossCheckIndex({ metadata: { total_size: 13_476_839_424 } }, 6_738_415_616, 'float16');
    assert.equal(c?.agrees, false);
    assert.match(c?.message ?? '', /4,096 more than counted/);
    assert.equal(crossCheckIndex({ weight_map: {} }, 1, 'float16'), undefined);
  });

  it('modelmath estimate reads the index beside the config', async () => {
    const { code, out } = await cli('estimate', fixture('config.json'), '--json');
    assert.equal(code, 0);
    const j = JSON.parse(out) as { params: { index_total_size: number; index_agrees: boolean } };
    assert.equal(j.params.index_total_size, 13_476_831_232);
    assert.equal(j.params.index_agrees, true);
  });
});
