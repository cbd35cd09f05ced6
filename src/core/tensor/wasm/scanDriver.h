// The `scan` entry every block kernel exports, included after the kernel's own definitions of
// BLOCK_BYTES, BLOCK_VALUES, quad_rows (four whole rows of B blocks each: their sums into `sums`,
// their column sums added to cs/cq) and one_block (one block: its sum and sum of squares into
// sums[0] and sums[4], its column sums added from cs/cq unless they are null; extremes and rare
// counts of both into `io`).

/**
 * Scans `blocks` whole blocks (finite scales) at b, the first at flat index `start`: with row
 * length L > 0 (a multiple of BLOCK_VALUES) also the sums of each row touched (rs, rq, rn from row
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
    one_block(b + k * BLOCK_BYTES, L > 0 ? cs + col0 : 0, L > 0 ? cq + col0 : 0);
    const double bs = sums[0], bq = sums[4];
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
