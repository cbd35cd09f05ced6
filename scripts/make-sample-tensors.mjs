// Writes the binary sample tensors in samples/tensors (run once; the outputs are committed).
// Values are deterministic so the tensor checks have known answers.
import { writeFileSync, mkdirSync } from 'node:fs';

const dir = new URL('../samples/tensors/', import.meta.url);
mkdirSync(dir, { recursive: true });

// A small deterministic PRNG (mulberry32) and Box–Muller normals.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normals(count, std, seed) {
  const u = rng(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = std * Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
  return out;
}

function npy(descr, shape, bytes) {
  const header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  const padded = header + ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(padded.length, 8);
  return Buffer.concat([pre, Buffer.from(padded, 'latin1'), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
}

// 64×64 weight with std 0.125 = 1/√64 (healthy init for fan_in 64), with one NaN and one 70000.
const weight = normals(64 * 64, 0.125, 1);
weight[5] = NaN;
weight[100] = 70000;
writeFileSync(new URL('weight_with_nan.npy', dir), npy('<f4', [64, 64], weight));

// Attention logits 4×8: row 0 saturated (one large logit), the others moderate.
const logits = normals(4 * 8, 1, 2);
logits[3] = 40;
writeFileSync(new URL('attention_logits.npy', dir), npy('<f4', [4, 8], logits));

// safetensors: header JSON (u64 little-endian length) + data, tensors in order.
function safetensors(tensors, metadata) {
  const header = { __metadata__: metadata };
  let offset = 0;
  const parts = [];
  for (const [name, { dtype, shape, data }] of Object.entries(tensors)) {
    const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype, shape, data_offsets: [offset, offset + buf.length] };
    offset += buf.length;
    parts.push(buf);
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, Buffer.from(json, 'utf8'), ...parts]);
}
function toBf16(f32) {
  const u32 = new Uint32Array(f32.buffer.slice(0));
  const out = new Uint16Array(f32.length);
  for (let i = 0; i < f32.length; i++) {
    const x = u32[i];
    out[i] = (x + 0x7fff + ((x >>> 16) & 1)) >>> 16; // round to nearest even
  }
  return out;
}
writeFileSync(
  new URL('tiny_model.safetensors', dir),
  safetensors(
    {
      'embed.weight': { dtype: 'BF16', shape: [32, 16], data: toBf16(normals(32 * 16, 0.02, 3)) },
      'layer0.q_proj.weight': { dtype: 'F32', shape: [16, 16], data: normals(16 * 16, 0.25, 4) },
      'layer0.k_proj.weight': { dtype: 'F32', shape: [16, 16], data: normals(16 * 16, 1.0, 5) },
    },
    { format: 'pt', note: 'Model Math sample: k_proj std is 4x the 1/sqrt(fan_in) rule' },
  ),
);
console.log('wrote samples/tensors/*.npy and tiny_model.safetensors');
