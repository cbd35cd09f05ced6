// Encoder–decoder (T5) and MLA + MoE (DeepSeek-V3) against published totals: t5-small 60,506,624
// and flan-t5-base 247,577,856 (the counts Hugging Face's model classes print; Raffel et al. call
// them 60M and 220M/250M); DeepSeek-V3 "671B total, 37B activated" (DeepSeek-AI 2024, Table 1).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { kvBytesPerToken } from '../../../src/core/model/memory';
import { normalizeConfig } from '../../../src/core/model/normalize';
import { countParameters } from '../../../src/core/model/params';

const spec = (f: string) => normalizeConfig(JSON.parse(readFileSync(new URL(`../../../samples/configs/${f}`, import.meta.url), 'utf8')));

describe('encoder–decoder (T5)', () => {
  it('t5-small has 60,506,624 parameters (shared, tied embedding; ReLU MLP)', () => assert.equal(countParameters(spec('t5-small.json')).total, 60_506_624));
  it('flan-t5-base: 247,577,856 stored, 222,903,552 as transformers 5 builds it (T5Config forces a tied head)', () => {
    const s = spec('flan-t5-base.json');
    // The checkpoint stores its own lm_head (32128 × 768); transformers 5.17 ties it to `shared` whatever tie_word_embeddings says.
    assert.equal(countParameters(s).total, 247_577_856 - 32128 * 768);
    assert.match(s.assumptions.join(' '), /ties the T5 LM head to the shared embedding anyway/);
  });

  it('forward FLOPs for 512 source + 512 target tokens, term by term', () => {
    const h = 512, f = 2048, L = 6, V = 32128, s = 512;
    const encoder = 2 * s * L * (4 * h * h + 2 * h * f) + 4 * h * L * s * s;
    const decoderLinear = 2 * s * L * (6 * h * h + 2 * h * f) + 2 * s * L * (2 * h * h);
    const decoderAttention = 4 * h * L * ((s * (s + 1)) / 2 + s * s);
    const head = 2 * s * h * V;
    assert.equal(forwardFlops(spec('t5-small.json'), s, 'causal').total, encoder + decoderLinear + decoderAttention + head);
  });
});

describe('MLA + MoE (DeepSeek-V3)', () => {
  const ds = spec('deepseek-v3.json');

  it('671B total and 37B active parameters', () => {
    const c = countParameters(ds);
    assert.equal(Math.round(c.total / 1e9), 671);
    assert.equal(Math.floor(c.active / 1e9), 37);
    assert.match(ds.assumptions.join(' '), /multi-token-prediction module .* not counted/);
  });

  it('caches the 512-wide latent plus the 64-wide rotary key per layer: 61 · 576 · 2 = 70,272 B/token', () => {
    assert.equal(kvBytesPerToken(ds, 'bf16'), 61 * (512 + 64) * 2);
  });

  it('attention core FLOPs use 2·heads·(d_qk + d_v) per key', () => {
    assert.equal(forwardFlops(ds, 1000, 'causal').attention, 61 * 2 * 128 * (192 + 128) * ((1000 * 1001) / 2));
  });

  it('first_k_dense_replace = 0 means every layer is MoE (0 is a value, not a missing field)', () => {
    const raw = JSON.parse(readFileSync(new URL('../../../samples/configs/deepseek-v3.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const all = countParameters(normalizeConfig({ ...raw, first_k_dense_replace: 0 }));
    // three dense MLPs (3·7168·18432) become MoE layers (routed + shared + router)
    const moeMlp = 256 * 3 * 7168 * 2048 + 3 * 7168 * 2048 + 256 * 7168; // e_score_correction_bias is a buffer, not a parameter
    assert.equal(all.total - countParameters(ds).total, 3 * (moeMlp - 3 * 7168 * 18432));
  });
});
