// The helper thread's entry (dist/tensorRangeWorker.js, tensorHelper.ts): analyses a range, or
// shared blocks, of one tensor whose entry the caller sends, and posts back the accumulator
// state. It reads no header and parses no text, so its bundle carries only the accumulators and
// the raw reads: it starts sooner than the full tensor worker (no inflater, pickle, GGUF or text
// parser to load; decision 0024).
import { parentPort } from 'node:worker_threads';
import { accumulatorFor, type TensorAccumulator } from '../core/tensor/accumulate';
import { TensorFileError } from '../core/tensor/files/byteSource';
import { accumulateRawRange, accumulatorDtype } from '../core/tensor/files/rangeStream';
import { accumulateBlocks, blockClaimer } from '../core/tensor/files/rowBlocks';
import { openFileSource, type FileSource } from './fileSource';
import type { RangeRequest, TensorResponse } from './tensorProtocol';

const cancelled = new Set<number>();
const post = (r: TensorResponse) => parentPort?.postMessage(r);

/** The typed arrays' buffers in a state (down to a column block's sums): moved to the caller instead of copied. */
function buffersOf(state: object): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown, depth: number) => {
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
    } else if (v && typeof v === 'object' && depth < 5) for (const x of Object.values(v)) visit(x, depth + 1);
  };
  visit(state, 0);
  return [...out];
}

async function handle(req: RangeRequest): Promise<void> {
  if (req.op === 'cancel') {
    cancelled.add(req.target);
    return;
  }
  let src: FileSource | undefined;
  try {
    src = await openFileSource(req.path, undefined, { blocking: true });
    const entry = req.entry;
    const acc: TensorAccumulator = accumulatorFor(accumulatorDtype(entry), entry.shape, req.options);
    let last = 0;
    const options = {
      cancelled: () => cancelled.has(req.id),
      onProgress: (bytes: number) => {
        const now = Date.now();
        if (now - last > 50) {
          last = now;
          post({ id: req.id, type: 'progress', done: bytes, total: 0, tensor: entry.name });
        }
      },
    };
    if (req.op === 'blocks') await accumulateBlocks(src, entry, acc, req.plan, blockClaimer(req.shared, true), options);
    else await accumulateRawRange(src, entry, acc, req.start, req.end, options);
    // The accumulator is dropped after this: its arrays move to the caller without a copy.
    const state = acc.state();
    parentPort?.postMessage({ id: req.id, type: 'state', state } satisfies TensorResponse, buffersOf(state));
  } catch (err) {
    post({ id: req.id, type: 'error', message: err instanceof Error ? err.message : String(err), badInput: err instanceof TensorFileError || (err as NodeJS.ErrnoException)?.code === 'ENOENT' });
  } finally {
    cancelled.delete(req.id);
    await src?.close();
  }
}

parentPort?.on('message', (req: RangeRequest) => void handle(req));
