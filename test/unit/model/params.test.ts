// Exact parameter counts against published totals. Sources: flops-memory.md (total_size / bytes of
// each model.safetensors.index.json, or the model classes' own counts) for GPT-2, BERT, Llama-2,
// Mistral; the GPT-NeoX-20B paper (Black et al. 2022, 20,554,567,680); Meta's Llama 3 model card
// and HF index (8,030,261,248); Google's Gemma report / HF index (8,537,680,896); Mistral AI's
// Mixtral HF index (93,405,585,408 bytes / 2 = 46,702,792,704, "12.9B active"); Gemma-2-9B and
// Qwen2-7B from their HF indexes (9,241,705,984 and 7,615,616,512).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { normalizeConfig } from '../../../src/core/model/normalize';
import { countParameters } from '../../../src/core/model/params';
import { ConfigError } from '../../../src/core/model/spec';

const config = (f: string) => JSON.parse(readFileSync(new URL(`../../../samples/configs/${f}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const count = (cfg: unknown) => countParameters(normalizeConfig(cfg));

describe('parameter counts of real configs', () => {
  const published: [string, number][] = [
    ['gpt2.json', 124_439_808],
    ['bert-base-uncased.json', 109_514_298],
    ['llama-2-7b.json', 6_738_415_616],
    ['mistral-7b.json', 7_241_732_096],
    ['gpt-neox-20b.json', 20_554_567_680],
    ['llama-3-8b.json', 8_030_261_248],
    ['gemma-7b.json', 8_537_680_896],
    ['mixtral-8x7b.json', 46_702_792_704],
    ['gemma-2-9b.json', 9_241_705_984], // Google's Gemma 2 HF index; 4 norms per layer, head_dim 256, tied
    ['qwen2-7b.json', 7_615_616_512], // Qwen2 HF index; q/k/v biases, untied
    ['phi-3-mini.json', 3_821_079_552], // Phi-3-mini-4k HF index; fused qkv and gate_up count the same
  ];
  for (const [file, total] of published) it(`${file}: ${total.toLocaleString('en-US')}`, () => assert.equal(count(config(file)).total, total));

  it('the head follows architectures[0]: BertModel (with pooler) is 109,482,240', () => {
    assert.equal(count({ ...config('bert-base-uncased.json'), architectures: ['BertModel'] }).total, 109_482_240);
  });

  it('MoE: active counts top-2 of 8 experts (Mixtral ≈ 12.9B)', () => {
    const c = count(config('mixtral-8x7b.json'));
    // total − 6 of 8 experts' MLPs: 32 layers · 6 · 3 · 4096 · 14336
    assert.equal(c.active, 46_702_792_704 - 32 * 6 * 3 * 4096 * 14336);
    assert.equal(Math.round(c.active / 1e8) / 10, 12.9);
  });

  it('an untied head adds V·h (Llama-3-8B with tie_word_embeddings: true loses 525,336,576)', () => {
    assert.equal(count({ ...config('llama-3-8b.json'), tie_word_embeddings: true }).total, 8_030_261_248 - 128256 * 4096);
  });

  it('reads a multimodal config through text_config and says so', () => {
    const spec = normalizeConfig({ architectures: ['LlavaForConditionalGeneration'], text_config: config('llama-2-7b.json') });
    assert.equal(countParameters(spec).total, 6_738_415_616);
    assert.match(spec.leftOut.join(' '), /language model \(text_config.*vision\/audio tower and projector are left out/);
    assert.equal(spec.approximate, true);
  });

  it('accepts transformers v5 names (dtype) and multi_query', () => {
    const spec = normalizeConfig({ ...config('llama-2-7b.json'), torch_dtype: undefined, dtype: 'bfloat16', num_key_value_heads: undefined, multi_query: true });
    assert.equal(spec.torchDtype, 'bfloat16');
    assert.equal(spec.kvHeads, 1);
  });

  it('names the field when a value is missing or impossible', () => {
    // An undeclared type without a hidden size is refused, naming the field; a declared type takes the class default.
    assert.throws(() => normalizeConfig({ model_type: 'mystery', num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 10 }), (e: unknown) => e instanceof ConfigError && /no hidden size \("hidden_size"/.test(e.message) && /not supported/.test(e.message));
    assert.equal(normalizeConfig({ model_type: 'llama', num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 10 }).hidden, 4096);
    assert.throws(() => normalizeConfig({ ...config('llama-2-7b.json'), num_key_value_heads: 5 }), /must be a multiple of num_key_value_heads \(5\)/);
    assert.throws(() => normalizeConfig({ ...config('llama-2-7b.json'), hidden_size: -1 }), /"hidden_size" must be a positive whole number/);
    assert.throws(() => normalizeConfig([1, 2]), /must be a JSON object/);
  });

  it('lists its assumptions for an unknown family', () => {
    const spec = normalizeConfig({ model_type: 'mystery', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, intermediate_size: 128, hidden_act: 'silu' });
    assert.match(spec.assumptions.join('\n'), /not declared in Model Math's registry/);
    assert.match(spec.assumptions.join('\n'), /gated MLP/);
    assert.equal(spec.approximate, true);
  });
});
