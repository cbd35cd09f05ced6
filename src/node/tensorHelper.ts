// The second core for tensor statistics: a helper thread (dist/tensorRangeWorker.js) that analyses
// a range, or shared blocks, of a tensor file's entry and posts back the accumulator state, which
// the caller merges with its own (src/core/tensor/files/stream.ts). Started on first use, one per
// open file.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AccumulatorState } from '../core/tensor/accumulate';
import type { TensorEntry } from '../core/tensor/files/byteSource';
import type { AccumulatorOptions } from '../core/tensor/statistics';
import type { RangeRequest, TensorResponse } from './tensorProtocol';

interface Pending {
  resolve(s: AccumulatorState): void;
  reject(e: Error): void;
  progress(bytes: number): void;
}

/** Started from sources (tests, bench through tsx): load the TypeScript worker through tsx. */
function spawnWorker(): Worker {
  if (__filename.endsWith('.ts')) return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(__dirname, 'tensorRangeWorker.ts'))});`, { eval: true });
  return new Worker(join(__dirname, 'tensorRangeWorker.js'));
}

export class TensorHelper {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private start(): Worker {
    const w = spawnWorker();
    w.unref();
    w.on('message', (r: TensorResponse) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      if (r.type === 'progress') p.progress(r.done);
      else if (r.type === 'state') {
        this.pending.delete(r.id);
        p.resolve(r.state);
      } else if (r.type === 'error') {
        this.pending.delete(r.id);
        p.reject(new Error(r.message));
      }
    });
    const fail = (err: Error) => {
      if (this.worker === w) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    w.on('error', fail);
    w.on('exit', () => fail(new Error('the tensor helper thread stopped')));
    return w;
  }

  /**
   * Starts the thread now: a worker takes ~60–90 ms to start (Node's bootstrap of a thread, then
   * the bundle), which then overlaps the caller reading the file's header.
   */
  warm(): this {
    this.worker ??= this.start();
    return this;
  }

  /** Elements [start, end) of `entry` in the file at `path`, on the helper thread (an accumulator built with `options`). */
  range(path: string, entry: TensorEntry, options: AccumulatorOptions, start: number, end: number, onProgress: (bytes: number) => void): { state: Promise<AccumulatorState>; cancel(): void } {
    return this.request((id) => ({ op: 'range', id, path, entry, options, start, end }), onProgress);
  }

  /** Blocks of `plan` claimed from `shared` (rowBlocks.ts) of `entry` in the file at `path`, on the helper thread. */
  blocks(path: string, entry: TensorEntry, options: AccumulatorOptions, plan: readonly number[], shared: SharedArrayBuffer, onProgress: (bytes: number) => void): { state: Promise<AccumulatorState>; cancel(): void } {
    return this.request((id) => ({ op: 'blocks', id, path, entry, options, plan, shared }), onProgress);
  }

  private request(make: (id: number) => RangeRequest, onProgress: (bytes: number) => void): { state: Promise<AccumulatorState>; cancel(): void } {
    this.worker ??= this.start();
    const worker = this.worker;
    const id = this.nextId++;
    const state = new Promise<AccumulatorState>((resolve, reject) => this.pending.set(id, { resolve, reject, progress: onProgress }));
    worker.postMessage(make(id));
    return {
      state,
      cancel: () => {
        const c: RangeRequest = { op: 'cancel', id: this.nextId++, target: id };
        worker.postMessage(c);
      },
    };
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error('cancelled'));
    this.pending.clear();
    void w?.terminate();
  }
}

export type { TensorEntry };
