// Tensor benchmarks (issues #6, #16), each a ratio against baselines run side by side, in rounds
// (subject and baselines alternate, so load from other processes hits them alike); the spread is
// the range of the per-round ratios.
// - text: parse + full statistics of a 33 MB JSON array vs JSON.parse + one sum/sum-of-squares pass
//   (alternating pairs, GC before each run; BENCH_ONLY=text runs this row alone);
// - files (512 MiB bf16 and fp32 .safetensors): `modelmath tensor` (built bundle, fresh process)
//   vs the minimal one-pass JS loop (minimalLoop.mjs), numpy computing the same statistics (skipped
//   with a note when no Python with numpy is found) and `cat FILE > /dev/null` (read speed);
// - memory: peak growth while streaming, against the file size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzeText } from '../../src/core/tensor/analyzeText';
import { median, type Row } from '../measure';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const spread = (ratios: number[]) => `spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}× over ${ratios.length} rounds`;

/** A full collection between timed runs, so that neither side pays for the other's garbage. */
let gc: (() => void) | undefined;
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/**
 * Text: `pairs` alternating pairs after `warmup` unmeasured ones (the order flips every pair, so
 * neither side always runs first after the other), a full GC before each timed run; the ratio is
 * the median of the per-pair ratios, the spread their quartiles and range.
 */
export function textBenchmarks(pairs = Number(process.env.BENCH_TEXT_PAIRS ?? 15), warmup = 3): Row[] {
  const values = Array.from({ length: 1_500_000 }, (_, i) => Math.sin(i) * 1e-3 * (1 + (i % 7)));
  const text = JSON.stringify(values);
  const subjectSide = () => analyzeText(text).count;
  const baselineSide = () => {
    const a = JSON.parse(text) as number[];
    let sum = 0;
    let q = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      sum += x;
      q += x * x;
    }
    return sum + q;
  };
  // Wall time, and the process's CPU time (less disturbed by other processes on a loaded machine).
  const timed = (f: () => number): [number, number] => {
    collect();
    const c = process.cpuUsage();
    const t = performance.now();
    const r = f();
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(c);
    if (!Number.isFinite(r)) throw new Error('text bench: no result');
    return [ms, (cpu.user + cpu.system) / 1000];
  };
  const subject: number[] = [];
  const baseline: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let k = 0; k < warmup + pairs; k++) {
    let s: [number, number];
    let b: [number, number];
    if (k % 2 === 0) {
      s = timed(subjectSide);
      b = timed(baselineSide);
    } else {
      b = timed(baselineSide);
      s = timed(subjectSide);
    }
    if (k < warmup) continue;
    subject.push(s[0]);
    baseline.push(b[0]);
    ratios.push(s[0] / b[0]);
    cpuRatios.push(s[1] / b[1]);
  }
  const quartiles = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    const q = (f: number) => (sorted[Math.round(f * (sorted.length - 1))] as number).toFixed(2);
    return `quartiles ${q(0.25)}–${q(0.75)}×, range ${q(0)}–${q(1)}×`;
  };
  const ratio = median(ratios);
  const note = `${quartiles(ratios)} over ${ratios.length} alternating pairs (GC before each run); CPU time ${median(cpuRatios).toFixed(2)}× (${quartiles(cpuRatios)})`;
  return [{ name: `text tensor: parse + statistics (${(text.length / 1e6).toFixed(0)} MB JSON array)`, subject: 'analyzeText (scan into a Float64Array, moments, NaN/Inf, ranges, sample percentiles, checks)', baseline: 'JSON.parse + one sum/sum-of-squares pass', subjectMs: median(subject), baselineMs: median(baseline), ratio, target: '≤ 1.0×', met: ratio <= 1, note }];
}

/** A .safetensors of `count` values (uniform in ±0.05, as [count/4096, 4096]) written in pieces. */
function writeTensorFile(path: string, count: number, dtype: 'BF16' | 'F32'): void {
  const item = dtype === 'BF16' ? 2 : 4;
  const header = new TextEncoder().encode(JSON.stringify({ w: { dtype, shape: [count / 4096, 4096], data_offsets: [0, count * item] } }));
  const pre = new Uint8Array(8 + header.length);
  new DataView(pre.buffer).setBigUint64(0, BigInt(header.length), true);
  pre.set(header, 8);
  writeFileSync(path, pre);
  const piece = new Float32Array(8 << 20);
  const bits = new Uint32Array(piece.buffer);
  const half = new Uint16Array(piece.length);
  let seed = 1;
  for (let written = 0; written < count; written += piece.length) {
    const n = Math.min(piece.length, count - written);
    for (let i = 0; i < n; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      piece[i] = ((seed / 4294967296) * 2 - 1) * 0.05;
    }
    if (dtype === 'BF16') {
      for (let i = 0; i < n; i++) half[i] = (bits[i] as number) >>> 16;
      writeFileSync(path, new Uint8Array(half.buffer, 0, n * 2), { flag: 'a' });
    } else writeFileSync(path, new Uint8Array(piece.buffer, 0, n * 4), { flag: 'a' });
  }
}

const NUMPY = `
import json, struct, sys, time, numpy as np
path, dtype = sys.argv[1], sys.argv[2]
t = time.perf_counter()
with open(path, 'rb') as fh:
    n = struct.unpack('<Q', fh.read(8))[0]
    meta = json.loads(fh.read(n))['w']
    raw = np.fromfile(fh, dtype='<u2' if dtype == 'bf16' else '<f4')
x = (raw.astype(np.uint32) << 16).view(np.float32) if dtype == 'bf16' else raw
finite = np.isfinite(x)
nan = int(np.isnan(x).sum()); inf = int(np.isinf(x).sum())
v = x[finite] if nan + inf else x
mn, mx = float(v.min()), float(v.max()); mean = float(v.mean(dtype=np.float64)); std = float(v.std(dtype=np.float64))
a = np.abs(v); amax = float(a.max()); zeros = int((v == 0).sum())
over = int((a > 65504).sum()); under = int(((a > 0) & (a < 2**-24)).sum()); sub = int(((a >= 2**-24) & (a < 2**-14)).sum())
m = x.reshape(meta['shape'])  # per-row and per-column summaries, as Model Math reports them
rmean = m.mean(1, dtype=np.float64); rstd = m.std(1, dtype=np.float64); cmean = m.mean(0, dtype=np.float64); cstd = m.std(0, dtype=np.float64)
sample = np.random.default_rng(0).choice(v, 16384, replace=False)
p = np.percentile(sample, [0.1, 1, 5, 25, 50, 75, 95, 99, 99.9]); h = np.histogram(sample, 40)
print(time.perf_counter() - t)
`;

/** A Python with numpy: the reference venv, else the system's; undefined when neither has it. */
function findNumpy(): string | undefined {
  for (const py of ['/tmp/ref/bin/python', 'python3']) {
    const r = spawnSync(py, ['-c', 'import numpy'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return undefined;
}

function timed(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t;
}

function json<T>(cmd: string, args: string[]): T {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function fileRows(dtype: 'bf16' | 'fp32', python: string | undefined): Row[] {
  const dir = join(tmpdir(), 'modelmath-bench');
  mkdirSync(dir, { recursive: true });
  const bytes = 512 * 2 ** 20;
  const count = dtype === 'bf16' ? bytes / 2 : bytes / 4;
  const path = join(dir, `big-${dtype}-512.safetensors`);
  if (!existsSync(path) || statSync(path).size < bytes) writeTensorFile(path, count, dtype === 'bf16' ? 'BF16' : 'F32');
  const s: number[] = [];
  const loop: number[] = [];
  const cat: number[] = [];
  const np: number[] = [];
  let grown = 0;
  let rssGrown = 0;
  let exact = false;
  timed('cat', [path]); // page cache warm, as for every run below
  for (let round = 0; round < ROUNDS; round++) {
    cat.push(timed('sh', ['-c', `cat '${path}' > /dev/null`]));
    loop.push(json<{ ms: number }>(process.execPath, [join(import.meta.dirname, 'minimalLoop.mjs'), path, dtype]).ms);
    const r = json<{ ms: number; grownBytes: number; rssGrownBytes: number; report: { sampled_from: number | null } }>(process.execPath, [join(import.meta.dirname, 'streamOnce.mjs'), path]);
    s.push(r.ms);
    grown = Math.max(grown, r.grownBytes);
    rssGrown = Math.max(rssGrown, r.rssGrownBytes);
    exact = r.report.sampled_from === null;
    if (python) np.push(Number(spawnSync(python, ['-c', NUMPY, path, dtype], { encoding: 'utf8' }).stdout.trim()) * 1000);
  }
  const subjectMs = median(s);
  const per = (b: number[]) => s.map((x, i) => x / (b[i] as number));
  const rows: Row[] = [];
  const what = `${dtype} .safetensors statistics (512 MiB, ${count / 2 ** 20} Mi values)`;
  const subject = `\`modelmath tensor\` (fresh process, two threads): moments, ranges, rows/columns, ${exact ? 'exact percentiles and histogram (bit-pattern counts)' : 'sample percentiles'}, checks`;
  const loopRatios = per(loop);
  const loopTarget = dtype === 'bf16' ? 1 : 1.2;
  rows.push({ name: `${what} vs the minimal JS loop`, subject, baseline: 'one JS pass: 4 MiB reads, decode into a Float32Array view, sum, sum of squares, min, max', subjectMs, baselineMs: median(loop), ratio: median(loopRatios), target: `≤ ${loopTarget.toFixed(1)}×`, met: median(loopRatios) <= loopTarget, note: spread(loopRatios) });
  if (python) {
    const npRatios = per(np);
    const target = dtype === 'bf16' ? 0.3 : 1;
    rows.push({ name: `${what} vs numpy`, subject, baseline: `numpy (${python}): fromfile, ${dtype === 'bf16' ? 'bf16→fp32, ' : ''}the same statistics (moments, ranges, row/column means and stds; percentiles on a 16,384 sample)`, subjectMs, baselineMs: median(np), ratio: median(npRatios), target: `≤ ${target}×`, met: median(npRatios) <= target, note: spread(npRatios) });
  } else {
    rows.push({ name: `${what} vs numpy`, subject, baseline: 'numpy', subjectMs, baselineMs: NaN, ratio: NaN, target: dtype === 'bf16' ? '≤ 0.3×' : '≤ 1×', met: false, note: 'skipped: no Python with numpy (/tmp/ref/bin/python or python3)' });
  }
  const catRatios = per(cat);
  const gibps = 0.5 / (subjectMs / 1000);
  rows.push({ name: `${what}: throughput`, subject, baseline: '`cat FILE > /dev/null` (read speed, page cache warm)', subjectMs, baselineMs: median(cat), ratio: median(catRatios), target: dtype === 'bf16' ? '≥ 1 GiB/s' : 'informational', met: dtype === 'bf16' ? gibps >= 1 : true, note: `${gibps.toFixed(2)} GiB/s; ${spread(catRatios)}` });
  if (dtype === 'bf16') {
    // What streaming holds (buffers, tables, row sums) is heap + array buffers, per thread; the
    // helper thread holds the same as the main one (same code, same buffers), so twice the main
    // thread's growth. The resident set adds the second isolate's fixed cost (~16 MiB), whatever the file.
    const mib = (2 * grown) / 2 ** 20;
    rows.push({ name: 'peak memory while streaming 512 MiB (two threads, 2 MiB reads, double-buffered)', subject: 'heap + array-buffer growth, main thread × 2 (the helper holds the same)', baseline: 'file size', subjectMs: mib, baselineMs: 512, ratio: mib / 512, target: '≤ 0.05× the file', met: mib <= 0.05 * 512, note: `${mib.toFixed(0)} MiB; resident-set growth of the whole process ${(rssGrown / 2 ** 20).toFixed(0)} MiB (${(rssGrown / bytes).toFixed(3)}×, includes the helper isolate's fixed ~16 MiB); values in the ms columns are MiB` });
  }
  return rows;
}

export function tensorBenchmarks(): Row[] {
  const python = findNumpy();
  return [...textBenchmarks(), ...fileRows('bf16', python), ...fileRows('fp32', python)];
}
