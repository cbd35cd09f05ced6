// .npz: a zip of .npy members (np.savez stores them, np.savez_compressed deflates them). The
// central directory (with zip64 sizes) is read here; fflate does the inflating. Each member's
// .npy header is read from its first bytes, so the tensor table needs no full decompression.
import { Inflate } from 'fflate';
import { elementCount, TensorFileError, type ByteSource, type TensorEntry } from './byteSource';
import { NPY_PREAMBLE, npyEntry, npyHeaderLength, parseNpyHeader } from './npy';
import { ITEM_SIZE } from '../dtypes';

export interface ZipMember {
  readonly name: string;
  readonly method: number;
  /** CRC-32 of the uncompressed member, from the central directory. */
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

const u16 = (v: DataView, o: number) => v.getUint16(o, true);
const u32 = (v: DataView, o: number) => v.getUint32(o, true);
const u64 = (v: DataView, o: number) => Number(v.getBigUint64(o, true));

/** The members of a zip archive (zip64 aware) from its central directory. */
export async function centralDirectory(src: ByteSource): Promise<ZipMember[]> {
  const what = src.name;
  const tailLength = Math.min(src.size, 22 + 65_535 + 20);
  const tail = await src.read(src.size - tailLength, tailLength);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (u32(tv, i) === 0x06054b50) {
    eocd = i;
    break;
  }
  if (eocd === -1) throw new TensorFileError(`${what} is not a zip (.npz) file: no end-of-central-directory record`);
  let entries = u16(tv, eocd + 10);
  let cdSize = u32(tv, eocd + 12);
  let cdOffset = u32(tv, eocd + 16);
  // zip64: the locator sits just before the EOCD.
  if ((entries === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20 && u32(tv, eocd - 20) === 0x07064b50) {
    const recOffset = u64(tv, eocd - 20 + 8);
    if (recOffset + 56 > src.size) throw new TensorFileError(`${what}: broken zip64 record`);
    const rec = await src.read(recOffset, 56);
    const rv = new DataView(rec.buffer, rec.byteOffset, 56);
    if (u32(rv, 0) !== 0x06064b50) throw new TensorFileError(`${what}: broken zip64 record`);
    entries = u64(rv, 32);
    cdSize = u64(rv, 40);
    cdOffset = u64(rv, 48);
  }
  if (cdOffset + cdSize > src.size || entries > 1_000_000) throw new TensorFileError(`${what}: the zip central directory lies outside the file`);
  const cd = await src.read(cdOffset, cdSize);
  const v = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  const members: ZipMember[] = [];
  let p = 0;
  for (let k = 0; k < entries; k++) {
    if (p + 46 > cd.length || u32(v, p) !== 0x02014b50) throw new TensorFileError(`${what}: corrupt zip central directory (entry ${k + 1})`);
    const method = u16(v, p + 10);
    const crc = u32(v, p + 16);
    let compressedSize = u32(v, p + 20);
    let size = u32(v, p + 24);
    const nameLength = u16(v, p + 28);
    const extraLength = u16(v, p + 30);
    const commentLength = u16(v, p + 32);
    let localOffset = u32(v, p + 42);
    const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength));
    // zip64 extended information (header id 1): the 0xffffffff fields, in order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    if (extraEnd + commentLength > cd.length) throw new TensorFileError(`${what}: corrupt zip central directory (entry ${k + 1} runs past it)`);
    while (e + 4 <= extraEnd) {
      const id = u16(v, e);
      const len = u16(v, e + 2);
      if (id === 1) {
        let q = e + 4;
        const next = () => {
          if (q + 8 > e + 4 + len || q + 8 > extraEnd) throw new TensorFileError(`${what}: corrupt zip64 field in the central directory (entry ${k + 1})`);
          q += 8;
          return u64(v, q - 8);
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    members.push({ name, method, crc, compressedSize, size, localOffset });
    p = extraEnd + commentLength;
  }
  return members;
}

/** Inflates the first `want` bytes of a deflated member. */
async function inflatePrefix(src: ByteSource, offset: number, compressedSize: number, want: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let have = 0;
  const inflater = new Inflate((chunk) => {
    parts.push(chunk);
    have += chunk.length;
  });
  for (let at = 0; at < compressedSize && have < want; at += 65_536) {
    const len = Math.min(65_536, compressedSize - at);
    inflater.push(await src.read(offset + at, len), at + len >= compressedSize);
  }
  const out = new Uint8Array(Math.min(have, Math.max(want, 0)));
  let k = 0;
  for (const part of parts) {
    const take = Math.min(part.length, out.length - k);
    out.set(part.subarray(0, take), k);
    k += take;
    if (k >= out.length) break;
  }
  return out;
}

/** Where a member's (stored or deflated) bytes begin, after its local header. */
export async function memberDataOffset(src: ByteSource, m: ZipMember, what: string): Promise<number> {
  if (m.localOffset + 30 > src.size) throw new TensorFileError(`${what}: its local header lies outside the file`);
  const local = await src.read(m.localOffset, 30);
  const lv = new DataView(local.buffer, local.byteOffset, 30);
  if (u32(lv, 0) !== 0x04034b50) throw new TensorFileError(`${what}: corrupt local header`);
  const dataStart = m.localOffset + 30 + u16(lv, 26) + u16(lv, 28);
  if (dataStart + m.compressedSize > src.size) throw new TensorFileError(`${what}: its data runs past the end of the file`);
  return dataStart;
}

let crcTable: Int32Array | undefined;
/** CRC-32 (zip's polynomial 0xEDB88320) of `bytes`, continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = (crcTable[(c ^ (bytes[i] as number)) & 255] as number) ^ (c >>> 8);
  return ~c >>> 0;
}

/** Members up to this size (uncompressed) have their CRC-32 checked when the file is opened, as numpy's zipfile does when it reads them. */
export const NPZ_CRC_CHECK_BYTES = 256 * 2 ** 20;

/** Reads a member whole, in pieces, and compares its CRC-32 with the central directory's. */
async function checkCrc(src: ByteSource, m: ZipMember, dataStart: number, what: string): Promise<void> {
  let crc = 0;
  if (m.method === 0) {
    for (let at = 0; at < m.size; at += 4 << 20) crc = crc32(await src.read(dataStart + at, Math.min(4 << 20, m.size - at)), crc);
  } else {
    let failed: unknown;
    const inflater = new Inflate((chunk) => {
      crc = crc32(chunk, crc);
    });
    try {
      for (let at = 0; at < m.compressedSize; at += 1 << 20) {
        const len = Math.min(1 << 20, m.compressedSize - at);
        inflater.push(await src.read(dataStart + at, len), at + len >= m.compressedSize);
      }
    } catch (err) {
      failed = err;
    }
    if (failed) throw new TensorFileError(`${what}: the deflated data is corrupt (${failed instanceof Error ? failed.message : String(failed)})`);
  }
  if (crc !== m.crc) throw new TensorFileError(`${what}: CRC-32 mismatch (the zip says ${m.crc.toString(16).padStart(8, '0')}, the data gives ${crc.toString(16).padStart(8, '0')}): the file is corrupt; numpy refuses it too (BadZipFile)`);
}

export async function readNpzEntries(src: ByteSource, notes?: string[]): Promise<TensorEntry[]> {
  const members = await centralDirectory(src);
  const entries: TensorEntry[] = [];
  for (const m of members) {
    if (m.name.endsWith('/')) continue;
    const name = m.name.replace(/\.npy$/, '');
    const what = `${src.name}: member '${m.name}'`;
    if (m.method !== 0 && m.method !== 8) throw new TensorFileError(`${what}: compression method ${m.method} is not stored (0) or deflate (8)`);
    const dataStart = await memberDataOffset(src, m, what);
    if (m.size <= NPZ_CRC_CHECK_BYTES) await checkCrc(src, m, dataStart, what);
    else notes?.push(`member '${m.name}' (${m.size.toLocaleString('en-US')} bytes) is larger than what is CRC-checked when the file opens; its CRC-32 is not verified`);
    if (m.method === 0) {
      const pre = await src.read(dataStart, Math.min(NPY_PREAMBLE, m.size));
      const { dataOffset } = npyHeaderLength(pre, what);
      if (dataOffset > m.size) throw new TensorFileError(`${what}: the .npy header is longer than the member`);
      const head = await src.read(dataStart, dataOffset);
      const header = parseNpyHeader(head, m.size, what);
      const entry = npyEntry(header, m.size, what, name);
      entries.push({ ...entry, location: { kind: 'raw', offset: dataStart + header.dataOffset } });
    } else {
      const pre = await inflatePrefix(src, dataStart, m.compressedSize, NPY_PREAMBLE);
      const { dataOffset } = npyHeaderLength(pre, what);
      if (dataOffset > 1_000_000) throw new TensorFileError(`${what}: the .npy header claims ${dataOffset.toLocaleString('en-US')} bytes`);
      const head = await inflatePrefix(src, dataStart, m.compressedSize, dataOffset);
      const header = parseNpyHeader(head, m.size, what);
      const count = elementCount(header.shape, what);
      const byteLength = count * ITEM_SIZE[header.dtype];
      if (header.dataOffset + byteLength > m.size) throw new TensorFileError(`${what}: truncated: the data needs ${byteLength.toLocaleString('en-US')} bytes, the member holds ${(m.size - header.dataOffset).toLocaleString('en-US')}`);
      entries.push({ name, dtype: header.dtype, shape: header.shape, count, byteLength, littleEndian: header.littleEndian, order: header.order, location: { kind: 'deflate', offset: dataStart, compressedSize: m.compressedSize, skip: header.dataOffset } });
    }
  }
  return entries;
}
