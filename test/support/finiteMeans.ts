// Row and column summaries of a [rows, cols] tensor computed directly from its values, NaN and ±Inf
// left out: the second method the streaming tests compare Model Math's row/column reports against.

/** Mean of the rows' population stds, and the largest |row mean|. */
export function rowSummary(values: ArrayLike<number>, rows: number, cols: number): { meanStd: number; maxAbsMean: number } {
  let stdSum = 0;
  let n = 0;
  let maxAbsMean = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    let q = 0;
    let c = 0;
    for (let j = 0; j < cols; j++) {
      const x = values[r * cols + j] as number;
      if (!Number.isFinite(x)) continue;
      s += x;
      q += x * x;
      c++;
    }
    const m = s / c;
    stdSum += Math.sqrt(Math.max(0, q / c - m * m));
    n++;
    maxAbsMean = Math.max(maxAbsMean, Math.abs(m));
  }
  return { meanStd: stdSum / n, maxAbsMean };
}

/** The largest |column mean|. */
export function maxAbsColumnMean(values: ArrayLike<number>, rows: number, cols: number): number {
  let max = 0;
  for (let j = 0; j < cols; j++) {
    let s = 0;
    let c = 0;
    for (let i = 0; i < rows; i++) {
      const x = values[i * cols + j] as number;
      if (Number.isFinite(x)) {
        s += x;
        c++;
      }
    }
    max = Math.max(max, Math.abs(s / c));
  }
  return max;
}
