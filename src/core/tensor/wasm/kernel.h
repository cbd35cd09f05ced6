// What the block kernels (q4kScan.c, q80Scan.c, q6kScan.c) share: the `io` block of scalars
// (one layout, read by blockScan.ts), fp16 scales, and the classification of rare values exactly
// as ranges.ts's countRareRanges and ChunkScan count them. Each kernel is its own module, so each
// gets its own copy of these definitions. No libc: freestanding, every array static.

typedef unsigned char u8;
typedef signed char i8;

// io: [0] running min, [1] running max (in and out); [2] sum, [3] sum of squares, [4] values below
// e4m3's smallest subnormal, zeros included; [5..14] the rare counts, in RARE order; [15] ln 65520
// and [16] ln((2 − 2⁻²⁴)·2¹²⁷), set by the caller (Math.log's doubles, not this compiler's).
double io[24];
enum { MIN, MAX, SUM, SQ, BELOW, RARE, EXP16 = 15, EXP32 = 16 };
// RARE + k: zeros, fp16Overflow, fp16Underflow, fp16Subnormal, e4m3Overflow, e5m2Overflow,
// e4m3Underflow, e5m2Underflow, expOverflowFp16, expOverflowFp32.
enum { ZEROS, FP16_OVER, FP16_UNDER, FP16_SUB, E4M3_OVER, E5M2_OVER, E4M3_UNDER, E5M2_UNDER, EXP_OVER16, EXP_OVER32 };

#define E4M3_TINY 0.001953125            /* 2^-9 */
#define E5M2_TINY 1.52587890625e-05      /* 2^-16 */
#define FP16_NORMAL 6.103515625e-05      /* 2^-14 */
#define FP16_TINY 5.9604644775390625e-08 /* 2^-24 */
#define FP16_MAX 65504.0

/** 2^(e − 25) for fp16 exponent e (2^−24 for subnormals). */
static double half_unit[32];
/** Sums (row r at r, squares at 4 + r) of the last group of four rows, or of one block at 0 and 4. */
static double sums[8];

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

/** The fp16 at b (finite: the caller checked every block's scales). */
static inline double half(const u8 *b) {
  const int h = b[0] | (b[1] << 8);
  const int e = (h >> 10) & 31;
  const double x = ((e == 0 ? 0 : 1024) + (h & 1023)) * half_unit[e];
  return (h & 0x8000) ? -x : x;
}

/** Every range count but e4m3's underflow, for n occurrences of x (ranges.ts countRareRanges). */
static void count_rare(double x, double n) {
  double *R = io + RARE;
  const double a = fabs_(x);
  if (a < FP16_NORMAL) {
    if (a < FP16_TINY) R[FP16_UNDER] += n;
    else R[FP16_SUB] += n;
    if (a < E5M2_TINY) R[E5M2_UNDER] += n;
  }
  if (a > 448) R[E4M3_OVER] += n;
  if (a > FP16_MAX) R[FP16_OVER] += n;
  if (a > 57344) R[E5M2_OVER] += n;
  if (x > io[EXP16]) R[EXP_OVER16] += n;
  if (x > io[EXP32]) R[EXP_OVER32] += n;
}

/**
 * n occurrences of x, classified as ChunkScan does: below e4m3's smallest subnormal (zeros
 * included, taken back by the zero count), zeros, and the rare range counts.
 */
static void classify(double x, double n) {
  const double ax = fabs_(x);
  if (ax < E4M3_TINY) io[BELOW] += n;
  if (ax < FP16_NORMAL) {
    if (x == 0) {
      io[RARE + ZEROS] += n;
      io[RARE + E4M3_UNDER] -= n;
    } else count_rare(x, n);
  } else if (x > io[EXP16] || x < -448) count_rare(x, n);
}
