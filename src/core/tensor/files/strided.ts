// The bytes of a non-contiguous view (a PyTorch tensor saved as x.t() or x[:, ::2]) in logical C
// order, gathered from its storage through a small block cache, so row statistics see rows.
import { ITEM_SIZE } from '../dtypes';
import type { ByteSource, TensorEntry } from './byteSource';

const BLOCK = 1 << 20;
const MAX_BLOCKS = 32;
/** Storages up to this size are read in one go. */
const WHOLE = 64 << 20;

export async function* stridedChunks(src: ByteSource, entry: TensorEntry, chunk: number): AsyncGenerator<Uint8Array> {
  const view = entry.view;
  if (!view || entry.location.kind !== 'raw') throw new Error('stridedChunks: not a raw strided view');
  const item = ITEM_SIZE[entry.dtype];
  const base = entry.location.offset;
  const shape = entry.shape;
  const strides = view.strides;
  const span = view.storageBytes;
  const whole = span <= WHOLE ? await src.read(base, span) : undefined;
  const cache = new Map<number, Uint8Array>();
  const block = async (i: number): Promise<Uint8Array> => {
    let b = cache.get(i);
    if (!b) {
      if (cache.size >= MAX_BLOCKS) cache.delete(cache.keys().next().value as number);
      b = (await src.read(base + i * BLOCK, Math.min(BLOCK, span - i * BLOCK))).slice();
      cache.set(i, b);
    }
    return b;
  };
  const out = new Uint8Array(Math.max(item, Math.floor(chunk / item) * item));
  let fill = 0;
  const index = new Array<number>(shape.length).fill(0);
  for (let n = 0; n < entry.count; n++) {
    let el = 0;
    for (let d = 0; d < shape.length; d++) el += (index[d] as number) * (strides[d] as number);
    const at = el * item;
    if (whole) out.set(whole.subarray(at, at + item), fill);
    else {
      const b = await block(Math.floor(at / BLOCK));
      const o = at % BLOCK;
      out.set(b.subarray(o, o + item), fill);
    }
    fill += item;
    if (fill === out.length) {
      yield out;
      fill = 0;
    }
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  if (fill > 0) yield out.subarray(0, fill);
}
