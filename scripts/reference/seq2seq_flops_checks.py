"""Torch-counted FLOPs of encoder–decoder forwards the fixtures do not reach (sources longer than one
LongT5 / PEGASUS-X block or one LED window, transient-global attention, per-layer windows,
ProphetNet with 3 predict streams): the
expected values of test/unit/model/seq2seq.flops.test.ts.

    /tmp/ref/bin/python scripts/reference/seq2seq_flops_checks.py

Each case: model type, class, config kwargs, source length (the decoder runs 16 tokens; source 0: a
*ForCausalLM decoder alone) -> parameters
and FlopCounterMode total of one eager CPU forward (random weights, nothing downloaded)."""
import json
import torch
from torch.utils.flop_counter import FlopCounterMode
from transformers import CONFIG_MAPPING
import transformers

SMALL_T5 = dict(vocab_size=512, d_model=64, d_kv=16, num_heads=4, d_ff=128, num_layers=2, num_decoder_layers=2)
SMALL_BART = dict(vocab_size=512, d_model=64, encoder_attention_heads=4, decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128, decoder_layers=2)
SMALL_PROPHETNET = dict(vocab_size=512, hidden_size=64, num_encoder_attention_heads=4, num_decoder_attention_heads=2, encoder_ffn_dim=128, decoder_ffn_dim=96, num_encoder_layers=2, num_decoder_layers=2)
DECODER_TOKENS = 16
CASES = [
    ("longt5", "LongT5ForConditionalGeneration", dict(SMALL_T5, encoder_attention_type="local", local_radius=7), 45),
    ("longt5", "LongT5ForConditionalGeneration", dict(SMALL_T5, encoder_attention_type="transient-global", local_radius=7, global_block_size=4), 45),
    ("longt5", "LongT5ForConditionalGeneration", dict(SMALL_T5, encoder_attention_type="transient-global", feed_forward_proj="gated-gelu"), 300),
    ("led", "LEDForConditionalGeneration", dict(SMALL_BART, encoder_layers=2, attention_window=[8, 16], max_encoder_position_embeddings=128, max_decoder_position_embeddings=64), 45),
    ("pegasus_x", "PegasusXForConditionalGeneration", dict(SMALL_BART, encoder_layers=3, block_size=8, num_global_tokens=4), 45),
    ("pegasus_x", "PegasusXForConditionalGeneration", dict(SMALL_BART, encoder_layers=3, block_size=8, num_global_tokens=4, stagger_local_blocks=False), 45),
    ("prophetnet", "ProphetNetForConditionalGeneration", dict(SMALL_PROPHETNET, ngram=3), 45),
    # The decoder alone (no encoder states): source 0.
    ("prophetnet", "ProphetNetForCausalLM", dict(SMALL_PROPHETNET, ngram=3), 0),
]

for model_type, cls, kwargs, s in CASES:
    torch.manual_seed(0)
    config = CONFIG_MAPPING[model_type](**kwargs)
    config._attn_implementation = "eager"
    model = getattr(transformers, cls)(config).eval()
    dec = torch.randint(2, config.vocab_size, (1, DECODER_TOKENS))
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        if s == 0:
            model(input_ids=dec, use_cache=True)
        else:
            model(input_ids=torch.randint(2, config.vocab_size, (1, s)), decoder_input_ids=dec, use_cache=True)
    print(json.dumps({"model_type": model_type, "class": cls, "config": kwargs, "source": s, "target": DECODER_TOKENS,
                      "parameters": sum(p.numel() for p in model.parameters()), "flops": counter.get_total_flops()}))
