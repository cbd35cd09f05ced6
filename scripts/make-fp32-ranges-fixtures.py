"""Expected statistics of fp32 tensors whose values come from a formula (so the test rebuilds them
without a committed data file): the fast chunk loop's min, max, moments, zeros, every range count
and the row/column means and stds, computed here by numpy over the same float32 values.

The formula (reproduced bit for bit in test/unit/tensor/fp32Ranges.test.ts): for element i, a
32-bit hash h of i picks the value's class (ordinary, below fp16's normal range, zero, large) and
its exponent, and supplies its sign and mantissa; the float32 is assembled from those bits.

Writes test/fixtures/tensors/fp32-ranges.expected.json.
Run with:  /tmp/ref/bin/python scripts/make-fp32-ranges-fixtures.py   (any Python with numpy)
"""
import json
import pathlib

import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "tensors"
M32 = np.uint64(0xFFFFFFFF)


def hash32(i, seed):
    h = (i.astype(np.uint64) * np.uint64(2654435761) + np.uint64(seed)) & M32
    h ^= h >> np.uint64(15)
    h = (h * np.uint64(2246822519)) & M32
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(3266489917)) & M32
    h ^= h >> np.uint64(16)
    return h


def values(n, seed, zeros_per_256):
    """float32 values: class by the low byte of the hash (ordinary, tiny, zero, large)."""
    i = np.arange(n)
    h = hash32(i, seed)
    sel = h & np.uint64(0xFF)
    r = (h >> np.uint64(8)) & np.uint64(0xFFFF)
    sign = (h >> np.uint64(31)) << np.uint64(31)
    mant = (hash32(i, seed + 1) >> np.uint64(9))  # 23 bits
    tiny_from = 200 - zeros_per_256
    zero_from = 230 - zeros_per_256 // 2 if zeros_per_256 else 230
    exp = np.where(sel < tiny_from, 115 + r % 9,  # 2^-12 … 2^-4: ordinary, some below e4m3's 2^-9
          np.where(sel < zero_from, 97 + r % 17,  # 2^-30 … 2^-14: fp16 subnormal / underflow, e5m2 underflow
          np.where(sel < 240, 0, 127 + r % 18)))  # zero (mantissa cleared below), or 1 … 2^18
    mant = np.where(exp == 0, 0, mant)
    bits = (sign | (exp.astype(np.uint64) << np.uint64(23)) | mant).astype(np.uint32)
    return bits.view(np.float32)


def stats(x32, shape):
    x = x32.astype(np.float64)
    a = np.abs(x)
    out = {
        "count": int(x.size),
        "zeros": int((x == 0).sum()),
        "min": float(x.min()),
        "max": float(x.max()),
        "mean": float(x.mean()),
        "m2": float(((x - x.mean()) ** 2).sum()),
        "ranges": {
            "fp16Overflow": int((a > 65504).sum()),
            "fp16Underflow": int(((a > 0) & (a < 2.0**-24)).sum()),
            "fp16Subnormal": int(((a >= 2.0**-24) & (a < 2.0**-14)).sum()),
            "e4m3Overflow": int((a > 448).sum()),
            "e5m2Overflow": int((a > 57344).sum()),
            "e4m3Underflow": int(((a > 0) & (a < 2.0**-9)).sum()),
            "e5m2Underflow": int(((a > 0) & (a < 2.0**-16)).sum()),
            # exp(x) overflows fp16 / fp32 (x above ln 65520 and ln((2 − 2⁻²⁴)·2¹²⁷))
            "expOverflowFp16": int((x > np.log(65520.0)).sum()),
            "expOverflowFp32": int((x > np.log((2 - 2.0**-24) * 2.0**127)).sum()),
        },
    }
    if len(shape) == 2:
        m = x.reshape(shape)
        out["rowMean"] = m.mean(1).tolist()
        out["rowStd"] = m.std(1).tolist()
        out["colMean"] = m.mean(0).tolist()
        out["colStd"] = m.std(0).tolist()
    return out


TENSORS = [
    # name, shape, seed, extra zeros per 256 (a sparse tensor: more values below fp16's normal range per chunk than the loop records)
    ("rows", [257, 1000], 1, 0),
    ("sparse", [96, 1024], 2, 150),
    ("flat", [100003], 3, 0),
]

expected = {}
for name, shape, seed, zeros in TENSORS:
    n = int(np.prod(shape))
    x = values(n, seed, zeros)
    expected[name] = {"shape": shape, "seed": seed, "zerosPer256": zeros, **stats(x, shape)}

(OUT / "fp32-ranges.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
print({k: (v["count"], v["zeros"], v["ranges"]["fp16Subnormal"]) for k, v in expected.items()})
