// Random-access bytes: a file (src/node/fileSource.ts) or memory (tests, small uploads). Readers
// only ever ask for what they need, so a 10 GB checkpoint is never loaded whole.
import type { Dtype } from '../dtypes';

export interface ByteSource {
  readonly name: string;
  readonly size: number;
  /**
   * Exactly `length` bytes from `offset` (callers stay within size). With `into` (at least `length`
   * long) a source may fill it and return a view of it instead of allocating: streaming reuses one
   * buffer for every chunk rather than leaving a chunk of garbage behind per read.
   */
  read(offset: number, length: number, into?: Uint8Array): Promise<Uint8Array>;
}

export function memorySource(bytes: Uint8Array, name = 'memory'): ByteSource {
  return {
    name,
    size: bytes.byteLength,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
}

export class TensorFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TensorFileError';
  }
}

/** Where a tensor's bytes are and how to read them. */
export interface TensorEntry {
  /** null for a lone .npy array. */
  readonly name: string | null;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** Elements (product of the shape). */
  readonly count: number;
  readonly byteLength: number;
  readonly littleEndian: boolean;
  readonly order: 'C' | 'F';
  /** Where the data is: raw bytes at an offset, or a deflated zip member. */
  readonly location: { readonly kind: 'raw'; readonly offset: number } | { readonly kind: 'deflate'; readonly offset: number; readonly compressedSize: number; readonly skip: number };
  /** The file holding it (sharded checkpoints). */
  readonly file?: string;
  /**
   * How the file stores it when that is not a plain numpy dtype: a block-quantized GGUF type (then
   * `dtype` is what the values dequantize to, float32, and `byteLength` counts whole blocks).
   */
  readonly storage?: { readonly name: string; readonly blockValues: number; readonly blockBytes: number };
  /** Element strides and offset of a non-contiguous view (PyTorch checkpoints); data is read by gathering. */
  readonly view?: { readonly strides: readonly number[]; readonly storageBytes: number };
  /** The first tensor that uses the same storage (tied weights, views of one buffer). */
  readonly sharedWith?: string;
}

/** Product of a shape, refusing sizes beyond exact integers. */
export function elementCount(shape: readonly number[], what: string): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new TensorFileError(`${what}: dimension ${d} is not a non-negative whole number`);
    n *= d;
    if (!Number.isSafeInteger(n)) throw new TensorFileError(`${what}: shape [${shape.join(', ')}] has more elements than can be counted exactly`);
  }
  return n;
}
