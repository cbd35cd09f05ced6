// The block scans in WebAssembly (src/core/tensor/wasm/*.c, decision 0027) against the values
// themselves: blocks made to reach every rare case (zero scales, with mins for Q4_K, negative,
// fp16-subnormal and huge scales) are dequantized one value at a time (Q4_K by q4kValueAt, Q8_0
// and Q6_K by ggml.ts's decoders, all checked value by value against gguf-py in ggufScan.test.ts
// and gguf.test.ts) and counted directly; a scan must give the same counts, extremes and range counts
// exactly, and the same sums, row and column means to rounding, whether it takes four whole rows at
// a time, single blocks (chunks that split rows) or a 1-D tensor. Each committed module must also be
// the one built from the committed source.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { accumulatorFor } from '../../../src/core/tensor/accumulate';
import { q4kValueAt, q6kValueAt, q80ValueAt } from '../../../src/core/tensor/blockScan';
import { memorySource, type TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { ggmlTypeByName } from '../../../src/core/tensor/files/ggml';
import { accumulateRange } from '../../../src/core/tensor/files/stream';
import { countRanges, emptyRanges } from '../../../src/core/tensor/ranges';
import { Q4K_SCAN_SOURCE_SHA256 } from '../../../src/core/tensor/wasm/q4kScanWasm';
import { Q6K_SCAN_SOURCE_SHA256 } from '../../../src/core/tensor/wasm/q6kScanWasm';
import { Q80_SCAN_SOURCE_SHA256 } from '../../../src/core/tensor/wasm/q80ScanWasm';

/** Q4_K's fp16 scales (d, dmin) cycled over the blocks: ordinary, negative, subnormal, zero and huge. */
const Q4K_SCALES: [number, number][] = [
  [0x181a, 0x181a], // ≈ 0.002 both (the bench's)
  [0x981a, 0x1400], // d < 0
  [0x0001, 0x0003], // subnormal d and dmin: values below fp16's normal range and its smallest subnormal
  [0x0000, 0x2000], // d = 0: every value −dmin·m
  [0x1c00, 0x0000], // dmin = 0: q = 0 gives zeros
  [0x5bff, 0x1000], // d ≈ 256: values past 448, 57344 and 65504
  [0x3c00, 0x3c00], // d = dmin = 1: values around ln 65520 and ln fp32 max
  [0x2e66, 0x3266], // ≈ 0.1, 0.2
];

/** Q8_0's fp16 scales: ordinary, zero, subnormal, below e4m3's smallest, 1, huge, negative. */
const Q80_SCALES = [0x1c00, 0x0000, 0x0001, 0x1400, 0x3c00, 0x7bff, 0x9c00, 0x2e66];

interface BlockType {
  readonly name: string;
  readonly blockBytes: number;
  readonly blockValues: number;
  /** Random blocks with the scales of block k set. */
  readonly blocks: (count: number, seed: number) => Uint8Array;
  /** All values, dequantized one at a time by the reference. */
  readonly values: (bytes: Uint8Array, count: number) => Float64Array;
  /** What the sample reads: value i, by blockScan.ts. */
  readonly valueAt: (bytes: Uint8Array, i: number) => number;
  /** Shapes for the four-row path, for chunks of `split` blocks that split rows, and a 1-D one. */
  readonly shapes: { readonly quad: number[]; readonly rows: number[]; readonly split: number; readonly flat: number[] };
}

function randomBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < b.length; i++) b[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
  return b;
}

/** Random blocks whose fp16 scale at byte `at` of block k is scales[k mod n]. */
function withScales(count: number, seed: number, blockBytes: number, at: number, scales: readonly number[]): Uint8Array {
  const b = randomBytes(count * blockBytes, seed);
  for (let k = 0; k < count; k++) {
    const d = scales[k % scales.length] as number;
    b[k * blockBytes + at] = d & 255;
    b[k * blockBytes + at + 1] = d >> 8;
  }
  return b;
}

const Q4_K: BlockType = {
  name: 'Q4_K',
  blockBytes: 144,
  blockValues: 256,
  blocks(count, seed) {
    const b = randomBytes(count * 144, seed);
    for (let k = 0; k < count; k++) {
      const [d, dmin] = Q4K_SCALES[k % Q4K_SCALES.length] as [number, number];
      const o = k * 144;
      b[o] = d & 255;
      b[o + 1] = d >> 8;
      b[o + 2] = dmin & 255;
      b[o + 3] = dmin >> 8;
      if (k % 5 === 3) b.fill(0, o + 4, o + 8); // four sub-blocks with scale 0 (and their mins kept)
    }
    return b;
  },
  values: (bytes, count) => Float64Array.from({ length: count }, (_, i) => q4kValueAt(bytes, i)),
  valueAt: q4kValueAt,
  shapes: { quad: [16, 512], rows: [12, 768], split: 3, flat: [40 * 256] },
};

const Q8_0: BlockType = {
  name: 'Q8_0',
  blockBytes: 34,
  blockValues: 32,
  blocks(count, seed) {
    const b = withScales(count, seed, 34, 0, Q80_SCALES);
    for (let k = 2; k < count; k += 7) b.fill(0, k * 34 + 2, k * 34 + 12); // ten zero codes
    return b;
  },
  values(bytes, count) {
    const out = new Float64Array(count);
    ggmlTypeByName('Q8_0')?.decode?.(bytes, count / 32, out);
    return out;
  },
  valueAt: q80ValueAt,
  shapes: { quad: [64, 96], rows: [40, 64], split: 5, flat: [160 * 32] },
};

/** Q6_K's fp16 d: ordinary, zero, subnormal, tiny, 1, huge, negative (its int8 scales are random). */
const Q6K_SCALES = [0x1c00, 0x0000, 0x0001, 0x0c00, 0x3c00, 0x7bff, 0x9c00, 0x2000];

const Q6_K: BlockType = {
  name: 'Q6_K',
  blockBytes: 210,
  blockValues: 256,
  blocks(count, seed) {
    const b = withScales(count, seed, 210, 208, Q6K_SCALES);
    for (let k = 2; k < count; k += 5) b.fill(0, k * 210 + 192, k * 210 + 196); // four sub-blocks with scale 0
    return b;
  },
  values(bytes, count) {
    const out = new Float64Array(count);
    ggmlTypeByName('Q6_K')?.decode?.(bytes, count / 256, out);
    return out;
  },
  valueAt: q6kValueAt,
  shapes: { quad: [16, 512], rows: [12, 768], split: 3, flat: [40 * 256] },
};

const entryOf = (type: BlockType, shape: number[], bytes: Uint8Array): TensorEntry => ({ name: 'w', dtype: 'float32', shape, count: shape.reduce((a, c) => a * c, 1), byteLength: bytes.length, littleEndian: true, order: 'C', location: { kind: 'raw', offset: 0 }, storage: { name: type.name, blockValues: type.blockValues, blockBytes: type.blockBytes } });
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

async function check(type: BlockType, shape: number[], chunkBytes: number): Promise<void> {
  const count = shape.reduce((a, c) => a * c, 1);
  const bytes = type.blocks(count / type.blockValues, 7 + count);
  const values = type.values(bytes, count);
  const acc = accumulatorFor('float64', shape, { keepElements: 0, softmax: false, sampleRows: false, sampleSize: 64 });
  let scanned = 0;
  const inner = acc.pushScanned?.bind(acc);
  assert.ok(inner);
  acc.pushScanned = (length, fill, valueAt) => {
    const ok = inner(length, fill, valueAt);
    if (ok) scanned++;
    return ok;
  };
  await accumulateRange(memorySource(bytes), entryOf(type, shape, bytes), acc, 0, count, { chunkBytes });
  assert.ok(scanned > 0, 'the scanned path ran');
  const s = acc.finish();
  const ranges = emptyRanges();
  let zeros = 0;
  let sum = 0;
  let sq = 0;
  for (const x of values) {
    if (x === 0) zeros++;
    countRanges(ranges, x, 1);
    sum += x;
    sq += x * x;
  }
  assert.equal(s.count, count);
  assert.equal(s.zeros, zeros);
  assert.equal(s.min, Math.min(...values));
  assert.equal(s.max, Math.max(...values));
  assert.deepEqual(s.ranges, ranges);
  // Every rare case but fp16's underflow: a Q4_K or Q8_0 value is a multiple of 2⁻²⁴ (fp16 scales
  // times integers), so none lies strictly between 0 and fp16's smallest subnormal.
  for (const [k, v] of Object.entries(ranges)) if (k !== 'fp16Underflow') assert.ok(v > 0, `the blocks reach ${k}`);
  close(s.mean * s.finite, sum, 'sum');
  close(s.m2 + s.mean * s.mean * s.finite, sq, 'sum of squares');
  if (shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    for (let r = 0; r < rows; r++) close(s.rows?.mean[r] as number, values.subarray(r * cols, (r + 1) * cols).reduce((a, x) => a + x, 0) / cols, `row ${r} mean`);
    for (let c = 0; c < cols; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m += values[r * cols + c] as number;
      close(s.cols?.mean[c] as number, m / rows, `column ${c} mean`);
    }
  }
}

for (const type of [Q4_K, Q8_0, Q6_K]) {
  const { quad, rows, split, flat } = type.shapes;
  describe(`the ${type.name} kernel (WebAssembly) against the dequantized values`, () => {
    it(`four whole rows at a time (${JSON.stringify(quad)}, 1 MiB chunks)`, () => check(type, quad, 1 << 20));
    it(`single blocks: chunks of ${split} blocks split the rows (${JSON.stringify(rows)})`, () => check(type, rows, split * type.blockBytes));
    it('a 1-D tensor (no rows or columns)', () => check(type, flat, 1 << 20));
    it("single values (the sample's) equal the reference's", () => {
      const bytes = type.blocks(16, 5);
      const values = type.values(bytes, 16 * type.blockValues);
      values.forEach((v, i) => assert.ok(Object.is(type.valueAt(bytes, i), v), `value ${i}`));
    });
  });
}

describe('the committed modules are built from the committed sources (else run scripts/build-wasm.mjs)', () => {
  // The hash scripts/build-wasm.mjs records: the kernel's source, then every header, by name.
  const folder = join(__dirname, '../../../src/core/tensor/wasm');
  const headers = readdirSync(folder)
    .filter((f) => f.endsWith('.h'))
    .sort();
  for (const [file, recorded] of [['q4kScan.c', Q4K_SCAN_SOURCE_SHA256], ['q80Scan.c', Q80_SCAN_SOURCE_SHA256], ['q6kScan.c', Q6K_SCAN_SOURCE_SHA256]] as const) {
    it(file, () => {
      const hash = createHash('sha256').update(readFileSync(join(folder, file)));
      for (const h of headers) hash.update(readFileSync(join(folder, h)));
      assert.equal(hash.digest('hex'), recorded);
    });
  }
});
