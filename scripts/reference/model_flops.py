"""FLOPs and KV cache of one real CPU forward for the small variations of every model type.

Second pass after model_inventory.py: rebuilds each variation's config exactly as the inventory did
(same seed, same candidate level), builds the model on CPU with random weights and eager attention,
runs one forward (batch 1) under torch.utils.flop_counter.FlopCounterMode with use_cache=True, then
one decode step on that cache, and writes test/fixtures/models/flops/<model_type>.json.

    /tmp/ref/bin/python scripts/reference/model_flops.py [--only TYPE ...] [--workers 2] [--timeout 120]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
import warnings  # noqa: E402

import torch  # noqa: E402
from torch.utils.flop_counter import FlopCounterMode  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

from common import (  # noqa: E402
    preload, CONFIG_MAPPING, FORMAT_VERSION, OUT_DIR, config_for_class, model_class, run_jobs, short_error,
    variation_candidates, versions, write_json, extra_variant_kwargs,
)

SEQ = 32          # decoder-only / encoder-only sequence length
ENC_SEQ = 32      # encoder length for encoder-decoders
DEC_SEQ = 16      # decoder length for encoder-decoders
# Model types whose forward with use_cache=True does not process every decoder token (the count
# would not be one forward of the sequence): these run once without a cache, and say why.
NO_CACHE_FORWARD = {
    "FSMTForConditionalGeneration": "FSMT's decoder keeps only the last decoder token when use_cache=True (fairseq incremental decoding); run without a cache",
}
BATCH = 1
MAX_PARAMS = 300_000_000  # a variation this big is not "small": skipped with a reason
# Types whose CPU forward does not compute what the model computes: recorded as errors, not counted.
NO_CPU_FORWARD = {
    "mra": "MRA's attention needs the mra CUDA kernel (kernels-community/mra); without it transformers "
           "returns zeros instead of attending, so torch would count no attention FLOPs",
}


def _special_ids(d) -> set[int]:
    out: set[int] = set()
    if isinstance(d, dict):
        for k, v in d.items():
            if isinstance(k, str) and ("token_id" in k or "token_index" in k or k.endswith("_token")):
                for x in (v if isinstance(v, list) else [v]):
                    if isinstance(x, int):
                        out.add(x)
            out |= _special_ids(v)
    return out


def token_ids(config, n: int, gen: torch.Generator) -> torch.Tensor:
    """Random ordinary token ids: below min(vocab, 500), none of the config's special ids."""
    text = config.get_text_config() if hasattr(config, "get_text_config") else config
    vocab = getattr(text, "vocab_size", None) or getattr(config, "vocab_size", None) or 500
    special = _special_ids(config.to_dict())
    allowed = [i for i in range(3, min(vocab, 500)) if i not in special] or list(range(min(vocab, 500)))
    pick = torch.randint(0, len(allowed), (BATCH, n), generator=gen)
    return torch.tensor(allowed)[pick]


def _tensor(t: torch.Tensor) -> dict:
    return {"shape": list(t.shape), "numel": t.numel(), "dtype": str(t.dtype).replace("torch.", "")}


def describe_cache(obj, depth: int = 0):
    """Every tensor a cache object holds, per layer, whatever its class (DynamicCache layers,
    sliding-window layers, encoder-decoder caches, Mamba/linear-attention states, legacy tuples)."""
    if obj is None or depth > 4:
        return None
    if torch.is_tensor(obj):
        return _tensor(obj)
    if isinstance(obj, (tuple, list)):
        items = [describe_cache(x, depth + 1) for x in obj]
        return {"class": type(obj).__name__, "items": items}
    rec: dict = {"class": type(obj).__name__}
    attrs = vars(obj) if hasattr(obj, "__dict__") else {}
    tensors, meta, subs = {}, {}, {}
    for k, v in attrs.items():
        if k.startswith("_"):
            continue  # private bookkeeping (e.g. _sliding_window_tensor), not cache content
        if k == "layers" and isinstance(v, list):
            continue
        if torch.is_tensor(v):
            tensors[k] = _tensor(v)
        elif isinstance(v, (list, tuple)) and v and all(torch.is_tensor(x) or x is None or (isinstance(x, list) and not x) for x in v):
            # [] marks a layer without this state (MiniMaxCache.linear_cache on its softmax-attention layers)
            tensors[k] = [(_tensor(x) if torch.is_tensor(x) else None) for x in v]
        elif isinstance(v, dict) and v and all(torch.is_tensor(x) or x is None for x in v.values()):
            tensors[k] = {str(kk): (_tensor(x) if x is not None else None) for kk, x in v.items()}  # e.g. conv_states[state_idx]
        elif isinstance(v, (int, float, bool, str)) and not k.startswith("_") and k not in ("device",):
            meta[k] = v
        elif hasattr(v, "__dict__") and ("Cache" in type(v).__name__ or "Layer" in type(v).__name__):
            subs[k] = describe_cache(v, depth + 1)
    if isinstance(attrs.get("layers"), list):
        rec["layers"] = [describe_cache(layer, depth + 1) for layer in attrs["layers"]]
    if tensors:
        rec["tensors"] = tensors
    if meta:
        rec["meta"] = meta
    if subs:
        rec["caches"] = subs
    rec["elements"] = _count(rec)
    return rec


def _count(rec) -> int:
    if rec is None:
        return 0
    if isinstance(rec, list):
        return sum(_count(x) for x in rec)
    if "numel" in rec and "shape" in rec:
        return rec["numel"]
    if "class" not in rec:  # {state_idx: tensor} mapping
        return sum(_count(x) for x in rec.values())
    total = 0
    for key in ("layers", "items"):
        if key in rec:
            total += _count(rec[key])
    for v in rec.get("tensors", {}).values():
        total += _count(v)
    for v in rec.get("caches", {}).values():
        total += _count(v)
    return total


def counted(fn):
    with torch.no_grad(), FlopCounterMode(display=False) as fc:
        out = fn()
    by_op = {str(k).replace("aten.", ""): int(v) for k, v in fc.get_flop_counts().get("Global", {}).items()}
    return out, {"total": int(fc.get_total_flops()), "byOp": dict(sorted(by_op.items()))}


def set_eager(config):
    config._attn_implementation = "eager"
    for name in getattr(config, "sub_configs", {}) or {}:
        sub = getattr(config, name, None)
        if sub is not None and hasattr(sub, "_attn_implementation"):
            try:
                sub._attn_implementation = "eager"
            except Exception:  # noqa: BLE001
                pass


def forward_one(cls_name: str, tasks: list[str], config, expected_unique: int | None) -> dict:
    rec: dict = {"class": cls_name, "tasks": tasks, "batch": BATCH}
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    cls = model_class(cls_name)
    config, sub = config_for_class(cls, config)
    if sub:
        rec["builtFrom"] = sub
    model = cls(config).eval()
    unique = sum(p.numel() for p in model.parameters())
    rec["parameters"] = unique
    if expected_unique is not None and unique != expected_unique:
        rec["warning"] = f"parameter count {unique} differs from the meta-device inventory {expected_unique}"
    seq2seq = bool(getattr(config, "is_encoder_decoder", False)) and ("seq2seq-lm" in tasks or hasattr(model, "get_encoder"))
    causal = "causal-lm" in tasks or seq2seq
    if seq2seq:
        enc = token_ids(config, ENC_SEQ, gen)
        dec = token_ids(config, DEC_SEQ, gen)
        rec.update({"mode": "encoder-decoder", "encoderLength": ENC_SEQ, "decoderLength": DEC_SEQ})
        use_cache = cls_name not in NO_CACHE_FORWARD
        if not use_cache:
            rec["note"] = NO_CACHE_FORWARD[cls_name]
        out, flops = counted(lambda: model(input_ids=enc, decoder_input_ids=dec, use_cache=use_cache))
    else:
        ids = token_ids(config, SEQ, gen)
        rec.update({"mode": "causal" if causal else "bidirectional", "sequenceLength": SEQ})
        kwargs = {"use_cache": True} if causal else {}
        out, flops = counted(lambda: model(input_ids=ids, **kwargs))
    rec["flops"] = flops
    cache = getattr(out, "past_key_values", None)
    if cache is None and hasattr(out, "cache_params"):
        cache = out.cache_params  # Mamba-style outputs
    rec["cache"] = describe_cache(cache)
    if causal and cache is not None:
        try:
            nxt = token_ids(config, 1, gen)
            if seq2seq:
                enc_out = (out.encoder_last_hidden_state,)
                _, step = counted(lambda: model(encoder_outputs=enc_out, decoder_input_ids=nxt,
                                                past_key_values=cache, use_cache=True))
                rec["decodeStep"] = {"cachedTokens": DEC_SEQ, "flops": step}
            else:
                _, step = counted(lambda: model(input_ids=nxt, past_key_values=cache, use_cache=True))
                rec["decodeStep"] = {"cachedTokens": SEQ, "flops": step}
        except Exception as e:  # noqa: BLE001
            rec["decodeStep"] = {"error": short_error(e)}
    return rec


def one_type(model_type: str) -> dict:
    warnings.filterwarnings("ignore")
    hf_logging.set_verbosity_error()
    torch.set_num_threads(1)
    with open(os.path.join(OUT_DIR, "inventory", f"{model_type}.json")) as f:
        inv = json.load(f)
    out = {"format": FORMAT_VERSION, "model_type": model_type, **versions(), "variants": []}
    config_class = CONFIG_MAPPING[model_type]
    default_dict = config_class().to_dict()
    for v in inv["variants"]:
        if v["name"] == "default":
            continue
        vrec: dict = {"name": v["name"], "seed": v.get("seed")}
        if "error" in v:
            vrec["error"] = "no variation: " + v["error"]
            out["variants"].append(vrec)
            continue
        extra = extra_variant_kwargs(model_type, v["name"])
        cand = {"kwargs": extra} if extra is not None else variation_candidates(config_class, default_dict, v["seed"])[v["level"]]
        models = []
        for m in v["models"]:
            if "error" in m:
                models.append({"class": m["class"], "tasks": m["tasks"], "error": "not built on meta: " + m["error"]})
                continue
            if model_type in NO_CPU_FORWARD:
                models.append({"class": m["class"], "tasks": m["tasks"], "error": "skipped: " + NO_CPU_FORWARD[model_type]})
                continue
            if m["totals"]["unique"] > MAX_PARAMS:
                models.append({"class": m["class"], "tasks": m["tasks"],
                               "error": f"skipped: {m['totals']['unique']} parameters is too big for a CPU forward"})
                continue
            t0 = time.time()
            try:
                config = config_class(**json.loads(json.dumps(cand["kwargs"])))
                set_eager(config)
                rec = forward_one(m["class"], m["tasks"], config, m["totals"]["unique"])
            except Exception as e:  # noqa: BLE001
                rec = {"class": m["class"], "tasks": m["tasks"], "error": short_error(e)}
            rec["seconds"] = round(time.time() - t0, 2)
            models.append(rec)
        vrec["models"] = models
        out["variants"].append(vrec)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    inv_dir = os.path.join(OUT_DIR, "inventory")
    types = sorted(f[:-5] for f in os.listdir(inv_dir) if f.endswith(".json"))
    if args.only:
        types = [t for t in types if t in args.only]
    flops_dir = os.path.join(OUT_DIR, "flops")
    tmp_dir = os.path.join("/tmp", f"mm-flops-{os.getpid()}")
    os.makedirs(tmp_dir, exist_ok=True)
    t_start = time.time()

    def done(model_type, res, elapsed):
        if "fatal" in res and "model_type" not in res:
            res = {"format": FORMAT_VERSION, "model_type": model_type, **versions(), "fatal": res["fatal"], "variants": []}
        write_json(os.path.join(flops_dir, f"{model_type}.json"), res)
        status = res.get("fatal") or " ".join(
            v["name"] + ":" + ("ERR" if "error" in v else ",".join(
                "ok" if "error" not in m else "x" for m in v["models"])) for v in res["variants"])
        print(f"[{time.time() - t_start:6.1f}s] {model_type:28s} {elapsed:5.1f}s {status}", flush=True)

    preload()
    run_jobs(one_type, types, lambda t: os.path.join(tmp_dir, f"{t}.json"), args.timeout, args.workers, done)
    print(f"done: {len(types)} types in {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
