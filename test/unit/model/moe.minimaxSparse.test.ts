// MiniMax-M3's lightning-indexer layers ("minimax_m3_sparse"), which the seeded fixtures do not cover.
// Expected values from transformers 5.17 itself (scripts/reference/minimax_m3_sparse_forward.py: the
// model built from this config, one eager CPU forward of 32 tokens under torch's FlopCounterMode).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { countParameters } from '../../../src/core/model/params';
import { resolveModel } from '../../../src/core/model/registry/registry';

const config = { model_type: 'minimax_m3_vl_text', architectures: ['MiniMaxM3VLForCausalLM'], hidden_size: 64, num_hidden_layers: 3, num_attention_heads: 4, num_key_value_heads: 2, head_dim: 16, intermediate_size: 32, dense_intermediate_size: 96, shared_intermediate_size: 16, num_local_experts: 4, num_experts_per_tok: 2, vocab_size: 128, mlp_layer_types: ['dense', 'sparse', 'sparse'], layer_types: ['full_attention', 'minimax_m3_sparse', 'minimax_m3_sparse'], rotary_dim: 8, index_n_heads: 2, index_head_dim: 16, index_block_size: 8, index_topk_blocks: 2, index_local_blocks: 1 };

it('MiniMax-M3 indexer layers: parameters, forward FLOPs and cache as transformers', () => {
  const spec = resolveModel(config);
  assert.equal(spec.approximate, false);
  assert.equal(countParameters(spec).total, 134_240);
  assert.deepEqual(spec.inventory.tensors.filter((t) => t.name.startsWith('model.layers.1.self_attn.indexer.')).map((t) => [t.name.slice('model.layers.1.self_attn.'.length), t.shape]), [['indexer.q_proj.weight', [32, 64]], ['indexer.k_proj.weight', [16, 64]], ['indexer.q_norm.weight', [16]], ['indexer.k_norm.weight', [16]]]);
  // torch counts no FLOPs for the grouped routed-expert kernels (see test/support/registryScore.ts): compare without them.
  let routed = 0;
  for (const t of spec.inventory.tensors) if (t.matmul && t.component === 'experts') routed += 2 * 32 * t.elements * t.activeShare;
  const flops = forwardFlops(spec, 32, 'full').total - routed;
  assert.ok(Math.abs(flops - 5_800_448) <= 0.001 * 5_800_448, `FLOPs ${flops}`);
  // K and V of every layer plus the indexer's one key per token on the two sparse layers.
  assert.equal(spec.inventory.attention.reduce((n, a) => n + a.cachePerToken * 32, 0), 7_168);
});
