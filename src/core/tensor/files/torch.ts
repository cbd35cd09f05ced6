// PyTorch checkpoints (.pt, .pth, .bin) without running them: the zip format torch.save writes since
// 1.6 (`<name>/data.pkl` plus one stored member per storage, `<name>/data/<key>`) and the legacy
// format (five pickles in a row — magic, protocol, sys info, the object, the storage keys — then each
// storage as an int64 element count and its bytes). The pickles go through the allowlist unpickler
// (pickle.ts); tensors become entries whose bytes are read from their storage, views included.
import { inflateSync } from 'fflate';
import type { Dtype } from '../dtypes';
import { elementCount, TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { centralDirectory, memberDataOffset, type ZipMember } from './npz';
import { PickleTruncatedError, PyDict, PyOpaque, PyTuple, TORCH_ITEM_SIZE, TorchTensor, torchPersistentLoad, unpickle, type PyValue, type TorchStorage } from './pickle';

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const MAX_PICKLE_BYTES = 512 << 20;
/** torch dtypes whose values we decode; others are listed in the notes. */
const DECODED: Readonly<Record<string, Dtype>> = {
  float32: 'float32', float64: 'float64', float16: 'float16', bfloat16: 'bfloat16', float8_e4m3fn: 'float8_e4m3fn', float8_e5m2: 'float8_e5m2',
  int64: 'int64', int32: 'int32', int16: 'int16', int8: 'int8', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint64', bool: 'bool',
};

export interface TorchCheckpoint {
  readonly format: 'zip' | 'legacy';
  readonly entries: readonly TensorEntry[];
  /** Non-tensor leaves (epoch, learning rates, config values) by path. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly notes: readonly string[];
  /** Bytes of the distinct storages (tied weights counted once). */
  readonly storageBytes: number;
  /** Elements of the tensors, each shared view counted once. */
  readonly parameters: number;
}

interface Found {
  readonly path: string;
  readonly tensor: TorchTensor;
}

/** Tensors and plain leaves under dict keys and list indices: optimizer.state.0.exp_avg. */
function walk(v: PyValue, path: string, out: Found[], leaves: Record<string, string>, notes: string[], seen = new Set<object>()): void {
  if (v instanceof TorchTensor) {
    out.push({ path: path || 'tensor', tensor: v });
    return;
  }
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    if (seen.has(v)) return; // the memo can make cycles; a container is walked once
    seen.add(v);
  }
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (v instanceof PyDict) for (const [k, x] of v.entries) walk(x, join(String(k)), out, leaves, notes, seen);
  else if (Array.isArray(v) || v instanceof PyTuple) (Array.isArray(v) ? v : v.items).forEach((x, i) => walk(x, join(String(i)), out, leaves, notes, seen));
  else if (v instanceof PyOpaque) {
    if (/tensor/.test(v.what)) notes.push(`${path}: ${v.what}`);
  } else if (Object.keys(leaves).length < 500 && path) leaves[path] = v instanceof Uint8Array ? `${v.length} bytes` : v === null ? 'None' : String(v);
}

/** Whether strides are the C-contiguous ones (dimensions of size 1 may have any stride). */
function contiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expect = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if ((shape[d] as number) !== 1 && strides[d] !== expect) return false;
    expect *= shape[d] as number;
  }
  return true;
}

/** Turns the found tensors into entries, given where each storage's bytes start. */
function toEntries(what: string, found: Found[], storageAt: (s: TorchStorage) => { offset: number; bytes: number; deflate?: { compressedSize: number } }, notes: string[]): { entries: TensorEntry[]; storageBytes: number; parameters: number } {
  const entries: TensorEntry[] = [];
  const firstUse = new Map<string, { name: string; tensor: TorchTensor }>();
  let parameters = 0;
  const storages = new Map<string, number>();
  for (const { path, tensor: t } of found) {
    const at = `${what}: tensor '${path}'`;
    const item = TORCH_ITEM_SIZE[t.dtype];
    const dtype = DECODED[t.dtype];
    const count = elementCount(t.shape, at);
    const where = storageAt(t.storage);
    storages.set(t.storage.key, where.bytes);
    if (!dtype || item === undefined) {
      notes.push(`${path}: ${t.dtype} [${t.shape.join(', ')}] is listed in the checkpoint but its values are not read`);
      continue;
    }
    // The last element the view touches must lie inside the storage.
    let last = t.offset;
    for (let d = 0; d < t.shape.length; d++) if ((t.shape[d] as number) > 0) last += ((t.shape[d] as number) - 1) * (t.strides[d] as number);
    if (t.offset < 0 || t.strides.some((s) => s < 0)) throw new TensorFileError(`${at}: negative offset or stride`);
    if (count > 0 && (last + 1) * item > where.bytes) throw new TensorFileError(`${at}: the view [${t.shape.join(', ')}] at offset ${t.offset} with strides (${t.strides.join(', ')}) reaches element ${last} of a storage of ${Math.floor(where.bytes / item)}`);
    const prior = firstUse.get(t.storage.key);
    const alias = prior && prior.tensor.offset === t.offset && prior.tensor.shape.join() === t.shape.join() && prior.tensor.strides.join() === t.strides.join() && prior.tensor.dtype === t.dtype;
    if (!prior) firstUse.set(t.storage.key, { name: path, tensor: t });
    if (alias) notes.push(`${path} is the same tensor as ${prior.name} (shared storage, e.g. tied weights): counted once`);
    else parameters += count;
    const isContiguous = contiguous(t.shape, t.strides);
    if (where.deflate && !isContiguous) throw new TensorFileError(`${at}: a non-contiguous view of a compressed storage is not supported`);
    entries.push({
      name: path,
      dtype,
      shape: t.shape,
      count,
      byteLength: count * item,
      littleEndian: true,
      order: 'C',
      location: where.deflate ? { kind: 'deflate', offset: where.offset, compressedSize: where.deflate.compressedSize, skip: t.offset * item } : { kind: 'raw', offset: where.offset + t.offset * item },
      ...(isContiguous ? {} : { view: { strides: t.strides, storageBytes: where.bytes - t.offset * item } }),
      ...(prior ? { sharedWith: prior.name } : {}),
    });
  }
  return { entries, storageBytes: [...storages.values()].reduce((a, b) => a + b, 0), parameters };
}

async function readZip(src: ByteSource, members: ZipMember[]): Promise<TorchCheckpoint> {
  const what = src.name;
  const pkl = members.filter((m) => /(^|\/)data\.pkl$/.test(m.name)).sort((a, b) => a.name.length - b.name.length)[0];
  if (!pkl) throw new TensorFileError(`${what} is a zip but not a PyTorch checkpoint (no data.pkl inside)`);
  const prefix = pkl.name.slice(0, -'data.pkl'.length);
  const byName = new Map(members.map((m) => [m.name, m]));
  const byteorder = byName.get(`${prefix}byteorder`);
  if (byteorder) {
    const text = new TextDecoder().decode(await src.read(await memberDataOffset(src, byteorder, what), Math.min(byteorder.compressedSize, 16)));
    if (byteorder.method === 0 && text.trim() === 'big') throw new TensorFileError(`${what}: saved on a big-endian machine (byteorder 'big'); only little-endian checkpoints are read`);
  }
  if (pkl.size > MAX_PICKLE_BYTES) throw new TensorFileError(`${what}: data.pkl is ${pkl.size.toLocaleString('en-US')} bytes, more than a checkpoint's structure needs`);
  const raw = await src.read(await memberDataOffset(src, pkl, `${what}: data.pkl`), pkl.compressedSize);
  let bytes = raw;
  if (pkl.method !== 0) {
    try {
      bytes = inflateSync(raw, { out: new Uint8Array(pkl.size) }); // never more than the directory says
    } catch (err) {
      throw new TensorFileError(`${what}: data.pkl does not inflate (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const storages = new Map<string, TorchStorage>();
  const { value } = unpickle(bytes, 0, { what: `${what}: data.pkl`, persistentLoad: torchPersistentLoad(what, storages) });
  const found: Found[] = [];
  const metadata: Record<string, string> = {};
  const notes: string[] = [];
  walk(value, '', found, metadata, notes);
  const located = new Map<string, { offset: number; bytes: number; deflate?: { compressedSize: number } }>();
  for (const s of storages.values()) {
    const m = byName.get(`${prefix}data/${s.key}`);
    if (!m) throw new TensorFileError(`${what}: storage '${s.key}' is referenced but ${prefix}data/${s.key} is not in the archive`);
    const need = s.numel * (TORCH_ITEM_SIZE[s.dtype] ?? 1);
    if (m.size < need) throw new TensorFileError(`${what}: storage '${s.key}' needs ${need.toLocaleString('en-US')} bytes but its member holds ${m.size.toLocaleString('en-US')}`);
    if (m.method !== 0 && m.method !== 8) throw new TensorFileError(`${what}: storage '${s.key}' uses zip compression method ${m.method}`);
    const offset = await memberDataOffset(src, m, `${what}: storage '${s.key}'`);
    located.set(s.key, { offset, bytes: need, ...(m.method === 8 ? { deflate: { compressedSize: m.compressedSize } } : {}) });
  }
  const r = toEntries(what, found, (s) => located.get(s.key) as { offset: number; bytes: number }, notes);
  return { format: 'zip', entries: r.entries, metadata, notes, storageBytes: r.storageBytes, parameters: r.parameters };
}

async function readLegacy(src: ByteSource): Promise<TorchCheckpoint> {
  const what = src.name;
  // The pickles of a state dict are a few hundred bytes a tensor: 64 KiB first (each thread that
  // streams the file opens it; a 1 MiB read was most of a legacy file's start-up), ×4 while truncated.
  let length = Math.min(src.size, 1 << 16);
  for (;;) {
    const bytes = await src.read(0, length);
    try {
      const magic = unpickle(bytes, 0, { what, partial: length < src.size });
      if (magic.value !== LEGACY_MAGIC) throw new TensorFileError(`${what} is a pickle but not a PyTorch checkpoint (no torch magic number); plain pickles are not read`);
      const protocol = unpickle(bytes, magic.end, { what, partial: length < src.size });
      if (protocol.value !== 1001) throw new TensorFileError(`${what}: legacy checkpoint protocol ${String(protocol.value)} (1001 is the one torch writes)`);
      const sysInfo = unpickle(bytes, protocol.end, { what, partial: length < src.size });
      const storages = new Map<string, TorchStorage>();
      const main = unpickle(bytes, sysInfo.end, { what, partial: length < src.size, persistentLoad: torchPersistentLoad(what, storages) });
      const keys = unpickle(bytes, main.end, { what, partial: length < src.size });
      if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) throw new TensorFileError(`${what}: the storage key list after the object is missing or malformed`);
      // Storages follow in key order: an int64 element count, then the bytes.
      const located = new Map<string, { offset: number; bytes: number }>();
      let pos = keys.end;
      for (const key of keys.value as string[]) {
        const s = storages.get(key);
        if (!s) throw new TensorFileError(`${what}: storage '${key}' is listed but no tensor uses it, so its element size is unknown`);
        if (pos + 8 > src.size) throw new TensorFileError(`${what}: truncated: storage '${key}' starts past the end of the file`);
        const head = await src.read(pos, 8);
        const numel = Number(new DataView(head.buffer, head.byteOffset, 8).getBigInt64(0, true));
        const bytesOf = numel * (TORCH_ITEM_SIZE[s.dtype] ?? 1);
        if (numel !== s.numel) throw new TensorFileError(`${what}: storage '${key}' has ${numel} elements in the file but ${s.numel} in the pickle`);
        if (pos + 8 + bytesOf > src.size) throw new TensorFileError(`${what}: truncated: storage '${key}' needs ${bytesOf.toLocaleString('en-US')} bytes at byte ${(pos + 8).toLocaleString('en-US')}; the file has ${(src.size - pos - 8).toLocaleString('en-US')}`);
        located.set(key, { offset: pos + 8, bytes: bytesOf });
        pos += 8 + bytesOf;
      }
      const found: Found[] = [];
      const metadata: Record<string, string> = {};
      const notes: string[] = [];
      walk(main.value, '', found, metadata, notes);
      if (pos < src.size) notes.push(`${(src.size - pos).toLocaleString('en-US')} bytes after the last storage are ignored`);
      const r = toEntries(what, found, (s) => {
        const l = located.get(s.key);
        if (!l) throw new TensorFileError(`${what}: storage '${s.key}' is used but not in the key list`);
        return l;
      }, notes);
      return { format: 'legacy', entries: r.entries, metadata, notes, storageBytes: r.storageBytes, parameters: r.parameters };
    } catch (err) {
      if (err instanceof PickleTruncatedError && length < src.size && length < MAX_PICKLE_BYTES) {
        length = Math.min(src.size, length * 4);
        continue;
      }
      throw err;
    }
  }
}

/** Reads a PyTorch checkpoint's tensor table (zip or legacy format) without executing its pickle. */
export async function readTorchCheckpoint(src: ByteSource): Promise<TorchCheckpoint> {
  const head = await src.read(0, Math.min(src.size, 512));
  if (head[0] === 0x50 && head[1] === 0x4b) return readZip(src, await centralDirectory(src));
  if (head[0] === 0x80) return readLegacy(src);
  if (head.length >= 262 && new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') throw new TensorFileError(`${src.name}: a tar-format PyTorch checkpoint (torch < 0.4) is not supported; re-save it with a current torch`);
  throw new TensorFileError(`${src.name} is not a PyTorch checkpoint (neither a zip nor a pickle)`);
}

export const looksLikeTorch = (name: string, head: Uint8Array): boolean => /\.(?:pt|pth|bin|ckpt|pkl)$/i.test(name) && (head[0] === 0x80 || (head[0] === 0x50 && head[1] === 0x4b));
