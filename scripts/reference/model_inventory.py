"""Tensor inventory of every transformers model type with a causal-LM, masked-LM or seq2seq-LM class.

For each model type: its config class's default config plus two seeded small variations, each
model class built on the meta device; writes test/fixtures/models/inventory/<model_type>.json and
test/fixtures/models/index.json. See test/fixtures/models/README.md for the format.

    /tmp/ref/bin/python scripts/reference/model_inventory.py [--only TYPE ...] [--workers 2] [--timeout 120]
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
from transformers.utils import logging as hf_logging  # noqa: E402

from common import (  # noqa: E402
    preload, CONFIG_MAPPING, FORMAT_VERSION, OUT_DIR, config_for_class, config_json, describe_changes, inventory, model_class,
    model_types, run_jobs, short_error, variation_candidates, versions, write_json, EXTRA_VARIANTS,
)

N_VARIATIONS = 2


def build_all(config, classes: list[dict]) -> list[dict]:
    models = []
    for c in classes:
        entry = {"class": c["class"], "tasks": c["tasks"]}
        try:
            cls = model_class(c["class"])
            cfg, sub = config_for_class(cls, config)
            if sub:
                entry["builtFrom"] = sub
            with torch.device("meta"):
                model = cls(cfg)
            entry.update(inventory(model))
            del model
        except Exception as e:  # noqa: BLE001 - transformers' own failure is data
            entry["error"] = short_error(e)
        models.append(entry)
    return models


def config_record(config) -> dict:
    full, nonfinite = config_json(config, use_diff=False)
    diff, nonfinite_diff = config_json(config, use_diff=True)
    rec = {"config": full, "configDiff": diff}
    if nonfinite or nonfinite_diff:
        rec["nonFinite"] = {"config": nonfinite, "configDiff": nonfinite_diff}
    return rec


def one_type(model_type: str) -> dict:
    warnings.filterwarnings("ignore")
    hf_logging.set_verbosity_error()
    classes = model_types()[model_type]
    out = {"format": FORMAT_VERSION, "model_type": model_type, **versions(), "classes": classes, "variants": []}
    config_class = CONFIG_MAPPING[model_type]
    out["configClass"] = config_class.__name__
    try:
        default = config_class()
    except Exception as e:  # noqa: BLE001
        out["variants"].append({"name": "default", "error": "config: " + short_error(e)})
        return out
    t0 = time.time()
    default_dict = default.to_dict()
    rec = {"name": "default", "seed": None, "changes": {}, **config_record(default)}
    rec["models"] = build_all(default, classes)
    rec["seconds"] = round(time.time() - t0, 2)
    out["variants"].append(rec)

    for k in range(1, N_VARIATIONS + 1):
        seed = f"{model_type}:{k}"
        t0 = time.time()
        tried = []
        chosen = None
        for cand in variation_candidates(config_class, default_dict, seed):
            try:
                cfg = config_class(**cand["kwargs"])
            except Exception as e:  # noqa: BLE001
                tried.append({"level": cand["level"], "error": "config: " + short_error(e)})
                continue
            models = build_all(cfg, classes)
            ok = sum(1 for m in models if "error" not in m)
            if ok == 0:
                tried.append({"level": cand["level"], "error": "model: " + models[0]["error"]})
                continue
            chosen = (cand, cfg, models)
            if ok == len(models):
                break
        if chosen is None:
            out["variants"].append({"name": f"v{k}", "seed": seed, "error": tried[-1]["error"] if tried else "no candidate",
                                    "attempts": tried})
            continue
        cand, cfg, models = chosen
        rec = {"name": f"v{k}", "seed": seed, "level": cand["level"],
               "changes": describe_changes(cand["kwargs"], default_dict), **config_record(cfg), "models": models}
        if tried:
            rec["attempts"] = tried
        rec["seconds"] = round(time.time() - t0, 2)
        out["variants"].append(rec)

    # Named extra variations (common.EXTRA_VARIANTS): built as given, no fallback.
    for name, kwargs in EXTRA_VARIANTS.get(model_type, []):
        t0 = time.time()
        try:
            cfg = config_class(**json.loads(json.dumps(kwargs)))
        except Exception as e:  # noqa: BLE001
            out["variants"].append({"name": name, "seed": None, "error": "config: " + short_error(e)})
            continue
        rec = {"name": name, "seed": None, "changes": describe_changes(kwargs, default_dict), **config_record(cfg),
               "models": build_all(cfg, classes), "seconds": round(time.time() - t0, 2)}
        out["variants"].append(rec)
    return out


def summary_of(data: dict) -> dict:
    s = {"classes": [c["class"] for c in data.get("classes", [])], "variants": {}}
    if "fatal" in data:
        s["fatal"] = data["fatal"]
        return s
    for v in data["variants"]:
        if "error" in v:
            s["variants"][v["name"]] = {"error": v["error"]}
            continue
        s["variants"][v["name"]] = {
            m["class"]: ({"error": m["error"]} if "error" in m else {"unique": m["totals"]["unique"],
                                                                       "withTied": m["totals"]["withTied"]})
            for m in v["models"]
        }
    return s


def write_index(inv_dir: str):
    """index.json: one line of status per model type, rebuilt from every inventory file."""
    import json
    index = {}
    for f in sorted(os.listdir(inv_dir)):
        if f.endswith(".json"):
            with open(os.path.join(inv_dir, f)) as fh:
                index[f[:-5]] = summary_of(json.load(fh))
    write_json(os.path.join(OUT_DIR, "index.json"), {"format": FORMAT_VERSION, **versions(), "types": index})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args()
    types = list(model_types().keys())
    if args.only:
        types = [t for t in types if t in args.only]
    inv_dir = os.path.join(OUT_DIR, "inventory")
    os.makedirs(inv_dir, exist_ok=True)
    tmp_dir = os.path.join("/tmp", f"mm-inventory-{os.getpid()}")
    os.makedirs(tmp_dir, exist_ok=True)
    t_start = time.time()

    def done(model_type, res, elapsed):
        if "fatal" in res and "model_type" not in res:
            res = {"format": FORMAT_VERSION, "model_type": model_type, **versions(),
                   "classes": model_types()[model_type], "fatal": res["fatal"], "variants": []}
        write_json(os.path.join(inv_dir, f"{model_type}.json"), res)
        status = res.get("fatal") or ", ".join(
            v["name"] + ("!" if "error" in v or any("error" in m for m in v.get("models", [])) else "")
            for v in res["variants"])
        print(f"[{time.time() - t_start:6.1f}s] {model_type:28s} {elapsed:5.1f}s {status}", flush=True)

    preload()
    run_jobs(one_type, types, lambda t: os.path.join(tmp_dir, f"{t}.json"), args.timeout, args.workers, done)
    write_index(inv_dir)
    print(f"done: {len(types)} types in {time.time() - t_start:.0f} s")


if __name__ == "__main__":
    main()
