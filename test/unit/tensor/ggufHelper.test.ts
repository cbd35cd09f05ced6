// Whether opening a GGUF file for analysis starts the helper thread (src/node/tensorFiles.ts,
// decision 0023): its tensors are known only after the header, and a thread that gets no work
// still costs its start-up. A block-quantized tensor is shared with it only past 128 Mi values: by
// blocks of rows (decision 0026), or, for an embedding (whose row sample needs its rows in order),
// split in two ranges where this thread takes (rows + lead) / 2 rows with a lead of four times
// 32 Mi values (decision 0025). Rows of 4096: over 32,768 rows either way.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { helperWanted } from '../../../src/node/tensorFiles';

const q4k = (name: string, rows: number, cols = 4096): TensorEntry => ({
  name,
  dtype: 'float32',
  shape: [rows, cols],
  count: rows * cols,
  byteLength: ((rows * cols) / 256) * 144,
  littleEndian: true,
  order: 'C',
  location: { kind: 'raw', offset: 0 },
  storage: { name: 'Q4_K', blockValues: 256, blockBytes: 144 },
});

describe('helper thread for GGUF files (started after the header)', () => {
  it('not for one Q4_K tensor of 64 Mi values (36 MiB: not split)', () => {
    assert.equal(helperWanted([q4k('w', 16_384)]), false);
  });
  it('not for one Q4_K tensor of exactly the lead (32,768 rows of 4096: this thread takes them all)', () => {
    assert.equal(helperWanted([q4k('w', 32_768)]), false);
  });
  it('for one Q4_K tensor past the lead (32,770 rows of 4096: shared by blocks)', () => {
    assert.equal(helperWanted([q4k('w', 32_770)]), true);
  });
  it('for a Q4_K embedding past the lead (split in two ranges), not for one of exactly the lead', () => {
    assert.equal(helperWanted([q4k('token_embd.weight', 32_770)]), true);
    assert.equal(helperWanted([q4k('token_embd.weight', 32_768)]), false);
  });
  it('for two tensors of at least 1 MiB (analyzeAll runs the second on the helper)', () => {
    assert.equal(helperWanted([q4k('a', 1024), q4k('b', 1024)]), true);
  });
  it('not for one big tensor beside tiny ones (norms under 1 MiB)', () => {
    assert.equal(helperWanted([q4k('w', 16_384), q4k('norm', 1, 4096), q4k('bias', 1, 4096)]), false);
  });
});
