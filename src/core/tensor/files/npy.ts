// .npy (NumPy format spec, versions 1.0–3.0): magic, version, header length, a Python-literal dict
// with descr / fortran_order / shape, then the data. Validated before anything is read.
import { dtypeFromName, ITEM_SIZE, type Dtype } from '../dtypes';
import { elementCount, TensorFileError, type TensorEntry } from './byteSource';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyHeader {
  readonly dtype: Dtype;
  readonly littleEndian: boolean;
  readonly order: 'C' | 'F';
  readonly shape: number[];
  /** Bytes before the data. */
  readonly dataOffset: number;
}

/** Bytes needed to read any header: the preamble says how long the rest is. */
export const NPY_PREAMBLE = 12;

/** Header length from the first bytes (≥ 12), validating the magic and version. */
export function npyHeaderLength(bytes: Uint8Array, what: string): { version: number; dataOffset: number } {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new TensorFileError(`${what} is not a .npy file (it does not start with \\x93NUMPY)`);
  const major = bytes[6] as number;
  const minor = bytes[7] as number;
  if (minor !== 0 && major >= 1 && major <= 3) throw new TensorFileError(`${what}: .npy format version ${major}.${minor} is not one of 1.0, 2.0, 3.0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) return { version: 1, dataOffset: 10 + view.getUint16(8, true) };
  if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new TensorFileError(`${what}: truncated .npy header`);
    return { version: major, dataOffset: 12 + view.getUint32(8, true) };
  }
  throw new TensorFileError(`${what}: .npy format version ${major}.${bytes[7]} is not one of 1.0, 2.0, 3.0`);
}

function descrToDtype(descr: string, what: string): { dtype: Dtype; littleEndian: boolean } {
  const m = /^([<>|=]?)([a-zA-Z])(\d+)$/.exec(descr);
  if (!m) throw new TensorFileError(`${what}: dtype '${descr}' is not supported (structured, string and object arrays are not tensors)`);
  const [, order, kind, size] = m as unknown as [string, string, string, string];
  const names: Record<string, string> = { f8: 'float64', f4: 'float32', f2: 'float16', i8: 'int64', i4: 'int32', i2: 'int16', i1: 'int8', u8: 'uint64', u4: 'uint32', u2: 'uint16', u1: 'uint8', b1: 'bool' };
  const name = names[`${kind}${size}`];
  if (!name) {
    const hint = kind === 'c' ? 'complex values are not supported' : kind === 'V' ? 'raw void data (ml_dtypes bfloat16/fp8 saves this way): save as float32 or use .safetensors' : kind === 'U' || kind === 'S' ? 'strings are not tensors' : 'unknown type';
    throw new TensorFileError(`${what}: dtype '${descr}': ${hint}`);
  }
  return { dtype: dtypeFromName(name) as Dtype, littleEndian: order !== '>' };
}

/** Parses and validates the header dict; `fileSize` bounds the data. */
export function parseNpyHeader(bytes: Uint8Array, fileSize: number, what: string): NpyHeader {
  const { version, dataOffset } = npyHeaderLength(bytes, what);
  if (dataOffset > fileSize) throw new TensorFileError(`${what}: the header claims ${dataOffset.toLocaleString('en-US')} bytes but the file has ${fileSize.toLocaleString('en-US')}`);
  if (bytes.length < dataOffset) throw new TensorFileError(`${what}: truncated .npy header`);
  const start = version === 1 ? 10 : 12;
  const raw = bytes.subarray(start, dataOffset);
  const text = version === 3 ? new TextDecoder('utf-8', { fatal: false }).decode(raw) : String.fromCharCode(...raw.subarray(0, Math.min(raw.length, 65_536)));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (/['"]descr['"]\s*:\s*\[/.test(text)) throw new TensorFileError(`${what}: structured arrays (a list as descr) are not tensors`);
  // numpy requires exactly these three keys (numpy.lib.format._read_array_header).
  const keys = [...text.matchAll(/['"](\w+)['"]\s*:/g)].map((m) => m[1] as string);
  const extra = keys.filter((k) => !['descr', 'fortran_order', 'shape'].includes(k));
  if (extra.length) throw new TensorFileError(`${what}: the .npy header dict has unexpected key${extra.length === 1 ? '' : 's'} ${extra.map((k) => `'${k}'`).join(', ')} (numpy writes exactly descr, fortran_order, shape)`);
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new TensorFileError(`${what}: the .npy header dict lacks ${[descr === undefined && "'descr'", fortran === undefined && "'fortran_order'", shapeText === undefined && "'shape'"].filter(Boolean).join(', ')}`);
  const shape = shapeText
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => {
      if (!/^\d+L?$/.test(x)) throw new TensorFileError(`${what}: shape entry '${x}' is not a whole number`);
      return Number(x.replace(/L$/, ''));
    });
  const { dtype, littleEndian } = descrToDtype(descr, what);
  return { dtype, littleEndian, order: fortran === 'True' ? 'F' : 'C', shape, dataOffset };
}

/** The .npy array as a tensor entry; its data must fit in the file. */
export function npyEntry(header: NpyHeader, fileSize: number, what: string, name: string | null = null): TensorEntry {
  const count = elementCount(header.shape, what);
  const byteLength = count * ITEM_SIZE[header.dtype];
  const available = fileSize - header.dataOffset;
  if (byteLength > available) throw new TensorFileError(`${what}: truncated: shape [${header.shape.join(', ')}] × ${header.dtype} needs ${byteLength.toLocaleString('en-US')} bytes of data, the file has ${available.toLocaleString('en-US')}`);
  return { name, dtype: header.dtype, shape: header.shape, count, byteLength, littleEndian: header.littleEndian, order: header.order, location: { kind: 'raw', offset: header.dataOffset } };
}
