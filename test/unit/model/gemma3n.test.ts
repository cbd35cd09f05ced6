// Gemma 3n's text model against one forward of transformers 5.17 (scripts/reference/gemma3n_forward.py):
// the fixture generator's seeded variations of gemma3n_text cannot be built, so this small config
// checks what the default-config inventory cannot: AltUp's extra matmuls (its router runs twice per
// layer, the prediction mixes the streams), KV-shared layers (no K/V, no cache), per-layer MLP widths.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { countParameters } from '../../../src/core/model/params';
import { resolveModel } from '../../../src/core/model/registry/registry';

const config = {
  model_type: 'gemma3n_text', architectures: ['Gemma3nForCausalLM'], vocab_size: 512, vocab_size_per_layer_input: 512, hidden_size: 64,
  intermediate_size: [128, 128, 160, 128, 128, 96], num_hidden_layers: 6, num_attention_heads: 4, num_key_value_heads: 2, head_dim: 16,
  hidden_size_per_layer_input: 8, num_kv_shared_layers: 2, laurel_rank: 8, sliding_window: 8, altup_num_inputs: 4, tie_word_embeddings: true,
  layer_types: ['sliding_attention', 'sliding_attention', 'sliding_attention', 'full_attention', 'sliding_attention', 'full_attention'],
};

describe('Gemma 3n text model (one transformers forward, 32 tokens)', () => {
  const spec = resolveModel(config);
  it('is declared, not approximate', () => assert.equal(spec.approximate, false));
  it('has 315,592 parameters', () => assert.equal(countParameters(spec).total, 315_592));
  it('matmul FLOPs within 0.1 % of torch (20,478,976; the rest is the rotary inv_freq product)', () => {
    const ours = forwardFlops(spec, 32, 'full').total;
    assert.ok(Math.abs(ours - 20_478_976) <= 0.001 * 20_478_976, `ours ${ours}`);
  });
  it('caches 3,392 K/V elements: four layers with their own K/V (sliding ones keep 7 tokens), two KV-shared layers none', () => {
    let n = 0;
    for (const a of spec.inventory.attention) n += a.cachePerToken * Math.min(32, a.window !== undefined ? a.window - 1 : 32);
    assert.equal(n, 3392);
    assert.deepEqual(spec.inventory.attention.map((a) => a.cache), ['kv', 'kv', 'kv', 'kv', 'shared', 'shared']);
  });
});
