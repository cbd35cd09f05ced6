// The Attention view redraws on every slider step: its default plots (4 scales × 12 lengths of
// Monte Carlo statistics, plus the gradient curve) must take well under 100 ms (issue #5). The
// baseline is the irreducible work: one exp per score for the same number of scores.
import { attentionViewModel, DEFAULT_INPUTS } from '../../src/core/attention/viewModel';
import { median, type Row } from '../measure';

function scoresComputed(): number {
  // Rows × n per (choice, length) and per gradient point, as ScorePool draws them (budget 8192).
  const rows = (n: number) => Math.min(64, Math.max(2, Math.floor(8192 / n)));
  const vm = attentionViewModel(DEFAULT_INPUTS);
  let total = 0;
  for (const a of vm.analyses) for (const p of a.points) total += rows(p.n) * p.n;
  total += vm.gradient.points.length * rows(vm.gradient.n) * vm.gradient.n;
  return total;
}

export function attentionBenchmarks(): Row[] {
  const heads = [64, 72, 80, 88, 96, 104, 112, 120, 136, 144, 152, 160];
  attentionViewModel(DEFAULT_INPUTS); // warm the JIT once
  // A new head size each time: fresh samples, nothing cached (the slowest redraw).
  const fresh = heads.map((d) => {
    const t = performance.now();
    attentionViewModel({ ...DEFAULT_INPUTS, d });
    return performance.now() - t;
  });
  // The training-length slider: samples reused, statistics recomputed.
  const slide = [1024, 2048, 8192, 16384, 512, 3000].map((trainLength) => {
    const t = performance.now();
    attentionViewModel({ ...DEFAULT_INPUTS, trainLength });
    return performance.now() - t;
  });
  const n = scoresComputed();
  const buf = new Float64Array(n).map((_, i) => Math.sin(i));
  const baseline = median(
    [0, 1, 2, 3, 4].map(() => {
      const t = performance.now();
      let z = 0;
      for (let i = 0; i < n; i++) z += Math.exp(buf[i] as number);
      if (z === 42) console.log(z);
      return performance.now() - t;
    }),
  );
  const freshMs = median(fresh);
  const slideMs = median(slide);
  return [
    { name: 'Attention view default plots, new head size', subject: 'attentionViewModel (4 scales × 12 lengths + gradient curve, fresh samples)', baseline: `${(n / 1e6).toFixed(2)}M bare Math.exp calls`, subjectMs: freshMs, baselineMs: baseline, ratio: freshMs / baseline, target: '< 100 ms', met: freshMs < 100, note: `${freshMs.toFixed(0)} ms per redraw` },
    { name: 'Attention view redraw while a slider moves', subject: 'attentionViewModel, samples reused', baseline: 'same Math.exp baseline', subjectMs: slideMs, baselineMs: baseline, ratio: slideMs / baseline, target: '< 50 ms', met: slideMs < 50, note: `${slideMs.toFixed(0)} ms per redraw` },
  ];
}
