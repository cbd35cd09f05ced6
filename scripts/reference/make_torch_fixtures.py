"""Writes small PyTorch checkpoints with the real torch.save (zip and legacy formats), a sharded
pytorch_model.bin index, and hostile pickles built opcode by opcode (never loaded here), plus the
reference tensor table from torch.load(weights_only=True) as JSON, for test/unit/tensor/pickle.test.ts.

    /tmp/ref/bin/python scripts/reference/make_torch_fixtures.py
"""
import io
import json
import struct
import zipfile
from collections import OrderedDict
from pathlib import Path

import torch

OUT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "torch"
OUT.mkdir(parents=True, exist_ok=True)
SENTINEL = "/tmp/modelmath-pickle-sentinel"
torch.manual_seed(20261202)


def state_dict():
    emb = torch.randn(16, 8)
    base = torch.randn(6, 10)
    return OrderedDict([
        ("model.embed_tokens.weight", emb),
        ("lm_head.weight", emb),  # tied: the same storage twice
        ("model.layers.0.mlp.up_proj.weight", torch.randn(12, 8, dtype=torch.float16)),
        ("model.layers.0.mlp.down_proj.weight", torch.randn(8, 12).to(torch.bfloat16)),
        ("model.layers.0.norm.weight", torch.nn.Parameter(torch.ones(8) + 0.01 * torch.randn(8))),
        ("model.transposed", base.t()),  # non-contiguous view: strides (1, 10)
        ("model.strided", base[1:5, ::3]),  # offset 10, strides (10, 3)
        ("model.position_ids", torch.arange(32, dtype=torch.int64).reshape(1, 32)),
        ("model.scale", torch.tensor(0.125)),  # 0-d
        ("model.mask", torch.tensor([True, False, True])),
    ])


def training_checkpoint():
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Linear(3, 2))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    model(torch.randn(5, 4)).pow(2).sum().backward()
    opt.step()
    return {"model": model.state_dict(), "optimizer": opt.state_dict(), "epoch": 3, "config": {"lr": 1e-3, "name": "tiny", "betas": (0.9, 0.999)}}


def flatten(obj, prefix=""):
    out = {}
    if isinstance(obj, torch.Tensor):
        out[prefix] = obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}.{i}" if prefix else str(i)))
    return out


def describe(path):
    obj = torch.load(path, weights_only=True, map_location="cpu")
    tensors = []
    for name, t in flatten(obj).items():
        v = t.detach().to(torch.float64).reshape(-1)
        tensors.append({
            "name": name, "dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "count": t.numel(),
            "storage_offset": t.storage_offset(), "strides": list(t.stride()), "contiguous": t.is_contiguous(),
            "storage_ptr_group": None,
            "min": v.min().item() if v.numel() else None, "max": v.max().item() if v.numel() else None,
            "mean": v.mean().item() if v.numel() else None, "std": v.std(unbiased=False).item() if v.numel() else None,
            "values": v.tolist() if v.numel() <= 64 else None,
        })
    # Tensors sharing a storage (tied weights) get the same group number.
    ptrs = {}
    for rec, t in zip(tensors, flatten(obj).values()):
        p = t.untyped_storage().data_ptr()
        rec["storage_ptr_group"] = ptrs.setdefault(p, len(ptrs))
    return tensors


def hostile(kind):
    """A pickle that, if loaded by pickle.load, would run `touch SENTINEL`. Built from opcodes; never loaded."""
    cmd = f"touch {SENTINEL}".encode()
    s = lambda b: b"X" + struct.pack("<I", len(b)) + b  # BINUNICODE
    proto = b"\x80\x02"
    if kind == "reduce_global":  # GLOBAL os.system, REDUCE
        return proto + b"cos\nsystem\n" + s(cmd) + b"\x85R."
    if kind == "stack_global":  # STACK_GLOBAL posix.system (protocol 4)
        return b"\x80\x04" + s(b"posix") + s(b"system") + b"\x93" + s(cmd) + b"\x85R."
    if kind == "inst":  # INST os system with a MARKed argument
        return proto + b"(" + s(cmd) + b"ios\nsystem\n."
    if kind == "obj":  # OBJ: class from GLOBAL builtins.eval
        return proto + b"(cbuiltins\neval\n" + s(b"__import__('os').system('" + cmd + b"')") + b"o."
    if kind == "newobj":  # NEWOBJ of subprocess.Popen
        return proto + b"csubprocess\nPopen\n" + b"]" + s(b"sh") + b"a" + s(b"-c") + b"a" + s(cmd) + b"a\x85\x81."
    if kind == "memo":  # exec stored in the memo, fetched back, then called
        return proto + b"cbuiltins\nexec\nq\x00" + b"0" + b"h\x00" + s(b"import os; os.system('" + cmd + b"')") + b"\x85R."
    if kind == "importlib":  # importlib.import_module('os') then getattr chain
        return proto + b"cimportlib\nimport_module\n" + s(b"os") + b"\x85R."
    if kind == "build":  # an allowed OrderedDict whose BUILD state names a callable global
        return proto + b"ccollections\nOrderedDict\n)R" + b"}" + s(b"__setstate__") + b"cos\nsystem\nsb."
    if kind == "nested":  # the call hidden inside an otherwise normal state dict
        return proto + b"ccollections\nOrderedDict\n)R(" + s(b"w") + b"cos\nsystem\n" + s(cmd) + b"\x85Ru."
    raise ValueError(kind)


HOSTILE = ["reduce_global", "stack_global", "inst", "obj", "newobj", "memo", "importlib", "build", "nested"]


def main():
    ref = {"generator": f"torch {torch.__version__}", "sentinel": SENTINEL, "files": {}}
    sd = state_dict()
    torch.save(sd, OUT / "state_dict_zip.pt")
    torch.save(sd, OUT / "state_dict_legacy.pt", _use_new_zipfile_serialization=False)
    torch.save(training_checkpoint(), OUT / "training.pt")
    torch.save(training_checkpoint(), OUT / "training_legacy.pt", _use_new_zipfile_serialization=False)
    # A sharded pytorch_model.bin: two shards and the index transformers writes.
    shard1 = OrderedDict((k, v.clone()) for k, v in list(sd.items())[:3])
    shard2 = OrderedDict((k, v.clone().contiguous()) for k, v in list(sd.items())[3:5])
    torch.save(shard1, OUT / "pytorch_model-00001-of-00002.bin")
    torch.save(shard2, OUT / "pytorch_model-00002-of-00002.bin")
    weight_map = {**{k: "pytorch_model-00001-of-00002.bin" for k in shard1}, **{k: "pytorch_model-00002-of-00002.bin" for k in shard2}}
    total = sum(v.numel() * v.element_size() for v in [*shard1.values(), *shard2.values()])
    (OUT / "pytorch_model.bin.index.json").write_text(json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=2) + "\n")
    for name in ["state_dict_zip.pt", "state_dict_legacy.pt", "training.pt", "training_legacy.pt", "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"]:
        ref["files"][name] = describe(OUT / name)
    # Hostile pickles: raw (legacy-style) and inside a torch zip as data.pkl.
    ref["hostile"] = {}
    for kind in HOSTILE:
        data = hostile(kind)
        (OUT / f"hostile_{kind}.pkl").write_bytes(data)
        ref["hostile"][kind] = {"raw": f"hostile_{kind}.pkl"}
    with zipfile.ZipFile(OUT / "hostile_zip.pt", "w", zipfile.ZIP_STORED) as z:
        z.writestr("hostile_zip/data.pkl", hostile("reduce_global"))
        z.writestr("hostile_zip/version", "3\n")
    (OUT / "reference.json").write_text(json.dumps(ref, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
