// A tensor file on disk larger than one read chunk and one decode batch: every chunk reuses the same
// read buffer and every batch the same float64 buffer, so the statistics must equal those computed
// directly from the values (a second method, in the test).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { TensorEntry } from '../../../src/core/tensor/files/byteSource';
import { DEFAULT_CHUNK_BYTES, splitPoint } from '../../../src/core/tensor/files/stream';
import { OpenTensorFile } from '../../../src/node/tensorFiles';
import { safetensorsBytes } from '../../support/tensorBytes';

const dir = mkdtempSync(join(tmpdir(), 'mm-stream-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('streaming a file in several chunks', () => {
  it('gives the statistics of the values themselves (min, max, mean, std, rows)', async () => {
    const rows = 2100;
    const cols = 1000; // 2.1 M float32 = 8.4 MB: three 4 MiB reads, several decode batches each
    const x = new Float32Array(rows * cols);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i) * (1 + (i % 7)) + Math.floor(i / cols) * 1e-3;
    assert.ok(x.byteLength > 2 * DEFAULT_CHUNK_BYTES);
    const path = join(dir, 'w.safetensors');
    writeFileSync(path, safetensorsBytes([{ name: 'w', dtype: 'F32', shape: [rows, cols], data: new Uint8Array(x.buffer) }]));

    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    const mean = sum / x.length;
    let sq = 0;
    for (const v of x) sq += (v - mean) ** 2;
    let maxAbsRowMean = 0;
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0; c < cols; c++) s += x[r * cols + c] as number;
      maxAbsRowMean = Math.max(maxAbsRowMean, Math.abs(s / cols));
    }

    const file = await OpenTensorFile.open(path);
    try {
      const report = await file.analyze(file.table.entries[0] as never);
      assert.equal(report.count, rows * cols);
      assert.equal(report.min, min);
      assert.equal(report.max, max);
      assert.ok(Math.abs((report.mean as number) - mean) < 1e-12, `${report.mean} vs ${mean}`);
      assert.ok(Math.abs((report.std as number) - Math.sqrt(sq / x.length)) < 1e-12, `${report.std} vs ${Math.sqrt(sq / x.length)}`);
      assert.ok(Math.abs((report.rows?.max_abs_mean as number) - maxAbsRowMean) < 1e-12);
      assert.equal(report.rows?.count, rows);
    } finally {
      await file.close();
    }
  });
});

describe('splitting a tensor between this thread and a helper', () => {
  // 100 rows of 10 bf16 values: 20 bytes a row.
  const entry: TensorEntry = { name: 'w', dtype: 'bfloat16', shape: [100, 10], count: 1000, byteLength: 2000, littleEndian: true, order: 'C', location: { kind: 'raw', offset: 0 } };
  const helper = () => ({ state: Promise.reject(new Error('unused')), cancel: () => undefined });

  it('halves at a row boundary without a head start', () => {
    assert.equal(splitPoint(entry, { helper, splitBytes: 1 }), 500);
  });

  it('gives this thread the head start in whole rows (100 values = 10 rows: 55 rows here, 45 there)', () => {
    assert.equal(splitPoint(entry, { helper, splitBytes: 1, helperLeadValues: 100 }), 550);
  });

  it('does not split when the head start leaves the helper nothing', () => {
    assert.equal(splitPoint(entry, { helper, splitBytes: 1, helperLeadValues: 1000 }), 0);
  });
});
