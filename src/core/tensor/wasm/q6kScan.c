// Statistics of GGUF Q6_K blocks straight from their codes, compiled to WebAssembly (decision
// 0027; scripts/build-wasm.mjs writes q6kScanWasm.ts). A block is 256 values: 128 bytes of low
// nibbles, 64 bytes of high 2-bit pairs, 16 int8 scales (one per 16 values) and an fp16 d; value i
// is fr(fr(d·sc)·(q − 32)) with q the 6-bit code, as ggml and gguf-py compute it (d·sc is exact in
// float32). It fills what ChunkScan.scanRows / scanFlat would from the dequantized values: the sum
// and sum of squares, per-row and per-column sums, min, max, zeros and the range counts. A 16-value
// sub-block whose scale keeps every non-zero value ordinary (|d·sc| ≥ e4m3's smallest subnormal,
// its extreme values within ±448 and ≤ ln 65520) only has its zeros counted (q = 32); its min and
// max are looked at only when its values can reach beyond the running ones; other sub-blocks are
// classified value by value. The io block is laid out as q4kScan.c's, so blockScan.ts drives all
// kernels alike.
//
// The io block, fp16 scales and rare counts are kernel.h's; the `scan` entry is scanDriver.h's.

#include "kernel.h"

#define BLOCK_BYTES 210
#define BLOCK_VALUES 256

/** The current block's values of four rows (row r at 256·r), then its codes (q − 32). */
static double vals[4 * BLOCK_VALUES];
static int codes[4 * BLOCK_VALUES];

/** Decodes the block at b into vals/codes from `at` (ggml's dequantize_row_q6_K order). */
static void decode(const u8 *b, int at) {
  const double d = half(b + 208);
  const i8 *sc = (const i8 *)(b + 192);
  for (int i = 0; i < BLOCK_VALUES; i++) {
    const int hf = i >> 7, r = i & 127;
    const int lo = (b[hf * 64 + (r & 63)] >> (4 * (r >> 6))) & 15;
    const int hi = (b[128 + hf * 32 + (r & 31)] >> (2 * (r >> 5))) & 3;
    const int q = (lo | (hi << 4)) - 32;
    codes[at + i] = q;
    vals[at + i] = fr(fr(d * sc[i >> 4]) * q);
  }
}

/** The zeros, rare counts and running min and max of the decoded block at `at` (scales from b). */
static void block_extras(const u8 *b, int at) {
  const double d = half(b + 208);
  const i8 *sc = (const i8 *)(b + 192);
  for (int s = 0; s < 16; s++) {
    const double ds = fr(d * sc[s]);
    const double *v = vals + at + 16 * s;
    const int *q = codes + at + 16 * s;
    const double e1 = fr(ds * 31), e2 = fr(ds * -32);
    const double top = e1 > e2 ? e1 : e2, bottom = e1 > e2 ? e2 : e1;
    if (ds == 0) {
      classify(0, 16);
    } else if (fabs_(ds) >= E4M3_TINY && top <= 448 && bottom >= -448 && top <= io[EXP16]) {
      int z = 0;
      for (int l = 0; l < 16; l++) z += q[l] == 0;
      classify(0, z);
    } else {
      for (int l = 0; l < 16; l++) classify(v[l], 1);
    }
    if (bottom < io[MIN] || top > io[MAX]) {
      for (int l = 0; l < 16; l++) {
        if (v[l] < io[MIN]) io[MIN] = v[l];
        if (v[l] > io[MAX]) io[MAX] = v[l];
      }
    }
  }
}

/** Four whole rows from block b (B blocks a row): their sums into `sums`, column sums into cs/cq. */
static void quad_rows(const u8 *b, int B, double *cs, double *cq) {
  for (int i = 0; i < 8; i++) sums[i] = 0;
  const int stride = B * BLOCK_BYTES;
  for (int j = 0; j < B; j++) {
    const u8 *o = b + j * BLOCK_BYTES;
    for (int r = 0; r < 4; r++) decode(o + r * stride, r * BLOCK_VALUES);
    const double *v0 = vals, *v1 = vals + 256, *v2 = vals + 512, *v3 = vals + 768;
    double *c = cs + j * BLOCK_VALUES, *cc = cq + j * BLOCK_VALUES;
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
    for (int l = 0; l < BLOCK_VALUES; l++) {
      const double x0 = v0[l], x1 = v1[l], x2 = v2[l], x3 = v3[l];
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
    for (int r = 0; r < 4; r++) block_extras(o + r * stride, r * BLOCK_VALUES);
  }
}

/** One block at o: its sums into sums[0] and sums[4], its column sums from cs/cq (unless null). */
static void one_block(const u8 *o, double *cs, double *cq) {
  decode(o, 0);
  double bs = 0, bq = 0;
  for (int l = 0; l < BLOCK_VALUES; l++) {
    const double x = vals[l];
    const double y = x * x;
    bs += x;
    bq += y;
    if (cs) {
      cs[l] = cs[l] + x;
      cq[l] = cq[l] + y;
    }
  }
  block_extras(o, 0);
  sums[0] = bs;
  sums[4] = bq;
}

#include "scanDriver.h"
