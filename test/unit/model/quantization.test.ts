// Quantized layouts against published checkpoint sizes (TheBloke's GPTQ/AWQ READMEs list each
// branch's file size in GB = 10⁹ bytes with two decimals, rounded up: every size below is
// ceil(bytes / 10⁷) / 100 of the layout, and plain rounding would miss two of them) and against each
// method's tensor layout.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findQuantizationConfig, isQuantizableLinear, kvCacheBytesPerElement, QuantizationConfigError, quantizedLayout, type ParamTensor } from '../../../src/core/model/quantization';

/** A Llama-style decoder's parameters (untied head), Hugging Face names and [out, in] shapes. */
function llama(hidden: number, inter: number, layers: number, vocab: number, kvHidden = hidden): ParamTensor[] {
  const p: ParamTensor[] = [{ name: 'model.embed_tokens.weight', shape: [vocab, hidden] }];
  for (let i = 0; i < layers; i++) {
    const l = `model.layers.${i}`;
    p.push(
      { name: `${l}.self_attn.q_proj.weight`, shape: [hidden, hidden] },
      { name: `${l}.self_attn.k_proj.weight`, shape: [kvHidden, hidden] },
      { name: `${l}.self_attn.v_proj.weight`, shape: [kvHidden, hidden] },
      { name: `${l}.self_attn.o_proj.weight`, shape: [hidden, hidden] },
      { name: `${l}.mlp.gate_proj.weight`, shape: [inter, hidden] },
      { name: `${l}.mlp.up_proj.weight`, shape: [inter, hidden] },
      { name: `${l}.mlp.down_proj.weight`, shape: [hidden, inter] },
      { name: `${l}.input_layernorm.weight`, shape: [hidden] },
      { name: `${l}.post_attention_layernorm.weight`, shape: [hidden] },
    );
  }
  p.push({ name: 'model.norm.weight', shape: [hidden] }, { name: 'lm_head.weight', shape: [vocab, hidden] });
  return p;
}
const within = (bytes: number, gb: number) => Math.ceil(bytes / 1e7) === Math.round(gb * 100);

describe('published quantized checkpoint sizes', () => {
  const llama13 = llama(5120, 13824, 40, 32000);
  const llama7 = llama(4096, 11008, 32, 32000);
  it('TheBloke/Llama-2-13B-GPTQ: main (4-bit, 128g) 7.26 GB, 64g act-order 7.51 GB, 32g act-order 8.00 GB', () => {
    for (const [g, act, gb] of [[128, false, 7.26], [64, true, 7.51], [32, true, 8.0]] as const) {
      const l = quantizedLayout(llama13, { quant_method: 'gptq', bits: 4, group_size: g, desc_act: act, sym: true }, { dtype: 'float16' });
      assert.ok(within(l.bytes, gb), `${g}g: ${l.bytes} bytes vs ${gb} GB`);
      assert.equal(l.parameters, 13_015_864_320); // Llama-2-13B, unpacked (not qweight words)
    }
  });
  it('TheBloke/Llama-2-7B-GPTQ main 3.90 GB and TheBloke/Llama-2-7B-AWQ 3.89 GB', () => {
    const gptq = quantizedLayout(llama7, { quant_method: 'gptq', bits: 4, group_size: 128, desc_act: false }, { dtype: 'float16' });
    assert.ok(within(gptq.bytes, 3.9), String(gptq.bytes));
    const awq = quantizedLayout(llama7, { quant_method: 'awq', bits: 4, group_size: 128, zero_point: true, version: 'gemm' }, { dtype: 'float16' });
    assert.ok(within(awq.bytes, 3.89), String(awq.bytes));
    assert.equal(gptq.parameters, 6_738_415_616);
    assert.equal(awq.parameters, 6_738_415_616);
  });
  it('gpt-oss-20b (MXFP4 experts): 20,914,757,184 parameters unpacked (KerasHub preset), experts at 4.25 bits', () => {
    const hidden = 2880;
    const p: ParamTensor[] = [{ name: 'model.embed_tokens.weight', shape: [201088, hidden] }];
    for (let i = 0; i < 24; i++) {
      const l = `model.layers.${i}`;
      p.push(
        { name: `${l}.self_attn.q_proj.weight`, shape: [4096, hidden] }, { name: `${l}.self_attn.q_proj.bias`, shape: [4096] },
        { name: `${l}.self_attn.k_proj.weight`, shape: [512, hidden] }, { name: `${l}.self_attn.k_proj.bias`, shape: [512] },
        { name: `${l}.self_attn.v_proj.weight`, shape: [512, hidden] }, { name: `${l}.self_attn.v_proj.bias`, shape: [512] },
        { name: `${l}.self_attn.o_proj.weight`, shape: [hidden, 4096] }, { name: `${l}.self_attn.o_proj.bias`, shape: [hidden] },
        { name: `${l}.self_attn.sinks`, shape: [64] },
        { name: `${l}.mlp.router.weight`, shape: [32, hidden] }, { name: `${l}.mlp.router.bias`, shape: [32] },
        { name: `${l}.mlp.experts.gate_up_proj`, shape: [32, hidden, 2 * 2880] }, { name: `${l}.mlp.experts.gate_up_proj_bias`, shape: [32, 2 * 2880] },
        { name: `${l}.mlp.experts.down_proj`, shape: [32, 2880, hidden] }, { name: `${l}.mlp.experts.down_proj_bias`, shape: [32, hidden] },
        { name: `${l}.input_layernorm.weight`, shape: [hidden] }, { name: `${l}.post_attention_layernorm.weight`, shape: [hidden] },
      );
    }
    p.push({ name: 'model.norm.weight', shape: [hidden] }, { name: 'lm_head.weight', shape: [201088, hidden] });
    const l = quantizedLayout(p, { quant_method: 'mxfp4', modules_to_not_convert: ['model.layers.*.self_attn', 'model.layers.*.mlp.router', 'model.embed_tokens', 'lm_head'] });
    assert.equal(l.parameters, 20_914_757_184);
    assert.equal(l.quantizedBitsPerWeight, 4.25);
    const experts = 24 * 32 * 2880 * (5760 + 2880);
    assert.equal(l.quantizedParameters, experts);
    assert.equal(l.bytes, (experts * 17) / 32 + 2 * (l.parameters - experts));
    const blocks = l.tensors.find((t) => t.name === 'model.layers.0.mlp.experts.gate_up_proj_blocks');
    assert.deepEqual(blocks?.shape, [32, 5760, 90, 16]);
    assert.deepEqual(l.tensors.find((t) => t.name === 'model.layers.0.mlp.experts.down_proj_scales')?.shape, [32, 2880, 90]);
  });
});

describe('layouts by method', () => {
  const one: ParamTensor[] = [{ name: 'model.layers.0.mlp.down_proj.weight', shape: [4096, 11008] }, { name: 'model.layers.0.mlp.down_proj.bias', shape: [4096] }, { name: 'lm_head.weight', shape: [32000, 4096] }];
  const names = (l: ReturnType<typeof quantizedLayout>) => l.tensors.map((t) => `${t.name} ${t.dtype} [${t.shape.join(', ')}]`);
  it('GPTQ 4-bit 128g: qweight packed along the input, qzeros along the output, fp16 scales, g_idx; head and bias kept', () => {
    const l = quantizedLayout(one, { quant_method: 'gptq', bits: 4, group_size: 128, desc_act: true }, { dtype: 'float16' });
    assert.deepEqual(names(l), [
      'model.layers.0.mlp.down_proj.qweight int32 [1376, 4096]',
      'model.layers.0.mlp.down_proj.qzeros int32 [86, 512]',
      'model.layers.0.mlp.down_proj.scales float16 [86, 4096]',
      'model.layers.0.mlp.down_proj.g_idx int32 [11008]',
      'model.layers.0.mlp.down_proj.bias float16 [4096]',
      'lm_head.weight float16 [32000, 4096]',
    ]);
    assert.equal(l.quantizedParameters, 4096 * 11008);
    // 4 bits + (4-bit zero + fp16 scale) per 128 + a 32-bit g_idx per column (per 4096 outputs).
    assert.equal(l.quantizedBitsPerWeight, 4 + (4 + 16) / 128 + 32 / 4096);
    assert.match(l.description, /GPTQ 4-bit, group 128, desc_act/);
  });
  it('GPTQ 3-bit and 8-bit pack 32/3 and 4 values per int32 word', () => {
    const l3 = quantizedLayout([{ name: 'a.proj.weight', shape: [64, 96] }], { quant_method: 'gptq', bits: 3, group_size: -1 });
    assert.deepEqual(l3.tensors[0]?.shape, [9, 64]);
    assert.deepEqual(l3.tensors[1]?.shape, [1, 6]);
    const l8 = quantizedLayout([{ name: 'a.proj.weight', shape: [64, 96] }], { quant_method: 'gptq', bits: 8, group_size: 32 });
    assert.deepEqual(l8.tensors[0]?.shape, [24, 64]);
  });
  it('modules_to_not_convert keeps modules in the model dtype', () => {
    const l = quantizedLayout(one, { quant_method: 'awq', bits: 4, group_size: 128, modules_to_not_convert: ['down_proj'] }, { dtype: 'float16' });
    assert.equal(l.quantizedParameters, 0);
    assert.equal(l.bytes, 2 * (4096 * 11008 + 4096 + 32000 * 4096));
  });
  it('bitsandbytes nf4 with double quantization: packed uint8, 8-bit absmax per 64, nested absmax per 256 blocks, code books', () => {
    const l = quantizedLayout([{ name: 'm.q_proj.weight', shape: [4096, 4096] }], { quant_method: 'bitsandbytes', load_in_4bit: true, bnb_4bit_quant_type: 'nf4', bnb_4bit_use_double_quant: true }, { dtype: 'bfloat16' });
    const by = Object.fromEntries(l.tensors.map((t) => [t.name.replace('m.q_proj.weight', 'w'), `${t.dtype} [${t.shape.join(', ')}]`]));
    assert.equal(by.w, 'uint8 [8388608, 1]');
    assert.equal(by['w.absmax'], 'uint8 [262144]');
    assert.equal(by['w.nested_absmax'], 'float32 [1024]');
    assert.equal(by['w.quant_map'], 'float32 [16]');
    assert.equal(by['w.nested_quant_map'], 'float32 [256]');
    assert.match(Object.keys(by).join(), /w\.quant_state\.bitsandbytes__nf4/);
    const single = quantizedLayout([{ name: 'm.q_proj.weight', shape: [4096, 4096] }], { quant_method: 'bitsandbytes', load_in_4bit: true, bnb_4bit_quant_type: 'fp4' });
    assert.equal(single.tensors.find((t) => t.name.endsWith('.absmax'))?.dtype, 'float32');
    // Double quantization: 4 + 8/64 + 32/(64·256) bits, plus the per-layer code books and state.
    assert.ok(Math.abs(l.quantizedBitsPerWeight - (4 + 8 / 64 + 32 / 16384)) < 0.001);
  });
  it('bitsandbytes 8-bit: int8 weight and a float32 SCB per row; lm_head skipped by default', () => {
    const l = quantizedLayout(one, { quant_method: 'bitsandbytes', load_in_8bit: true }, { dtype: 'float16' });
    assert.deepEqual(names(l).slice(0, 2), ['model.layers.0.mlp.down_proj.weight int8 [4096, 11008]', 'model.layers.0.mlp.down_proj.SCB float32 [4096]']);
    assert.equal(l.tensors.find((t) => t.name === 'lm_head.weight')?.dtype, 'float16');
  });
  it('FP8 block-wise (DeepSeek-V3 / Qwen3 FP8): float32 weight_scale_inv per 128×128 block, ceil at the edges', () => {
    const l = quantizedLayout([{ name: 'm.gate_proj.weight', shape: [18432, 7168] }, { name: 'm.kv_a_proj_with_mqa.weight', shape: [576, 7168] }], { quant_method: 'fp8', fmt: 'e4m3', activation_scheme: 'dynamic', weight_block_size: [128, 128] });
    assert.deepEqual(names(l), ['m.gate_proj.weight float8_e4m3fn [18432, 7168]', 'm.gate_proj.weight_scale_inv float32 [144, 56]', 'm.kv_a_proj_with_mqa.weight float8_e4m3fn [576, 7168]', 'm.kv_a_proj_with_mqa.weight_scale_inv float32 [5, 56]']);
    const perTensor = quantizedLayout([{ name: 'm.gate_proj.weight', shape: [256, 128] }], { quant_method: 'fp8', activation_scheme: 'static' });
    assert.deepEqual(names(perTensor), ['m.gate_proj.weight float8_e4m3fn [256, 128]', 'm.gate_proj.weight_scale_inv float32 []', 'm.gate_proj.activation_scale float32 []']);
  });
  it('compressed-tensors: W4A16 pack-quantized (group 128) and FP8 dynamic (channel); ignore list', () => {
    const w4 = quantizedLayout(one, { quant_method: 'compressed-tensors', format: 'pack-quantized', ignore: ['lm_head'], config_groups: { group_0: { targets: ['Linear'], weights: { num_bits: 4, type: 'int', strategy: 'group', group_size: 128, symmetric: true } } } }, { dtype: 'bfloat16' });
    assert.deepEqual(names(w4).slice(0, 3), ['model.layers.0.mlp.down_proj.weight_packed int32 [4096, 1376]', 'model.layers.0.mlp.down_proj.weight_shape int64 [2]', 'model.layers.0.mlp.down_proj.weight_scale bfloat16 [4096, 86]']);
    const fp8 = quantizedLayout(one, { quant_method: 'compressed-tensors', format: 'float-quantized', ignore: ['lm_head'], config_groups: { group_0: { targets: ['Linear'], weights: { num_bits: 8, type: 'float', strategy: 'channel', symmetric: true }, input_activations: { num_bits: 8, type: 'float', strategy: 'token', dynamic: true } } } }, { dtype: 'bfloat16' });
    assert.deepEqual(names(fp8).slice(0, 2), ['model.layers.0.mlp.down_proj.weight float8_e4m3fn [4096, 11008]', 'model.layers.0.mlp.down_proj.weight_scale bfloat16 [4096, 1]']);
  });
  it('quantization_config under text_config; unknown methods and bad bits are errors, not guesses', () => {
    assert.deepEqual(findQuantizationConfig({ text_config: { quantization_config: { quant_method: 'fp8' } } }), { quant_method: 'fp8' });
    assert.equal(findQuantizationConfig({ hidden_size: 8 }), undefined);
    assert.throws(() => quantizedLayout(one, { quant_method: 'hqq' }), QuantizationConfigError);
    assert.throws(() => quantizedLayout(one, { quant_method: 'gptq', bits: 5 }), /bits must be one of 2, 3, 4, 8/);
  });
  it('which tensors are linear weights; KV cache bytes per element', () => {
    assert.ok(isQuantizableLinear({ name: 'model.layers.0.self_attn.q_proj.weight', shape: [8, 8] }));
    for (const n of ['model.embed_tokens.weight', 'lm_head.weight', 'model.layers.0.input_layernorm.weight', 'transformer.wte.weight', 'model.norm.weight']) assert.ok(!isQuantizableLinear({ name: n, shape: [8, 8] }), n);
    assert.deepEqual(['fp8_e4m3', 'int8', 'int4', 'bfloat16', 'float32'].map(kvCacheBytesPerElement), [1, 1, 0.5, 2, 4]);
    assert.throws(() => kvCacheBytesPerElement('int3'), /not one of/);
  });
});
