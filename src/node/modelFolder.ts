// Reads a Hugging Face snapshot folder for src/core/model/modelFolder.ts: config.json and the
// checkpoint's headers (never tensor data) through the same readers as `modelmath tensor`.
// Which checkpoint, in transformers' own order of preference: model.safetensors.index.json,
// model.safetensors, other *.safetensors, pytorch_model.bin.index.json, pytorch_model.bin, other
// *.bin / *.pt / *.pth, then *.gguf files.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parsePythonJson } from '../core/model/config/pythonJson';
import type { FolderContents, FolderTensor } from '../core/model/modelFolder';
import { TensorFileError } from '../core/tensor/files/byteSource';
import type { TensorTable } from '../core/tensor/files/inspect';
import { OpenTensorFile } from './tensorFiles';

export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

/** The checkpoint files to read, and their format; undefined when the folder holds none. */
export function pickCheckpointFiles(names: readonly string[]): { files: string[]; format: FolderContents['format'] } | undefined {
  const has = (n: string) => names.includes(n);
  const sorted = (re: RegExp) => names.filter((n) => re.test(n)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (has('model.safetensors.index.json')) return { files: ['model.safetensors.index.json'], format: 'safetensors' };
  if (has('model.safetensors')) return { files: ['model.safetensors'], format: 'safetensors' };
  const safetensors = sorted(/\.safetensors$/i);
  if (safetensors.length) return { files: safetensors, format: 'safetensors' };
  if (has('pytorch_model.bin.index.json')) return { files: ['pytorch_model.bin.index.json'], format: 'torch' };
  if (has('pytorch_model.bin')) return { files: ['pytorch_model.bin'], format: 'torch' };
  const torch = sorted(/\.(?:bin|pt|pth)$/i).filter((n) => !/^(training_args|optimizer|scheduler|rng_state)/.test(n));
  if (torch.length) return { files: torch, format: 'torch' };
  const gguf = sorted(/\.gguf$/i);
  if (gguf.length) return { files: gguf, format: 'gguf' };
  return undefined;
}

function tensorsOf(table: TensorTable, file: string): FolderTensor[] {
  return table.entries.map((e) => ({
    name: e.name ?? file,
    dtype: e.storage?.name ?? e.dtype,
    shape: e.shape,
    count: e.count,
    bytes: e.byteLength,
    file: e.file ?? file,
    ...(e.sharedWith ? { sharedWith: e.sharedWith } : {}),
  }));
}

/**
 * Config and headers of a model folder. `onFile` reports progress; `cancelled` is asked between
 * files. Throws ModelFolderError for a folder without a checkpoint, TensorFileError /
 * UnsafePickleError from the readers.
 */
export async function readModelFolder(dir: string, options: { onFile?: (name: string, index: number, of: number) => void; cancelled?: () => boolean } = {}): Promise<FolderContents> {
  const folder = resolve(dir);
  let names: string[];
  try {
    if (!(await stat(folder)).isDirectory()) throw new ModelFolderError(`${dir} is not a folder (give the snapshot folder that holds config.json and the weights)`);
    names = await readdir(folder);
  } catch (err) {
    if (err instanceof ModelFolderError) throw err;
    throw new ModelFolderError(`cannot read the folder ${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  const picked = pickCheckpointFiles(names);
  if (!picked) throw new ModelFolderError(`${dir} holds no checkpoint: no *.safetensors (or its index), pytorch_model*.bin, *.pt, *.pth or *.gguf`);
  let config: unknown;
  let configError: string | undefined;
  if (names.includes('config.json')) {
    try {
      config = parsePythonJson(await readFile(join(folder, 'config.json'), 'utf8'));
    } catch (err) {
      configError = `not valid JSON: ${(err as Error).message}`;
    }
  }
  const notes: string[] = [];
  const tensors: FolderTensor[] = [];
  const files: { name: string; kind: string }[] = [];
  let facts: FolderContents['facts'];
  if (picked.format === 'gguf' && picked.files.length > 1) notes.push(`${picked.files.length} GGUF files: each is read; split GGUF files (-00001-of-0000N) add up, different quantizations of one model do not`);
  for (const [i, name] of picked.files.entries()) {
    if (options.cancelled?.()) throw new ModelFolderError('cancelled');
    options.onFile?.(name, i, picked.files.length);
    const file = await OpenTensorFile.open(join(folder, name), { helper: false });
    try {
      const t = file.table;
      files.push({ name, kind: t.kind }, ...(t.shards ?? []).map((s) => ({ name: s, kind: 'shard' })));
      tensors.push(...tensorsOf(t, name));
      notes.push(...t.notes.map((n) => `${name}: ${n}`));
      if (t.facts) facts = { ...facts, ...t.facts };
    } finally {
      await file.close();
    }
  }
  if (tensors.length === 0) throw new TensorFileError(`${dir}: the checkpoint files hold no tensors`);
  return { folder: dir, files, format: picked.format, tensors, ...(config !== undefined ? { config } : {}), ...(configError ? { configError } : {}), notes, ...(facts ? { facts } : {}) };
}
