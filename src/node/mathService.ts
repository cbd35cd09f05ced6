// Runs formula evaluation in a worker thread with a time budget and a memory cap. A request that
// runs too long terminates the worker (the next request starts a fresh one); the caller gets a
// FormulaError that names the limit and the setting that raises it.
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS, type Limits } from '../core/math/engine';
import { FormulaError } from '../core/math/errors';
import type { EvalOptions, EvalResult } from '../core/math/evaluate';
import type { WrongEquation } from '../core/math/documentEquations';
import { timeBudgetMessage } from './mathRequests';
import type { MathRequest, MathResponse, MathWorkerReady, WorksheetSummary } from './mathProtocol';

export interface MathServiceOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  readonly limits: Limits;
}

export const DEFAULT_SERVICE_OPTIONS: MathServiceOptions = { timeoutMs: 3000, maxMemoryMb: 512, limits: DEFAULT_LIMITS };

type Pending = { resolve: (r: MathResponse) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout };

/** How long a new worker may take to load its engine (a busy machine, a cold disk) before we give up. */
const START_TIMEOUT_MS = 60_000;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class MathService {
  private worker: Worker | undefined;
  /** Whether the current worker has built its engine; time budgets start from then. */
  private workerReady = false;
  private startTimer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly workerPath: string,
    public options: MathServiceOptions = DEFAULT_SERVICE_OPTIONS,
  ) {}

  async evaluate(text: string, options: EvalOptions = {}, extra: { lets?: readonly (readonly [string, string])[]; worksheet?: string } = {}): Promise<EvalResult> {
    return (await this.request({ op: 'evaluate', text, options, lets: extra.lets ?? [], ...(extra.worksheet ? { worksheet: extra.worksheet } : {}), limits: this.options.limits })) as EvalResult;
  }

  async worksheet(key: string, text: string, options: EvalOptions = {}): Promise<WorksheetSummary> {
    return (await this.request({ op: 'worksheet', key, text, options, limits: this.options.limits })) as WorksheetSummary;
  }

  /** Wrong equations in a document's math spans (Markdown, LaTeX, comments). */
  async wrongEquations(text: string): Promise<readonly WrongEquation[]> {
    return (await this.request({ op: 'document', text, limits: this.options.limits })) as readonly WrongEquation[];
  }

  async forget(key: string): Promise<void> {
    if (this.worker) await this.request({ op: 'forget', key });
  }

  dispose(): void {
    this.stop(new FormulaError('The evaluator was shut down'));
  }

  private spawn(): Worker {
    const w = new Worker(this.workerPath, { resourceLimits: { maxOldGenerationSizeMb: this.options.maxMemoryMb } });
    w.unref();
    this.workerReady = false;
    this.startTimer = setTimeout(() => this.stop(new FormulaError(`The evaluator did not start within ${START_TIMEOUT_MS / 1000} s; try again`), w), START_TIMEOUT_MS);
    this.startTimer.unref();
    w.on('message', (res: MathResponse | MathWorkerReady) => {
      if ('ready' in res) {
        if (this.worker !== w) return;
        clearTimeout(this.startTimer);
        this.workerReady = true;
        for (const p of this.pending.values()) p.timer ??= this.budget(w);
        return;
      }
      const p = this.pending.get(res.id);
      if (!p) return;
      this.pending.delete(res.id);
      clearTimeout(p.timer);
      p.resolve(res);
    });
    w.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.stop(new FormulaError(oom ? `The formula needed more than ${this.options.maxMemoryMb} MB and was stopped` : `The evaluator failed: ${err.message}`), w);
    });
    w.on('exit', () => {
      if (this.worker === w) this.stop(new FormulaError('The evaluator stopped unexpectedly; try again'), w);
    });
    return w;
  }

  private stop(reason: Error, which?: Worker): void {
    const w = which ?? this.worker;
    if (this.worker === w) {
      this.worker = undefined;
      this.workerReady = false;
      clearTimeout(this.startTimer);
    }
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(reason);
      this.pending.delete(id);
    }
    if (w) void w.terminate();
  }

  /** A request's time budget on `worker`; it starts when the worker can start on it. */
  private budget(worker: Worker): NodeJS.Timeout {
    return setTimeout(() => {
      this.stop(new FormulaError(timeBudgetMessage(this.options.timeoutMs)), worker);
    }, this.options.timeoutMs);
  }

  private request(req: DistributiveOmit<MathRequest, 'id'>): Promise<EvalResult | WorksheetSummary | readonly WrongEquation[] | null> {
    this.worker ??= this.spawn();
    const worker = this.worker;
    const id = this.nextId++;
    return new Promise<MathResponse>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(this.workerReady ? { timer: this.budget(worker) } : {}) });
      worker.postMessage({ ...req, id } as MathRequest);
    }).then((res) => {
      if (!res.ok) throw new FormulaError(res.error.message, res.error.start, res.error.end);
      return res.result;
    });
  }
}
