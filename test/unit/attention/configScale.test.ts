// The scale each config implies, against the formulas in the models' own code (Hugging Face
// modeling files, DeepSeek's reference code, Qwen-1's modeling_qwen.py) recomputed by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AttentionConfigError, attentionFromConfig } from '../../../src/core/attention/configScale';
import { yarnFactor } from '../../../src/core/attention/scales';

const sample = (name: string) => JSON.parse(readFileSync(`samples/configs/${name}.json`, 'utf8')) as unknown;
const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe('attention scale from configs', () => {
  it('Llama-2-7B: 1/√128, causal, no notes', () => {
    const a = attentionFromConfig(sample('llama-2-7b'));
    assert.equal(a.headDim, 128);
    close(a.baseScale, 1 / Math.sqrt(128));
    assert.equal(a.causal, true);
    assert.equal(a.notes.length, 0);
  });

  it('BERT is bidirectional', () => assert.equal(attentionFromConfig(sample('bert-base-uncased')).causal, false));

  it('Gemma 2 9B: query_pre_attn_scalar 256 and the ±50 soft-cap', () => {
    const a = attentionFromConfig(sample('gemma-2-9b'));
    close(a.baseScale, 1 / 16);
    assert.equal(a.softcap, 50);
    assert.ok(a.notes.some((n) => n.field === 'attn_logit_softcapping'));
  });

  it('Gemma 2 27B style: query_pre_attn_scalar differs from head_dim', () => {
    const a = attentionFromConfig({ model_type: 'gemma2', hidden_size: 4608, num_attention_heads: 32, head_dim: 128, query_pre_attn_scalar: 144 });
    close(a.baseScale, 1 / 12);
    assert.match(a.notes[0]?.effect ?? '', /instead of 1\/√head_dim/);
  });

  it('DeepSeek-V3: qk head 128 + 64, scale × mscale² with mscale = 0.1·ln 40 + 1', () => {
    const a = attentionFromConfig(sample('deepseek-v3'));
    assert.equal(a.headDim, 192);
    const mscale = 0.1 * 1.0 * Math.log(40) + 1;
    close(a.baseScale, 192 ** -0.5 * mscale * mscale);
    assert.equal(a.trainLength, 4096);
  });

  it('YaRN (generic): logits × (1 + 0.1 ln r)², the same as the YaRN factor', () => {
    const a = attentionFromConfig({ model_type: 'qwen2', hidden_size: 3584, num_attention_heads: 28, rope_scaling: { rope_type: 'yarn', factor: 4, original_max_position_embeddings: 32768 } });
    close(a.baseScale, yarnFactor(4) / Math.sqrt(128));
    close(yarnFactor(4), 1.296_477, 1e-6);
  });

  it('llama3 rope scaling changes frequencies only', () => {
    const a = attentionFromConfig(sample('llama-3-8b'));
    close(a.baseScale, 1 / Math.sqrt(128));
  });

  it('Granite: attention_multiplier replaces 1/√d (1/128 = 1/d, the μP choice)', () => {
    const a = attentionFromConfig({ model_type: 'granite', hidden_size: 4096, num_attention_heads: 32, attention_multiplier: 0.0078125 });
    assert.equal(a.baseScale, 0.0078125);
    assert.match(a.notes[0]?.effect ?? '', /1\/d, the μP choice/);
  });

  it('Qwen-1 use_logn_attn: × log_seq_length(n) past seq_length', () => {
    const a = attentionFromConfig({ model_type: 'qwen', hidden_size: 4096, num_attention_heads: 32, kv_channels: 128, seq_length: 8192, use_logn_attn: true });
    close(a.choice.scale(4096), 1 / Math.sqrt(128));
    close(a.choice.scale(16_384), (14 / 13) / Math.sqrt(128)); // log 2¹⁴ / log 2¹³
    assert.equal(a.trainLength, 8192);
    assert.equal(a.choice.lengthDependent, true);
  });

  it('Llama 4 temperature tuning: 1 below floor_scale, 1 + 0.1·ln 2 at 8192 keys (in text_config)', () => {
    const a = attentionFromConfig({ model_type: 'llama4', text_config: { model_type: 'llama4_text', hidden_size: 5120, num_attention_heads: 40, head_dim: 128, attn_temperature_tuning: true, floor_scale: 8192, attn_scale: 0.1 } });
    close(a.choice.scale(8191), 1 / Math.sqrt(128));
    close(a.choice.scale(8192), (1 + 0.1 * Math.log(2)) / Math.sqrt(128));
    assert.ok(a.notes.some((n) => n.field === 'text_config.attn_temperature_tuning'));
  });

  it('T5 notes that the scale lives in the init', () => assert.ok(attentionFromConfig(sample('t5-small')).notes.some((n) => /init/.test(n.effect))));

  it('configs without a head size are a clear error', () => {
    assert.throws(() => attentionFromConfig({ model_type: 'llama' }), (e: unknown) => e instanceof AttentionConfigError && /head_dim/.test(e.message));
    assert.throws(() => attentionFromConfig({ hidden_size: 100, num_attention_heads: 3 }), /not divisible/);
    assert.throws(() => attentionFromConfig([1, 2]), /JSON object/);
  });
});
