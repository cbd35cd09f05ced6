// The inventory against a checkpoint's own tensor list: what is tied and not stored, buffers,
// quantisation side tensors, older per-expert names folded into transformers 5's fused experts.
// Expected lists are written out by hand from the Hugging Face layouts, not from our inventory.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareCheckpoint } from '../../../src/core/model/crossCheck';
import { normalizeConfig } from '../../../src/core/model/normalize';
import { cli } from '../../support/cli';
import { safetensorsBytes } from '../../support/tensorBytes';

const tiny = { model_type: 'llama', architectures: ['LlamaForCausalLM'], hidden_size: 8, intermediate_size: 16, num_hidden_layers: 1, num_attention_heads: 2, num_key_value_heads: 1, vocab_size: 10, tie_word_embeddings: true };
const llamaNames: [string, number[]][] = [
  ['model.embed_tokens.weight', [10, 8]],
  ['model.layers.0.self_attn.q_proj.weight', [8, 8]],
  ['model.layers.0.self_attn.k_proj.weight', [4, 8]],
  ['model.layers.0.self_attn.v_proj.weight', [4, 8]],
  ['model.layers.0.self_attn.o_proj.weight', [8, 8]],
  ['model.layers.0.mlp.gate_proj.weight', [16, 8]],
  ['model.layers.0.mlp.up_proj.weight', [16, 8]],
  ['model.layers.0.mlp.down_proj.weight', [8, 16]],
  ['model.layers.0.input_layernorm.weight', [8]],
  ['model.layers.0.post_attention_layernorm.weight', [8]],
  ['model.norm.weight', [8]],
];

describe('checkpoint comparison, tensor by tensor', () => {
  it('a tied Llama checkpoint: every stored tensor matches, the head is tied and not stored', () => {
    const c = compareCheckpoint(normalizeConfig(tiny).inventory, llamaNames.map(([name, shape]) => ({ name, shape })));
    assert.equal(c.agrees, true);
    assert.equal(c.matched, 11);
    assert.deepEqual(c.tiedNotStored.map((t) => t.name), ['lm_head.weight']);
    assert.match(c.summary, /11 of 11 stored tensors match by name and shape; 1 tied \(not stored: lm_head.weight\)/);
  });

  it('reports shapes that differ, buffers, quantisation side tensors and unknown tensors', () => {
    const stored = llamaNames.map(([name, shape]) => ({ name, shape: name.endsWith('k_proj.weight') ? [8, 8] : shape }));
    stored.push({ name: 'model.rotary_emb.inv_freq', shape: [2] }, { name: 'model.layers.0.mlp.up_proj.scales', shape: [16, 1] }, { name: 'model.layers.1.self_attn.q_proj.weight', shape: [8, 8] });
    const c = compareCheckpoint(normalizeConfig(tiny).inventory, stored);
    assert.equal(c.agrees, false);
    assert.deepEqual(c.shapeMismatch, [{ name: 'model.layers.0.self_attn.k_proj.weight', shape: [8, 8], ours: [4, 8] }]);
    assert.deepEqual(c.buffers.map((t) => t.name), ['model.rotary_emb.inv_freq']);
    assert.deepEqual(c.quantization.map((t) => t.name), ['model.layers.0.mlp.up_proj.scales']);
    assert.deepEqual(c.unknown.map((t) => t.name), ['model.layers.1.self_attn.q_proj.weight']);
  });

  it('folds Mixtral’s per-expert w1/w2/w3 under block_sparse_moe into the fused experts', () => {
    const mixtral = { ...tiny, model_type: 'mixtral', architectures: ['MixtralForCausalLM'], num_local_experts: 2, num_experts_per_tok: 1 };
    const stored = llamaNames.filter(([n]) => !n.includes('.mlp.')).map(([name, shape]) => ({ name, shape }));
    stored.push({ name: 'model.layers.0.block_sparse_moe.gate.weight', shape: [2, 8] });
    for (const e of [0, 1]) stored.push({ name: `model.layers.0.block_sparse_moe.experts.${e}.w1.weight`, shape: [16, 8] }, { name: `model.layers.0.block_sparse_moe.experts.${e}.w3.weight`, shape: [16, 8] }, { name: `model.layers.0.block_sparse_moe.experts.${e}.w2.weight`, shape: [8, 16] });
    const c = compareCheckpoint(normalizeConfig(mixtral).inventory, stored);
    assert.equal(c.foldedExperts, 7);
    assert.deepEqual(c.missing, []);
    assert.deepEqual(c.unknown, []);
    assert.equal(c.agrees, true, c.summary);
  });

  it('modelmath estimate compares with a model.safetensors beside the config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-ckpt-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(tiny));
    writeFileSync(join(dir, 'model.safetensors'), safetensorsBytes(llamaNames.map(([name, shape]) => ({ name, dtype: 'F32', shape, data: new Uint8Array(4 * shape.reduce((a, b) => a * b, 1)) }))));
    const { code, out } = await cli('estimate', join(dir, 'config.json'), '--json');
    assert.equal(code, 0);
    const j = JSON.parse(out) as { checkpoint: { agrees: boolean; matched: number; tied_not_stored: { name: string }[] }; tensors: { name: string; shape: number[]; tied_to?: string }[]; model: { approximate: boolean } };
    assert.equal(j.checkpoint.agrees, true);
    assert.equal(j.checkpoint.matched, 11);
    assert.deepEqual(j.tensors.find((t) => t.name === 'lm_head.weight'), { name: 'lm_head.weight', shape: [10, 8], tied_to: 'model.embed_tokens.weight' });
    assert.equal(j.model.approximate, false);
    const text = await cli('estimate', join(dir, 'config.json'));
    assert.match(text.out, /Checkpoint \(model.safetensors header\): agrees: 11 of 11 stored tensors match/);
  });
});

describe('honesty on the CLI', () => {
  it('an undeclared family is marked approximate with its assumptions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-approx-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'mystery', hidden_size: 64, num_hidden_layers: 2, num_attention_heads: 4, vocab_size: 100, intermediate_size: 128 }));
    const { code, out } = await cli('estimate', join(dir, 'config.json'));
    assert.equal(code, 0);
    assert.match(out, /^approximate: model_type "mystery" is not declared in Model Math's registry/m);
  });

  it('a refused type (xLSTM) is refused with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-xlstm-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'xlstm', hidden_size: 64, num_hidden_layers: 2, vocab_size: 100 }));
    const { code, err } = await cli('estimate', join(dir, 'config.json'));
    assert.equal(code, 2);
    assert.match(err, /model_type "xlstm": xLSTM's mLSTM blocks \(matrix-memory recurrent cells run by a chunkwise kernel\) are not declared yet; not supported/);
  });

  it('a broken config.json gets line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mm-bad-'));
    writeFileSync(join(dir, 'config.json'), '{\n  "model_type": "llama",\n  "hidden_size": 64,\n}\n');
    const { code, err } = await cli('estimate', join(dir, 'config.json'));
    assert.equal(code, 2);
    assert.match(err, /is not valid JSON: expected a "key" but found '}' at line 4, column 1/);
  });
});
