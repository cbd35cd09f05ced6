// What the hover, CodeLens, report and CLI say about a config.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { cli } from '../../support/cli';
import { estimate } from '../../../src/core/model/estimate';
import { normalizeConfig } from '../../../src/core/model/normalize';
import { estimateMarkdown, formatFlops, keyContribution, summaryMarkdown } from '../../../src/core/model/report';

const path = (f: string) => new URL(`../../../samples/configs/${f}`, import.meta.url).pathname;
const spec = (f: string) => normalizeConfig(JSON.parse(readFileSync(path(f), 'utf8')));


describe('estimate reports', () => {
  it('formats FLOPs with SI prefixes', () => {
    assert.equal(formatFlops(1_700_001_742_848), '1.7 TFLOPs');
    assert.equal(formatFlops(3.14e23), '314 ZFLOPs');
  });

  it('explains what num_key_value_heads saves (Mistral: GQA 4, 128 KiB instead of 512 KiB per token)', () => {
    const text = keyContribution(estimate(spec('mistral-7b.json')), 'num_key_value_heads', false) ?? '';
    assert.match(text, /GQA 32:8 \(4 query heads share each K\/V head\): KV cache 128 KiB\/token instead of 512 KiB with MHA/);
  });

  it('explains MoE totals against active parameters', () => {
    assert.match(keyContribution(estimate(spec('mixtral-8x7b.json')), 'num_local_experts', false) ?? '', /2 of 8 experts per token: memory holds all 46,702,792,704 params, compute uses 12,879,925,248/);
  });

  it('summarises a config in a table that names its conventions', () => {
    const md = summaryMarkdown(estimate(spec('llama-2-7b.json')), false);
    assert.match(md, /\| Parameters \| 6,738,415,616 \|/);
    assert.match(md, /\| KV cache per token \| 512 KiB \(bf16\) \|/);
    const full = estimateMarkdown(estimate(spec('llama-2-7b.json')), 'Llama-2-7B');
    assert.match(full, /## Conventions\n\n- 1 multiply-add = 2 FLOPs/);
  });

  it('modelmath estimate --json carries the documented fields', async () => {
    const r = await cli('estimate', path('mistral-7b.json'), '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { params: { total: number; active: number }; kv_cache: { bytes_per_token: number }; flops: { forward_per_sequence: number }; memory: { weights_bytes: number; gradients_bytes: number; optimizer_bytes: number } };
    assert.equal(j.params.total, 7_241_732_096);
    assert.equal(j.params.active, 7_241_732_096);
    assert.equal(j.kv_cache.bytes_per_token, 131_072);
    const p = j.params.total;
    assert.deepEqual([j.memory.weights_bytes, j.memory.gradients_bytes, j.memory.optimizer_bytes], [2 * p, 2 * p, 12 * p]);
    // forward, batch 1, 2048 tokens, causal: 2·s·(Σ W + h·V) + 2·L·n_q·d_h·s·(s+1)
    const W = 32 * (4096 * 4096 * 2 + 2 * 4096 * 1024 + 3 * 4096 * 14336) + 4096 * 32000;
    assert.equal(j.flops.forward_per_sequence, 2 * 2048 * W + 2 * 32 * 4096 * 2048 * 2049);
  });

  it('modelmath estimate honours options and reports bad input in one line with exit code 2', async () => {
    const r = await cli('estimate', path('llama-2-7b.json'), '--seq', '128', '--attention', 'full', '--json');
    assert.equal((JSON.parse(r.out) as { flops: { forward_per_sequence: number } }).flops.forward_per_sequence, 1_700_001_742_848);
    for (const args of [['estimate', 'nope.json'], ['estimate', path('gpt2.json'), '--dtype', 'fp64'], ['estimate', path('gpt2.json'), '--gpus', '3', '--tp', '2'], ['estimate', path('gpt2.json'), '--gpu', 'tpu']]) {
      const bad = await cli(...args);
      assert.equal(bad.code, 2, args.join(' '));
      assert.equal(bad.err.trim().split('\n').length, 1, bad.err);
    }
    const text = await cli('estimate', path('gpt2.json'));
    assert.match(text.out, /total\s+124,439,808 params/);
    assert.match(text.out, /Conventions:/);
  });
});
