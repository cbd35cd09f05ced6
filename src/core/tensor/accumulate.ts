// Picks the accumulator for a dtype: the exact bit-pattern table for ≤ 16-bit dtypes, decoded
// values (a tight loop per decoded batch, percentiles from a sample) for wider ones. Both take raw
// bytes, and both merge ranges computed elsewhere (another thread) with absorb(state()).
import type { ChunkScan } from './chunkScan';
import { ITEM_SIZE, type Dtype } from './dtypes';
import { PatternAccumulator, type PatternState } from './patternStatistics';
import { StatisticsAccumulator, type AccumulatorOptions, type FloatState, type RawStatistics } from './statistics';

export type AccumulatorState = FloatState | PatternState;

export interface TensorAccumulator {
  /** Adds the next `count` elements, encoded in `bytes` from byte 0. */
  pushBytes(bytes: Uint8Array, count: number, littleEndian: boolean): void;
  /** Builds what the first pushBytes would (the pattern tables) ahead of it: called while the first read is in flight. */
  prepare?(littleEndian: boolean): void;
  /** This range's state, to merge into another accumulator of the same tensor (structured-clonable). */
  state(): AccumulatorState;
  /** Merges the state of another range of whole rows; push nothing after. */
  absorb(state: AccumulatorState): void;
  finish(): RawStatistics;
  /** StatisticsAccumulator.pushScanned (float accumulators only): values scanned without decoding them. */
  pushScanned?(length: number, fill: (scan: ChunkScan, start: number) => void, valueAt: (i: number) => number): boolean;
  /**
   * Present when blocks of whole rows may be pushed in any order with the same result (without the
   * row softmax or row sample; files/rowBlocks.ts): the next elements pushed are
   * block `index`, from flat index `at`. `blockBytes`: what each block's partial sums take.
   */
  readonly blocks?: { readonly blockBytes: number; begin(index: number, at: number): void };
  /** StatisticsAccumulator.planSample: the next `length` values are the last pushed (sample positions drawn now). */
  planSample?(length: number): void;
}

/**
 * Tensors up to this many elements take the float path even for ≤ 16-bit dtypes: its sample then
 * holds every value (exact as well), and no 65,536-entry table is built for a few values (the
 * tables cost more than such a tensor, and a CLI start-up pays for them).
 */
const SMALL_TENSOR = 4096;

/** Whether a tensor of `dtype` and `count` elements is counted exactly by a table of its bit patterns. */
export const countsPatterns = (dtype: Dtype, count: number) => ITEM_SIZE[dtype] <= 2 && count > SMALL_TENSOR;

export function accumulatorFor(dtype: Dtype, shape: readonly number[], options: AccumulatorOptions = {}): TensorAccumulator {
  if (countsPatterns(dtype, shape.reduce((a, b) => a * b, 1))) {
    const acc = new PatternAccumulator(dtype, shape, options);
    return {
      pushBytes: (b, n, le) => acc.pushBytes(b, n, le),
      prepare: (le) => acc.prepare(le),
      state: () => acc.state(),
      absorb: (s) => {
        if (s.kind !== 'pattern') throw new Error('absorb: states of different kinds');
        acc.absorb(s);
      },
      finish: () => acc.finish(),
      ...(acc.blockable ? { blocks: { blockBytes: acc.blockBytes, begin: (index: number, at: number) => acc.beginBlock(index, at) } } : {}),
    };
  }
  const acc = new StatisticsAccumulator(shape, { ...options, dtype });
  return {
    pushBytes: (b, n, le) => acc.pushBytes(b, n, le),
    state: () => acc.state(),
    absorb: (s) => {
      if (s.kind !== 'float') throw new Error('absorb: states of different kinds');
      acc.absorb(s);
    },
    finish: () => acc.finish(),
    pushScanned: (length, fill, valueAt) => acc.pushScanned(length, fill, valueAt),
    planSample: (length) => acc.planSample(length),
    ...(acc.blockable ? { blocks: { blockBytes: acc.blockBytes, begin: (index: number, at: number) => acc.beginBlock(index, at) } } : {}),
  };
}
