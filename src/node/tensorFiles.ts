// Tensor files on disk: open (with shards beside an index), inspect, and analyze tensor by tensor.
// Used by the CLI in-process and by the tensor worker for the extension.
import { basename, dirname, resolve, sep } from 'node:path';
import type { ByteSource, TensorEntry } from '../core/tensor/files/byteSource';
import { TensorFileError } from '../core/tensor/files/byteSource';
import { inspectTensorFile, type TensorTable } from '../core/tensor/files/inspect';
import { rawReadable } from '../core/tensor/files/rangeStream';
import { accumulatorOptions, analyzeEntry, bigEnoughToShare, blockPlan, canAnalyze, DEFAULT_SPLIT_BYTES, entryAccumulator, reportFromState, splitPoint, type BlockHelper, type RangeHelper, type StreamOptions } from '../core/tensor/files/stream';
import type { TensorReport } from '../core/tensor/report';
import { openFileSource, type FileSource } from './fileSource';
import { TensorHelper } from './tensorHelper';

/**
 * How far ahead of the helper thread this thread starts the first tensor it splits, in values: a
 * fresh helper starts ~80–100 ms later (Node's bootstrap of a thread, then its small bundle), in
 * which this thread counts about this many (32 Mi: 64 MiB of bf16, 128 MiB of fp32, ~18 MiB of
 * Q4_K). Later tensors find the helper running and split in halves. A constant, not a measurement,
 * so a file's reports never depend on timing (decisions 0020, 0025).
 */
const HELPER_LEAD_VALUES = 32 * 2 ** 20;

const GGUF_NAME = /\.gguf$/i;
/** Smallest tensor analyzeAll gives the helper thread whole, beside another one here. */
const PAIR_BYTES = 1 << 20;

/** Whether analyzing these entries would use a helper thread: one is shared or split, or two can run side by side (analyzeAll). */
export function helperWanted(entries: readonly TensorEntry[]): boolean {
  const some: RangeHelper = () => {
    throw new Error('only asked whether it would split');
  };
  // An accumulator (its row sums and sample arrays) is built only for tensors big enough to share.
  const shared = (e: TensorEntry) => bigEnoughToShare(e) && blockPlan(e, entryAccumulator(e, {})).length > 0;
  if (entries.some((e) => canAnalyze(e) && (shared(e) || splitPoint(e, { helper: some, helperLeadValues: HELPER_LEAD_VALUES }) > 0))) return true;
  return entries.filter((e) => canAnalyze(e) && e.byteLength >= PAIR_BYTES).length >= 2;
}

/** Files read as binary tensor files (everything else is parsed as text). */
export const TENSOR_FILE_PATTERN = /\.(?:npy|npz|safetensors|gguf|pt|pth|bin|ckpt|pkl)$|\.(?:safetensors|bin)\.index\.json$/i;

export class OpenTensorFile {
  private readonly shards = new Map<string, FileSource>();
  private helperThread: TensorHelper | undefined;
  /** Whether the helper thread was given work yet (until then it may still be starting). */
  private helperBusy = false;

  private constructor(
    readonly path: string,
    private readonly main: FileSource,
    readonly table: TensorTable,
    private readonly useHelper: boolean,
    warmHelper: TensorHelper | undefined,
  ) {
    this.helperThread = warmHelper;
  }

  /**
   * `helper` (default true): big tensors are split with a helper thread (the machine's second
   * core), started on first use and stopped by close(). `analyzing`: the caller will analyze the
   * file, so a file big enough to split starts its helper thread now, while the header is read,
   * and opening and header reads are synchronous (this thread has nothing else to do; fileSource.ts).
   */
  static async open(path: string, options: { helper?: boolean; analyzing?: boolean } = {}): Promise<OpenTensorFile> {
    const blocking = options.analyzing === true;
    const main = await openFileSource(path, undefined, { blocking });
    const useHelper = options.helper ?? true;
    const big = useHelper && options.analyzing === true && main.size >= DEFAULT_SPLIT_BYTES;
    // A GGUF file waits for its header: a Q4_K tensor holds ~1.8 values a byte, so a file this big
    // may have nothing to split, and an idle helper's start-up cost ~100 ms of CPU (decision 0023).
    let warm = big && !GGUF_NAME.test(path) ? new TensorHelper().warm() : undefined;
    const folder = dirname(resolve(path));
    const opened = new Map<string, FileSource>();
    const openShard = async (file: string): Promise<ByteSource> => {
      const full = resolve(folder, file);
      if (!full.startsWith(folder + sep)) throw new TensorFileError(`shard '${file}' is outside ${folder}`);
      const s = opened.get(file) ?? (await openFileSource(full, file, { blocking }));
      opened.set(file, s);
      return s;
    };
    try {
      const table = await inspectTensorFile(main, { openShard });
      if (big && !warm && helperWanted(table.entries)) warm = new TensorHelper().warm();
      const f = new OpenTensorFile(path, main, table, useHelper, warm);
      opened.forEach((s, k) => f.shards.set(k, s));
      return f;
    } catch (err) {
      warm?.dispose();
      await main.close();
      await Promise.all([...opened.values()].map((s) => s.close()));
      throw err;
    }
  }

  source(entry: TensorEntry): ByteSource {
    if (!entry.file) return this.main;
    const s = this.shards.get(entry.file);
    if (!s) throw new TensorFileError(`shard ${entry.file} is not open`);
    return s;
  }

  /** The file holding an entry's bytes (a shard beside an index, or this file). */
  private sourcePath(entry: TensorEntry): string {
    return entry.file ? resolve(dirname(resolve(this.path)), entry.file) : resolve(this.path);
  }

  /** The heuristics' name for an unnamed tensor (a .npy file's name). */
  nameHint(entry: TensorEntry): string | undefined {
    return entry.name === null ? basename(this.path).replace(/\.npy$/i, '') : undefined;
  }

  analyze(entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
    const hint = this.nameHint(entry);
    const helper: RangeHelper | undefined =
      this.useHelper && rawReadable(entry)
        ? (e, start, end, onProgress) => {
            this.helperThread ??= new TensorHelper();
            this.helperBusy = true;
            return this.helperThread.range(this.sourcePath(e), e, accumulatorOptions(e, { ...(options.thresholds ? { thresholds: options.thresholds } : {}), ...(hint ? { nameHint: hint } : {}) }, start), start, end, onProgress);
          }
        : undefined;
    const blockHelper: BlockHelper | undefined = this.useHelper
      ? (e, accOptions, plan, shared, onProgress) => {
          this.helperThread ??= new TensorHelper();
          this.helperBusy = true;
          return this.helperThread.blocks(this.sourcePath(e), e, accOptions, plan, shared, onProgress);
        }
      : undefined;
    return analyzeEntry(this.source(entry), entry, {
      helperLeadValues: this.helperBusy ? 0 : HELPER_LEAD_VALUES,
      ...options,
      ...(hint ? { nameHint: hint } : {}),
      ...(helper && !options.helper ? { helper } : {}),
      ...(blockHelper && !options.helper && !options.blockHelper ? { blockHelper } : {}),
    });
  }

  /**
   * Reports of several entries, in order, on both cores: a big tensor is split (analyze), and of
   * two neighbouring smaller ones the second runs whole on the helper thread meanwhile.
   */
  async analyzeAll(entries: readonly TensorEntry[], options: Omit<StreamOptions, 'onProgress'> = {}): Promise<TensorReport[]> {
    const out: TensorReport[] = [];
    const split = options.splitBytes ?? DEFAULT_SPLIT_BYTES;
    const worthAThread = (e: TensorEntry | undefined): e is TensorEntry => !!e && e.byteLength < split && e.byteLength >= (options.pairBytes ?? PAIR_BYTES);
    for (let i = 0; i < entries.length; i++) {
      const a = entries[i] as TensorEntry;
      const b = entries[i + 1];
      // The helper thread reads raw data only (its bundle carries no inflater).
      if (this.useHelper && worthAThread(a) && worthAThread(b) && rawReadable(b)) {
        this.helperThread ??= new TensorHelper();
        this.helperBusy = true;
        const bHint = this.nameHint(b);
        const bOptions = accumulatorOptions(b, { ...(options.thresholds ? { thresholds: options.thresholds } : {}), ...(bHint ? { nameHint: bHint } : {}) });
        const other = this.helperThread.range(this.sourcePath(b), b, bOptions, 0, b.count, () => undefined);
        other.state.catch(() => undefined);
        try {
          out.push(await this.analyze(a, options));
        } catch (err) {
          other.cancel();
          throw err;
        }
        const hint = this.nameHint(b);
        out.push(reportFromState(b, await other.state, { ...(options.thresholds ? { thresholds: options.thresholds } : {}), ...(hint ? { nameHint: hint } : {}) }));
        i++;
      } else out.push(await this.analyze(a, options));
    }
    return out;
  }

  async close(): Promise<void> {
    this.helperThread?.dispose();
    this.helperThread = undefined;
    await this.main.close();
    await Promise.all([...this.shards.values()].map((s) => s.close()));
  }
}

