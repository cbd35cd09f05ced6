/* global process, performance, Buffer */
// The minimal one-pass JavaScript loop the issue measures against: read the tensor's bytes in
// 4 MiB chunks, decode each chunk into a Float32Array view (bf16: the top half of a float32), then
// one loop of sum, sum of squares, min and max. No checks, no percentiles, no rows. Prints ms.
import { closeSync, openSync, readSync } from 'node:fs';

const [path, dtype] = process.argv.slice(2);
const t = performance.now();
const fd = openSync(path, 'r');
const head = Buffer.alloc(8);
readSync(fd, head, 0, 8, 0);
const headerLength = Number(head.readBigUInt64LE(0));
const header = Buffer.alloc(headerLength);
readSync(fd, header, 0, headerLength, 8);
const meta = Object.values(JSON.parse(header.toString('utf8'))).find((e) => e && e.dtype);
const [begin, end] = meta.data_offsets;
const CHUNK = 4 << 20;
const raw = new Uint8Array(CHUNK);
const wide = new Uint32Array(CHUNK / 2);
const asFloat = new Float32Array(wide.buffer);
let sum = 0;
let sq = 0;
let min = Infinity;
let max = -Infinity;
for (let at = begin; at < end; at += CHUNK) {
  const n = readSync(fd, raw, 0, Math.min(CHUNK, end - at), 8 + headerLength + at);
  let f;
  let count;
  if (dtype === 'bf16') {
    const u = new Uint16Array(raw.buffer, 0, n / 2);
    count = u.length;
    for (let i = 0; i < count; i++) wide[i] = u[i] << 16;
    f = asFloat;
  } else {
    f = new Float32Array(raw.buffer, 0, n / 4);
    count = f.length;
  }
  for (let i = 0; i < count; i++) {
    const x = f[i];
    sum += x;
    sq += x * x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
}
closeSync(fd);
const ms = performance.now() - t;
process.stdout.write(JSON.stringify({ ms, check: [sum, sq, min, max] }));
