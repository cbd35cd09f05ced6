#!/usr/bin/env python3
"""Generates test/fixtures/formulas/fp8-reference.json: float32 → float8 conversions as PyTorch
does them (torch.float8_e4m3fn saturates to ±448 and has no infinity; float8_e5m2 overflows to ±inf).
Run: /tmp/ref/bin/python scripts/fp8-reference.py"""
import json, math, os
import torch

xs = [0.1, 1.0, 3.3, 240.0, 447.0, 448.0, 449.0, 464.0, 470.0, 500.0, 1e6, -500.0, 2.0**-9, 2.0**-10, 1e-4,
      57344.0, 61440.0, 70000.0, float("inf"), float("-inf"), float("nan")]
def enc(v):
    return "NaN" if math.isnan(v) else ("Infinity" if v == math.inf else ("-Infinity" if v == -math.inf else v))
out = {"generatedBy": "scripts/fp8-reference.py", "torch": torch.__version__, "cases": []}
for x in xs:
    t = torch.tensor([x], dtype=torch.float32)
    out["cases"].append({"x": enc(x), "e4m3": enc(t.to(torch.float8_e4m3fn).float().item()), "e5m2": enc(t.to(torch.float8_e5m2).float().item())})
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "formulas", "fp8-reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print(f"{len(xs)} conversions -> {os.path.relpath(path)}")
