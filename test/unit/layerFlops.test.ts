// Expected values: references/model-math.md §2 (BERT-base worked numbers, article 8610) and the
// KV-cache column of references/flops-memory.md (published configs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kvCacheBytesPerToken, layerMultiplications } from '../../src/core/model/layerFlops';

describe('layer multiplications (kexue.fm 8610)', () => {
  it('BERT-base at n = 512', () => {
    assert.deepEqual(layerMultiplications(512, 768), { attention: 1_610_612_736, ffn: 2_415_919_104, layer: 4_026_531_840 });
  });

  it('attention exceeds the FFN only past n = 2·hd (1536 for BERT-base)', () => {
    const at = (n: number) => layerMultiplications(n, 768);
    assert.ok(at(1535).attention < at(1535).ffn);
    assert.equal(at(1536).attention, at(1536).ffn);
    assert.ok(at(1537).attention > at(1537).ffn);
  });
});

describe('KV cache per token', () => {
  it('Llama-2-7B (MHA, 32 layers × 32 heads × 128) is 524,288 bytes at 16 bits, 2 GiB at 4096 tokens', () => {
    const perToken = kvCacheBytesPerToken(32, 32, 128, 2);
    assert.equal(perToken, 524_288);
    assert.equal((perToken * 4096) / 2 ** 30, 2);
  });

  it('Mistral-7B (GQA, 8 KV heads) is 131,072 bytes, 1 GiB at 8192 tokens', () => {
    assert.equal(kvCacheBytesPerToken(32, 8, 128, 2), 131_072);
    assert.equal((kvCacheBytesPerToken(32, 8, 128, 2) * 8192) / 2 ** 30, 1);
  });

  it("kipply's 52B model (L = 64, d = 8192 as 64 × 128) is 2,097,152 bytes", () => {
    assert.equal(kvCacheBytesPerToken(64, 64, 128, 2), 2_097_152);
  });
});
