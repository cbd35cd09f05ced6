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
// No libc: freestanding, every array static, one exported `io` block for scalars.

typedef unsigned char u8;
typedef signed char i8;

#define BLOCK_BYTES 210
#define BLOCK_VALUES 256

double io[24];
enum { MIN, MAX, SUM, SQ, BELOW, RARE, EXP16 = 15, EXP32 = 16 };
enum { ZEROS, FP16_OVER, FP16_UNDER, FP16_SUB, E4M3_OVER, E5M2_OVER, E4M3_UNDER, E5M2_UNDER, EXP_OVER16, EXP_OVER32 };

#define E4M3_TINY 0.001953125         /* 2^-9 */
#define E5M2_TINY 1.52587890625e-05   /* 2^-16 */
#define FP16_NORMAL 6.103515625e-05   /* 2^-14 */
#define FP16_TINY 5.9604644775390625e-08 /* 2^-24 */
#define FP16_MAX 65504.0

static double half_unit[32];
static double sums[8];
/** The current block's values of four rows (row r at 256·r), then its codes (q − 32). */
static double vals[4 * BLOCK_VALUES];
static int codes[4 * BLOCK_VALUES];

static inline double fr(double x) { return (double)(float)x; }
static inline double fabs_(double x) { return __builtin_fabs(x); }

void init(void) {
  for (int e = 0; e < 32; e++) {
    const int p = e == 0 ? -24 : e - 25;
    double u = 1;
    for (int i = 0; i < (p < 0 ? -p : p); i++) u = p < 0 ? u / 2 : u * 2;
    half_unit[e] = u;
  }
}

/** The fp16 at b (finite: the caller checked every block's scale). */
static inline double half(const u8 *b) {
  const int h = b[0] | (b[1] << 8);
  const int e = (h >> 10) & 31;
  const double x = ((e == 0 ? 0 : 1024) + (h & 1023)) * half_unit[e];
  return (h & 0x8000) ? -x : x;
}

/** Every range count but e4m3's underflow (ranges.ts countRareRanges). */
static void count_rare(double x) {
  double *R = io + RARE;
  const double a = fabs_(x);
  if (a < FP16_NORMAL) {
    if (a < FP16_TINY) R[FP16_UNDER] += 1;
    else R[FP16_SUB] += 1;
    if (a < E5M2_TINY) R[E5M2_UNDER] += 1;
  }
  if (a > 448) R[E4M3_OVER] += 1;
  if (a > FP16_MAX) R[FP16_OVER] += 1;
  if (a > 57344) R[E5M2_OVER] += 1;
  if (x > io[EXP16]) R[EXP_OVER16] += 1;
  if (x > io[EXP32]) R[EXP_OVER32] += 1;
}

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
      io[BELOW] += 16;
      io[RARE + ZEROS] += 16;
      io[RARE + E4M3_UNDER] -= 16;
    } else if (fabs_(ds) >= E4M3_TINY && top <= 448 && bottom >= -448 && top <= io[EXP16]) {
      int z = 0;
      for (int l = 0; l < 16; l++) z += q[l] == 0;
      io[BELOW] += z;
      io[RARE + ZEROS] += z;
      io[RARE + E4M3_UNDER] -= z;
    } else {
      for (int l = 0; l < 16; l++) {
        const double x = v[l];
        const double ax = fabs_(x);
        if (ax < E4M3_TINY) io[BELOW] += 1;
        if (ax < FP16_NORMAL) {
          if (x == 0) {
            io[RARE + ZEROS] += 1;
            io[RARE + E4M3_UNDER] -= 1;
          } else count_rare(x);
        } else if (x > io[EXP16] || x < -448) count_rare(x);
      }
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

/**
 * Scans `blocks` whole Q6_K blocks (finite scales) at b, the first at flat index `start`: with row
 * length L > 0 (a multiple of 256) also the sums of each row touched (rs, rq, rn from row
 * floor(start / L), zeroed by the caller) and of each column (cs, cq), four whole rows at a time
 * where the rows allow; else (L = 0) the totals only. Totals, extremes and counts go to `io`.
 */
void scan(const u8 *b, int blocks, double start, int L, double *cs, double *cq, double *rs, double *rq, double *rn) {
  const int B = L / BLOCK_VALUES;
  const double first_row = L > 0 ? __builtin_floor(start / L) : 0;
  for (int k = 0; k < 10; k++) io[RARE + k] = 0;
  io[BELOW] = 0;
  double sum = 0, sq = 0;
  int k = 0;
  while (k < blocks) {
    const double at = start + (double)k * BLOCK_VALUES;
    const double row = L > 0 ? __builtin_floor(at / L) : 0;
    const int col0 = L > 0 ? (int)(at - row * L) : 0;
    const int r = (int)(row - first_row);
    if (L > 0 && col0 == 0 && blocks - k >= 4 * B) {
      quad_rows(b + k * BLOCK_BYTES, B, cs, cq);
      const double s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3];
      const double q0 = sums[4], q1 = sums[5], q2 = sums[6], q3 = sums[7];
      rs[r] = s0;
      rs[r + 1] = s1;
      rs[r + 2] = s2;
      rs[r + 3] = s3;
      rq[r] = q0;
      rq[r + 1] = q1;
      rq[r + 2] = q2;
      rq[r + 3] = q3;
      rn[r] = rn[r + 1] = rn[r + 2] = rn[r + 3] = L;
      sum += s0 + s1 + (s2 + s3);
      sq += q0 + q1 + (q2 + q3);
      k += 4 * B;
      continue;
    }
    // One block (a part of a row, the last rows of a chunk, or a tensor without column sums).
    const u8 *o = b + k * BLOCK_BYTES;
    decode(o, 0);
    double bs = 0, bq = 0;
    for (int l = 0; l < BLOCK_VALUES; l++) {
      const double x = vals[l];
      const double y = x * x;
      bs += x;
      bq += y;
      if (L > 0) {
        cs[col0 + l] = cs[col0 + l] + x;
        cq[col0 + l] = cq[col0 + l] + y;
      }
    }
    block_extras(o, 0);
    sum += bs;
    sq += bq;
    if (L > 0) {
      rs[r] = rs[r] + bs;
      rq[r] = rq[r] + bq;
      rn[r] = rn[r] + BLOCK_VALUES;
    }
    k++;
  }
  io[SUM] = sum;
  io[SQ] = sq;
}
