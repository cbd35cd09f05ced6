"""Reference bytes of FP8 block-wise checkpoints, from transformers' own layout code.

Each model is built from its config on the meta device (nothing downloaded, nothing allocated),
its Linear modules replaced by transformers' FP8Linear / FP8Experts exactly as the fine-grained FP8
quantizer does before loading a checkpoint (modules_to_not_convert from the quantizer's own rule:
the output embedding, i.e. lm_head), and the bytes of every parameter summed (persisted buffers such as DeepSeek's
e_score_correction_bias are listed apart: Model Math's weights are parameters).
Writes test/fixtures/quantized/fp8-sizes.json, read by test/unit/model/quantizedEstimate.test.ts.

Run: /tmp/ref/bin/python scripts/reference/quantized_sizes.py
"""

from __future__ import annotations

import json
import os

import torch
import transformers
from transformers import AutoConfig, AutoModelForCausalLM, FineGrainedFP8Config
from transformers.integrations.finegrained_fp8 import replace_with_fp8_linear
from transformers.quantizers.base import HfQuantizer

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(REPO, "test", "fixtures", "quantized", "fp8-sizes.json")
FP8 = {"quant_method": "fp8", "fmt": "e4m3", "activation_scheme": "dynamic", "weight_block_size": [128, 128]}

# Qwen/Qwen3-8B-FP8's config.json (architecture fields; quantization_config as published).
QWEN3_8B = {
    "model_type": "qwen3", "architectures": ["Qwen3ForCausalLM"], "hidden_size": 4096, "intermediate_size": 12288,
    "num_hidden_layers": 36, "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128,
    "vocab_size": 151936, "max_position_embeddings": 40960, "tie_word_embeddings": False, "rms_norm_eps": 1e-6,
    "torch_dtype": "bfloat16", "quantization_config": FP8,
}


def with_fp8(config: dict) -> dict:
    return {**config, "quantization_config": FP8}


def cases() -> list[tuple[str, dict]]:
    real = os.path.join(REPO, "test", "fixtures", "real-configs")
    load = lambda name: json.load(open(os.path.join(real, name)))
    return [
        ("Qwen3-8B-FP8", QWEN3_8B),
        ("Qwen3-30B-A3B-FP8", with_fp8(load("qwen3-30b-a3b.json"))),
        ("DeepSeek-V3 (FP8, without the MTP layer)", with_fp8(load("deepseek-v3.json"))),
    ]


def stored_bytes(config: dict) -> dict:
    cfg = dict(config)
    cfg.pop("quantization_config")
    hf = AutoConfig.for_model(cfg.pop("model_type"), **cfg)
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(hf, dtype=torch.bfloat16)
    skip = HfQuantizer.get_modules_to_not_convert(model, None, getattr(model, "_keep_in_fp32_modules", None))
    replace_with_fp8_linear(model, modules_to_not_convert=skip, quantization_config=FineGrainedFP8Config(weight_block_size=(128, 128)))
    # Parameters (named_parameters lists a tied tensor once); persisted buffers apart.
    total = sum(p.numel() * p.element_size() for _, p in model.named_parameters())
    params = sum(p.numel() for n, p in model.named_parameters() if "scale" not in n)
    params_names = {n for n, _ in model.named_parameters()}
    buffers = sum(t.numel() * t.element_size() for n, t in model.state_dict().items() if n not in params_names)
    return {"bytes": total, "parameters": params, "persisted_buffer_bytes": buffers, "skipped": sorted(skip)}


def main() -> None:
    out = {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0], "cases": []}
    for name, config in cases():
        r = stored_bytes(config)
        print(name, r)
        out["cases"].append({"name": name, "config": config, **r})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
