"""Reference numbers for test/unit/model/moe.minimaxSparse.test.ts: a MiniMax-M3 text model with lightning-indexer
("minimax_m3_sparse") layers, which the seeded fixtures do not cover. Builds the small config below with
transformers, runs one eager CPU forward of 32 tokens under torch's FlopCounterMode, and prints the parameter
count, the FLOPs and the elements the cache keeps (keys, values, indexer keys).

    /tmp/ref/bin/python scripts/reference/minimax_m3_sparse_forward.py
"""
import json, torch
from torch.utils.flop_counter import FlopCounterMode
from transformers import CONFIG_MAPPING, MiniMaxM3VLForCausalLM
kw = {"hidden_size": 64, "num_hidden_layers": 3, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "intermediate_size": 32, "dense_intermediate_size": 96, "shared_intermediate_size": 16, "num_local_experts": 4, "num_experts_per_tok": 2, "vocab_size": 128, "mlp_layer_types": ["dense", "sparse", "sparse"], "layer_types": ["full_attention", "minimax_m3_sparse", "minimax_m3_sparse"], "rotary_dim": 8, "index_n_heads": 2, "index_head_dim": 16, "index_block_size": 8, "index_topk_blocks": 2, "index_local_blocks": 1, "bos_token_id": 0, "eos_token_id": 1, "pad_token_id": 0}
cfg = CONFIG_MAPPING["minimax_m3_vl_text"](**kw)
cfg._attn_implementation = "eager"
torch.manual_seed(0)
m = MiniMaxM3VLForCausalLM(cfg).eval()
ids = torch.randint(0, 128, (1, 32))
with torch.no_grad(), FlopCounterMode(display=False) as fc:
    out = m(input_ids=ids, use_cache=True)
pkv = out.past_key_values
el = 0
for layer in pkv.layers:
    for a in ("keys", "values", "idx_keys"):
        t = getattr(layer, a, None)
        if t is not None: el += t.numel()
print(json.dumps({"kw": kw, "flops": fc.get_total_flops(), "byOp": {str(k): v for k, v in fc.get_flop_counts()["Global"].items()}, "cache": el, "params": sum(p.numel() for p in m.parameters()), "names": {n: list(p.shape) for n, p in m.named_parameters() if "indexer" in n}}))
