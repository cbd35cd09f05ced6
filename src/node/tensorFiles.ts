// Tensor files on disk: open (with shards beside an index), inspect, and analyze tensor by tensor.
// Used by the CLI in-process and by the tensor worker for the extension.
import { basename, dirname, resolve, sep } from 'node:path';
import type { ByteSource, TensorEntry } from '../core/tensor/files/byteSource';
import { TensorFileError } from '../core/tensor/files/byteSource';
import { inspectTensorFile, type TensorTable } from '../core/tensor/files/inspect';
import { analyzeEntry, type StreamOptions } from '../core/tensor/files/stream';
import type { TensorReport } from '../core/tensor/report';
import { openFileSource, type FileSource } from './fileSource';

/** Files read as binary tensor files (everything else is parsed as text). */
export const TENSOR_FILE_PATTERN = /\.(?:npy|npz|safetensors|gguf|pt|pth|bin|ckpt|pkl)$|\.(?:safetensors|bin)\.index\.json$/i;

export class OpenTensorFile {
  private readonly shards = new Map<string, FileSource>();

  private constructor(
    readonly path: string,
    private readonly main: FileSource,
    readonly table: TensorTable,
  ) {}

  static async open(path: string): Promise<OpenTensorFile> {
    const main = await openFileSource(path);
    const folder = dirname(resolve(path));
    const opened = new Map<string, FileSource>();
    const openShard = async (file: string): Promise<ByteSource> => {
      const full = resolve(folder, file);
      if (!full.startsWith(folder + sep)) throw new TensorFileError(`shard '${file}' is outside ${folder}`);
      const s = opened.get(file) ?? (await openFileSource(full, file));
      opened.set(file, s);
      return s;
    };
    try {
      const table = await inspectTensorFile(main, { openShard });
      const f = new OpenTensorFile(path, main, table);
      opened.forEach((s, k) => f.shards.set(k, s));
      return f;
    } catch (err) {
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

  analyze(entry: TensorEntry, options: StreamOptions = {}): Promise<TensorReport> {
    const hint = entry.name === null ? basename(this.path).replace(/\.npy$/i, '') : undefined;
    return analyzeEntry(this.source(entry), entry, { ...options, ...(hint ? { nameHint: hint } : {}) });
  }

  async close(): Promise<void> {
    await this.main.close();
    await Promise.all([...this.shards.values()].map((s) => s.close()));
  }
}

