// .safetensors (huggingface/safetensors format): u64 little-endian header size N, N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}}, then the data.
// Validated as the spec requires before any data is read: header within the file and under
// 100 MB, known dtypes, shape × dtype size = byte length, offsets inside the data section, no
// overlaps and no holes.
import { ITEM_SIZE, SAFETENSORS_DTYPES } from '../dtypes';
import { elementCount, TensorFileError, type ByteSource, type TensorEntry } from './byteSource';

export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsHeader {
  readonly entries: TensorEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly headerBytes: number;
  readonly dataBytes: number;
}

export async function readSafetensorsHeader(src: ByteSource): Promise<SafetensorsHeader> {
  const what = src.name;
  if (src.size < 8) throw new TensorFileError(`${what} is too short to be a .safetensors file (${src.size} bytes; the header size alone takes 8)`);
  const sizeBytes = await src.read(0, 8);
  const n = Number(new DataView(sizeBytes.buffer, sizeBytes.byteOffset, 8).getBigUint64(0, true));
  if (n > src.size - 8) throw new TensorFileError(`${what}: the header claims ${n.toLocaleString('en-US')} bytes but only ${(src.size - 8).toLocaleString('en-US')} follow (not a .safetensors file, or truncated)`);
  if (n > MAX_HEADER_BYTES) throw new TensorFileError(`${what}: the header is ${n.toLocaleString('en-US')} bytes, above the format's 100 MB limit`);
  if (n < 2) throw new TensorFileError(`${what}: the header is empty`);
  const headerBytes = await src.read(8, n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (err) {
    throw new TensorFileError(`${what}: the header is not valid UTF-8 JSON (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new TensorFileError(`${what}: the header must be a JSON object of tensors`);
  return validateHeader(header as Record<string, unknown>, n, src.size - 8 - n, what);
}

export function validateHeader(header: Record<string, unknown>, headerBytes: number, dataBytes: number, what: string): SafetensorsHeader {
  const entries: TensorEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) throw new TensorFileError(`${what}: __metadata__ must map strings to strings`);
      metadata = value as Record<string, string>;
      continue;
    }
    const at = `${what}: tensor '${name}'`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TensorFileError(`${at} is not an object with dtype, shape, data_offsets`);
    const v = value as Record<string, unknown>;
    const dtype = typeof v.dtype === 'string' ? SAFETENSORS_DTYPES[v.dtype] : undefined;
    if (!dtype) throw new TensorFileError(`${at}: unknown dtype ${JSON.stringify(v.dtype)} (the spec's are ${Object.keys(SAFETENSORS_DTYPES).join(', ')})`);
    if (!Array.isArray(v.shape)) throw new TensorFileError(`${at}: shape must be a list of whole numbers`);
    const shape = v.shape as number[];
    const count = elementCount(shape, at);
    const offsets = v.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((x) => Number.isSafeInteger(x) && x >= 0)) throw new TensorFileError(`${at}: data_offsets must be [begin, end] byte offsets`);
    const [begin, end] = offsets as [number, number];
    if (end < begin) throw new TensorFileError(`${at}: data_offsets [${begin}, ${end}] end before they begin`);
    if (end > dataBytes) throw new TensorFileError(`${at}: data_offsets [${begin}, ${end}] reach past the data section (${dataBytes.toLocaleString('en-US')} bytes)`);
    const expected = count * ITEM_SIZE[dtype];
    if (end - begin !== expected) throw new TensorFileError(`${at}: shape [${shape.join(', ')}] × ${dtype} is ${expected.toLocaleString('en-US')} bytes but data_offsets span ${(end - begin).toLocaleString('en-US')}`);
    entries.push({ name, dtype, shape, count, byteLength: expected, littleEndian: true, order: 'C', location: { kind: 'raw', offset: 8 + headerBytes + begin } });
  }
  // Offsets must tile the data section: no overlaps, no holes.
  const sorted = [...entries].sort((a, b) => (a.location as { offset: number }).offset - (b.location as { offset: number }).offset);
  let cursor = 8 + headerBytes;
  for (const e of sorted) {
    const start = (e.location as { offset: number }).offset;
    if (start < cursor) throw new TensorFileError(`${what}: tensor '${e.name}' overlaps the tensor before it (bytes ${start - 8 - headerBytes}–${start - 8 - headerBytes + e.byteLength})`);
    if (start > cursor) throw new TensorFileError(`${what}: bytes ${cursor - 8 - headerBytes}–${start - 8 - headerBytes} of the data section belong to no tensor (the format forbids holes)`);
    cursor = start + e.byteLength;
  }
  if (cursor !== 8 + headerBytes + dataBytes && entries.length > 0) throw new TensorFileError(`${what}: ${(8 + headerBytes + dataBytes - cursor).toLocaleString('en-US')} bytes after the last tensor belong to no tensor`);
  entries.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '', 'en', { numeric: true }));
  return { entries, metadata, headerBytes, dataBytes };
}
