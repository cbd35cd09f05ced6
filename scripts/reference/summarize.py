"""Rewrites the generated part of test/fixtures/models/README.md (between the summary markers):
coverage counts, transformers' own failures, forward failures by reason, the real configs.

    /tmp/ref/bin/python scripts/reference/summarize.py
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import OUT_DIR  # noqa: E402

START, END = "<!-- summary:start -->", "<!-- summary:end -->"


def load_dir(name: str) -> dict[str, dict]:
    d = os.path.join(OUT_DIR, name)
    if not os.path.isdir(d):
        return {}
    out = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f)) as fh:
                out[f[:-5]] = json.load(fh)
    return out


def reason(msg: str) -> str:
    """Groups messages: numbers, quoted names and long tails removed."""
    m = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", msg)
    m = re.sub(r"\d+", "N", m)
    return m[:110]


def md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def main():
    inv = load_dir("inventory")
    flops = load_dir("flops")
    real = load_dir("real")
    lines = []
    n_classes = sum(len(j.get("classes", [])) for j in inv.values())
    default_ok = [t for t, j in inv.items() if any(v["name"] == "default" and "error" not in v and
                                                  any("error" not in m for m in v.get("models", [])) for v in j["variants"])]
    cases = ok_cases = 0
    var_ok = var_total = 0
    default_fail, var_fail = [], []
    for t, j in inv.items():
        if "fatal" in j:
            default_fail.append((t, "-", j["fatal"]))
            continue
        for v in j["variants"]:
            models = v.get("models") or [{"class": c["class"], "error": v.get("error", "?")} for c in j["classes"]]
            for m in models:
                cases += 1
                if "error" not in m and "error" not in v:
                    ok_cases += 1
                    if v["name"] != "default":
                        var_ok += 1
                if v["name"] != "default":
                    var_total += 1
                err = v.get("error") or m.get("error")
                if err:
                    (default_fail if v["name"] == "default" else var_fail).append((t, m["class"] if v["name"] == "default" else f"{v['name']} {m['class']}", err))
    lines.append(f"- **{len(inv)} model types**, {n_classes} model classes (causal-LM, masked-LM, seq2seq-LM heads); "
                 f"{cases} (type, variation, class) cases, **{ok_cases} built** by transformers on the meta device.")
    lines.append(f"- Default configs: {len(default_ok)} of {len(inv)} types build at least one class; "
                 f"variations: {var_ok} of {var_total} (variation, class) cases build.")
    fw_ok = fw_total = 0
    fw_fail = collections.Counter()
    fw_examples: dict[str, str] = {}
    for t, j in flops.items():
        for v in j.get("variants", []):
            for m in v.get("models", []) or []:
                fw_total += 1
                if "error" in m:
                    r = reason(m["error"])
                    fw_fail[r] += 1
                    fw_examples.setdefault(r, t)
                else:
                    fw_ok += 1
    lines.append(f"- Forwards (FLOPs + KV cache) of the small variations: {len(flops)} types run, "
                 f"**{fw_ok} of {fw_total}** (variation, class) forwards succeeded.")
    lines.append("")
    lines.append(f"### Default configs transformers itself cannot build ({len(default_fail)})")
    lines.append("")
    lines.append("| model type | class | transformers' error |")
    lines.append("|---|---|---|")
    for t, c, e in default_fail:
        lines.append(f"| {t} | {c} | {md_escape(e[:220])} |")
    lines.append("")
    lines.append(f"### Variations that could not be built ({len(var_fail)})")
    lines.append("")
    lines.append("Every candidate (shrink everything → keep widths → keep widths and vocabulary; with and")
    lines.append("without toggling the tying) failed; the last error is listed.")
    lines.append("")
    lines.append("| model type | variation, class | error |")
    lines.append("|---|---|---|")
    for t, c, e in var_fail:
        lines.append(f"| {t} | {c} | {md_escape(e[:220])} |")
    lines.append("")
    lines.append(f"### Forward failures by reason ({sum(fw_fail.values())})")
    lines.append("")
    lines.append("| count | reason (numbers and names elided) | e.g. |")
    lines.append("|---|---|---|")
    for r, n in fw_fail.most_common():
        lines.append(f"| {n} | {md_escape(r)} | {fw_examples[r]} |")
    lines.append("")
    lines.append(f"### Real configs ({len(real)})")
    lines.append("")
    lines.append("| file | Hugging Face repository | provenance | class | parameters (unique) | KV bytes/token, 16-bit |")
    lines.append("|---|---|---|---|---|---|")
    for n, r in real.items():
        kv = r.get("kvCache", {})
        kvb = kv.get("bytesPerToken16bit")
        kvs = "—" if kv.get("method") == "none" else (f"{kvb:,}" if isinstance(kvb, int) else kv.get("error", "?"))
        if kv.get("fixedStateElements"):
            kvs += f" (+ {kv['fixedStateElements']:,} fixed state elements)"
        params = f"{r['totals']['unique']:,}" if "totals" in r else r.get("error", "?")
        lines.append(f"| {n} | {r.get('source')} | {r.get('provenance')} | {r.get('class', '?')} | {params} | {kvs} |")
    body = "\n".join(lines)
    readme = os.path.join(OUT_DIR, "README.md")
    with open(readme) as f:
        text = f.read()
    a, b = text.index(START) + len(START), text.index(END)
    with open(readme, "w") as f:
        f.write(text[:a] + "\n" + body + "\n" + text[b:])
    print(body[:2000])


if __name__ == "__main__":
    main()
