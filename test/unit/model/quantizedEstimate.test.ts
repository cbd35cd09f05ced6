// The estimate of a quantized config: memory.weights_bytes = the bytes the checkpoint stores,
// params.total unpacked. Expected values come from outside Model Math:
// - FP8 block-wise (Qwen3-8B-FP8, Qwen3-30B-A3B-FP8, DeepSeek-V3): transformers' own FP8Linear /
//   FP8Experts built on the meta device (scripts/reference/quantized_sizes.py →
//   test/fixtures/quantized/fp8-sizes.json);
// - gpt-oss-20b (MXFP4): 13,761,264,768 bytes, metadata.total_size of openai/gpt-oss-20b's
//   model.safetensors.index.json as published on the Hub (quoted from memory of the published file,
//   no network here; it is also 17/32 bytes per expert weight + 2 bytes for everything else);
// - TheBloke/Llama-2-7B-GPTQ (main: 4-bit, 128g, no act-order) 3.90 GB and TheBloke/Llama-2-7B-AWQ
//   3.89 GB, the sizes their model cards list (GB = 10⁹ bytes, two decimals, rounded up).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { estimateConfig, estimateJson } from '../../../src/core/model/estimate';
import { estimateMarkdown } from '../../../src/core/model/report';
import { cli } from '../../support/cli';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const fp8 = read('quantized/fp8-sizes.json') as { cases: { name: string; config: Record<string, unknown>; bytes: number; parameters: number }[] };

describe('quantized configs in the estimate', () => {
  for (const c of fp8.cases) {
    it(`${c.name}: weights bytes and unpacked parameters equal transformers' FP8 layout`, () => {
      const e = estimateConfig(c.config);
      assert.equal(e.memory.weightsBytes, c.bytes);
      assert.equal(e.params.total, c.parameters);
      assert.ok(e.quantization && 'layout' in e.quantization);
    });
  }
  it('gpt-oss-20b (MXFP4 experts): the published 13,761,264,768 bytes, 20.9 B parameters unpacked', () => {
    const e = estimateConfig(read('real-configs/gpt-oss-20b.json'));
    assert.equal(e.memory.weightsBytes, 13_761_264_768);
    assert.equal(e.params.total, 20_914_757_184);
    const json = estimateJson(e) as { memory: { weights_bytes: number; quantization: { bits_per_weight: number; quantized_bits_per_weight: number } } };
    assert.equal(json.memory.quantization.quantized_bits_per_weight, 4.25);
    assert.ok(Math.abs(json.memory.quantization.bits_per_weight - (8 * 13_761_264_768) / 20_914_757_184) < 1e-12);
    // Decode reads the active experts only: 4 of 32 of the expert bytes (weights and biases) plus everything else.
    const experts = (24 * 32 * 2880 * 8640 * 17) / 32 + 24 * 32 * 8640 * 2;
    const bytesRead = e.time.decodeLatencyLowerBound * e.gpu.bandwidth;
    assert.ok(Math.abs(bytesRead - (13_761_264_768 - experts + experts / 8 + e.kvCache.bytesAtContext)) < 16, String(bytesRead));
  });
  it('TheBloke/Llama-2-7B-GPTQ 3.90 GB and -AWQ 3.89 GB from their config.json', () => {
    for (const [dir, gb] of [['llama-2-7b-gptq', 3.9], ['llama-2-7b-awq', 3.89]] as const) {
      const e = estimateConfig(read(`quantized/${dir}/config.json`));
      assert.equal(Math.ceil(e.memory.weightsBytes / 1e7), Math.round(gb * 100), `${dir}: ${e.memory.weightsBytes}`);
      assert.equal(e.params.total, 6_738_415_616);
    }
  });
  it('quantization_config under text_config is found', () => {
    const llama = read('quantized/llama-2-7b-gptq/config.json');
    const { quantization_config, ...text } = llama;
    const wrapped = { model_type: 'llava', text_config: { ...text, quantization_config } };
    const e = estimateConfig(wrapped);
    assert.ok(e.quantization && 'layout' in e.quantization);
    assert.equal(e.memory.weightsBytes, estimateConfig(llama).memory.weightsBytes);
  });
  it('an unknown method is said, not guessed: weights at --dtype with the reason on the line and in the conventions', () => {
    const e = estimateConfig({ ...read('real-configs/llama-2-7b.json'), quantization_config: { quant_method: 'hqq', nbits: 4 } });
    assert.ok(e.quantization && 'error' in e.quantization);
    assert.equal(e.memory.weightsBytes, e.params.total * 2);
    assert.match(e.lines.find((l) => l.label.startsWith('weights'))?.note ?? '', /not laid out/);
    assert.ok(e.conventions.some((c) => /hqq.*not laid out/.test(c)));
  });
  it('bits per weight in the report; the weights line names the method', () => {
    const e = estimateConfig(read('quantized/llama-2-7b-gptq/config.json'));
    const md = estimateMarkdown(e, 'x');
    assert.match(md, /weights \(gptq, 4\.\d\d bits\/weight\)/);
    assert.match(md, /GPTQ 4-bit, group 128/);
  });
});

describe('KV-cache dtypes are sized per element', () => {
  const llama = read('real-configs/llama-2-7b.json');
  // Llama-2-7B: 2 · 32 layers · 32 KV heads · 128 = 262,144 elements per token.
  it('fp8 / int8: 1 byte, int4: ½ byte per element (no group scales)', () => {
    assert.equal(estimateConfig(llama, { kvDtype: 'bf16' }).kvCache.bytesPerToken, 524_288);
    assert.equal(estimateConfig(llama, { kvDtype: 'fp8' }).kvCache.bytesPerToken, 262_144);
    assert.equal(estimateConfig(llama, { kvDtype: 'int8' }).kvCache.bytesPerToken, 262_144);
    assert.equal(estimateConfig(llama, { kvDtype: 'int4' }).kvCache.bytesPerToken, 131_072);
  });
  it('the config’s own KV-cache dtype: compressed-tensors kv_cache_scheme, kv_cache_dtype', () => {
    const scheme = { quant_method: 'compressed-tensors', format: 'float-quantized', ignore: ['lm_head'], kv_cache_scheme: { num_bits: 8, type: 'float', strategy: 'tensor', dynamic: false, symmetric: true }, config_groups: { group_0: { targets: ['Linear'], weights: { num_bits: 8, type: 'float', strategy: 'channel', symmetric: true } } } };
    assert.equal(estimateConfig({ ...llama, quantization_config: scheme }).options.kvDtype, 'fp8');
    assert.equal(estimateConfig({ ...llama, kv_cache_dtype: 'int8' }).options.kvDtype, 'int8');
    assert.equal(estimateConfig({ ...llama, kv_cache_dtype: 'int8' }, { kvDtype: 'bf16' }).options.kvDtype, 'bf16');
  });
});

describe('modelmath estimate on a quantized config', () => {
  const path = new URL('../../fixtures/quantized/llama-2-7b-gptq/config.json', import.meta.url).pathname;
  it('--json: memory.weights_bytes as stored, params.total unpacked, memory.quantization', async () => {
    const r = await cli('estimate', path, '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as { params: { total: number }; memory: { weights_bytes: number; quantization: { method: string; bits_per_weight: number } } };
    assert.equal(j.params.total, 6_738_415_616);
    assert.equal(j.memory.weights_bytes, estimateConfig(read('quantized/llama-2-7b-gptq/config.json')).memory.weightsBytes);
    assert.equal(j.memory.quantization.method, 'gptq');
    assert.ok(j.memory.quantization.bits_per_weight > 4 && j.memory.quantization.bits_per_weight < 5);
  });
  it('an index beside a quantized config is checked against the layout\'s bytes, not parameters × dtype', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-gptq-'));
    const bytes = estimateConfig(read('quantized/llama-2-7b-gptq/config.json')).memory.weightsBytes;
    writeFileSync(join(dir, 'config.json'), readFileSync(path));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: bytes }, weight_map: {} }));
    const ok = JSON.parse((await cli('estimate', join(dir, 'config.json'), '--json')).out) as { params: { index_total_size: number; index_agrees: boolean } };
    assert.deepEqual([ok.params.index_total_size, ok.params.index_agrees], [bytes, true]);
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: { total_size: bytes + 4096 }, weight_map: {} }));
    const off = await cli('estimate', join(dir, 'config.json'));
    assert.match(off.out, /holds [\d,]+ bytes, 4,096 more than the gptq layout's bytes/);
  });
  it('text: the layout and bits per weight; --kv-dtype int4 halves fp8', async () => {
    const r = await cli('estimate', path);
    assert.match(r.out, /quantized: GPTQ 4-bit, group 128.*bits per weight overall/);
    const int4 = JSON.parse((await cli('estimate', path, '--json', '--kv-dtype', 'int4')).out) as { kv_cache: { bytes_per_token: number } };
    assert.equal(int4.kv_cache.bytes_per_token, 131_072);
  });
});
