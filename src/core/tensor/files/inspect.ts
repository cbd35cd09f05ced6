// A tensor file's table from its header alone: .npy, .npz, .safetensors, or a sharded checkpoint's
// model.safetensors.index.json (each shard's header read and cross-checked against the weight map).
import { TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { NPY_PREAMBLE, npyEntry, npyHeaderLength, parseNpyHeader } from './npy';
import { readNpzEntries } from './npz';
import { readSafetensorsHeader } from './safetensors';
import { readTorchCheckpoint } from './torch';
import { entriesBitsPerWeight, ggufMetadataStrings, ggufModelFacts, readGgufHeader } from './gguf';
import { groupDigits } from '../../format/number';

export type FileKind = 'npy' | 'npz' | 'safetensors' | 'index' | 'gguf' | 'torch';

/** Header facts worth a line of their own (GGUF: architecture, context length, heads, …). */
export type TableFacts = Readonly<Record<string, string | number | boolean>>;

export interface TensorTable {
  readonly kind: FileKind;
  readonly file: string;
  readonly entries: readonly TensorEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly totalParams: number;
  readonly totalBytes: number;
  /** Shard files of a sharded checkpoint. */
  readonly shards?: readonly string[];
  /** Things worth knowing that are not errors. */
  readonly notes: readonly string[];
  readonly facts?: TableFacts;
  /** Findings that matter for safety (a pickle's refused global), shown as security warnings. */
  readonly security?: readonly string[];
}

/** A tensor file's table, as sent across threads and to webviews. */
export interface TableSummary {
  readonly kind: FileKind;
  readonly file: string;
  /** storage: the ggml type name of a GGUF tensor. */
  readonly entries: readonly (Pick<TensorEntry, 'name' | 'dtype' | 'shape' | 'count' | 'byteLength' | 'file' | 'sharedWith'> & { readonly storage?: string })[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly totalParams: number;
  readonly totalBytes: number;
  readonly shards?: readonly string[];
  readonly notes: readonly string[];
  readonly facts?: TableFacts;
  readonly security?: readonly string[];
}

/** The summary of a table, for the worker's messages and the CLI's JSON. */
export function summarizeTable(t: TensorTable): TableSummary {
  return {
    kind: t.kind,
    file: t.file,
    entries: t.entries.map((e) => ({ name: e.name, dtype: e.dtype, shape: e.shape, count: e.count, byteLength: e.byteLength, ...(e.file ? { file: e.file } : {}), ...(e.storage ? { storage: e.storage.name } : {}), ...(e.sharedWith ? { sharedWith: e.sharedWith } : {}) })),
    metadata: t.metadata,
    totalParams: t.totalParams,
    totalBytes: t.totalBytes,
    ...(t.shards ? { shards: t.shards } : {}),
    notes: t.notes,
    ...(t.facts ? { facts: t.facts } : {}),
    ...(t.security ? { security: t.security } : {}),
  };
}

export function detectKind(name: string, head: Uint8Array): FileKind | undefined {
  if (/\.safetensors\.index\.json$|index\.json$/i.test(name)) return 'index';
  if (head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46) return 'gguf';
  if (/\.gguf$/i.test(name)) return 'gguf';
  if (/\.(?:pt|pth|bin|ckpt|pkl)$/i.test(name)) return 'torch';
  if (head[0] === 0x93 && head[1] === 0x4e) return 'npy';
  if (head[0] === 0x50 && head[1] === 0x4b) return 'npz';
  if (/\.safetensors$/i.test(name)) return 'safetensors';
  if (/\.npy$/i.test(name)) return 'npy';
  if (/\.npz$/i.test(name)) return 'npz';
  if (head.length >= 9 && head[8] === 0x7b) return 'safetensors'; // u64 size then '{'
  return undefined;
}

const totals = (entries: readonly TensorEntry[]) => ({ totalParams: entries.reduce((a, e) => a + e.count, 0), totalBytes: entries.reduce((a, e) => a + e.byteLength, 0) });

export async function inspectTensorFile(src: ByteSource, options: { kind?: FileKind; openShard?: (file: string) => Promise<ByteSource> } = {}): Promise<TensorTable> {
  const head = await src.read(0, Math.min(src.size, 16));
  const kind = options.kind ?? detectKind(src.name, head);
  if (!kind) throw new TensorFileError(`${src.name}: not a .npy, .npz, .safetensors, .gguf, PyTorch (.pt, .pth, .bin) or checkpoint index file`);
  switch (kind) {
    case 'npy': {
      const { dataOffset } = npyHeaderLength(await src.read(0, Math.min(src.size, NPY_PREAMBLE)), src.name);
      if (dataOffset > src.size) throw new TensorFileError(`${src.name}: the header claims ${groupDigits(dataOffset)} bytes but the file has ${groupDigits(src.size)}`);
      const header = parseNpyHeader(await src.read(0, dataOffset), src.size, src.name);
      const entry = npyEntry(header, src.size, src.name);
      const notes = src.size > header.dataOffset + entry.byteLength ? [`${groupDigits(src.size - header.dataOffset - entry.byteLength)} bytes after the data are ignored`] : [];
      return { kind, file: src.name, entries: [entry], metadata: {}, ...totals([entry]), notes };
    }
    case 'npz': {
      const notes: string[] = [];
      const entries = await readNpzEntries(src, notes);
      return { kind, file: src.name, entries, metadata: {}, ...totals(entries), notes };
    }
    case 'safetensors': {
      const h = await readSafetensorsHeader(src);
      return { kind, file: src.name, entries: h.entries, metadata: h.metadata, ...totals(h.entries), notes: [] };
    }
    case 'index':
      return inspectIndex(src, options.openShard);
    case 'torch': {
      const c = await readTorchCheckpoint(src);
      return { kind, file: src.name, entries: c.entries, metadata: c.metadata, totalParams: c.parameters, totalBytes: c.storageBytes, notes: c.notes, facts: { format: c.format === 'zip' ? 'PyTorch zip (torch.save ≥ 1.6)' : 'PyTorch legacy (_use_new_zipfile_serialization=False)', unpickler: 'allowlist (nothing executed)' } };
    }
    case 'gguf': {
      const h = await readGgufHeader(src);
      const bpw = entriesBitsPerWeight(h.entries);
      const types = new Map<string, number>();
      for (const e of h.entries) types.set(e.storage?.name ?? e.dtype, (types.get(e.storage?.name ?? e.dtype) ?? 0) + e.count);
      const mix = [...types].sort((a, b) => b[1] - a[1]).map(([t, n]) => `${t} ${((100 * n) / Math.max(1, h.entries.reduce((a, e) => a + e.count, 0))).toFixed(1)}%`).join(', ');
      const facts = { ...ggufModelFacts(h.metadata), ggufVersion: h.version, bitsPerWeight: Number(bpw.toFixed(4)), typeMix: mix };
      return { kind, file: src.name, entries: h.entries, metadata: ggufMetadataStrings(h.metadata), ...totals(h.entries), notes: [], facts };
    }
  }
}

async function inspectIndex(src: ByteSource, openShard?: (file: string) => Promise<ByteSource>): Promise<TensorTable> {
  if (src.size > 50_000_000) throw new TensorFileError(`${src.name}: ${groupDigits(src.size)} bytes is too large for a checkpoint index`);
  let index: { weight_map?: unknown; metadata?: unknown };
  try {
    index = JSON.parse(new TextDecoder().decode(await src.read(0, src.size))) as typeof index;
  } catch (err) {
    throw new TensorFileError(`${src.name} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const map = index.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map) || Object.values(map).some((v) => typeof v !== 'string')) throw new TensorFileError(`${src.name}: no "weight_map" of tensor name → shard file`);
  const byShard = new Map<string, string[]>();
  for (const [name, file] of Object.entries(map as Record<string, string>)) {
    if (/(^|[\\/])\.\.([\\/]|$)|^[\\/]/.test(file)) throw new TensorFileError(`${src.name}: shard '${file}' points outside the checkpoint's folder`);
    byShard.set(file, [...(byShard.get(file) ?? []), name]);
  }
  const metadata: Record<string, string> = {};
  if (typeof index.metadata === 'object' && index.metadata !== null) for (const [k, v] of Object.entries(index.metadata)) metadata[k] = String(v);
  const notes: string[] = [];
  const entries: TensorEntry[] = [];
  if (!openShard) throw new TensorFileError(`${src.name}: cannot open its shards here`);
  for (const [file, names] of byShard) {
    let shard: ByteSource;
    try {
      shard = await openShard(file);
    } catch {
      notes.push(`shard ${file} is missing (${names.length} tensors listed in it)`);
      continue;
    }
    const header = /\.(?:bin|pt|pth|ckpt)$/i.test(file) ? await readTorchCheckpoint(shard) : await readSafetensorsHeader(shard);
    const inShard = new Map(header.entries.map((e) => [e.name, e]));
    for (const name of names) {
      const e = inShard.get(name);
      if (!e) notes.push(`${name} is mapped to ${file} but that shard does not contain it`);
      else entries.push({ ...e, file });
    }
    for (const e of header.entries) if (!names.includes(e.name ?? '')) notes.push(`${file} holds ${e.name}, which the weight_map does not list`);
  }
  const t = totals(entries);
  const declared = Number(metadata.total_size);
  if (Number.isFinite(declared) && declared !== t.totalBytes) notes.push(`metadata.total_size says ${groupDigits(declared)} bytes; the shards hold ${groupDigits(t.totalBytes)}`);
  entries.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'en', { numeric: true }));
  return { kind: 'index', file: src.name, entries, metadata, ...t, shards: [...byShard.keys()], notes };
}
