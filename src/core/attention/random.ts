// Seeded random numbers for the Monte Carlo attention statistics: the same seed gives the same
// plot on every machine and every redraw (no flicker while a slider moves).

/** mulberry32: a small, fast 32-bit generator, good enough for Monte Carlo averages. */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller (one value per call; the pair's second half is kept). */
export function normalSampler(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = 1 - uniform(); // (0, 1]
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Gamma(shape, 1) by Marsaglia–Tsang (2000); shape < 1 through the U^{1/shape} boost. */
export function gammaSampler(shape: number, uniform: () => number, normal: () => number): () => number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  const boost = shape < 1;
  const a = boost ? shape + 1 : shape;
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  return () => {
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        const g = d * v;
        return boost ? g * Math.pow(1 - uniform(), 1 / shape) : g;
      }
    }
  };
}

/**
 * Cosine of the angle between a fixed direction and a uniformly random one in R^d, in O(1): the
 * first coordinate of a random unit vector is x/√(x² + χ²_{d−1}) with x ~ N(0, 1).
 * Its density is ∝ (1 − s²)^((d−3)/2) (kexue.fm 7076, 9812).
 */
export function cosineSampler(d: number, seed: number): () => number {
  if (!Number.isInteger(d) || d < 2) throw new RangeError(`head dimension must be an integer ≥ 2, got ${d}`);
  const uniform = seededUniform(seed);
  const normal = normalSampler(uniform);
  const chi2 = gammaSampler((d - 1) / 2, uniform, normal);
  return () => {
    const x = normal();
    return x / Math.sqrt(x * x + 2 * chi2());
  };
}
