"""Fixtures for the exact (bit-pattern) statistics of 16- and 8-bit tensors.

Writes test/fixtures/tensors/exact-stats.safetensors (saved by the real safetensors library from
torch tensors), fp16-big-endian.npy (numpy, '>f2'), and exact-stats.expected.json: for every tensor
the statistics numpy computes over its values cast to float64 (count, NaN, Inf, zeros, min, max,
mean, std, percentiles with numpy's default linear method, histogram with 40 bins).

Run with the reference venv:  /tmp/ref/bin/python scripts/make-exact-stats-fixtures.py
"""
import json
import pathlib

import numpy as np
import torch
from safetensors.torch import save_file

OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "tensors"
OUT.mkdir(parents=True, exist_ok=True)
PERCENTILES = [0.1, 1, 5, 25, 50, 75, 95, 99, 99.9]

g = torch.Generator().manual_seed(20261202)


def randn(*shape, std=1.0):
    return torch.randn(*shape, generator=g) * std


bf16 = randn(64, 96, std=0.02)
bf16[3, 5] = 70000.0  # beyond fp16
bf16[10, 0] = float("nan")
bf16[20, 95] = float("-inf")
bf16[30, :4] = 0.0
bf16[31, 7] = 1e-9  # fp16 underflow
fp16 = randn(48, 80, std=0.5)
fp16[0, :10] = torch.tensor([6e-8, 1e-6, 3e-5, -2e-5, 0.0, -0.0, 600.0, -500.0, 12.0, 65504.0])
fp16 = fp16.to(torch.float16)
e4m3 = randn(32, 64, std=30.0).clamp(-448, 448).to(torch.float8_e4m3fn)
e5m2 = randn(32, 64, std=1000.0).to(torch.float8_e5m2)
int8 = torch.randint(-128, 128, (40, 50), generator=g, dtype=torch.int8)
uint8 = torch.randint(0, 256, (1000,), generator=g, dtype=torch.uint8)
boolean = torch.rand(500, generator=g) < 0.3
tensors = {
    "model.layers.0.mlp.down_proj.weight": bf16.to(torch.bfloat16),
    "activations_fp16": fp16,
    "fp8_e4m3_weight": e4m3,
    "fp8_e5m2_grad": e5m2,
    "quantized_int8": int8,
    "pixels_uint8": uint8,
    "mask_bool": boolean,
}
save_file(tensors, str(OUT / "exact-stats.safetensors"))

big_endian = (np.sin(np.arange(30 * 40)) * 3.0).reshape(30, 40).astype(">f2")
np.save(OUT / "fp16-big-endian.npy", big_endian)


def expected(values: np.ndarray) -> dict:
    x = values.astype(np.float64).ravel()
    finite = x[np.isfinite(x)]
    counts, edges = np.histogram(finite, 40)
    return {
        "count": int(x.size),
        "nan": int(np.isnan(x).sum()),
        "inf": int(np.isinf(x).sum()),
        "zeros": int((finite == 0).sum()),
        "min": float(finite.min()),
        "max": float(finite.max()),
        "mean": float(finite.mean()),
        "std": float(finite.std()),
        "percentiles": {f"p{p}": float(v) for p, v in zip(PERCENTILES, np.percentile(finite, PERCENTILES))},
        "histogram": {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]},
    }


result = {name: expected(t.to(torch.float64).numpy() if t.dtype != torch.bool else t.numpy()) for name, t in tensors.items()}
result["fp16-big-endian.npy"] = expected(big_endian)
(OUT / "exact-stats.expected.json").write_text(json.dumps(result, indent=1) + "\n")
print("wrote", sorted(p.name for p in OUT.iterdir()))
