// The tensor worker from the caller's side: one worker, started on first use; text analyses and
// file analyses with progress callbacks and cancellation.
import { Worker } from 'node:worker_threads';
import type { TensorReport, Thresholds } from '../core/tensor/report';
import type { TextFormat } from '../core/tensor/text/parseText';
import type { DocumentSlice } from './documentFileText';
import type { TableSummary, TensorRequest, TensorResponse } from './tensorProtocol';

export class TensorError extends Error {
  constructor(
    message: string,
    readonly badInput: boolean,
    /** A pickle was refused by the allowlist: a security finding, not just bad input. */
    readonly security = false,
  ) {
    super(message);
    this.name = 'TensorError';
  }
}

type Listener = (r: TensorResponse) => void;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class TensorService {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly listeners = new Map<number, Listener>();

  constructor(private readonly workerPath: string) {}

  private spawn(): Worker {
    const w = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: 4096 } });
    w.unref();
    w.on('message', (r: TensorResponse) => this.listeners.get(r.id)?.(r));
    const fail = (message: string) => {
      if (this.worker === w) this.worker = undefined;
      for (const [id, l] of this.listeners) l({ id, type: 'error', message, badInput: false });
      this.listeners.clear();
    };
    w.on('error', (err: Error & { code?: string }) => fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'The tensor needed more memory than the worker may use; select less, or save it with np.save and open the file' : `The tensor worker failed: ${err.message}`));
    w.on('exit', () => fail('The tensor worker stopped'));
    return w;
  }

  private send(req: DistributiveOmit<TensorRequest, 'id'>, listener: (r: TensorResponse, finish: () => void) => void): number {
    this.worker ??= this.spawn();
    const id = this.nextId++;
    this.listeners.set(id, (r) => listener(r, () => this.listeners.delete(id)));
    this.worker.postMessage({ ...req, id });
    return id;
  }

  analyzeText(text: string, options: { format?: TextFormat | 'auto'; thresholds?: Partial<Thresholds>; maxElements?: number } = {}): Promise<TensorReport & { format: TextFormat }> {
    return new Promise((resolve, reject) => {
      this.send({ op: 'text', text, format: options.format ?? 'auto', thresholds: options.thresholds ?? {}, maxElements: options.maxElements ?? 50_000_000 }, (r, finish) => {
        finish();
        if (r.type === 'text') resolve(r.report);
        else if (r.type === 'error') reject(new TensorError(r.message, r.badInput, r.security === true));
      });
    });
  }

  /**
   * A saved document's selection, read by the worker from the document's file: no text passes
   * through this thread. Resolves undefined when the file's text is not the document's (then send
   * the text with analyzeTextPieces).
   */
  analyzeTextFile(path: string, slice: DocumentSlice, options: { format?: TextFormat | 'auto'; thresholds?: Partial<Thresholds>; maxElements?: number } = {}): Promise<(TensorReport & { format: TextFormat }) | undefined> {
    return new Promise((resolve, reject) => {
      this.send({ op: 'textFile', path, slice, format: options.format ?? 'auto', thresholds: options.thresholds ?? {}, maxElements: options.maxElements ?? 50_000_000 }, (r, finish) => {
        finish();
        if (r.type === 'text') resolve(r.report);
        else if (r.type === 'stale') resolve(undefined);
        else if (r.type === 'error') reject(new TensorError(r.message, r.badInput, r.security === true));
      });
    });
  }

  /**
   * Like analyzeText for texts too big to copy in one go: `pieces` yields the text in parts
   * (e.g. 1 MB of lines each), each posted on its own, with a yield to the event loop between.
   */
  async analyzeTextPieces(pieces: Iterable<string>, options: { format?: TextFormat | 'auto'; thresholds?: Partial<Thresholds>; maxElements?: number } = {}): Promise<TensorReport & { format: TextFormat }> {
    this.worker ??= this.spawn();
    const stream = this.nextId++;
    for (const text of pieces) {
      this.worker?.postMessage({ op: 'textChunk', id: this.nextId++, stream, text });
      await new Promise((r) => setImmediate(r));
      if (!this.worker) throw new TensorError('The tensor worker stopped', false);
    }
    return new Promise((resolve, reject) => {
      this.send({ op: 'textEnd', stream, format: options.format ?? 'auto', thresholds: options.thresholds ?? {}, maxElements: options.maxElements ?? 50_000_000 }, (r, finish) => {
        finish();
        if (r.type === 'text') resolve(r.report);
        else if (r.type === 'error') reject(new TensorError(r.message, r.badInput, r.security === true));
      });
    });
  }

  open(path: string): Promise<TableSummary> {
    return new Promise((resolve, reject) => {
      this.send({ op: 'open', path }, (r, finish) => {
        finish();
        if (r.type === 'table') resolve(r.table);
        else if (r.type === 'error') reject(new TensorError(r.message, r.badInput, r.security === true));
      });
    });
  }

  /** Streams statistics tensor by tensor; returns a handle to cancel, and a promise for the end. */
  analyze(path: string, names: readonly (string | null)[] | null, thresholds: Partial<Thresholds>, on: { report(r: TensorReport): void; progress(done: number, total: number, tensor: string | null): void }): { cancel(): void; done: Promise<{ cancelled: boolean }> } {
    let id = 0;
    const done = new Promise<{ cancelled: boolean }>((resolve, reject) => {
      id = this.send({ op: 'analyze', path, names, thresholds }, (r, finish) => {
        if (r.type === 'report') on.report(r.report);
        else if (r.type === 'progress') on.progress(r.done, r.total, r.tensor);
        else if (r.type === 'done') {
          finish();
          resolve({ cancelled: r.cancelled });
        } else if (r.type === 'error') {
          finish();
          reject(new TensorError(r.message, r.badInput, r.security === true));
        }
      });
    });
    return { cancel: () => this.worker?.postMessage({ op: 'cancel', id: this.nextId++, target: id }), done };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
