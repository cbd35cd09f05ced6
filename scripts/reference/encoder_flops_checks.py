"""Torch-counted FLOPs of encoder forwards the fixtures do not reach (sequences beyond one chunk or
block, relative attention, pooling with repeats, Perceiver's latents): the expected values of
test/unit/model/encoders.flops.test.ts.

    /tmp/ref/bin/python scripts/reference/encoder_flops_checks.py

Each case: model type, class, config kwargs, sequence length -> parameters and FlopCounterMode total
of one eager CPU forward (random weights, nothing downloaded)."""
import json
import torch
from torch.utils.flop_counter import FlopCounterMode
from transformers import CONFIG_MAPPING
import transformers

CASES = [
    ("perceiver", "PerceiverForMaskedLM", dict(d_model=128, d_latents=64, num_latents=16, num_self_attends_per_block=2, num_blocks=2, num_self_attention_heads=4, num_cross_attention_heads=2, max_position_embeddings=64, vocab_size=262), 32),
    ("reformer", "ReformerForMaskedLM", dict(num_hidden_layers=2, attn_layers=["local", "lsh"], hidden_size=64, num_attention_heads=2, attention_head_size=32, axial_pos_shape=[16, 16], axial_pos_embds_dim=[16, 48], max_position_embeddings=256, feed_forward_size=128, local_attn_chunk_length=32, lsh_attn_chunk_length=32, num_hashes=2, vocab_size=320), 256),
    ("deberta-v2", "DebertaV2ForMaskedLM", dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128, vocab_size=500, relative_attention=True, pos_att_type=["p2c", "c2p"], position_buckets=16, max_relative_positions=-1, share_att_key=True, norm_rel_ebd="layer_norm", position_biased_input=False), 32),
    ("deberta-v2", "DebertaV2ForMaskedLM", dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128, vocab_size=500, relative_attention=True, pos_att_type="c2p|p2c", max_relative_positions=-1, share_att_key=False, position_biased_input=False, conv_kernel_size=3), 32),
    ("deberta", "DebertaForMaskedLM", dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=4, intermediate_size=128, vocab_size=500, relative_attention=True, pos_att_type="c2p|p2c", max_relative_positions=-1, position_biased_input=False), 40),
    ("funnel", "FunnelForMaskedLM", dict(d_model=64, n_head=2, d_head=32, d_inner=128, vocab_size=500, block_sizes=[2, 1], block_repeats=[1, 2], num_decoder_layers=1), 37),
    ("big_bird", "BigBirdForMaskedLM", dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128, vocab_size=500, block_size=16, num_random_blocks=2, max_position_embeddings=512), 256),
    ("nystromformer", "NystromformerForMaskedLM", dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128, vocab_size=500, num_landmarks=16, segment_means_seq_len=128, conv_kernel_size=33), 128),
]

for model_type, cls, kwargs, s in CASES:
    torch.manual_seed(0)
    config = CONFIG_MAPPING[model_type](**kwargs)
    model = getattr(transformers, cls)(config).eval()
    ids = torch.randint(0, config.vocab_size, (1, s))
    try:
        with FlopCounterMode(display=False) as counter:
            model(ids)
    except AssertionError:  # Reformer's reversible layers need no_grad under the counter
        with torch.no_grad(), FlopCounterMode(display=False) as counter:
            model(ids)
    print(json.dumps({"model_type": model_type, "class": cls, "config": kwargs, "sequence": s,
                      "parameters": sum(p.numel() for p in model.parameters()), "flops": counter.get_total_flops()}))
