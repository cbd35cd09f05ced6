// Statistics of GGUF Q4_K blocks from their 4-bit codes, compiled to WebAssembly (decision 0027;
// scripts/build-wasm.mjs writes q4kScanWasm.ts). The JavaScript it replaces ran the same
// operations in the same order at about half the speed; blockScan.ts holds the wrapper and the
// reasoning. A 32-value sub-block holds at most 16 distinct values, fr(d·sc·q − dmin·m) for
// q = 0…15, so each value is looked up in a 16-entry table built once per sub-block. The scan fills
// what ChunkScan.scanRows / scanFlat would from the dequantized values: the sum and sum of squares,
// per-row and per-column sums, min, max, zeros and the range counts. The table is monotonic in q,
// so a sub-block whose 16 values are all ordinary (no zero, nothing below e4m3's smallest
// subnormal, nothing beyond ±448 or ln 65520) and whose table ends lie within the running min and
// max needs nothing more; others gather their codes present and count the rare ones.
//
// The io block, fp16 scales and rare counts are kernel.h's; the `scan` entry is scanDriver.h's.

#include "kernel.h"

#define BLOCK_BYTES 144
#define BLOCK_VALUES 256

/** Per four rows and two sub-blocks: the 16 values of row r, sub-block g + h at (2r + h)·16. */
static double value[128];
/** dl = d·scale and ml = dmin·min of sub-block g of the current block of row r, at 8r + g. */
static double DL[32];
static double ML[32];
static int counts[16];

/** DL and ML of the block at b (get_scale_min_k4) into row slot r. */
static void header(const u8 *b, int r) {
  const double d = half(b), dmin = half(b + 2);
  const u8 *s = b + 4;
  const int i = r * 8;
  for (int j = 0; j < 4; j++) {
    const int x = s[j], m = s[4 + j], md = s[8 + j];
    DL[i + j] = d * (x & 63);
    ML[i + j] = dmin * (m & 63);
    DL[i + j + 4] = d * ((md & 15) | ((x >> 2) & 0x30));
    ML[i + j + 4] = dmin * ((md >> 4) | ((m >> 2) & 0x30));
  }
}

/** The 16 values fr(dl·q − ml) at `at`. */
static inline void fill(int at, double dl, double ml) {
  for (int q = 0; q < 16; q++) value[at + q] = fr(dl * q - ml);
}

/**
 * Whether the table at `at` holds no rare value: only its ends can be beyond ±448 or ln 65520, and
 * the value nearest zero is at q = round(ml/dl) or a neighbour (rounding moves the crossing by
 * less than one).
 */
static int ordinary(int at, double dl, double ml) {
  const double r = ml / dl;
  int c = 1; // a crossing at or below 0, dl = 0 (all values equal), NaN
  if (r >= 1.5) c = r < 14 ? (int)(r + 0.5) : 14;
  const double a = value[at], z = value[at + 15];
  double near = fabs_(value[at + c - 1]);
  const double n1 = fabs_(value[at + c]), n2 = fabs_(value[at + c + 1]);
  if (n1 < near) near = n1;
  if (n2 < near) near = n2;
  return near >= E4M3_TINY && a <= io[EXP16] && z <= io[EXP16] && a >= -448 && z >= -448;
}

/**
 * A sub-block's min and max from the codes present (`beyond`: its table's ends lie beyond the
 * running min or max) and, when its table holds rare values (`rare_table`), their counts.
 */
static void extremes(const u8 *p, int shift, int at, double dl, int beyond, int rare_table) {
  if (beyond) {
    int present = 0;
    for (int l = 0; l < 32; l++) present |= 1 << ((p[l] >> shift) & 15);
    const int lo = 31 - __builtin_clz(present & -present);
    const int hi = 31 - __builtin_clz(present);
    const double a = value[at + (dl >= 0 ? lo : hi)];
    const double z = value[at + (dl >= 0 ? hi : lo)];
    if (a < io[MIN]) io[MIN] = a;
    if (z > io[MAX]) io[MAX] = z;
  }
  if (!rare_table) return;
  int which = 0;
  for (int q = 0; q < 16; q++) {
    const double x = value[at + q];
    if (fabs_(x) < E4M3_TINY || x > io[EXP16] || x < -448) which |= 1 << q;
  }
  for (int q = 0; q < 16; q++) counts[q] = 0;
  const int rest = which & (which - 1);
  if ((rest & (rest - 1)) == 0) {
    // One or two rare codes (the value nearest zero, an end): a pass over the 32 bytes for each.
    for (int q = 0; q < 16; q++) {
      if (((which >> q) & 1) == 0) continue;
      int n = 0;
      for (int l = 0; l < 32; l++) n += ((p[l] >> shift) & 15) == q;
      counts[q] = n;
    }
  } else {
    for (int l = 0; l < 32; l++) counts[(p[l] >> shift) & 15]++;
  }
  for (int q = 0; q < 16; q++) {
    const int n = counts[q];
    if (n != 0 && ((which >> q) & 1) != 0) classify(value[at + q], n);
  }
}

/**
 * Sub-blocks g and g + 1 (the low and high nibbles of the same 32 bytes, from p0 in row 0 and
 * `stride` bytes further for each next row) of four rows' blocks, whose DL/ML `header` filled: the
 * eight tables, the row sums (added to `sums`), the column sums from cs/cq, then the extremes and
 * rare counts of the sub-blocks that need them.
 */
static void pair(const u8 *p0, int stride, int g, double *cs, double *cq) {
  int rare_bits = 0;
  for (int t = 0; t < 8; t++) {
    const int i = (t >> 1) * 8 + g + (t & 1);
    fill(t * 16, DL[i], ML[i]);
    if (!ordinary(t * 16, DL[i], ML[i])) rare_bits |= 1 << t;
  }
  const u8 *p1 = p0 + stride, *p2 = p1 + stride, *p3 = p2 + stride;
  const double *V = value;
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0, q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  for (int l = 0; l < 32; l++) {
    const int b0 = p0[l], b1 = p1[l], b2 = p2[l], b3 = p3[l];
    const double x0 = V[b0 & 15], x1 = V[32 + (b1 & 15)], x2 = V[64 + (b2 & 15)], x3 = V[96 + (b3 & 15)];
    const double h0 = V[16 + (b0 >> 4)], h1 = V[48 + (b1 >> 4)], h2 = V[80 + (b2 >> 4)], h3 = V[112 + (b3 >> 4)];
    const double y0 = x0 * x0, y1 = x1 * x1, y2 = x2 * x2, y3 = x3 * x3;
    const double z0 = h0 * h0, z1 = h1 * h1, z2 = h2 * h2, z3 = h3 * h3;
    s0 += x0 + h0;
    s1 += x1 + h1;
    s2 += x2 + h2;
    s3 += x3 + h3;
    q0 += y0 + z0;
    q1 += y1 + z1;
    q2 += y2 + z2;
    q3 += y3 + z3;
    cs[l] = cs[l] + (x0 + x1 + (x2 + x3));
    cq[l] = cq[l] + (y0 + y1 + (y2 + y3));
    cs[32 + l] = cs[32 + l] + (h0 + h1 + (h2 + h3));
    cq[32 + l] = cq[32 + l] + (z0 + z1 + (z2 + z3));
  }
  sums[0] += s0;
  sums[1] += s1;
  sums[2] += s2;
  sums[3] += s3;
  sums[4] += q0;
  sums[5] += q1;
  sums[6] += q2;
  sums[7] += q3;
  for (int t = 0; t < 8; t++) {
    const int at = t * 16;
    const double dl = DL[(t >> 1) * 8 + g + (t & 1)];
    const int up = dl >= 0;
    const int beyond = V[at + (up ? 0 : 15)] < io[MIN] || V[at + (up ? 15 : 0)] > io[MAX];
    const int rare = (rare_bits >> t) & 1;
    if (beyond || rare) extremes(p0 + (t >> 1) * stride, 4 * (t & 1), at, dl, beyond, rare);
  }
}

/** Four whole rows from block b (B blocks a row): their sums into `sums`, column sums into cs/cq. */
static void quad_rows(const u8 *b, int B, double *cs, double *cq) {
  for (int i = 0; i < 8; i++) sums[i] = 0;
  const int stride = B * BLOCK_BYTES;
  for (int j = 0; j < B; j++) {
    const u8 *o0 = b + j * BLOCK_BYTES;
    for (int r = 0; r < 4; r++) header(o0 + r * stride, r);
    for (int g = 0; g < 8; g += 2) pair(o0 + 16 + (g >> 1) * 32, stride, g, cs + j * BLOCK_VALUES + g * 32, cq + j * BLOCK_VALUES + g * 32);
  }
}

/** One sub-block (table at 0): its sums into sums[0], sums[4]; with cs, its column sums from there. */
static void sub_block(const u8 *p, int shift, double *cs, double *cq) {
  const double *V = value;
  double s = 0, s2 = 0;
  if (cs) {
    for (int l = 0; l < 32; l++) {
      const double x = V[(p[l] >> shift) & 15];
      const double y = x * x;
      s += x;
      s2 += y;
      cs[l] = cs[l] + x;
      cq[l] = cq[l] + y;
    }
  } else {
    for (int l = 0; l < 32; l++) {
      const double x = V[(p[l] >> shift) & 15];
      s += x;
      s2 += x * x;
    }
  }
  sums[0] = s;
  sums[4] = s2;
}

/** One block at o: its sums into sums[0] and sums[4], its column sums from cs/cq (unless null). */
static void one_block(const u8 *o, double *cs, double *cq) {
  header(o, 0);
  double bs = 0, bq = 0;
  for (int g = 0; g < 8; g++) {
    const double dl = DL[g];
    fill(0, dl, ML[g]);
    const int ord = ordinary(0, dl, ML[g]);
    const u8 *p = o + 16 + (g >> 1) * 32;
    const int shift = 4 * (g & 1);
    sub_block(p, shift, cs ? cs + g * 32 : 0, cq ? cq + g * 32 : 0);
    bs += sums[0];
    bq += sums[4];
    const int beyond = value[dl >= 0 ? 0 : 15] < io[MIN] || value[dl >= 0 ? 15 : 0] > io[MAX];
    if (!ord || beyond) extremes(p, shift, 0, dl, beyond, !ord);
  }
  sums[0] = bs;
  sums[4] = bq;
}

#include "scanDriver.h"
