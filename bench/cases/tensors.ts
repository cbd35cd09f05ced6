// Tensor benchmarks (issue #6), as ratios against baselines run side by side:
// - text: parse + full statistics of a 30 MB JSON array vs JSON.parse + one sum/sum-of-squares pass
//   (target ≤ 1.2×);
// - file: a large bf16 .safetensors, streamed (each run in a fresh process, as numpy's), vs Debian's
//   python3-numpy computing the same statistics (target ≤ 1×; skipped with a note when numpy is missing);
// - memory: peak heap + array-buffer growth while streaming a file many times larger than the chunk
//   stays bounded (bench/cases/streamOnce.ts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText } from '../../src/core/tensor/analyzeText';
import { median, type Row } from '../measure';

function textRows(): Row[] {
  const values = Array.from({ length: 1_500_000 }, (_, i) => Math.sin(i) * 1e-3 * (1 + (i % 7)));
  const text = JSON.stringify(values);
  const subject: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < 5; run++) {
    let t = performance.now();
    analyzeText(text);
    subject.push(performance.now() - t);
    t = performance.now();
    const a = JSON.parse(text) as number[];
    let s = 0;
    let q = 0;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      s += x;
      q += x * x;
    }
    if (s === q) console.log(s);
    baseline.push(performance.now() - t);
  }
  const subjectMs = median(subject);
  const baselineMs = median(baseline);
  const ratio = subjectMs / baselineMs;
  return [{ name: `text tensor: parse + statistics (${(text.length / 1e6).toFixed(0)} MB JSON array)`, subject: 'analyzeText (parse, moments, NaN/Inf, ranges, sample percentiles, checks)', baseline: 'JSON.parse + one sum/sum-of-squares pass', subjectMs, baselineMs, ratio, target: '≤ 1.2×', met: ratio <= 1.2 }];
}

/** A bf16 .safetensors of `count` values written in 16 MB pieces. */
function writeBf16File(path: string, count: number): void {
  const header = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'BF16', shape: [count / 4096, 4096], data_offsets: [0, count * 2] } }));
  const pre = new Uint8Array(8 + header.length);
  new DataView(pre.buffer).setBigUint64(0, BigInt(header.length), true);
  pre.set(header, 8);
  writeFileSync(path, pre);
  const piece = new Uint16Array(8 << 20);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  let seed = 1;
  for (let written = 0; written < count; written += piece.length) {
    for (let i = 0; i < piece.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      f[0] = ((seed / 4294967296) * 2 - 1) * 0.05;
      piece[i] = (u[0] as number) >>> 16;
    }
    writeFileSync(path, new Uint8Array(piece.buffer, 0, Math.min(piece.length, count - written) * 2), { flag: 'a' });
  }
}

const NUMPY = `
import json, struct, sys, time, numpy as np
path = sys.argv[1]
t = time.perf_counter()
with open(path, 'rb') as fh:
    n = struct.unpack('<Q', fh.read(8))[0]
    meta = json.loads(fh.read(n))['w']
    raw = np.fromfile(fh, dtype='<u2')
x = (raw.astype(np.uint32) << 16).view(np.float32)
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

async function fileRows(): Promise<Row[]> {
  const dir = join(tmpdir(), 'modelmath-bench');
  mkdirSync(dir, { recursive: true });
  const count = 128 * 2 ** 20; // 128 Mi values = 256 MiB of bf16
  const path = join(dir, 'big-bf16.safetensors');
  if (!existsSync(path) || statSync(path).size < count * 2) writeBf16File(path, count);
  // Each run in a fresh process, like each numpy run: the JIT's compile of the hot loop differs from
  // process to process on this machine (3.5–5 s for the same file), so the median of three is compared.
  const subject: number[] = [];
  let grown = 0;
  for (let run = 0; run < 3; run++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'streamOnce.ts'), path], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`streamOnce failed: ${r.stderr}`);
    const { ms, grownBytes } = JSON.parse(r.stdout) as { ms: number; grownBytes: number };
    subject.push(ms);
    grown = Math.max(grown, grownBytes);
  }
  const subjectMs = median(subject);
  const rows: Row[] = [];
  const py = spawnSync('python3', ['-c', NUMPY, path], { encoding: 'utf8' });
  if (py.status === 0) {
    const times = [Number(py.stdout.trim())];
    for (let i = 0; i < 2; i++) times.push(Number(spawnSync('python3', ['-c', NUMPY, path], { encoding: 'utf8' }).stdout.trim()));
    const baselineMs = median(times) * 1000;
    const ratio = subjectMs / baselineMs;
    rows.push({ name: 'bf16 .safetensors statistics (256 MiB, 128 Mi values)', subject: 'streamed: decode + moments + ranges + sample percentiles + checks', baseline: 'numpy: fromfile, bf16→fp32, the same statistics (moments, ranges, row/column means and stds; percentiles on a 16,384 sample)', subjectMs, baselineMs, ratio, target: '≤ 1×', met: ratio <= 1 });
  } else {
    rows.push({ name: 'bf16 .safetensors statistics (256 MiB)', subject: 'streamed statistics', baseline: 'numpy (not installed: apt-get install python3-numpy)', subjectMs, baselineMs: NaN, ratio: NaN, target: '≤ 1×', met: false, note: 'baseline missing' });
  }
  const grownMb = grown / 2 ** 20;
  rows.push({ name: 'peak memory while streaming 256 MiB (chunks of 4 MiB)', subject: 'heap + array-buffer growth during the analysis', baseline: 'file size', subjectMs: grownMb, baselineMs: (count * 2) / 2 ** 20, ratio: grownMb / ((count * 2) / 2 ** 20), target: '≤ 0.25× the file', met: grownMb <= 0.25 * ((count * 2) / 2 ** 20), note: `${grownMb.toFixed(0)} MiB (values in the ms columns are MiB)` });
  return rows;
}

export async function tensorBenchmarks(): Promise<Row[]> {
  return [...textRows(), ...(await fileRows())];
}
