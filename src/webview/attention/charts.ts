// The Attention view's three plots (Chart.js, themed from VS Code's colours): expected entropy and
// max probability against n for each scale, and gradient size against α with α* marked.
import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import type { AttentionViewModel } from '../../core/attention/viewModel';
import { formatNumber } from '../../core/format/number';
import { auditChart, powerOfTwoTicks, shortCount } from '../common/chartAudit';
import { themeColor } from '../common/vscodeApi';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const COLORS: [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
  ['--vscode-terminal-ansiCyan', '#11a8cd'],
  ['--vscode-terminal-ansiMagenta', '#bc3fbc'],
  ['--vscode-foreground', '#cccccc'],
];
export const seriesColor = (i: number) => {
  const [v, f] = COLORS[i % COLORS.length] as [string, string];
  return themeColor(v, f);
};

type Points = { x: number; y: number }[];
type LineChart = Chart<'line', Points>;

function lineChart(canvas: HTMLCanvasElement, xTitle: string, yTitle: string, xLog: boolean): LineChart {
  const fg = themeColor('--vscode-foreground', '#cccccc');
  const grid = themeColor('--vscode-widget-border', 'rgba(128,128,128,0.3)');
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      parsing: false,
      color: fg,
      scales: {
        // Key counts are powers of two: ticks there (Chart.js's own log ticks sit at 1-2-5 × 10^k).
        x: {
          type: xLog ? 'logarithmic' : 'linear',
          title: { display: true, text: xTitle, color: fg },
          ticks: { color: fg, autoSkip: true, maxRotation: 0, callback: (v) => (xLog ? shortCount(Number(v)) : formatNumber(Number(v), 3)) },
          ...(xLog ? { afterBuildTicks: (axis: { min: number; max: number; ticks: { value: number }[] }) => void (axis.ticks = powerOfTwoTicks(axis.min, axis.max)) } : {}),
          grid: { color: grid },
        },
        y: { title: { display: true, text: yTitle, color: fg }, ticks: { color: fg }, grid: { color: grid } },
      },
      plugins: {
        legend: { position: 'bottom', labels: { color: fg, boxWidth: 12 } },
        tooltip: { callbacks: { label: (i) => `${i.dataset.label ?? ''}: ${formatNumber(i.parsed.y ?? 0, 4)} at ${formatNumber(i.parsed.x ?? 0, 4)}` } },
      },
    },
  });
}

export class AttentionCharts {
  private readonly entropy: LineChart;
  private readonly maxProb: LineChart;
  private readonly gradient: LineChart;

  constructor(entropy: HTMLCanvasElement, maxProb: HTMLCanvasElement, gradient: HTMLCanvasElement) {
    this.entropy = lineChart(entropy, 'keys per query n', 'entropy (nats)', true);
    this.maxProb = lineChart(maxProb, 'keys per query n', 'max probability', true);
    this.gradient = lineChart(gradient, 'α (scale × √d)', 'α(1 − Σp²)', false);
  }

  update(vm: AttentionViewModel): void {
    const fg = themeColor('--vscode-descriptionForeground', '#9d9d9d');
    const series = (pick: (p: AttentionViewModel['analyses'][number]['points'][number]) => number) =>
      vm.analyses.map((a, i) => ({ label: a.choice.label, data: a.points.map((p) => ({ x: p.n, y: pick(p) })), borderColor: seriesColor(i), backgroundColor: seriesColor(i), pointRadius: 2, borderWidth: 2 }));
    this.entropy.data.datasets = [
      ...series((p) => p.monteCarlo.entropy),
      { label: 'log n (uniform ceiling)', data: vm.lengths.map((n) => ({ x: n, y: Math.log(n) })), borderColor: fg, backgroundColor: fg, borderDash: [5, 4], pointRadius: 0, borderWidth: 1 },
    ];
    this.maxProb.data.datasets = series((p) => p.monteCarlo.maxProb);
    const g = vm.gradient;
    const top = Math.max(...g.points.map((p) => Math.max(p.monteCarlo, Number.isFinite(p.closedForm) ? p.closedForm : 0)));
    const star = themeColor('--vscode-charts-red', '#f14c4c');
    this.gradient.data.datasets = [
      { label: `Monte Carlo (n = ${formatNumber(g.n, 4)})`, data: g.points.map((p) => ({ x: p.alpha, y: p.monteCarlo })), borderColor: seriesColor(0), backgroundColor: seriesColor(0), pointRadius: 0, borderWidth: 2 },
      { label: 'closed form (while Σp² ≪ 1)', data: g.points.filter((p) => Number.isFinite(p.closedForm)).map((p) => ({ x: p.alpha, y: p.closedForm })), borderColor: seriesColor(1), backgroundColor: seriesColor(1), borderDash: [6, 3], pointRadius: 0, borderWidth: 2 },
      { label: `closed-form α* = ${formatNumber(g.alphaStar, 4)}`, data: [{ x: g.alphaStar, y: 0 }, { x: g.alphaStar, y: top }], borderColor: star, backgroundColor: star, pointRadius: 0, borderWidth: 2, borderDash: [2, 2] },
      { label: `Monte Carlo ${g.optimum.alpha >= g.optimum.searchedTo * 0.999 ? 'max (search end)' : 'optimum'} α = ${formatNumber(g.optimum.alpha, 3)}`, data: [{ x: g.optimum.alpha, y: 0 }, { x: g.optimum.alpha, y: g.optimum.gradient }], borderColor: seriesColor(2), backgroundColor: seriesColor(2), pointRadius: 0, borderWidth: 2, borderDash: [2, 2] },
    ];
    for (const chart of [this.entropy, this.maxProb, this.gradient]) {
      chart.update();
      auditChart(chart as unknown as Chart);
    }
  }
}
