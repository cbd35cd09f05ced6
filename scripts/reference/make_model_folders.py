"""Writes small Hugging Face model folders with the real writers, for `modelmath inspect` and the
Inspect Model Folder command (test/unit/model/modelFolder.test.ts):

- tiny-llama-tied/: LlamaForCausalLM.save_pretrained (config.json + model.safetensors), tied
  head (lm_head.weight not stored);
- tiny-llama-bin/: the same model untied, its state dict saved with torch.save as two
  pytorch_model-0000N-of-00002.bin shards with a pytorch_model.bin.index.json, plus the persisted
  rotary inv_freq buffers older checkpoints carry;
- tiny-llama-fp8/: transformers' FP8Linear modules (block-wise 32×32 scales) swapped in by
  replace_with_fp8_linear, saved with safetensors, config.json with the quantization_config.

Reference values (parameters from transformers, elements and bytes from the state dicts) go to
test/fixtures/model-folders/reference.json.

    /tmp/ref/bin/python scripts/reference/make_model_folders.py
"""
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import FineGrainedFP8Config, LlamaConfig, LlamaForCausalLM
from transformers.integrations.finegrained_fp8 import replace_with_fp8_linear

OUT = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "model-folders"
torch.manual_seed(20261202)


def config(tied: bool) -> LlamaConfig:
    return LlamaConfig(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4, num_key_value_heads=2, vocab_size=128, max_position_embeddings=256, tie_word_embeddings=tied, dtype="bfloat16")


def summary(sd: dict) -> dict:
    seen, elements, size = set(), 0, 0
    for t in sd.values():
        key = (t.untyped_storage().data_ptr(), t.storage_offset(), tuple(t.shape))
        if key in seen:
            continue
        seen.add(key)
        elements += t.numel()
        size += t.numel() * t.element_size()
    return {"tensors": len(sd), "elements": elements, "bytes": size}


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    ref = {"torch": torch.__version__.split("+")[0]}

    tied = LlamaForCausalLM(config(True)).to(torch.bfloat16)
    tied.save_pretrained(OUT / "tiny-llama-tied")
    ref["tiny-llama-tied"] = {"parameters": tied.num_parameters(), **summary({k: v for k, v in tied.state_dict().items() if k != "lm_head.weight"})}

    untied = LlamaForCausalLM(config(False)).to(torch.bfloat16)
    d = OUT / "tiny-llama-bin"
    d.mkdir()
    untied.config.save_pretrained(d)
    sd = {k: v.clone() for k, v in untied.state_dict().items()}
    inv_freq = untied.model.rotary_emb.inv_freq.clone()
    for i in range(2):
        sd[f"model.layers.{i}.self_attn.rotary_emb.inv_freq"] = inv_freq.clone()
    names = list(sd)
    half = len(names) // 2
    shards = {"pytorch_model-00001-of-00002.bin": names[:half], "pytorch_model-00002-of-00002.bin": names[half:]}
    weight_map = {}
    for file, keys in shards.items():
        torch.save({k: sd[k] for k in keys}, d / file)
        weight_map.update({k: file for k in keys})
    s = summary(sd)
    (d / "pytorch_model.bin.index.json").write_text(json.dumps({"metadata": {"total_size": s["bytes"]}, "weight_map": weight_map}, indent=2))
    ref["tiny-llama-bin"] = {"parameters": untied.num_parameters(), "buffers": 2 * inv_freq.numel(), **s}

    fp8 = LlamaForCausalLM(config(False)).to(torch.bfloat16)
    qc = FineGrainedFP8Config(weight_block_size=(32, 32))
    replace_with_fp8_linear(fp8, modules_to_not_convert=["lm_head"], quantization_config=qc)
    sd = {}
    for k, v in fp8.state_dict().items():
        if v.is_meta:
            v = torch.empty(v.shape, dtype=v.dtype)
        if v.dtype == torch.float8_e4m3fn:
            v = (torch.randn(v.shape) * 0.5).to(torch.float8_e4m3fn)
        elif "scale" in k:
            v = torch.rand(v.shape, dtype=v.dtype) * 0.01
        sd[k] = v.contiguous()
    d = OUT / "tiny-llama-fp8"
    d.mkdir()
    cfg = config(False).to_dict()
    cfg["quantization_config"] = {"quant_method": "fp8", "fmt": "e4m3", "activation_scheme": "dynamic", "weight_block_size": [32, 32]}
    (d / "config.json").write_text(json.dumps(cfg, indent=2))
    save_file(sd, str(d / "model.safetensors"), metadata={"format": "pt"})
    ref["tiny-llama-fp8"] = {"parameters": untied.num_parameters(), **summary(sd)}

    (OUT / "reference.json").write_text(json.dumps(ref, indent=1) + "\n")
    print(json.dumps(ref, indent=1))


if __name__ == "__main__":
    main()
