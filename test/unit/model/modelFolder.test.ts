// Model folders written by the real writers (scripts/reference/make_model_folders.py: transformers'
// save_pretrained, torch.save shards with an index, transformers' FP8Linear saved by safetensors):
// header elements and bytes against the state dicts, parameters against transformers'
// num_parameters(), and every difference accounted for.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { folderJson} from '../../../src/core/model/modelFolder';
import { folderMarkdown, inspectModelFolder } from '../../../src/core/model/modelFolder';
import { pickCheckpointFiles, readModelFolder } from '../../../src/node/modelFolder';
import { cli } from '../../support/cli';

const root = fileURLToPath(new URL('../../fixtures/model-folders/', import.meta.url));
const ref = JSON.parse(readFileSync(join(root, 'reference.json'), 'utf8')) as Record<string, { parameters: number; tensors: number; elements: number; bytes: number; buffers?: number }>;

describe('model folders', () => {
  it('save_pretrained with a tied head: every tensor matches, lm_head tied and not stored, bytes = parameters × 2', async () => {
    const r = inspectModelFolder(await readModelFolder(join(root, 'tiny-llama-tied')));
    const want = ref['tiny-llama-tied']!;
    assert.equal(r.tensorCount, want.tensors);
    assert.equal(r.storedElements, want.elements);
    assert.equal(r.storedBytes, want.bytes);
    assert.equal(r.estimate?.params.total, want.parameters);
    assert.deepEqual(r.comparison?.tiedNotStored.map((t) => t.name), ['lm_head.weight']);
    assert.equal(r.reconciliation?.unexplained, 0);
    assert.equal(r.expectedBytes?.bytes, want.bytes);
    assert.deepEqual(r.dtypes.map((d) => d.dtype), ['bfloat16']);
    assert.match(folderMarkdown(r), /### Tied, not stored \(1\)\n\n- `lm_head.weight`/);
  });
  it('.bin shards with an index and persisted inv_freq buffers: the buffers explain the extra elements', async () => {
    const r = inspectModelFolder(await readModelFolder(join(root, 'tiny-llama-bin')));
    const want = ref['tiny-llama-bin']!;
    assert.equal(r.contents.format, 'torch');
    assert.equal(r.storedElements, want.elements);
    assert.equal(r.storedBytes, want.bytes);
    assert.equal(r.estimate?.params.total, want.parameters);
    assert.equal(r.reconciliation?.buffers, want.buffers);
    assert.equal(r.reconciliation?.unexplained, 0);
    assert.equal(r.storedElements - r.estimate!.params.total, want.buffers);
    assert.match(folderMarkdown(r), /\+ persisted buffers \(2: not parameters\) \| \+16 \|/);
  });
  it('FP8 block-wise: stored bytes equal the config’s quantized layout; scales are side tensors, parameters unpacked', async () => {
    const r = inspectModelFolder(await readModelFolder(join(root, 'tiny-llama-fp8')));
    const want = ref['tiny-llama-fp8']!;
    assert.equal(r.storedBytes, want.bytes);
    assert.equal(r.expectedBytes?.bytes, want.bytes);
    assert.equal(r.estimate?.params.total, want.parameters);
    assert.equal(r.comparison?.quantization.length, 14); // 2 layers × 7 Linear weight_scale_inv
    assert.equal(r.reconciliation?.quantization, want.elements - want.parameters);
    assert.equal(r.reconciliation?.unexplained, 0);
    assert.deepEqual(new Set(r.dtypes.map((d) => d.dtype)), new Set(['float8_e4m3fn', 'bfloat16', 'float32']));
  });
  it('a GGUF folder without config.json: the headers alone, ggml types in the dtype mix', async () => {
    const r = inspectModelFolder(await readModelFolder(fileURLToPath(new URL('../../fixtures/gguf/', import.meta.url))));
    assert.equal(r.contents.format, 'gguf');
    assert.equal(r.estimate, undefined);
    assert.ok(r.dtypes.some((d) => d.dtype === 'Q4_K'));
    assert.match(folderMarkdown(r), /No config.json in the folder/);
  });
  it('which files are the checkpoint: transformers’ order of preference', () => {
    assert.deepEqual(pickCheckpointFiles(['config.json', 'model.safetensors.index.json', 'model-00001-of-00002.safetensors', 'pytorch_model.bin']), { files: ['model.safetensors.index.json'], format: 'safetensors' });
    assert.deepEqual(pickCheckpointFiles(['a-2.safetensors', 'a-10.safetensors']), { files: ['a-2.safetensors', 'a-10.safetensors'], format: 'safetensors' });
    assert.deepEqual(pickCheckpointFiles(['training_args.bin', 'pytorch_model.bin']), { files: ['pytorch_model.bin'], format: 'torch' });
    assert.deepEqual(pickCheckpointFiles(['training_args.bin', 'adapter.pt']), { files: ['adapter.pt'], format: 'torch' });
    assert.deepEqual(pickCheckpointFiles(['m.Q4_K_M.gguf']), { files: ['m.Q4_K_M.gguf'], format: 'gguf' });
    assert.equal(pickCheckpointFiles(['config.json', 'README.md']), undefined);
  });
});

describe('modelmath inspect', () => {
  it('--json: elements, bytes, config parameters and the reconciliation', async () => {
    const r = await cli('inspect', join(root, 'tiny-llama-bin'), '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as ReturnType<typeof folderJson> & { reconciliation: { buffers: number; unexplained: number }; config: { parameters: number } };
    assert.equal(j.stored_bytes, ref['tiny-llama-bin']!.bytes);
    assert.equal(j.config.parameters, ref['tiny-llama-bin']!.parameters);
    assert.equal(j.reconciliation.buffers, 16);
    assert.equal(j.reconciliation.unexplained, 0);
  });
  it('Markdown by default', async () => {
    const r = await cli('inspect', join(root, 'tiny-llama-tied'));
    assert.equal(r.code, 0);
    assert.match(r.out, /^# Model folder: /);
    assert.match(r.out, /## Dtype mix/);
  });
  it('clear errors: no folder, no checkpoint, a hostile pickle (security warning, nothing run), a broken config', async () => {
    const missing = await cli('inspect', join(root, 'nope'));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read the folder .*nope: no such folder/);
    const empty = mkdtempSync(join(tmpdir(), 'mm-folder-'));
    writeFileSync(join(empty, 'config.json'), '{}');
    const none = await cli('inspect', empty);
    assert.equal(none.code, 2);
    assert.match(none.err, /holds no checkpoint/);
    const hostile = mkdtempSync(join(tmpdir(), 'mm-folder-'));
    copyFileSync(fileURLToPath(new URL('../../fixtures/torch/hostile_zip.pt', import.meta.url)), join(hostile, 'pytorch_model.bin'));
    const h = await cli('inspect', hostile);
    assert.equal(h.code, 2);
    assert.match(h.err, /security warning: .*refused/);
    const broken = mkdtempSync(join(tmpdir(), 'mm-folder-'));
    mkdirSync(broken, { recursive: true });
    copyFileSync(join(root, 'tiny-llama-tied', 'model.safetensors'), join(broken, 'model.safetensors'));
    writeFileSync(join(broken, 'config.json'), '{"model_type": "llama",\n  "hidden_size": }');
    const b = await cli('inspect', broken);
    assert.equal(b.code, 0);
    assert.match(b.out, /config.json: not valid JSON: .*line 2/);
  });
});
