// Memory against the ZeRO paper's Figure 1, Korthikanti et al.'s GPT-3 example and the KV-cache
// column of flops-memory.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { estimate } from '../../../src/core/model/estimate';
import { activationBytesPerLayer, bytesPerParam, kvBytesPerToken, perGpuStates, trainingStates } from '../../../src/core/model/memory';
import { normalizeConfig } from '../../../src/core/model/normalize';

const spec = (f: string) => normalizeConfig(JSON.parse(readFileSync(new URL(`../../../samples/configs/${f}`, import.meta.url), 'utf8')));

describe('memory', () => {
  it('KV cache per token (16-bit): GPT-2 36,864; Llama-2-7B 524,288; Mistral-7B (GQA 8) 131,072', () => {
    assert.equal(kvBytesPerToken(spec('gpt2.json'), 'bf16'), 36_864);
    assert.equal(kvBytesPerToken(spec('llama-2-7b.json'), 'fp16'), 524_288);
    assert.equal(kvBytesPerToken(spec('mistral-7b.json'), 'bf16'), 131_072);
    assert.equal(estimate(spec('llama-2-7b.json'), { seq: 4096 }).kvCache.bytesAtContext, 2 * 2 ** 30);
    assert.equal(kvBytesPerToken(spec('mistral-7b.json'), 'fp8'), 65_536);
  });

  it('ZeRO Figure 1: 7.5B params on 64 GPUs, mixed-precision Adam: 120 / 31.4 / 16.6 / 1.9 GB', () => {
    const psi = 7.5e9;
    const s = trainingStates(spec('llama-2-7b.json'), psi, 'bf16', 'adamw');
    const gb = (stage: 0 | 1 | 2 | 3) => Math.round((perGpuStates(s, { zero: stage, dp: 64, tp: 1, pp: 1 }).total / 1e9) * 10) / 10;
    assert.deepEqual([gb(0), gb(1), gb(2), gb(3)], [120, 31.4, 16.6, 1.9]);
  });

  it('bytes per parameter of each optimizer (mixed precision): AdamW 2+2+12, 8-bit Adam 2+2+6, SGD and Lion 2+2+8', () => {
    const l = spec('llama-2-7b.json');
    const pp = (o: Parameters<typeof trainingStates>[3]) => trainingStates(l, 1000, 'bf16', o).perParam;
    assert.deepEqual(pp('adamw'), { weights: 2, gradients: 2, optimizer: 12 });
    assert.deepEqual(pp('adam8bit'), { weights: 2, gradients: 2, optimizer: 6 });
    assert.deepEqual(pp('sgd'), { weights: 2, gradients: 2, optimizer: 8 });
    assert.deepEqual(pp('lion'), { weights: 2, gradients: 2, optimizer: 8 });
    assert.deepEqual(trainingStates(l, 1000, 'fp32', 'adamw').perParam, { weights: 4, gradients: 4, optimizer: 8 });
  });

  it('AdaFactor stores rows + cols per matrix (article 7302): far less than Adam’s 2·m·n', () => {
    const l = spec('llama-2-7b.json');
    const p = 6_738_415_616;
    const af = trainingStates(l, p, 'fp32', 'adafactor').optimizer;
    // q_proj alone: 4096 + 4096 numbers instead of 2 · 4096²; the whole model stays under 0.01 B/param.
    assert.ok(af / p < 0.01, `${af / p} B/param`);
    assert.ok(af > 0);
  });

  it('Korthikanti et al. GPT-3 175B, s = 2048, b = 1, t = 8: 578,813,952 B per layer; 50,331,648 with full recompute', () => {
    const gpt3 = normalizeConfig({ model_type: 'gpt2', n_embd: 12288, n_head: 96, n_layer: 96, n_positions: 2048, vocab_size: 50257, attn_pdrop: 0.1, resid_pdrop: 0.1 });
    const o = { seq: 2048, batch: 1, tp: 8, flashAttention: false } as const;
    assert.equal(activationBytesPerLayer(gpt3, { ...o, recompute: 'none' }), 578_813_952);
    assert.equal(activationBytesPerLayer(gpt3, { ...o, recompute: 'full' }), 50_331_648);
  });

  it('selective recompute and FlashAttention remove the s² terms', () => {
    const l = spec('llama-2-7b.json');
    const a = (recompute: 'none' | 'selective', flashAttention: boolean) => activationBytesPerLayer(l, { seq: 4096, batch: 1, tp: 1, recompute, flashAttention });
    assert.ok(a('none', false) > 2 * a('selective', false));
    assert.equal(a('selective', false) + 4 * 32 * 4096, a('none', true)); // flash keeps fp32 log-sum-exp per head and query
  });

  it('int4 weights carry a 16-bit scale per 128: 0.515625 B/param', () => assert.equal(bytesPerParam('int4'), 0.515625));

  it('says whether training fits: Llama-2-7B with AdamW does not fit one 80 GB H100, ZeRO-3 over 8 does', () => {
    const l = spec('llama-2-7b.json');
    assert.equal(estimate(l, { gpus: 1 }).memory.fitsTraining, false);
    assert.equal(estimate(l, { gpus: 8, zero: 3 }).memory.fitsTraining, true);
  });
});
