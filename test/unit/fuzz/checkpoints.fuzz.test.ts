// Property tests for the checkpoint readers: mutated GGUF files, PyTorch checkpoints (zip and
// legacy) and raw pickles give a table or a TensorFileError (UnsafePickleError included): never
// another exception, a hang, or an allocation a header merely claims.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { memorySource, TensorFileError } from '../../../src/core/tensor/files/byteSource';
import { inspectTensorFile } from '../../../src/core/tensor/files/inspect';
import { unpickle } from '../../../src/core/tensor/files/pickle';
import { analyzeEntry, canAnalyze } from '../../../src/core/tensor/files/stream';
import { checkAsync, check, mutatedBytes, RUNS } from './fuzz';

const fixture = (p: string) => new Uint8Array(readFileSync(join(__dirname, '../../fixtures', p)));
const gguf = fixture('gguf/types.gguf');
const zip = fixture('torch/state_dict_zip.pt');
const legacy = fixture('torch/state_dict_legacy.pt');
const training = fixture('torch/training_legacy.pt');

async function readAll(bytes: Uint8Array, name: string): Promise<void> {
  try {
    const src = memorySource(bytes, name);
    const t = await inspectTensorFile(src);
    for (const e of t.entries) {
      if (e.location.kind === 'raw' && !e.view) assert.ok(e.location.offset + e.byteLength <= bytes.length, `${e.name} claims bytes past the end`);
      if (e.count <= 1e5 && canAnalyze(e)) await analyzeEntry(src, e, { chunkBytes: 100 });
    }
  } catch (err) {
    if (err instanceof TensorFileError) return;
    // A mutated method field makes a stored storage "deflated": fflate reports the corrupt stream
    // with its own Error (as for .npz), which must still carry a message.
    if (err instanceof Error && err.message && /inflt|fflate/.test(err.stack ?? '')) return;
    throw new Error(`unexpected ${err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err)}`);
  }
}

describe('property: checkpoint readers', () => {
  it('mutated GGUF files', () => checkAsync(mutatedBytes([gguf]), (b) => readAll(b, 'x.gguf'), Math.min(RUNS, 1500)));
  it('mutated PyTorch zip checkpoints', () => checkAsync(mutatedBytes([zip]), (b) => readAll(b, 'x.pt'), Math.min(RUNS, 1500)));
  it('mutated legacy PyTorch checkpoints', () => checkAsync(mutatedBytes([legacy, training]), (b) => readAll(b, 'x.pt'), Math.min(RUNS, 1500)));
  it('random byte strings as pickles: a value or a TensorFileError', () =>
    check(fc.uint8Array({ maxLength: 200 }), (b) => {
      try {
        unpickle(new Uint8Array([0x80, 2, ...b]), 0, { what: 'r.pkl' });
      } catch (err) {
        if (!(err instanceof TensorFileError)) throw new Error(`unexpected ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
      }
    }));
});
