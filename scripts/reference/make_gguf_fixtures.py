"""Writes small GGUF fixtures with gguf-py's own writer and quantizers, and records the reference
dequantized values (gguf.quants.dequantize) as JSON, for test/unit/tensor/gguf.test.ts.

    /tmp/ref/bin/python scripts/reference/make_gguf_fixtures.py

Quantizable types (F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, TQ1_0, TQ2_0, MXFP4) are quantized from
seeded normal values; the K-quants and IQ types (IQ4 in types.gguf; the lattice IQ1/IQ2/IQ3 types in
iq.gguf, with NVFP4), which gguf-py can only dequantize, get seeded random blocks whose fp16 scales are set to
sensible magnitudes. Either way the expected values come from
gguf-py, never from Model Math.
"""
import json
import sys
from pathlib import Path

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf.constants import GGML_QUANT_SIZES

OUT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "gguf"
OUT.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(20261202)

QUANTIZED = [T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.TQ1_0, T.TQ2_0, T.MXFP4]
# Byte offsets of each block's fp16 scale fields (d, dmin): random bytes there would be NaN/huge.
RANDOM_BLOCKS = {T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208], T.IQ4_NL: [0], T.IQ4_XS: [0],
                 T.IQ2_XXS: [0], T.IQ2_XS: [0], T.IQ2_S: [0], T.IQ3_XXS: [0], T.IQ3_S: [0], T.IQ1_S: [0], T.IQ1_M: [], T.NVFP4: []}
# gguf-py cannot quantize the lattice i-quants; it dequantizes them. Their fixtures are random blocks
# with valid scales, written to iq.gguf after the other files (so those keep their random streams).
IQ_TYPES = [T.IQ2_XXS, T.IQ2_XS, T.IQ2_S, T.IQ3_XXS, T.IQ3_S, T.IQ1_S, T.IQ1_M, T.NVFP4]


def f32list(a):
    # Shortest float32 spellings: Math.fround(parsed) recovers each value exactly.
    return [float(str(x)) for x in np.asarray(a, dtype=np.float32).reshape(-1)]


def stats(v):
    v = np.asarray(v, dtype=np.float64).reshape(-1)
    return {"count": int(v.size), "min": float(v.min()), "max": float(v.max()), "mean": float(v.mean()), "std": float(v.std())}


def tensor_for(qtype, shape):
    """(stored numpy array, raw_shape or None, raw_dtype or None) for a tensor of numpy shape `shape`."""
    block, size = GGML_QUANT_SIZES[qtype]
    n = int(np.prod(shape))
    if qtype == T.F32:
        return rng.normal(0, 0.02, shape).astype(np.float32), None, None
    if qtype == T.F16:
        return rng.normal(0, 0.02, shape).astype(np.float16), None, None
    if qtype == T.BF16:
        x = rng.normal(0, 0.02, shape).astype(np.float32)
        return gguf.quants.quantize(x, T.BF16), shape, T.BF16
    if qtype in QUANTIZED:
        x = rng.normal(0, 0.02, shape).astype(np.float32)
        return gguf.quants.quantize(x, qtype), shape, qtype
    blocks = rng.integers(0, 256, (n // block, size), dtype=np.uint8)
    for off in RANDOM_BLOCKS[qtype]:
        scales = rng.uniform(0.0005, 0.004, n // block).astype(np.float16)
        blocks[:, off:off + 2] = scales.view(np.uint8).reshape(-1, 2)
    if qtype == T.IQ1_M:
        # IQ1_M's fp16 d is the top nibbles of its four u16 scale words (bytes 48..55).
        d = rng.uniform(0.0005, 0.004, n // block).astype(np.float16).view(np.uint16)
        words = blocks[:, 48:56].copy().view(np.uint16)
        for k in range(4):
            words[:, k] = (words[:, k] & 0x0FFF) | (((d >> (4 * k)) & 0xF) << 12)
        blocks[:, 48:56] = words.view(np.uint8)
    if qtype == T.NVFP4:
        # Four ue4m3 scales per 64 values: random exponents 3..9 (2^-4 … 2^2), any mantissa.
        blocks[:, 0:4] = (rng.integers(3, 10, (n // block, 4)) << 3 | rng.integers(0, 8, (n // block, 4))).astype(np.uint8)
    return blocks.reshape(*shape[:-1], shape[-1] // block * size), shape, qtype


def write_model(path, specs, arch="llama"):
    w = gguf.GGUFWriter(str(path), arch=arch)
    w.add_context_length(4096)
    w.add_embedding_length(256)
    w.add_block_count(2)
    w.add_head_count(8)
    w.add_head_count_kv(2)
    w.add_file_type(15)  # MOSTLY_Q4_K_M
    w.add_token_list(["<unk>", "<s>", "</s>", "hello", "world"])
    w.add_chat_template("{% for m in messages %}{{ m['content'] }}{% endfor %}")
    w.add_string("general.name", "Model Math fixture")
    w.add_array("fixture.floats", [0.5, 1.5])
    records = []
    for name, qtype, shape in specs:
        data, raw_shape, raw_dtype = tensor_for(qtype, shape)
        if raw_dtype is None:
            w.add_tensor(name, data)
        else:
            w.add_tensor(name, data, raw_shape=data.shape, raw_dtype=raw_dtype)  # raw_shape: the byte shape
        deq = gguf.quants.dequantize(data if raw_dtype is not None else data, qtype).astype(np.float32)
        assert tuple(deq.shape) == tuple(shape), (name, deq.shape, shape)
        block, size = GGML_QUANT_SIZES[qtype]
        records.append({"name": name, "type": qtype.name, "shape": list(shape), "bytes": int(np.prod(shape)) // block * size, **stats(deq), "values": f32list(deq)})
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return records


def main():
    specs = []
    for qtype in [T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.TQ1_0, T.TQ2_0, T.MXFP4, T.IQ4_NL]:
        specs.append((f"blk.0.{qtype.name.lower()}.weight", qtype, (3, 64) if GGML_QUANT_SIZES[qtype][0] <= 32 else (1, 256)))
    for qtype in [T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K, T.IQ4_XS]:
        specs.append((f"blk.1.{qtype.name.lower()}.weight", qtype, (2, 256)))
    records = write_model(OUT / "types.gguf", specs)
    # A file whose tensors span several read chunks: one Q4_K and one Q8_0 tensor of 64 KiB-ish.
    big = write_model(OUT / "stream.gguf", [("blk.0.attn_q.weight", T.Q4_K, (64, 512)), ("blk.0.ffn_up.weight", T.Q8_0, (48, 512))])
    for r in big:
        # Exact counts and sums over every value (numpy over gguf-py's dequantization) for the
        # statistics scanned from Q4_K codes without dequantizing (src/core/tensor/blockScan.ts).
        v = np.asarray(r.pop("values"), dtype=np.float32).astype(np.float64).reshape(r["shape"])
        a = np.abs(v)
        r["exact"] = {
            "sum": float(v.sum()), "sumSquares": float((v * v).sum()), "zeros": int((v == 0).sum()),
            "e4m3Underflow": int(((a > 0) & (a < 2.0 ** -9)).sum()), "e5m2Underflow": int(((a > 0) & (a < 2.0 ** -16)).sum()),
            "fp16Subnormal": int(((a >= 2.0 ** -24) & (a < 2.0 ** -14)).sum()), "fp16Underflow": int(((a > 0) & (a < 2.0 ** -24)).sum()),
            "rowMeans": v.mean(axis=1).tolist(), "rowStds": v.std(axis=1).tolist(),
            "colMeans": v.mean(axis=0).tolist(), "colStds": v.std(axis=0).tolist(),
        }
    iq = write_model(OUT / "iq.gguf", [(f"blk.0.{q.name.lower()}.weight", q, (2, 256)) for q in IQ_TYPES])
    sizes = {t.name: list(GGML_QUANT_SIZES[t]) for t in GGML_QUANT_SIZES}
    ids = {t.name: int(t) for t in T}
    out = {"generator": f"gguf-py {getattr(gguf, '__version__', '0.19')} numpy {np.__version__}", "quant_sizes": sizes, "type_ids": ids, "types.gguf": records, "stream.gguf": big, "iq.gguf": iq}
    (OUT / "reference.json").write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
