"""Print a model type's configuration-class defaults and attribute_map as a TypeScript literal,
for the `defaults` / `aliases` of its declaration in src/core/model/families/*.ts.

    /tmp/ref/bin/python scripts/registry/print-defaults.py llama mistral qwen2

Only fields that change the tensor inventory, FLOPs or KV cache are printed (the whitelist below);
None stays out (null means "use the default", and the builder computes derived defaults such as
head_dim = hidden_size / num_attention_heads the way the class's __init__ does)."""
import dataclasses, json, sys
from transformers import CONFIG_MAPPING

SKIP = ("token_id", "dropout", "initializer", "eps", "rope", "range", "output_", "return_", "use_cache", "_scale", "scaling",
        "torchscript", "chunk_size_feed_forward", "problem_type", "tokenizer", "task_specific", "label", "pruned", "id2", "transformers_version",
        "is_encoder_decoder", "bad_words", "decoder_start", "prefix", "finetuning", "temperature", "logit", "softcap", "capping", "router_aux", "aux_loss", "z_loss", "jitter", "multiplier", "pdrop", "summary_")

def literal(v):
    return json.dumps(v)

for t in sys.argv[1:]:
    C = CONFIG_MAPPING[t]
    out = {}
    if dataclasses.is_dataclass(C):
        for f in dataclasses.fields(C):
            if f.name.startswith("_") or any(s in f.name for s in SKIP):
                continue
            d = f.default if f.default is not dataclasses.MISSING else (f.default_factory() if f.default_factory is not dataclasses.MISSING else None)
            if isinstance(d, (int, float, str, bool)) or (isinstance(d, list) and len(d) <= 8 and all(isinstance(x, (int, str, bool)) for x in d)):
                out[f.name] = d
    amap = getattr(C, "attribute_map", {}) or {}
    aliases = {}
    for k, v in amap.items():
        aliases.setdefault(k, []).append(v)
    print(f"  // {C.__name__}")
    print(f"  {json.dumps(t)}: {{ defaults: {json.dumps(out)}" + (f", aliases: {json.dumps(aliases)}" if aliases else "") + " },")
