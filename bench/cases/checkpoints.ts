// Checkpoint benchmarks (issue #15): statistics of a GGUF Q4_K tensor and of a bf16 PyTorch .bin
// (legacy torch.save layout: pickles, then the raw storage) stream at least as fast as a bf16
// .safetensors of the same number of values (target ≤ 1×), each run in a fresh process
// (streamOnce.mjs: the built dist/cli-tensor.js, two threads), with the same memory bound as the
// safetensors run measured beside it (peak growth ≤ 1.25× the safetensors run's, and ≤ 0.25× the file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, type Row } from '../measure';

const ROWS = 16_384;
const COLS = 4096; // 64 Mi values

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);

/** bf16 values in 16 MiB pieces, appended to `path`. */
function appendBf16(path: string, count: number): void {
  const piece = new Uint16Array(8 << 20);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let written = 0; written < count; written += piece.length) {
    for (let i = 0; i < piece.length; i++) {
      f[0] = (rand() * 2 - 1) * 0.05;
      piece[i] = (u[0] as number) >>> 16;
    }
    writeFileSync(path, new Uint8Array(piece.buffer, 0, Math.min(piece.length, count - written) * 2), { flag: 'a' });
  }
}

function writeSafetensors(path: string): void {
  const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'BF16', shape: [ROWS, COLS], data_offsets: [0, ROWS * COLS * 2] } }));
  const pre = new Uint8Array(8 + header.length);
  new DataView(pre.buffer).setBigUint64(0, BigInt(header.length), true);
  pre.set(header, 8);
  writeFileSync(path, pre);
  appendBf16(path, ROWS * COLS);
}

/** GGUF v3 with one Q4_K tensor of random blocks (fp16 scales set to ~0.002). */
function writeGguf(path: string): void {
  const parts: number[] = [];
  const u32 = (v: number) => parts.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const u64 = (v: number) => (u32(v % 2 ** 32), u32(Math.floor(v / 2 ** 32)));
  const str = (s: string) => (u64(s.length), parts.push(...new TextEncoder().encode(s)));
  parts.push(...new TextEncoder().encode('GGUF'));
  u32(3);
  u64(1);
  u64(1);
  str('general.architecture');
  u32(8);
  str('llama');
  str('w');
  u32(2);
  u64(COLS);
  u64(ROWS);
  u32(12); // Q4_K
  u64(0);
  while (parts.length % 32) parts.push(0);
  writeFileSync(path, new Uint8Array(parts));
  const blocks = (ROWS * COLS) / 256;
  const chunk = new Uint8Array(144 * 8192);
  for (let b = 0; b < blocks; b += 8192) {
    const n = Math.min(8192, blocks - b);
    for (let i = 0; i < n * 144; i++) chunk[i] = (rand() * 256) | 0;
    for (let k = 0; k < n; k++) {
      chunk[k * 144] = 0x1a; // d ≈ 0.0020 (fp16 0x181a), dmin likewise
      chunk[k * 144 + 1] = 0x18;
      chunk[k * 144 + 2] = 0x1a;
      chunk[k * 144 + 3] = 0x18;
    }
    writeFileSync(path, chunk.subarray(0, n * 144), { flag: 'a' });
  }
}

/** A legacy torch.save of {'w': bf16 [ROWS, COLS]}: five pickles, then the storage's size and bytes. */
function writeTorchLegacy(path: string): void {
  const b: number[] = [];
  const utf = (s: string) => {
    const e = [...new TextEncoder().encode(s)];
    b.push(0x58, e.length & 255, (e.length >> 8) & 255, 0, 0, ...e);
  };
  const int = (v: number) => b.push(0x4a, v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const global = (m: string, n: string) => b.push(0x63, ...new TextEncoder().encode(`${m}\n${n}\n`));
  // magic 0x1950a86a20f9469cfc6c as LONG1, protocol 1001, sys_info {}
  b.push(0x80, 2, 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e);
  b.push(0x80, 2, 0x4d, 0xe9, 0x03, 0x2e);
  b.push(0x80, 2, 0x7d, 0x2e);
  const n = ROWS * COLS;
  b.push(0x80, 2);
  global('collections', 'OrderedDict');
  b.push(0x29, 0x52); // OrderedDict()
  utf('w');
  global('torch._utils', '_rebuild_tensor_v2');
  b.push(0x28); // args
  b.push(0x28);
  utf('storage');
  global('torch', 'BFloat16Storage');
  utf('0');
  utf('cpu');
  int(n);
  b.push(0x4e, 0x74, 0x51); // None, TUPLE, BINPERSID
  int(0);
  int(ROWS);
  int(COLS);
  b.push(0x86);
  int(COLS);
  int(1);
  b.push(0x86, 0x89);
  global('collections', 'OrderedDict');
  b.push(0x29, 0x52, 0x74, 0x52, 0x73, 0x2e); // OrderedDict(), TUPLE, REDUCE, SETITEM, STOP
  b.push(0x80, 2, 0x5d);
  utf('0');
  b.push(0x61, 0x2e); // ['0']
  const size = new Uint8Array(8);
  new DataView(size.buffer).setBigInt64(0, BigInt(n), true);
  writeFileSync(path, new Uint8Array([...b, ...size]));
  appendBf16(path, n);
}

/** One `modelmath tensor` run of `path` in a fresh process: its time and peak heap + array-buffer growth. */
function streamOnce(path: string): { ms: number; grown: number } {
  const r = spawnSync(process.execPath, [join(import.meta.dirname, 'streamOnce.mjs'), path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`streamOnce ${path} failed: ${r.stderr}`);
  const { ms, grownBytes } = JSON.parse(r.stdout) as { ms: number; grownBytes: number };
  return { ms, grown: grownBytes };
}

/**
 * A subject and the baseline in alternating pairs (baseline first, then the subject first, …), so
 * load on the machine hits both alike and neither always runs after the other: a run measured a
 * few per cent apart depending on which file ran just before it. Per-pair ratios, medians, peaks.
 */
function pairedRuns(subject: string, baseline: string, pairs = Number(process.env.BENCH_CHECKPOINT_RUNS ?? 15)): { subjectMs: number; baselineMs: number; ratios: number[]; subjectGrown: number; baselineGrown: number } {
  const s: number[] = [];
  const b: number[] = [];
  let subjectGrown = 0;
  let baselineGrown = 0;
  for (let k = 0; k < pairs; k++) {
    const first = k % 2 === 0 ? baseline : subject;
    const second = first === baseline ? subject : baseline;
    for (const path of [first, second]) {
      const run = streamOnce(path);
      if (path === subject) {
        s.push(run.ms);
        subjectGrown = Math.max(subjectGrown, run.grown);
      } else {
        b.push(run.ms);
        baselineGrown = Math.max(baselineGrown, run.grown);
      }
    }
  }
  return { subjectMs: median(s), baselineMs: median(b), ratios: s.map((t, i) => t / (b[i] as number)), subjectGrown, baselineGrown };
}

export function checkpointBenchmarks(): Row[] {
  const dir = join(tmpdir(), 'modelmath-bench');
  mkdirSync(dir, { recursive: true });
  const files = { safetensors: join(dir, 'ckpt-bf16.safetensors'), gguf: join(dir, 'ckpt-q4k.gguf'), torch: join(dir, 'ckpt-bf16-legacy.bin') };
  const fresh = (p: string, min: number) => !existsSync(p) || statSync(p).size < min;
  if (fresh(files.safetensors, ROWS * COLS * 2)) writeSafetensors(files.safetensors);
  if (fresh(files.gguf, (ROWS * COLS * 144) / 256)) writeGguf(files.gguf);
  if (fresh(files.torch, ROWS * COLS * 2)) writeTorchLegacy(files.torch);
  const rows: Row[] = [];
  for (const [what, path, label] of [['GGUF Q4_K', files.gguf, 'Q4_K statistics from the 4-bit codes (a 16-value table per sub-block, no dequantization) + the same statistics'], ['bf16 PyTorch .bin (legacy format)', files.torch, 'allowlist unpickler + streamed storage + the same statistics']] as const) {
    const size = statSync(path).size;
    const p = pairedRuns(path, files.safetensors);
    // The median of the per-pair ratios (the same load on both sides of a pair), as the tensor
    // rows do: the machine's speed drifts by tens of per cent over a minute.
    const ratio = median(p.ratios);
    const sorted = [...p.ratios].sort((a, b) => a - b);
    const rate = (ms: number) => ((64 * 2 ** 20) / (ms / 1000) / 1e6).toFixed(1);
    rows.push({ name: `${what} statistics (64 Mi values)`, subject: `\`modelmath tensor\` (fresh process): ${label}`, baseline: 'bf16 .safetensors of the same 64 Mi values, streamed the same way', subjectMs: p.subjectMs, baselineMs: p.baselineMs, ratio, target: '≤ 1×', met: ratio <= 1, note: `${rate(p.subjectMs)} M values/s against ${rate(p.baselineMs)} M; median of ${p.ratios.length} alternating pairs' ratios (range ${(sorted[0] as number).toFixed(2)}–${(sorted[sorted.length - 1] as number).toFixed(2)}×, slower in ${p.ratios.filter((r) => r > 1).length})` });
    const mib = p.subjectGrown / 2 ** 20;
    const baseMib = p.baselineGrown / 2 ** 20;
    rows.push({ name: `peak memory streaming the ${what} file (${(size / 2 ** 20).toFixed(0)} MiB)`, subject: 'heap + array-buffer growth during the analysis', baseline: 'the same growth streaming the bf16 .safetensors (128 MiB)', subjectMs: mib, baselineMs: baseMib, ratio: mib / baseMib, target: '≤ 1.25× safetensors and ≤ 0.25× the file', met: mib <= 1.25 * baseMib && mib <= 0.25 * (size / 2 ** 20), note: `${mib.toFixed(1)} MiB = ${(mib / (size / 2 ** 20)).toFixed(3)}× the file (values in the ms columns are MiB)` });
  }
  return rows;
}
