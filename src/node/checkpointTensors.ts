// The tensor list of the checkpoint beside a config.json, for the tensor-by-tensor comparison:
// model.safetensors (its header: names and shapes), or model.safetensors.index.json (names, and
// shapes from each shard's header when the shards are there). Headers only: never tensor data.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CheckpointTensor } from '../core/model/crossCheck';
import { readSafetensorsHeader } from '../core/tensor/files/safetensors';
import { openFileSource } from './fileSource';

/** Sharded checkpoints with more shards than this are compared by name only (a header read per shard). */
const MAX_SHARDS = 256;

export interface CheckpointList {
  /** File names read, for messages. */
  readonly source: string;
  readonly tensors: CheckpointTensor[];
  /** The parsed index, when there was one (its metadata.total_size feeds the byte cross-check). */
  readonly index?: unknown;
}

async function headerTensors(path: string): Promise<CheckpointTensor[]> {
  const src = await openFileSource(path);
  try {
    const header = await readSafetensorsHeader(src);
    return header.entries.map((e) => ({ name: e.name ?? '', shape: e.shape }));
  } finally {
    await src.close();
  }
}

export async function readCheckpointTensors(dir: string): Promise<CheckpointList | undefined> {
  const indexPath = join(dir, 'model.safetensors.index.json');
  if (existsSync(indexPath)) {
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as { weight_map?: Record<string, string> };
    const map = index.weight_map ?? {};
    const shards = [...new Set(Object.values(map))];
    if (shards.length > 0 && shards.length <= MAX_SHARDS && shards.every((s) => existsSync(join(dir, s)))) {
      const tensors = (await Promise.all(shards.map((s) => headerTensors(join(dir, s))))).flat();
      return { source: `model.safetensors.index.json and ${shards.length} shard header${shards.length > 1 ? 's' : ''}`, tensors, index };
    }
    return { source: 'model.safetensors.index.json (names only: the shards are not beside it)', tensors: Object.keys(map).map((name) => ({ name })), index };
  }
  const single = join(dir, 'model.safetensors');
  if (existsSync(single)) return { source: 'model.safetensors header', tensors: await headerTensors(single) };
  return undefined;
}
