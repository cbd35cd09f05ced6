// FLOPs against published figures and the closed forms of references/flops-memory.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { estimate } from '../../../src/core/model/estimate';
import { attentionMlpCrossover, decodeStepFlops, forwardFlops, keysSeen, quadraticDominance, trainingFlops } from '../../../src/core/model/flops';
import { normalizeConfig } from '../../../src/core/model/normalize';

const spec = (f: string) => normalizeConfig(JSON.parse(readFileSync(new URL(`../../../samples/configs/${f}`, import.meta.url), 'utf8')));

describe('FLOPs', () => {
  it('Llama-2-7B, 128 tokens, full attention: 1,700,001,742,848 (flops-memory.md; calflops measures 1700.06 G)', () => {
    assert.equal(forwardFlops(spec('llama-2-7b.json'), 128, 'full').total, 1_700_001_742_848);
  });

  it('causal attention counts i + 1 keys: s(s+1)/2, half of full plus the diagonal', () => {
    assert.equal(keysSeen(4, 'causal'), 10);
    assert.equal(keysSeen(4, 'full'), 16);
    const l = spec('llama-2-7b.json');
    const s = 1000;
    assert.equal(forwardFlops(l, s, 'causal').attention, 2 * 32 * 4096 * s * (s + 1)); // 2·L·n_q·d_h·s·(s+1)
  });

  it('sliding windows cap the keys at the window (Mistral, 4096)', () => {
    assert.equal(keysSeen(8192, 'sliding', 4096), (4096 * 4097) / 2 + 4096 * 4096);
    const m = spec('mistral-7b.json');
    // causal accounting applies each layer's own window; 'full' counts every query–key pair
    assert.equal(forwardFlops(m, 8192, 'causal').attention, 32 * 4 * 32 * 128 * ((4096 * 4097) / 2 + 4096 * 4096));
    assert.equal(forwardFlops(m, 8192, 'sliding').total, forwardFlops(m, 8192, 'causal').total);
    assert.equal(forwardFlops(m, 2048, 'causal').attention, 32 * 4 * 32 * 128 * ((2048 * 2049) / 2));
  });

  it('training is 3 × forward; full recompute adds one forward; selective adds the attention core', () => {
    const l = spec('llama-2-7b.json');
    const f = forwardFlops(l, 512, 'causal');
    assert.equal(trainingFlops(l, 512, 'causal', 'none'), 3 * f.total);
    assert.equal(trainingFlops(l, 512, 'causal', 'full'), 4 * f.total);
    assert.equal(trainingFlops(l, 512, 'causal', 'selective'), 3 * f.total + f.attention);
  });

  it('decode step: 2·(Σ W + h·V) + 4·L·n_q·d_h·c', () => {
    const l = spec('llama-2-7b.json');
    assert.equal(decodeStepFlops(l, 1000), 2 * 6_607_077_376 + 4 * 32 * 4096 * 1000);
  });

  it('GPT-3 175B on 300B tokens is about 3.14e23 FLOPs (Brown et al. 2020), a little more with attention', () => {
    const gpt3 = normalizeConfig({ model_type: 'gpt2', n_embd: 12288, n_head: 96, n_layer: 96, n_positions: 2048, vocab_size: 50257 });
    const total = (trainingFlops(gpt3, 2048, 'causal', 'none') / 2048) * 300e9;
    assert.ok(total > 3.14e23 && total < 3.14e23 * 1.02, `${total.toExponential(4)}`);
  });

  it('6·N·D breaks at long context for Llama-3-8B: ×0.97 at 2k, ×1.07 at 8k, ×1.47 at 32k, ×3.07 at 128k (flops-memory.md)', () => {
    const l3 = spec('llama-3-8b.json');
    const ratio = (s: number) => Math.round(estimate(l3, { seq: s }).flops.sixNRatio * 100) / 100;
    assert.ok(Math.abs(ratio(2048) - 1) <= 0.06);
    assert.equal(ratio(8192), 1.07);
    assert.equal(ratio(32768), 1.47);
    assert.equal(ratio(131072), 3.07);
  });

  it('article 8610: for BERT-base attention beats the FFN past 2·hd = 1536, dominates the layer past 6·hd = 4608', () => {
    const bert = spec('bert-base-uncased.json');
    assert.equal(attentionMlpCrossover(bert, 'full'), 1536);
    assert.equal(quadraticDominance(bert, 'full'), 4608);
  });

  it('GQA does not change attention-core FLOPs, only the K/V projections', () => {
    const mha = spec('llama-2-7b.json');
    const gqa = normalizeConfig({ ...JSON.parse(readFileSync(new URL('../../../samples/configs/llama-2-7b.json', import.meta.url), 'utf8')), num_key_value_heads: 8 });
    assert.equal(forwardFlops(gqa, 512, 'causal').attention, forwardFlops(mha, 512, 'causal').attention);
    assert.equal(forwardFlops(mha, 1, 'causal').linear - forwardFlops(gqa, 1, 'causal').linear, 2 * 32 * 2 * 4096 * (4096 - 1024));
  });
});
