"""One CPU forward of a small Gemma 3n text model under FlopCounterMode, for the unit test
test/unit/model/gemma3n.test.ts (the fixture generator's seeded Gemma 3n variations cannot be built:
their cut layer_types leave the KV-shared layers without a source layer).

    /tmp/ref/bin/python scripts/reference/gemma3n_forward.py

Prints the unique parameters, torch's matmul FLOPs of a 32-token forward (eager attention) and the
K/V elements the cache holds; the config is the one the test passes to Model Math."""
import json

import torch
from torch.utils.flop_counter import FlopCounterMode
from transformers import Gemma3nForCausalLM, Gemma3nTextConfig

cfg = Gemma3nTextConfig(
    vocab_size=512, vocab_size_per_layer_input=512, hidden_size=64, intermediate_size=[128, 128, 160, 128, 128, 96],
    num_hidden_layers=6, num_attention_heads=4, num_key_value_heads=2, head_dim=16, hidden_size_per_layer_input=8,
    num_kv_shared_layers=2, laurel_rank=8, sliding_window=8, activation_sparsity_pattern=[0.0] * 6,
    layer_types=["sliding_attention", "sliding_attention", "sliding_attention", "full_attention", "sliding_attention", "full_attention"],
)
cfg._attn_implementation = "eager"
torch.manual_seed(0)
model = Gemma3nForCausalLM(cfg).eval()
ids = torch.randint(10, 400, (1, 32))
with torch.no_grad(), FlopCounterMode(display=False) as counter:
    out = model(input_ids=ids, use_cache=True)
cache = sum(l.keys.numel() + l.values.numel() for l in out.past_key_values.layers if getattr(l, "keys", None) is not None)
print(json.dumps({"parameters": sum(p.numel() for p in model.parameters()), "flops": counter.get_total_flops(), "cacheElements": cache}))
