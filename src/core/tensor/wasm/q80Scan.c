// Statistics of GGUF Q8_0 blocks (fp16 d, 32 int8 q: x = d·q, exact in double) straight from
// their codes, compiled to WebAssembly (decision 0027; scripts/build-wasm.mjs writes
// q80ScanWasm.ts). It fills what ChunkScan.scanRows / scanFlat would from the dequantized values:
// the sum and sum of squares, per-row and per-column sums, min, max, zeros and the range counts.
// A block whose scale keeps every non-zero value ordinary (|d| ≥ e4m3's smallest subnormal, 128·|d|
// ≤ 448 and the largest value ≤ ln 65520) only needs its zeros counted; its min and max are looked
// at only when its values can reach beyond the running ones; other blocks are classified value by
// value. The io block is laid out as q4kScan.c's, so blockScan.ts drives both alike.
//
// The io block, fp16 scales and rare counts are kernel.h's; the `scan` entry is scanDriver.h's.

#include "kernel.h"

#define BLOCK_BYTES 34
#define BLOCK_VALUES 32

/** The zeros, the rare counts and the running min and max of one block (scale d, codes q). */
static void block_extras(const i8 *q, double d) {
  const double a = fabs_(d);
  const double top = a * (d > 0 ? 127 : 128); // the largest value
  const double bottom = -a * (d > 0 ? 128 : 127); // the smallest
  if (d == 0) {
    classify(0, BLOCK_VALUES);
  } else if (a >= E4M3_TINY && a * 128 <= 448 && top <= io[EXP16]) {
    int z = 0;
    for (int l = 0; l < BLOCK_VALUES; l++) z += q[l] == 0;
    classify(0, z);
  } else {
    for (int l = 0; l < BLOCK_VALUES; l++) classify(d * q[l], 1);
  }
  if (bottom < io[MIN] || top > io[MAX]) {
    int lo = 127, hi = -128;
    for (int l = 0; l < BLOCK_VALUES; l++) {
      const int v = q[l];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const double a0 = d * (d >= 0 ? lo : hi), z0 = d * (d >= 0 ? hi : lo);
    if (a0 < io[MIN]) io[MIN] = a0;
    if (z0 > io[MAX]) io[MAX] = z0;
  }
}

/** Four whole rows from block b (B blocks a row): their sums into `sums`, column sums into cs/cq. */
static void quad_rows(const u8 *b, int B, double *cs, double *cq) {
  for (int i = 0; i < 8; i++) sums[i] = 0;
  const int stride = B * BLOCK_BYTES;
  for (int j = 0; j < B; j++) {
    const u8 *o0 = b + j * BLOCK_BYTES, *o1 = o0 + stride, *o2 = o1 + stride, *o3 = o2 + stride;
    const double d0 = half(o0), d1 = half(o1), d2 = half(o2), d3 = half(o3);
    const i8 *q0 = (const i8 *)(o0 + 2), *q1 = (const i8 *)(o1 + 2), *q2 = (const i8 *)(o2 + 2), *q3 = (const i8 *)(o3 + 2);
    double *c = cs + j * BLOCK_VALUES, *cc = cq + j * BLOCK_VALUES;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (int l = 0; l < BLOCK_VALUES; l++) {
      const double x0 = d0 * q0[l], x1 = d1 * q1[l], x2 = d2 * q2[l], x3 = d3 * q3[l];
      const double y0 = x0 * x0, y1 = x1 * x1, y2 = x2 * x2, y3 = x3 * x3;
      s0 += x0;
      s1 += x1;
      s2 += x2;
      s3 += x3;
      r0 += y0;
      r1 += y1;
      r2 += y2;
      r3 += y3;
      c[l] = c[l] + (x0 + x1 + (x2 + x3));
      cc[l] = cc[l] + (y0 + y1 + (y2 + y3));
    }
    sums[0] += s0;
    sums[1] += s1;
    sums[2] += s2;
    sums[3] += s3;
    sums[4] += r0;
    sums[5] += r1;
    sums[6] += r2;
    sums[7] += r3;
    block_extras(q0, d0);
    block_extras(q1, d1);
    block_extras(q2, d2);
    block_extras(q3, d3);
  }
}

/** One block at o: its sums into sums[0] and sums[4], its column sums from cs/cq (unless null). */
static void one_block(const u8 *o, double *cs, double *cq) {
  const double d = half(o);
  const i8 *q = (const i8 *)(o + 2);
  double bs = 0, bq = 0;
  for (int l = 0; l < BLOCK_VALUES; l++) {
    const double x = d * q[l];
    const double y = x * x;
    bs += x;
    bq += y;
    if (cs) {
      cs[l] = cs[l] + x;
      cq[l] = cq[l] + y;
    }
  }
  block_extras(q, d);
  sums[0] = bs;
  sums[4] = bq;
}

#include "scanDriver.h"
