// GGUF (llama.cpp, Ollama; spec: github.com/ggml-org/ggml/blob/master/docs/gguf.md): magic, version,
// tensor and metadata counts, typed key/value metadata, tensor infos, then aligned tensor data.
// Every count, length and offset is checked against the file before it is trusted, so a corrupt or
// hostile header gives one clear error instead of a huge allocation or a read past the end.
import { elementCount, TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { bitsPerWeight, ggmlRemovedName, ggmlTypeById, type GgmlType } from './ggml';

const MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
const MAX_DIMS = 4; // GGML_MAX_DIMS
/** Header reads: the first 64 KiB (a header of a few tensors is a few hundred bytes), ×4 per refill up to 1 MiB (tokenizer arrays). */
const FIRST_READ = 64 << 10;
const READ_AHEAD = 1 << 20;

/** GGUF metadata value types (gguf_type). */
const VALUE_TYPES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'f32', 'bool', 'string', 'array', 'u64', 'i64', 'f64'] as const;
type ValueType = (typeof VALUE_TYPES)[number];
const FIXED_SIZE: Partial<Record<ValueType, number>> = { u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, bool: 1, u64: 8, i64: 8, f64: 8 };

/** A metadata value as kept: scalars whole, strings up to 4 KiB, arrays as length plus up to 64 items. */
export type GgufValue = number | bigint | boolean | string | { readonly array: ValueType; readonly length: number; readonly head: readonly (number | bigint | boolean | string)[] };

export interface GgufTensorInfo {
  readonly name: string;
  /** GGUF order: ne[0] (the contiguous, innermost axis) first. */
  readonly dims: readonly number[];
  readonly type: GgmlType;
  /** Relative to the start of the data section. */
  readonly offset: number;
}

export interface GgufHeader {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  /** Full string lengths of values kept truncated (the chat template can be long). */
  readonly alignment: number;
  readonly dataOffset: number;
  readonly tensors: readonly GgufTensorInfo[];
  readonly entries: readonly TensorEntry[];
}

/** Sequential reads through a read-ahead buffer; every length is checked against the file first. */
class Cursor {
  pos = 0;
  private buf = new Uint8Array(0);
  private view = new DataView(this.buf.buffer);
  private bufStart = 0;
  private ahead = FIRST_READ;

  constructor(
    private readonly src: ByteSource,
    private readonly what: string,
  ) {}

  get remaining(): number {
    return this.src.size - this.pos;
  }

  async need(n: number, field: string): Promise<void> {
    if (n > this.remaining) throw new TensorFileError(`${this.what}: truncated at byte ${this.pos.toLocaleString('en-US')}: ${field} needs ${n.toLocaleString('en-US')} bytes, the file has ${this.remaining.toLocaleString('en-US')} left`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const length = Math.min(this.src.size - this.pos, Math.max(n, this.ahead));
    this.ahead = Math.min(READ_AHEAD, this.ahead * 4);
    this.buf = (await this.src.read(this.pos, length)).slice();
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.bufStart = this.pos;
  }

  private at(n: number): number {
    const o = this.pos - this.bufStart;
    this.pos += n;
    return o;
  }

  async u32(field: string): Promise<number> {
    await this.need(4, field);
    return this.view.getUint32(this.at(4), true);
  }

  async u64(field: string): Promise<number> {
    await this.need(8, field);
    const v = this.view.getBigUint64(this.at(8), true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new TensorFileError(`${this.what}: ${field} is ${v}, beyond any real file (byte ${this.pos - 8})`);
    return Number(v);
  }

  async string(field: string, keep = Infinity): Promise<{ text: string; length: number }> {
    const length = await this.u64(`the length of ${field}`);
    if (length > this.remaining) throw new TensorFileError(`${this.what}: ${field} claims ${length.toLocaleString('en-US')} bytes at byte ${(this.pos - 8).toLocaleString('en-US')} but only ${this.remaining.toLocaleString('en-US')} remain (truncated or corrupt string)`);
    const kept = Math.min(length, keep);
    await this.need(kept, field);
    const text = new TextDecoder().decode(this.buf.subarray(this.pos - this.bufStart, this.pos - this.bufStart + kept));
    this.pos += length;
    return { text, length };
  }

  async scalar(type: ValueType, field: string): Promise<number | bigint | boolean> {
    const size = FIXED_SIZE[type] as number;
    await this.need(size, field);
    const o = this.at(size);
    const v = this.view;
    switch (type) {
      case 'u8': return v.getUint8(o);
      case 'i8': return v.getInt8(o);
      case 'u16': return v.getUint16(o, true);
      case 'i16': return v.getInt16(o, true);
      case 'u32': return v.getUint32(o, true);
      case 'i32': return v.getInt32(o, true);
      case 'f32': return v.getFloat32(o, true);
      case 'bool': return v.getUint8(o) !== 0;
      case 'f64': return v.getFloat64(o, true);
      case 'u64': { const x = v.getBigUint64(o, true); return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x; }
      case 'i64': { const x = v.getBigInt64(o, true); return x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(x) : x; }
      default: throw new TensorFileError(`${this.what}: ${field}: ${type} is not a scalar type`);
    }
  }

  skip(n: number): void {
    this.pos += n;
  }
}

async function valueType(c: Cursor, field: string, what: string): Promise<ValueType> {
  const id = await c.u32(`the type of ${field}`);
  const t = VALUE_TYPES[id];
  if (t === undefined) throw new TensorFileError(`${what}: ${field} has value type ${id} at byte ${c.pos - 4}; GGUF defines 0–12`);
  return t;
}

async function readValue(c: Cursor, type: ValueType, field: string, what: string, depth = 0): Promise<GgufValue> {
  if (type === 'string') return (await c.string(field, 4096)).text;
  if (type !== 'array') return c.scalar(type, field);
  if (depth > 0) throw new TensorFileError(`${what}: ${field} is an array of arrays nested deeper than GGUF writers produce`);
  const elem = await valueType(c, `the elements of ${field}`, what);
  const length = await c.u64(`the length of ${field}`);
  const min = FIXED_SIZE[elem] ?? 8; // a string is at least its 8-byte length
  if (elem !== 'array' && length * min > c.remaining) throw new TensorFileError(`${what}: ${field} claims ${length.toLocaleString('en-US')} ${elem} values (at least ${(length * min).toLocaleString('en-US')} bytes) but only ${c.remaining.toLocaleString('en-US')} bytes remain`);
  const head: (number | bigint | boolean | string)[] = [];
  const fixed = FIXED_SIZE[elem];
  for (let i = 0; i < length; i++) {
    if (fixed !== undefined && i >= 64) {
      // The rest of a numeric array is skipped without reading it.
      c.skip((length - i) * fixed);
      break;
    }
    if (elem === 'string') {
      const s = await c.string(`${field}[${i}]`, i < 64 ? 256 : 0);
      if (i < 64) head.push(s.text);
    } else if (elem === 'array') {
      await readValue(c, 'array', `${field}[${i}]`, what, depth + 1);
    } else head.push((await c.scalar(elem, `${field}[${i}]`)) as number | bigint | boolean);
  }
  return { array: elem, length, head };
}

/** Reads and validates a GGUF header: metadata, tensor infos and where each tensor's bytes are. */
export async function readGgufHeader(src: ByteSource): Promise<GgufHeader> {
  const what = src.name;
  const c = new Cursor(src, what);
  if (src.size < 24) throw new TensorFileError(`${what}: ${src.size} bytes is too short for a GGUF header (24 bytes before any metadata)`);
  const magic = await c.u32('the magic');
  if (magic !== MAGIC) throw new TensorFileError(`${what} is not a GGUF file: it starts with ${JSON.stringify(new TextDecoder('latin1').decode(await src.read(0, 4)))}, not "GGUF"`);
  const version = await c.u32('the version');
  if (version === 1) throw new TensorFileError(`${what}: GGUF version 1 (before August 2023, 32-bit counts) is not supported: re-convert the model with a current llama.cpp`);
  if (version !== 2 && version !== 3) {
    const swapped = ((version & 0xff) << 24) | ((version & 0xff00) << 8) | ((version >>> 8) & 0xff00) | (version >>> 24);
    if (swapped === 2 || swapped === 3) throw new TensorFileError(`${what}: a big-endian GGUF file (version ${swapped} byte-swapped); only little-endian GGUF is supported`);
    throw new TensorFileError(`${what}: unknown GGUF version ${version} (versions 2 and 3 are defined)`);
  }
  const tensorCount = await c.u64('the tensor count');
  const kvCount = await c.u64('the metadata count');
  // Each tensor info is at least 8 (name length) + 4 + 4 + 8 bytes; each key/value at least 8 + 4 + 1.
  if (tensorCount * 24 > c.remaining) throw new TensorFileError(`${what}: the header claims ${tensorCount.toLocaleString('en-US')} tensor${tensorCount === 1 ? '' : 's'}, more than the ${src.size.toLocaleString('en-US')}-byte file can describe`);
  if (kvCount * 13 > c.remaining) throw new TensorFileError(`${what}: the header claims ${kvCount.toLocaleString('en-US')} metadata entries, more than the ${src.size.toLocaleString('en-US')}-byte file can hold`);

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = (await c.string(`metadata key #${i}`)).text;
    const type = await valueType(c, `metadata '${key}'`, what);
    if (metadata.has(key)) throw new TensorFileError(`${what}: metadata key '${key}' appears twice`);
    metadata.set(key, await readValue(c, type, `metadata '${key}'`, what));
  }

  const alignValue = metadata.get('general.alignment') ?? 32;
  if (typeof alignValue !== 'number' || !Number.isInteger(alignValue) || alignValue <= 0 || (alignValue & (alignValue - 1)) !== 0) throw new TensorFileError(`${what}: general.alignment ${String(alignValue)} is not a positive power of two`);
  const alignment = alignValue;

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const name = (await c.string(`the name of tensor #${i}`)).text;
    const at = `${what}: tensor '${name}'`;
    if (names.has(name)) throw new TensorFileError(`${at} appears twice`);
    names.add(name);
    const nDims = await c.u32(`the dimension count of '${name}'`);
    if (nDims > MAX_DIMS) throw new TensorFileError(`${at} has ${nDims} dimensions; ggml tensors have at most ${MAX_DIMS}`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(await c.u64(`dimension ${d} of '${name}'`));
    const typeId = await c.u32(`the type of '${name}'`);
    const type = ggmlTypeById(typeId);
    if (!type) {
      const removed = ggmlRemovedName(typeId);
      throw new TensorFileError(`${at} has ggml type ${typeId}${removed ? ` (${removed}, removed from ggml: re-convert the model)` : ', which this version does not know'}`);
    }
    const offset = await c.u64(`the data offset of '${name}'`);
    if (offset % alignment !== 0) throw new TensorFileError(`${at}: data offset ${offset.toLocaleString('en-US')} is not a multiple of the alignment ${alignment}`);
    if ((dims[0] ?? 1) % type.blockValues !== 0) throw new TensorFileError(`${at}: its rows of ${dims[0]} values are not whole ${type.name} blocks of ${type.blockValues}`);
    tensors.push({ name, dims, type, offset });
  }
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  if (dataOffset > src.size && tensorCount > 0) throw new TensorFileError(`${what}: the data section would start at byte ${dataOffset.toLocaleString('en-US')}, past the end of the ${src.size.toLocaleString('en-US')}-byte file`);
  const dataBytes = src.size - dataOffset;

  const entries: TensorEntry[] = [];
  for (const t of tensors) {
    const at = `${what}: tensor '${t.name}'`;
    const shape = [...t.dims].reverse(); // numpy order: outermost first
    const count = elementCount(shape, at);
    const byteLength = (count / t.type.blockValues) * t.type.blockBytes;
    if (t.offset + byteLength > dataBytes) throw new TensorFileError(`${at}: ${t.type.name} [${shape.join(', ')}] needs bytes ${t.offset.toLocaleString('en-US')}–${(t.offset + byteLength).toLocaleString('en-US')} of the data section, which has ${dataBytes.toLocaleString('en-US')} (truncated file?)`);
    entries.push({
      name: t.name,
      dtype: t.type.dtype ?? 'float32',
      shape,
      count,
      byteLength,
      littleEndian: true,
      order: 'C',
      location: { kind: 'raw', offset: dataOffset + t.offset },
      storage: { name: t.type.name, blockValues: t.type.blockValues, blockBytes: t.type.blockBytes },
    });
  }
  const sorted = [...entries].sort((a, b) => (a.location as { offset: number }).offset - (b.location as { offset: number }).offset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as TensorEntry;
    const cur = sorted[i] as TensorEntry;
    const prevEnd = (prev.location as { offset: number }).offset + prev.byteLength;
    if ((cur.location as { offset: number }).offset < prevEnd) throw new TensorFileError(`${what}: tensors '${prev.name}' and '${cur.name}' overlap in the data section`);
  }
  return { version, metadata, alignment, dataOffset, tensors, entries };
}

const str = (v: GgufValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: GgufValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'object' && v !== null && 'array' in v && typeof v.head[0] === 'number' && v.head.every((x) => x === v.head[0]) ? v.head[0] : undefined);

/** llama.cpp's file types (llama_ftype): what general.file_type says the mix is. */
const FILE_TYPES: Readonly<Record<number, string>> = {
  0: 'ALL_F32', 1: 'MOSTLY_F16', 2: 'MOSTLY_Q4_0', 3: 'MOSTLY_Q4_1', 7: 'MOSTLY_Q8_0', 8: 'MOSTLY_Q5_0', 9: 'MOSTLY_Q5_1',
  10: 'MOSTLY_Q2_K', 11: 'MOSTLY_Q3_K_S', 12: 'MOSTLY_Q3_K_M', 13: 'MOSTLY_Q3_K_L', 14: 'MOSTLY_Q4_K_S', 15: 'MOSTLY_Q4_K_M',
  16: 'MOSTLY_Q5_K_S', 17: 'MOSTLY_Q5_K_M', 18: 'MOSTLY_Q6_K', 19: 'MOSTLY_IQ2_XXS', 20: 'MOSTLY_IQ2_XS', 21: 'MOSTLY_Q2_K_S',
  22: 'MOSTLY_IQ3_XS', 23: 'MOSTLY_IQ3_XXS', 24: 'MOSTLY_IQ1_S', 25: 'MOSTLY_IQ4_NL', 26: 'MOSTLY_IQ3_S', 27: 'MOSTLY_IQ3_M',
  28: 'MOSTLY_IQ2_S', 29: 'MOSTLY_IQ2_M', 30: 'MOSTLY_IQ4_XS', 31: 'MOSTLY_IQ1_M', 32: 'MOSTLY_BF16', 36: 'MOSTLY_TQ1_0', 37: 'MOSTLY_TQ2_0', 38: 'MOSTLY_MXFP4_MOE',
};

export interface GgufModelFacts {
  readonly architecture?: string;
  readonly name?: string;
  readonly contextLength?: number;
  readonly blockCount?: number;
  readonly embeddingLength?: number;
  readonly headCount?: number;
  readonly headCountKv?: number;
  readonly expertCount?: number;
  readonly vocabSize?: number;
  readonly chatTemplate: boolean;
  readonly fileType?: string;
}

/** The model facts llama.cpp reads from the metadata (keys are prefixed with the architecture). */
export function ggufModelFacts(metadata: ReadonlyMap<string, GgufValue>): GgufModelFacts {
  const arch = str(metadata.get('general.architecture'));
  const k = (key: string) => (arch ? metadata.get(`${arch}.${key}`) : undefined);
  const tokens = metadata.get('tokenizer.ggml.tokens');
  const ft = num(metadata.get('general.file_type'));
  const facts: Record<string, unknown> = {
    architecture: arch,
    name: str(metadata.get('general.name')),
    contextLength: num(k('context_length')),
    blockCount: num(k('block_count')),
    embeddingLength: num(k('embedding_length')),
    headCount: num(k('attention.head_count')),
    headCountKv: num(k('attention.head_count_kv')),
    expertCount: num(k('expert_count')),
    vocabSize: typeof tokens === 'object' && tokens !== null && 'array' in tokens ? tokens.length : num(k('vocab_size')),
    chatTemplate: metadata.has('tokenizer.chat_template'),
    fileType: ft === undefined ? undefined : (FILE_TYPES[ft] ?? `file type ${ft}`),
  };
  for (const key of Object.keys(facts)) if (facts[key] === undefined) delete facts[key];
  return facts as unknown as GgufModelFacts;
}

/** Metadata as display strings: arrays summarised, long strings shortened. */
export function ggufMetadataStrings(metadata: ReadonlyMap<string, GgufValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of metadata) {
    if (typeof v === 'object' && v !== null && 'array' in v) {
      const shown = v.head.slice(0, 8).map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x)));
      out[key] = `[${v.length.toLocaleString('en-US')} × ${v.array}${v.length ? `: ${shown.join(', ')}${v.length > shown.length ? ', …' : ''}` : ''}]`;
    } else if (typeof v === 'string') out[key] = v.length > 200 ? `${v.slice(0, 200)}… (${v.length.toLocaleString('en-US')} characters)` : v;
    else out[key] = String(v);
  }
  return out;
}

/** Bits per weight of a whole GGUF file or any set of entries: 8 × bytes / values. */
export function entriesBitsPerWeight(entries: readonly Pick<TensorEntry, 'count' | 'byteLength'>[]): number {
  const values = entries.reduce((a, e) => a + e.count, 0);
  return values === 0 ? 0 : (8 * entries.reduce((a, e) => a + e.byteLength, 0)) / values;
}

export { bitsPerWeight };
