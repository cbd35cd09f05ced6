"""Tensor inventory and KV cache per token of real published configs (test/fixtures/real-configs/).

Each config.json is read as transformers reads it (config_class.from_dict), the class named by
architectures[0] is built on the meta device, and its inventory written to
test/fixtures/models/real/<name>.json. The KV cache comes from a forward of the full model on the
meta device (shapes only, no compute) with batch 1 and a few tokens: the cache tensors' element
counts divided by the token count.

    /tmp/ref/bin/python scripts/reference/real_configs.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings

sys.path.insert(0, os.path.dirname(__file__))
import torch  # noqa: E402
import transformers  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

from common import CONFIG_MAPPING, FORMAT_VERSION, OUT_DIR, REPO, inventory, model_types, short_error, versions, write_json  # noqa: E402
from model_flops import _count, describe_cache  # noqa: E402

CONFIG_DIR = os.path.join(REPO, "test", "fixtures", "real-configs")
DEC_TOKENS = 4   # tokens in the meta forward (decoder side for encoder-decoders)
ENC_TOKENS = 8   # encoder tokens for encoder-decoders (cross-attention cache scales with these)

# Where each config comes from. "verbatim": copied from ../shared/fixtures/configs (published
# config.json files); "preset": the project's presets (src/core/model/presets); "transcribed":
# written from the Hugging Face repository's config.json (every field that shapes the model).
SOURCES = {
    "gpt2": ("openai-community/gpt2", "verbatim"),
    "bert-base-uncased": ("google-bert/bert-base-uncased", "verbatim"),
    "llama-2-7b": ("meta-llama/Llama-2-7b-hf", "verbatim"),
    "mistral-7b": ("mistralai/Mistral-7B-v0.1", "verbatim"),
    "deepseek-v3": ("deepseek-ai/DeepSeek-V3", "preset"),
    "gemma-7b": ("google/gemma-7b", "preset"),
    "gpt-neox-20b": ("EleutherAI/gpt-neox-20b", "preset"),
    "llama-3-8b": ("meta-llama/Meta-Llama-3-8B", "preset"),
    "mixtral-8x7b": ("mistralai/Mixtral-8x7B-v0.1", "preset"),
    "t5-small": ("google-t5/t5-small", "preset"),
    "qwen3-0.6b": ("Qwen/Qwen3-0.6B", "transcribed"),
    "qwen3-30b-a3b": ("Qwen/Qwen3-30B-A3B", "transcribed"),
    "qwen2.5-0.5b": ("Qwen/Qwen2.5-0.5B", "transcribed"),
    "gemma-3-1b-it": ("google/gemma-3-1b-it", "transcribed"),
    "gemma-3-4b-it": ("google/gemma-3-4b-it", "transcribed"),
    "gemma-2-2b": ("google/gemma-2-2b", "transcribed"),
    "olmo-2-0425-1b": ("allenai/OLMo-2-0425-1B", "transcribed"),
    "olmo-2-1124-7b": ("allenai/OLMo-2-1124-7B", "transcribed"),
    "gpt-oss-20b": ("openai/gpt-oss-20b", "transcribed"),
    "phi-2": ("microsoft/phi-2", "transcribed"),
    "phi-3-mini-4k-instruct": ("microsoft/Phi-3-mini-4k-instruct", "transcribed"),
    "opt-125m": ("facebook/opt-125m", "transcribed"),
    "bloom-560m": ("bigscience/bloom-560m", "transcribed"),
    "gpt-j-6b": ("EleutherAI/gpt-j-6b", "transcribed"),
    "falcon-7b": ("tiiuae/falcon-7b", "transcribed"),
    "distilbert-base-uncased": ("distilbert/distilbert-base-uncased", "transcribed"),
    "albert-base-v2": ("albert/albert-base-v2", "transcribed"),
    "modernbert-base": ("answerdotai/ModernBERT-base", "transcribed"),
    "smollm2-135m": ("HuggingFaceTB/SmolLM2-135M", "transcribed"),
    "flan-t5-small": ("google/flan-t5-small", "transcribed"),
    "bart-base": ("facebook/bart-base", "transcribed"),
    "mamba-130m-hf": ("state-spaces/mamba-130m-hf", "transcribed"),
}

# Published totals (../shared/references/flops-memory.md), by the convention stated there.
PUBLISHED = {
    "gpt2": (124_439_808, "GPT2LMHeadModel, tied head counted once"),
    "bert-base-uncased": (109_514_298, "BertForMaskedLM (BertModel with pooler: 109,482,240)"),
    "llama-2-7b": (6_738_415_616, "safetensors index total_size / 2"),
    "mistral-7b": (7_241_732_096, "safetensors index total_size / 2"),
}
PUBLISHED_KV = {"gpt2": 36_864, "llama-2-7b": 524_288, "mistral-7b": 131_072}


def pick_class(d: dict) -> str:
    for name in d.get("architectures") or []:
        if hasattr(transformers, name):
            return name
    return model_types()[d["model_type"]][0]["class"]


def kv_per_token(model, config, seq2seq: bool) -> dict:
    dec = torch.zeros((1, DEC_TOKENS), dtype=torch.long, device="meta")
    with torch.no_grad():
        if seq2seq:
            enc = torch.zeros((1, ENC_TOKENS), dtype=torch.long, device="meta")
            out = model(input_ids=enc, decoder_input_ids=dec, use_cache=True)
        else:
            out = model(input_ids=dec, use_cache=True)
    cache = getattr(out, "past_key_values", None)
    if cache is None:
        cache = getattr(out, "cache_params", None)
    return describe_cache(cache)


def summarise_kv(rec: dict | None, seq2seq: bool) -> dict:
    """Elements per token per layer from the cache description (keys+values / tokens)."""
    def layers_of(r):
        return (r or {}).get("layers") or []

    def layer_summary(layer, tokens):
        t = (layer or {}).get("tensors", {})
        kv = sum(_count(t[k]) for k in ("keys", "values") if k in t)
        fixed = sum(_count(v) for k, v in t.items() if k not in ("keys", "values"))
        s = {"class": (layer or {}).get("class", "None"), "elementsPerToken": kv // tokens if kv else 0}
        if kv % tokens:
            s["note"] = f"{kv} elements for {tokens} tokens"
        if fixed:
            s["fixedStateElements"] = fixed
        window = ((layer or {}).get("meta") or {}).get("sliding_window")
        if window:
            s["slidingWindow"] = window
        return s

    if seq2seq:
        caches = (rec or {}).get("caches", {})
        self_layers = [layer_summary(x, DEC_TOKENS) for x in layers_of(caches.get("self_attention_cache"))]
        cross_layers = [layer_summary(x, ENC_TOKENS) for x in layers_of(caches.get("cross_attention_cache"))]
        per = sum(x["elementsPerToken"] for x in self_layers)
        return {"perLayer": self_layers, "crossAttentionPerEncoderToken": cross_layers,
                "bytesPerToken16bit": 2 * per,
                "note": "decoder self-attention per decoder token; cross-attention cache per encoder token listed apart"}
    layers = [layer_summary(x, DEC_TOKENS) for x in layers_of(rec)]
    per = sum(x["elementsPerToken"] for x in layers)
    out = {"perLayer": layers, "bytesPerToken16bit": 2 * per}
    fixed = sum(x.get("fixedStateElements", 0) for x in layers)
    if fixed:
        out["fixedStateElements"] = fixed
    return out


def one(name: str) -> dict:
    with open(os.path.join(CONFIG_DIR, f"{name}.json")) as f:
        text = f.read()
    d = json.loads(text)
    repo, provenance = SOURCES.get(name, ("unknown", "unknown"))
    rec = {"format": FORMAT_VERSION, **versions(), "name": name, "source": repo, "provenance": provenance,
           "model_type": d.get("model_type")}
    try:
        config = CONFIG_MAPPING[d["model_type"]].from_dict(d)
        config._attn_implementation = "eager"
        cls_name = pick_class(d)
        rec["class"] = cls_name
        with torch.device("meta"):
            model = model_class_of(cls_name)(config)
        rec.update(inventory(model))
    except Exception as e:  # noqa: BLE001
        rec["error"] = short_error(e)
        return rec
    if name in PUBLISHED:
        rec["published"] = {"params": PUBLISHED[name][0], "note": PUBLISHED[name][1]}
    seq2seq = bool(getattr(config, "is_encoder_decoder", False)) and cls_name.endswith(("ForConditionalGeneration", "Model"))
    causal_like = seq2seq or "causal-lm" in next((c["tasks"] for c in model_types().get(d["model_type"], [])
                                                  if c["class"] == cls_name), ["causal-lm"])
    if not causal_like:
        rec["kvCache"] = {"method": "none", "bytesPerToken16bit": 0, "perLayer": [],
                          "note": f"{cls_name} is bidirectional (masked LM): no KV cache"}
        return rec
    method = f"meta-device forward of the full model, batch 1, {DEC_TOKENS} tokens" + (
        f" (encoder {ENC_TOKENS})" if seq2seq else "") + "; cache elements / tokens; 2 bytes per element"
    try:
        cache = kv_per_token(model, config, seq2seq)
    except Exception as e:  # noqa: BLE001 - e.g. grouped_mm wants bf16 on meta: retry in bf16
        first = short_error(e)
        try:
            with torch.device("meta"):
                model = model_class_of(cls_name)(config).to(torch.bfloat16)
            cache = kv_per_token(model, config, seq2seq)
            method += " (model in bfloat16: float32 forward failed on meta: " + first[:120] + ")"
        except Exception as e2:  # noqa: BLE001
            rec["kvCache"] = {"method": "failed", "error": short_error(e2)}
            return rec
    kv = {"method": method, **summarise_kv(cache, seq2seq)}
    if name in PUBLISHED_KV:
        kv["published16bit"] = PUBLISHED_KV[name]
    rec["kvCache"] = kv
    return rec


def model_class_of(name: str):
    return getattr(transformers, name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    hf_logging.set_verbosity_error()
    names = sorted(f[:-5] for f in os.listdir(CONFIG_DIR) if f.endswith(".json"))
    if args.only:
        names = [n for n in names if n in args.only]
    for name in names:
        rec = one(name)
        write_json(os.path.join(OUT_DIR, "real", f"{name}.json"), rec)
        status = rec.get("error") or f"{rec['totals']['unique']:,} params, KV {rec.get('kvCache', {}).get('bytesPerToken16bit')} B/token"
        print(f"{name:26s} {status}", flush=True)


if __name__ == "__main__":
    main()
