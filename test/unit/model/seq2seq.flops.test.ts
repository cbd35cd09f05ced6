// Encoder–decoder forwards the fixtures do not reach — sources longer than one LongT5 block (local
// and transient-global), LED's per-layer Longformer windows, PEGASUS-X's blocks with global tokens,
// staggered or not, ProphetNet's predict streams (with encoder and decoder alone) — against the parameters and FLOPs torch's FlopCounterMode counted on one eager
// CPU forward of transformers 5.17 (expected values printed by
// scripts/reference/seq2seq_flops_checks.py, not by Model Math).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardFlops } from '../../../src/core/model/flops';
import { countParameters } from '../../../src/core/model/params';
import { resolveModel } from '../../../src/core/model/registry/registry';

const CASES: { type: string; architecture: string; config: Record<string, unknown>; source: number; target: number; parameters: number; flops: number }[] = [
  { type: "longt5", architecture: "LongT5ForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "d_kv": 16, "num_heads": 4, "d_ff": 128, "num_layers": 2, "num_decoder_layers": 2, "encoder_attention_type": "local", "local_radius": 7}, source: 45, target: 16, parameters: 197632, flops: 12132352 },
  { type: "longt5", architecture: "LongT5ForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "d_kv": 16, "num_heads": 4, "d_ff": 128, "num_layers": 2, "num_decoder_layers": 2, "encoder_attention_type": "transient-global", "local_radius": 7, "global_block_size": 4}, source: 45, target: 16, parameters: 197888, flops: 12889856 },
  { type: "longt5", architecture: "LongT5ForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "d_kv": 16, "num_heads": 4, "d_ff": 128, "num_layers": 2, "num_decoder_layers": 2, "encoder_attention_type": "transient-global", "feed_forward_proj": "gated-gelu"}, source: 300, target: 16, parameters: 230656, flops: 146774016 },
  { type: "led", architecture: "LEDForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128, "decoder_layers": 2, "encoder_layers": 2, "attention_window": [8, 16], "max_encoder_position_embeddings": 128, "max_decoder_position_embeddings": 64}, source: 45, target: 16, parameters: 237696, flops: 12410880 },
  { type: "pegasus_x", architecture: "PegasusXForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128, "decoder_layers": 2, "encoder_layers": 3, "block_size": 8, "num_global_tokens": 4}, source: 45, target: 16, parameters: 232768, flops: 16764928 },
  { type: "pegasus_x", architecture: "PegasusXForConditionalGeneration", config: {"vocab_size": 512, "d_model": 64, "encoder_attention_heads": 4, "decoder_attention_heads": 4, "encoder_ffn_dim": 128, "decoder_ffn_dim": 128, "decoder_layers": 2, "encoder_layers": 3, "block_size": 8, "num_global_tokens": 4, "stagger_local_blocks": false}, source: 45, target: 16, parameters: 232768, flops: 16470016 },
  { type: "prophetnet", architecture: "ProphetNetForConditionalGeneration", config: {"vocab_size": 512, "hidden_size": 64, "num_encoder_attention_heads": 4, "num_decoder_attention_heads": 2, "encoder_ffn_dim": 128, "decoder_ffn_dim": 96, "num_encoder_layers": 2, "num_decoder_layers": 2, "ngram": 3}, source: 45, target: 16, parameters: 266240, flops: 24433152 },
  { type: "prophetnet", architecture: "ProphetNetForCausalLM", config: {"vocab_size": 512, "hidden_size": 64, "num_encoder_attention_heads": 4, "num_decoder_attention_heads": 2, "encoder_ffn_dim": 128, "decoder_ffn_dim": 96, "num_encoder_layers": 2, "num_decoder_layers": 2, "ngram": 3}, source: 0, target: 16, parameters: 166400, flops: 12451840 },
];

describe('encoder–decoder block / window attention against torch (beyond the fixtures)', () => {
  for (const c of CASES) {
    it(`${c.architecture} ${JSON.stringify(c.config.encoder_attention_type ?? c.config.attention_window ?? c.config.stagger_local_blocks ?? c.config.ngram ?? '')} at ${c.source} source tokens: parameters and FLOPs`, () => {
      const spec = resolveModel({ ...c.config, model_type: c.type, architectures: [c.architecture] });
      assert.equal(spec.approximate, false);
      assert.equal(countParameters(spec).total, c.parameters);
      // source 0: a *ForCausalLM decoder alone, run without encoder states.
      const ours = (c.source ? forwardFlops(spec, c.target, 'full', c.source) : forwardFlops(spec, c.target, 'full')).total;
      assert.ok(Math.abs(ours - c.flops) <= 0.001 * c.flops, `ours ${ours}, torch ${c.flops}`);
    });
  }
});
