// Encoder forwards the fixtures do not reach — sequences beyond one chunk or block (Reformer's LSH,
// BigBird's block-sparse attention), Nyströmformer's landmarks, DeBERTa's disentangled relative
// attention, Funnel's pooling with block repeats, Perceiver IO's latents — against the parameters
// and FLOPs torch's FlopCounterMode counted on one eager CPU forward of transformers 5.17
// (expected values printed by scripts/reference/encoder_flops_checks.py, not by Model Math).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { countParameters } from '../../../src/core/model/params';
import { resolveModel } from '../../../src/core/model/registry/registry';

const CASES: { type: string; architecture: string; config: Record<string, unknown>; s: number; parameters: number; flops: number }[] = [
  { type: "perceiver", architecture: "PerceiverForMaskedLM", config: {"d_model": 128, "d_latents": 64, "num_latents": 16, "num_self_attends_per_block": 2, "num_blocks": 2, "num_self_attention_heads": 4, "num_cross_attention_heads": 2, "max_position_embeddings": 64, "vocab_size": 262}, s: 32, parameters: 268230, flops: 22904832 },
  { type: "reformer", architecture: "ReformerForMaskedLM", config: {"num_hidden_layers": 2, "attn_layers": ["local", "lsh"], "hidden_size": 64, "num_attention_heads": 2, "attention_head_size": 32, "axial_pos_shape": [16, 16], "axial_pos_embds_dim": [16, 48], "max_position_embeddings": 256, "feed_forward_size": 128, "local_attn_chunk_length": 32, "lsh_attn_chunk_length": 32, "num_hashes": 2, "vocab_size": 320}, s: 256, parameters: 125376, flops: 65536000 },
  { type: "deberta-v2", architecture: "DebertaV2ForMaskedLM", config: {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 500, "relative_attention": true, "pos_att_type": ["p2c", "c2p"], "position_buckets": 16, "max_relative_positions": -1, "share_att_key": true, "norm_rel_ebd": "layer_norm", "position_biased_input": false}, s: 32, parameters: 106036, flops: 8601600 },
  { type: "deberta-v2", architecture: "DebertaV2ForMaskedLM", config: {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 500, "relative_attention": true, "pos_att_type": "c2p|p2c", "max_relative_positions": -1, "share_att_key": false, "position_biased_input": false, "conv_kernel_size": 3}, s: 32, parameters: 198516, flops: 58146816 },
  { type: "deberta", architecture: "DebertaForMaskedLM", config: {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 500, "relative_attention": true, "pos_att_type": "c2p|p2c", "max_relative_positions": -1, "position_biased_input": false}, s: 40, parameters: 185780, flops: 13209600 },
  { type: "funnel", architecture: "FunnelForMaskedLM", config: {"d_model": 64, "n_head": 2, "d_head": 32, "d_inner": 128, "vocab_size": 500, "block_sizes": [2, 1], "block_repeats": [1, 2], "num_decoder_layers": 1}, s: 37, parameters: 183924, flops: 17860224 },
  { type: "big_bird", architecture: "BigBirdForMaskedLM", config: {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 500, "block_size": 16, "num_random_blocks": 2, "max_position_embeddings": 512}, s: 256, parameters: 140916, flops: 68820992 },
  { type: "nystromformer", architecture: "NystromformerForMaskedLM", config: {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 500, "num_landmarks": 16, "segment_means_seq_len": 128, "conv_kernel_size": 33}, s: 128, parameters: 136888, flops: 30310400 },
];

describe('encoder special attention against torch (beyond the fixtures)', () => {
  for (const c of CASES) {
    it(`${c.type} at ${c.s} tokens: parameters and FLOPs`, () => {
      const spec = resolveModel({ ...c.config, model_type: c.type, architectures: [c.architecture] });
      assert.equal(spec.approximate, false);
      assert.equal(countParameters(spec).total, c.parameters);
      const ours = forwardFlops(spec, c.s, 'full').total;
      assert.ok(Math.abs(ours - c.flops) <= 0.001 * c.flops, `ours ${ours}, torch ${c.flops}`);
    });
  }
});
