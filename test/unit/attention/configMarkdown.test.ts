import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { attentionConfigMarkdown } from '../../../src/core/attention/configMarkdown';

const sample = (name: string) => JSON.parse(readFileSync(`samples/configs/${name}.json`, 'utf8')) as unknown;

describe('config hover: attention scale section', () => {
  it('Llama-2-7B: 1/√128, healthy', () => {
    const md = attentionConfigMarkdown(sample('llama-2-7b')) ?? '';
    assert.match(md, /d = 128 \(hidden_size \/ num_attention_heads\)/);
    assert.match(md, /1\/√128 = 0\.0883883/);
    assert.match(md, /\*\*healthy\*\*/);
  });
  it('Gemma 2 lists its scale fields', () => {
    const md = attentionConfigMarkdown(sample('gemma-2-9b')) ?? '';
    assert.match(md, /query_pre_attn_scalar: 256/);
    assert.match(md, /attn_logit_softcapping: 50/);
  });
  it('a config without head size says so', () => assert.match(attentionConfigMarkdown({ model_type: 'x' }) ?? '', /no head size/));
});
