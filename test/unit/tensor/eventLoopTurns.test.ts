// A source whose reads resolve at once (as the CLI's and the tensor worker's synchronous file reads
// do) never lets the event loop turn by itself: a cancel arriving as a message, or a timer, would
// wait for the tensor's end. The range must still give the loop a turn at least every 50 ms, so a
// cancel flag set by a timer stops a long tensor early.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ByteSource, TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { analyzeEntry, CancelledError } from '../../../src/core/tensor/files/stream';

/** `bytes` of zeros read from one shared buffer: no allocation, every read resolved at once. */
function zeroSource(bytes: number): ByteSource {
  const zeros = new Uint8Array(4 << 20);
  return { name: 'zeros', size: bytes, read: (_offset, length) => Promise.resolve(zeros.subarray(0, length)) };
}

const entry = (dtype: 'float32' | 'bfloat16', rows: number, cols: number): TensorEntry => ({ name: 'w', dtype, shape: [rows, cols], count: rows * cols, byteLength: rows * cols * (dtype === 'float32' ? 4 : 2), littleEndian: true, order: 'C', location: { kind: 'raw', offset: 0 } });

describe('a long tensor from a source that never waits', () => {
  for (const dtype of ['float32', 'bfloat16'] as const) {
    it(`${dtype}: a timer runs during the range and its cancel stops it early`, async () => {
      // 4 GiB of values: minutes to run through; the timer must fire within the first few chunks.
      const e = entry(dtype, 1 << 18, 4096);
      let cancel = false;
      let progressed = 0;
      const timer = setTimeout(() => (cancel = true), 20);
      const t = performance.now();
      await assert.rejects(
        analyzeEntry(zeroSource(e.byteLength), e, { cancelled: () => cancel, onProgress: (b) => (progressed = b) }),
        (err: unknown) => err instanceof CancelledError,
      );
      clearTimeout(timer);
      const ms = performance.now() - t;
      assert.ok(progressed < e.byteLength / 4, `stopped after ${progressed} of ${e.byteLength} bytes`);
      assert.ok(ms < 5_000, `stopped after ${ms.toFixed(0)} ms`);
    });
  }
});
