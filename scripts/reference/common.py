"""Shared helpers for the reference-oracle generators (model_inventory.py, model_flops.py).

Everything here asks transformers itself: the config classes, the model classes built on the meta
device, torch's FLOP counter. Nothing is downloaded (no from_pretrained, no hub).
"""

from __future__ import annotations

import json
import math
import multiprocessing as mp
import os
import random
import re
import sys
import time
import traceback
from typing import Any, Callable

import torch
import transformers
from transformers.models.auto import modeling_auto
from transformers.models.auto.configuration_auto import CONFIG_MAPPING

FORMAT_VERSION = 1
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT_DIR = os.path.join(REPO, "test", "fixtures", "models")

TASK_MAPPINGS = [
    ("causal-lm", modeling_auto.MODEL_FOR_CAUSAL_LM_MAPPING_NAMES),
    ("masked-lm", modeling_auto.MODEL_FOR_MASKED_LM_MAPPING_NAMES),
    ("seq2seq-lm", modeling_auto.MODEL_FOR_SEQ_TO_SEQ_CAUSAL_LM_MAPPING_NAMES),
]


def versions() -> dict:
    return {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0]}


def model_types() -> dict[str, list[dict]]:
    """model_type -> [{class, tasks}] over the three LM mappings (a type may have several heads,
    and one class may serve several tasks, e.g. BartForConditionalGeneration)."""
    out: dict[str, list[dict]] = {}
    for task, mapping in TASK_MAPPINGS:
        for model_type, class_names in mapping.items():
            names = class_names if isinstance(class_names, (list, tuple)) else [class_names]
            for name in names:
                entries = out.setdefault(model_type, [])
                found = next((e for e in entries if e["class"] == name), None)
                if found is None:
                    entries.append({"class": name, "tasks": [task]})
                elif task not in found["tasks"]:
                    found["tasks"].append(task)
    return dict(sorted(out.items()))


def model_class(name: str):
    return getattr(transformers, name)


def config_for_class(cls, config):
    """What the Auto classes pass: a composite config's text_config when the class is a text model
    (auto_factory: model_class.config_class == config.sub_configs["text_config"])."""
    text_cls = (getattr(config, "sub_configs", None) or {}).get("text_config")
    if text_cls is not None and getattr(cls, "config_class", None) == text_cls:
        return config.get_text_config(), "text_config"
    return config, None


# ---------------------------------------------------------------------------------------------
# Config serialisation: strict JSON, non-finite floats mapped to strings and listed by path.


def _encode_nonfinite(value: Any, path: str, found: list[str]) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        found.append(path)
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _encode_nonfinite(v, f"{path}.{k}" if path else str(k), found) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode_nonfinite(v, f"{path}[{i}]", found) for i, v in enumerate(value)]
    return value


def config_json(config, use_diff: bool) -> tuple[dict, list[str]]:
    """The config as transformers writes it (to_json_string), parsed back; returns (json, nonFinitePaths)."""
    text = config.to_json_string(use_diff=use_diff)
    parsed = json.loads(text)  # Python's json accepts Infinity/NaN exactly as transformers wrote them
    found: list[str] = []
    return _encode_nonfinite(parsed, "", found), found


# ---------------------------------------------------------------------------------------------
# Collapsing per-layer names: every numeric path segment becomes a placeholder.

_NUM_SEG = re.compile(r"(?<=\.)\d+(?=\.|$)|^\d+(?=\.)")
PLACEHOLDERS = ["i", "j", "k", "l", "m"]


def split_pattern(name: str) -> tuple[str, tuple[int, ...]]:
    idx: list[int] = []

    def repl(m):
        idx.append(int(m.group(0)))
        return "{" + PLACEHOLDERS[len(idx) - 1] + "}" if len(idx) <= len(PLACEHOLDERS) else m.group(0)

    pattern = _NUM_SEG.sub(repl, name)
    return pattern, tuple(idx[: len(PLACEHOLDERS)])


def _as_product(tuples: list[tuple[int, ...]]):
    """Per-position sorted index lists when the tuple set is exactly their cartesian product."""
    if not tuples or not tuples[0]:
        return None
    n = len(tuples[0])
    axes = [sorted({t[p] for t in tuples}) for p in range(n)]
    size = 1
    for a in axes:
        size *= len(a)
    if size == len(set(tuples)) == len(tuples):
        return axes
    return None


def collapse(entries: list[dict]) -> list[dict]:
    """entries: [{name, shape, dtype, ...}] in module order -> grouped entries.

    Entries sharing (pattern, shape, dtype) are merged; `index` holds one sorted list per
    placeholder and the group covers their cartesian product; when the set is not a product,
    `tuples` lists the index tuples explicitly. Names without numeric segments are kept as is.
    """
    groups: dict[tuple, dict] = {}
    order: list[tuple] = []
    for e in entries:
        pattern, idx = split_pattern(e["name"])
        key = (pattern, tuple(e["shape"]), e["dtype"])
        if key not in groups:
            groups[key] = {"pattern": pattern, "shape": list(e["shape"]), "dtype": e["dtype"], "_t": []}
            order.append(key)
        groups[key]["_t"].append(idx)
    out = []
    for key in order:
        g = groups[key]
        tuples = g.pop("_t")
        if not tuples[0]:
            out.append({"name": g["pattern"], "shape": g["shape"], "dtype": g["dtype"]})
            continue
        axes = _as_product(tuples)
        entry = {"name": g["pattern"], "shape": g["shape"], "dtype": g["dtype"]}
        if axes is not None:
            entry["index"] = axes
        else:
            entry["tuples"] = [list(t) for t in tuples]
        out.append(entry)
    return out


def expand(entry: dict) -> list[str]:
    """Inverse of collapse for one entry (used to self-check)."""
    name = entry["name"]
    if "index" in entry:
        combos = [()]
        for axis in entry["index"]:
            combos = [c + (v,) for c in combos for v in axis]
    elif "tuples" in entry:
        combos = [tuple(t) for t in entry["tuples"]]
    else:
        return [name]
    out = []
    for combo in combos:
        n = name
        for p, v in zip(PLACEHOLDERS, combo):
            n = n.replace("{" + p + "}", str(v), 1)
        out.append(n)
    return out


def dtype_name(dt: torch.dtype) -> str:
    return str(dt).replace("torch.", "")


# ---------------------------------------------------------------------------------------------
# Inventory of a built model (meta device or real).


def inventory(model) -> dict:
    params = list(model.named_parameters(remove_duplicate=False))
    first_name: dict[int, str] = {}
    tied: list[list[str]] = []
    entries = []
    unique = 0
    total = 0
    for name, p in params:
        n = p.numel()
        total += n
        key = id(p)
        if key in first_name:
            tied.append([name, first_name[key]])
        else:
            first_name[key] = name
            unique += n
        entries.append({"name": name, "shape": list(p.shape), "dtype": dtype_name(p.dtype)})
    # Persistent buffers are the state_dict keys that are not parameters.
    param_names = {n for n, _ in params}
    buffers_all = dict(model.named_buffers(remove_duplicate=False))
    sd_keys = list(model.state_dict(keep_vars=True).keys())
    buffer_entries = []
    buffer_elems = 0
    for k in sd_keys:
        if k in param_names:
            continue
        b = buffers_all.get(k)
        if b is None:
            continue
        buffer_entries.append({"name": k, "shape": list(b.shape), "dtype": dtype_name(b.dtype)})
        buffer_elems += b.numel()
    non_persistent = sorted(set(buffers_all) - set(sd_keys))
    collapsed = collapse(entries)
    # self-check: expansion reproduces every name exactly once
    expanded = [n for e in collapsed for n in expand(e)]
    assert sorted(expanded) == sorted(e["name"] for e in entries), "collapse is not invertible"
    return {
        "tensors": collapsed,
        "tied": tied,
        "buffers": collapse(buffer_entries),
        "nonPersistentBuffers": collapse_names(non_persistent),
        "totals": {
            "unique": unique,
            "withTied": total,
            "tensors": len(entries),
            "uniqueTensors": len(first_name),
            "persistentBufferElements": buffer_elems,
            "persistentBuffers": len(buffer_entries),
        },
    }


def collapse_names(names: list[str]) -> list[str]:
    """Non-persistent buffer names, collapsed to patterns (informative only)."""
    seen = []
    for n in names:
        p, _ = split_pattern(n)
        if p not in seen:
            seen.append(p)
    return seen


# ---------------------------------------------------------------------------------------------
# Seeded small variations of a default config.

HIDDEN_KEYS = ["hidden_size", "d_model", "n_embd", "n_embed", "embed_dim", "dim", "model_dim", "hidden_dim", "emb_dim"]
LAYER_KEYS = ["num_hidden_layers", "n_layer", "n_layers", "num_layers", "encoder_layers", "decoder_layers",
              "num_decoder_layers", "depth", "num_encoder_layers"]
HEAD_KEYS = ["num_attention_heads", "n_head", "n_heads", "num_heads", "encoder_attention_heads",
             "decoder_attention_heads", "num_decoder_attention_heads"]
KV_KEYS = ["num_key_value_heads", "n_kv_heads", "num_kv_heads", "multi_query_group_num", "num_kv"]
FF_KEYS = ["intermediate_size", "n_inner", "d_ff", "ffn_dim", "encoder_ffn_dim", "decoder_ffn_dim",
           "ffn_hidden_size", "mlp_dim", "inner_dim", "feed_forward_proj_dim", "hidden_ffn_dim"]
HEAD_DIM_KEYS = ["head_dim", "d_kv", "kv_channels", "attention_head_dim", "d_head"]
EXPERT_KEYS = ["num_experts", "num_local_experts", "n_routed_experts", "moe_num_experts", "num_routed_experts"]
TOPK_KEYS = ["num_experts_per_tok", "moe_topk", "top_k", "num_experts_per_token", "moe_k"]
MOE_FF_KEYS = ["moe_intermediate_size", "expert_intermediate_size", "shared_expert_intermediate_size",
               "moe_ffn_hidden_size"]
VOCAB_KEYS = ["vocab_size", "n_vocab"]
TIE_KEYS = ["tie_word_embeddings"]
ROTARY_DIM_KEYS = ["rotary_dim", "rotary_emb_dim"]
GROUP_KEYS = ["n_group", "num_expert_group"]
TOPK_GROUP_KEYS = ["topk_group"]
WINDOW_KEYS = ["sliding_window", "attention_chunk_size", "local_attention", "attention_window_size"]
SPECIAL_ID_RE = re.compile(r"(token_id|token_index|_token_ids|start_token_id)$")


def _layer_count(d: dict) -> int | None:
    for k in LAYER_KEYS:
        if isinstance(d.get(k), int) and d[k] > 0:
            return d[k]
    return None


def _max_special_id(d: dict) -> int:
    best = -1
    for k, v in d.items():
        if isinstance(k, str) and SPECIAL_ID_RE.search(k):
            vals = v if isinstance(v, list) else [v]
            for x in vals:
                if isinstance(x, int):
                    best = max(best, x)
        if isinstance(v, dict):
            best = max(best, _max_special_id(v))
    return best


def _set_first(d: dict, keys: list[str], value, changes: dict):
    for k in keys:
        if k in d and isinstance(d[k], int) and not isinstance(d[k], bool):
            changes[k] = value


def shrink_dict(d: dict, rng: random.Random, level: int, toggle_tie: bool) -> dict:
    """Changes (key -> new value) for one (sub-)config dict; level 0 = everything, higher = fewer."""
    changes: dict = {}
    hidden_old = next((d[k] for k in HIDDEN_KEYS if isinstance(d.get(k), int)), None)
    heads = rng.choice([2, 4, 8])
    head_dim = rng.choice([16, 32])
    hidden = heads * head_dim if level == 0 else None
    L_old = _layer_count(d)
    L = rng.choice([2, 3, 4])
    if L_old is not None:
        L = min(L, L_old)
        for k in LAYER_KEYS:
            if isinstance(d.get(k), int) and not isinstance(d.get(k), bool) and d[k] > 0:
                changes[k] = min(L, d[k])
    if level == 0 and hidden_old is not None:
        _set_first(d, HIDDEN_KEYS, hidden, changes)
        for k in HEAD_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = heads
        kv_choices = [h for h in (1, 2, heads) if heads % h == 0]
        kv = rng.choice(kv_choices)
        for k in KV_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = kv
        for k in HEAD_DIM_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = rng.choice([head_dim, head_dim * 2]) if k == "head_dim" else head_dim
        ff = hidden * rng.choice([2, 3, 4]) + rng.choice([0, 32])
        for k in FF_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = ff
        for k in MOE_FF_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = hidden * rng.choice([1, 2])
        for k in ROTARY_DIM_KEYS:  # partial rotary must fit in the new head size (GPT-J, CodeGen)
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = head_dim // 2
    if level <= 1:
        for k in EXPERT_KEYS:
            if isinstance(d.get(k), int) and d[k] > 1:
                changes[k] = min(d[k], rng.choice([4, 8]))
        n_exp = next((changes[k] for k in EXPERT_KEYS if k in changes), None)
        if n_exp:  # grouped routing (DeepSeek-V3): the groups must divide the experts
            for k in GROUP_KEYS:
                if isinstance(d.get(k), int) and d[k] > 1:
                    changes[k] = 2 if n_exp % 2 == 0 else 1
            for k in TOPK_GROUP_KEYS:
                if isinstance(d.get(k), int) and d[k] > 1:
                    changes[k] = 1
        for k in TOPK_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0 and n_exp:
                changes[k] = min(d[k], rng.choice([1, 2]), n_exp)
        for k in VOCAB_KEYS:
            if isinstance(d.get(k), int) and d[k] > 0:
                changes[k] = max(rng.choice([512, 1000, 1024]), _max_special_id(d) + 1)
                changes[k] = min(changes[k], d[k])
    if level <= 1:
        # windows shorter than the forward's sequence, so that sliding/chunked caches show in the fixtures
        for k in WINDOW_KEYS:
            if isinstance(d.get(k), int) and not isinstance(d.get(k), bool) and d[k] > 16:
                changes[k] = rng.choice([8, 16])
    for k in TIE_KEYS:
        if isinstance(d.get(k), bool):
            if toggle_tie:
                changes[k] = not d[k]
    # per-layer data sized by the old layer count: cut to the new count
    if L_old is not None and L_old != L:
        for k, v in d.items():
            if k in changes or L_old <= 1:
                continue
            if isinstance(v, list) and len(v) == L_old:
                changes[k] = cut_layer_list(v, L)
            elif isinstance(v, str) and len(v) == L_old and ("pattern" in k or "override" in k):
                changes[k] = v[:L]  # e.g. nemotron_h hybrid_override_pattern "M-M*-..."
            elif isinstance(v, dict) and v and all(str(x).isdigit() for x in v) and max(int(x) for x in v) < L_old:
                changes[k] = {x: y for x, y in v.items() if int(x) < L}  # per-layer dicts keyed by index
    return changes


def cut_layer_list(v: list, L: int) -> list:
    """First L entries, but every distinct value of the original kept (mixed layer types stay mixed)."""
    out = list(v[:L])
    missing = [x for i, x in enumerate(v) if isinstance(x, (str, int, float, bool)) and x not in out and x not in v[:i]]
    for j, x in enumerate(missing[: max(0, L - 1)]):
        out[L - 1 - j] = x
    return out
    return changes


SUB_CONFIG_KEYS = ["text_config", "vision_config", "audio_config", "encoder", "decoder", "encoder_config",
                   "decoder_config", "speech_config", "language_config", "llm_config"]


def variation_candidates(config_class, default_dict: dict, seed_text: str) -> list[dict]:
    """Candidate constructor kwargs, most ambitious first; the caller keeps the first that builds.

    Levels 0-2 shrink less and less; levels 3-5 repeat them without toggling tie_word_embeddings
    (some families refuse one of the two, e.g. DBRX cannot tie)."""
    out = []
    toggle_first = seed_text.endswith(":1")  # variation 1 toggles tying, variation 2 keeps the default
    for level in range(6 if toggle_first else 3):
        rng = random.Random(seed_text)
        toggle = toggle_first and level < 3
        top = shrink_dict(default_dict, rng, level % 3, toggle)
        for sk in SUB_CONFIG_KEYS:
            sub = default_dict.get(sk)
            if isinstance(sub, dict):
                sub_changes = shrink_dict(sub, rng, level % 3, toggle)
                merged = dict(sub)
                merged.update(sub_changes)
                top[sk] = merged
        out.append({"level": level, "kwargs": top})
    return out


# Named variations beyond default/v1/v2, as constructor kwargs, for types whose default config
# leaves parts out: Gemma 4's default has no vision or audio tower (vision_config/audio_config None),
# so its towers are built only here. "towers": the default text model with the default towers;
# "towers-small": small text model and towers with non-default fields (GQA in the vision tower,
# clipped linears and standardisation toggled, other subsampling channels, output widths), small
# enough for a CPU forward (text-only: the towers do not run on text tokens).
_GEMMA4_SMALL_TEXT = {"vocab_size": 512, "vocab_size_per_layer_input": 512, "hidden_size": 64,
                      "hidden_size_per_layer_input": 8, "intermediate_size": 128, "num_hidden_layers": 2,
                      "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "global_head_dim": 32,
                      "sliding_window": 8, "layer_types": ["sliding_attention", "full_attention"],
                      "tie_word_embeddings": True}
EXTRA_VARIANTS: dict[str, list[tuple[str, dict]]] = {
    "gemma4": [
        ("towers", {"vision_config": {}, "audio_config": {}}),
        ("towers-small", {
            "text_config": _GEMMA4_SMALL_TEXT,
            "vision_config": {"hidden_size": 48, "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4,
                              "num_key_value_heads": 2, "head_dim": 8, "patch_size": 8, "position_embedding_size": 64,
                              "use_clipped_linears": True, "standardize": True},
            "audio_config": {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 4,
                             "subsampling_conv_channels": [16, 8], "conv_kernel_size": 3, "output_proj_dims": 40,
                             "use_clipped_linears": False},
        }),
    ],
    "gemma4_unified": [
        ("towers", {"vision_config": {}, "audio_config": {}}),
        ("towers-small", {
            "text_config": {k: v for k, v in _GEMMA4_SMALL_TEXT.items() if k not in ("vocab_size_per_layer_input", "hidden_size_per_layer_input")},
            "vision_config": {"patch_size": 4, "pooling_kernel_size": 2, "mm_embed_dim": 24, "mm_posemb_size": 32,
                              "output_proj_dims": 24},
            "audio_config": {"audio_embed_dim": 80},
        }),
    ],
}


def extra_variant_kwargs(model_type: str, name: str) -> dict | None:
    for n, kwargs in EXTRA_VARIANTS.get(model_type, []):
        if n == name:
            return json.loads(json.dumps(kwargs))  # a fresh copy: configs mutate their inputs
    return None


def describe_changes(kwargs: dict, default_dict: dict) -> dict:
    """Changed scalar fields only (sub-configs reported by their changed fields)."""
    out = {}
    for k, v in kwargs.items():
        if isinstance(v, dict) and isinstance(default_dict.get(k), dict):
            sub = {kk: vv for kk, vv in v.items() if default_dict[k].get(kk) != vv}
            if sub:
                out[k] = sub
        elif default_dict.get(k) != v:
            out[k] = v
    return out


# ---------------------------------------------------------------------------------------------
# Running one job per model type in a forked child with a timeout (2 at a time).


def _child(fn: Callable, arg, path: str):
    try:
        result = fn(arg)
    except BaseException as e:  # noqa: BLE001 - recorded as data
        result = {"fatal": f"{type(e).__name__}: {e}", "trace": traceback.format_exc()[-2000:]}
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(result, f)
    os.replace(tmp, path)


def preload():
    """Import the shared modelling infrastructure once in the parent: forked children then only
    import their own family's module (this halves a child's time on a busy machine)."""
    import importlib
    for mod in ("transformers.modeling_utils", "transformers.modeling_layers", "transformers.cache_utils",
                "transformers.masking_utils", "transformers.generation.utils", "transformers.integrations.sdpa_attention",
                "transformers.models.llama.modeling_llama", "transformers.models.bert.modeling_bert",
                "torch.utils.flop_counter"):
        try:
            importlib.import_module(mod)
        except Exception:  # noqa: BLE001 - an optional module missing only costs time
            pass


def run_jobs(fn: Callable, args: list, result_path: Callable[[Any], str], timeout: float, workers: int,
             on_done: Callable[[Any, dict, float], None]):
    ctx = mp.get_context("fork")
    pending = list(args)
    running: dict = {}
    while pending or running:
        while pending and len(running) < workers:
            a = pending.pop(0)
            path = result_path(a)
            if os.path.exists(path):
                os.remove(path)
            p = ctx.Process(target=_child, args=(fn, a, path))
            p.start()
            running[a] = (p, time.time(), path)
        time.sleep(0.05)
        for a, (p, t0, path) in list(running.items()):
            elapsed = time.time() - t0
            if not p.is_alive():
                p.join()
                if os.path.exists(path):
                    with open(path) as f:
                        res = json.load(f)
                    os.remove(path)
                else:
                    res = {"fatal": f"worker exited with code {p.exitcode} (killed or crashed)"}
                del running[a]
                on_done(a, res, elapsed)
            elif elapsed > timeout:
                p.kill()
                p.join()
                del running[a]
                on_done(a, {"fatal": f"timeout after {timeout:.0f} s"}, elapsed)


def short_error(e: BaseException) -> str:
    msg = f"{type(e).__name__}: {e}"
    msg = re.sub(r"\s+", " ", msg).strip()
    return msg[:500]


def _render(value, indent: int, width: int = 160) -> str:
    """JSON with small objects/lists on one line (keeps fixtures compact and diffable)."""
    flat = json.dumps(value, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    one_line = isinstance(value, dict) and "name" in value and "shape" in value  # a tensor entry
    if one_line or len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}:{_render(v, indent + 1, width)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if all(not isinstance(v, (dict, list)) for v in value):
        return flat  # long scalar list (e.g. layer indices, layer_types) stays on one line
    items = [pad + _render(v, indent + 1, width) for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def write_json(path: str, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(_render(data, 0) + "\n")
