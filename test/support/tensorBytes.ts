// Tensor files written byte by byte from their specs, for tests (no numpy needed).
import { zipSync } from 'fflate';

export function npyBytes(descr: string, shape: readonly number[], data: Uint8Array, o: { version?: 1 | 2 | 3; fortran?: boolean } = {}): Uint8Array {
  const version = o.version ?? 1;
  const dict = `{'descr': '${descr}', 'fortran_order': ${o.fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = version === 1 ? 10 : 12;
  const pad = (64 - ((pre + dict.length + 1) % 64)) % 64;
  const header = new TextEncoder().encode(dict + ' '.repeat(pad) + '\n');
  const out = new Uint8Array(pre + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, header.length, true);
  else v.setUint32(8, header.length, true);
  out.set(header, pre);
  out.set(data, pre + header.length);
  return out;
}

export function f32(values: readonly number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setFloat32(i * 4, x, littleEndian));
  return out;
}

export function f64(values: readonly number[], littleEndian = true): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setFloat64(i * 8, x, littleEndian));
  return out;
}

export function u16(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => v.setUint16(i * 2, x, true));
  return out;
}

export interface StTensor {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

export function safetensorsBytes(tensors: readonly StTensor[], metadata?: Record<string, string>, headerOverride?: string): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const t of tensors) {
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  const json = new TextEncoder().encode(headerOverride ?? JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}

/** .npz through fflate's zip writer: level 0 stores (np.savez), > 0 deflates (np.savez_compressed). */
export function npzBytes(members: Record<string, Uint8Array>, level: 0 | 6): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [name, data] of Object.entries(members)) files[`${name}.npy`] = [data, { level }];
  return zipSync(files);
}
