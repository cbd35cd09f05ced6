// The calculator's two charts (Chart.js, themed from VS Code's colours).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { formatBytes } from '../../core/format/bytes';
import type { Estimate } from '../../core/model/estimate';
import { forwardFlops } from '../../core/model/flops';
import { formatFlops } from '../../core/model/report';
import { themeColor } from '../common/vscodeApi';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, LogarithmicScale, Legend, Tooltip);

function base() {
  const fg = themeColor('--vscode-foreground', '#cccccc');
  const grid = themeColor('--vscode-widget-border', 'rgba(128,128,128,0.3)');
  return { fg, grid };
}

const COLORS = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#b180d7', '#d18616', '#89d185', '#cca700'];

export class MemoryChart {
  private readonly chart: Chart<'bar'>;
  private decimal = false;

  constructor(canvas: HTMLCanvasElement) {
    const { fg, grid } = base();
    const labels = ['weights', 'gradients', 'optimizer', 'activations', 'logits'];
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: ['training / GPU', 'GPU memory'],
        datasets: [
          ...labels.map((label, i) => ({ label, data: [0, 0], backgroundColor: themeColor(COLORS[i] as string, FALLBACK[i] as string), stack: 'm' })),
          { label: 'GPU memory', data: [0, 0], backgroundColor: themeColor('--vscode-descriptionForeground', '#9d9d9d'), stack: 'm' },
        ],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { color: fg, callback: (v) => formatBytes(Number(v), this.decimal, 3) }, grid: { color: grid } },
          y: { stacked: true, ticks: { color: fg }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { callbacks: { label: (i) => `${i.dataset.label ?? ''}: ${formatBytes(i.parsed.x ?? 0, this.decimal)}` } } },
      },
    });
  }

  update(e: Estimate, decimal: boolean): void {
    this.decimal = decimal;
    const o = e.options;
    const split = o.tp * o.pp;
    const dp = o.gpus / split;
    const w = e.memory.weightsBytes / split / (o.zero >= 3 ? dp : 1);
    const g = e.memory.gradientsBytes / split / (o.zero >= 2 ? dp : 1);
    const opt = e.memory.optimizerBytes / split / (o.zero >= 1 ? dp : 1);
    const parts = [w, g, opt, e.memory.activationsBytes, e.memory.logitsBytes];
    this.chart.data.datasets.forEach((d, i) => {
      d.data = i < parts.length ? [parts[i] ?? 0, 0] : [0, e.gpu.memoryBytes];
    });
    this.chart.update();
  }
}

export class FlopsChart {
  private readonly chart: Chart<'line', { x: number; y: number }[]>;

  constructor(canvas: HTMLCanvasElement) {
    const { fg, grid } = base();
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'forward FLOPs / token', data: [], borderColor: themeColor('--vscode-charts-blue', '#3794ff'), pointRadius: 2 },
          { label: 'of which attention (QKᵀ, ·V)', data: [], borderColor: themeColor('--vscode-charts-orange', '#d18616'), pointRadius: 2 },
          { label: '2·N (the 6·N·D rule’s forward)', data: [], borderColor: themeColor('--vscode-charts-green', '#89d185'), borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'context length (tokens)', color: fg }, ticks: { color: fg }, grid: { color: grid } },
          y: { type: 'logarithmic', ticks: { color: fg, callback: (v) => formatFlops(Number(v), 2) }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: fg, boxWidth: 12 } }, tooltip: { callbacks: { label: (i) => `${i.dataset.label ?? ''}: ${formatFlops(i.parsed.y ?? 0)}` } } },
      },
    });
  }

  update(e: Estimate): void {
    const pts: number[] = [];
    for (let s = 128; s <= Math.max(e.spec.maxPositions, 4096) * 4; s *= 2) pts.push(s);
    const accounting = e.spec.attentionKind === 'bidirectional' && e.options.attention === 'causal' ? 'full' : e.options.attention;
    const fl = pts.map((s) => forwardFlops(e.spec, s, accounting));
    const [total, attention, rule] = this.chart.data.datasets;
    if (total) total.data = pts.map((x, i) => ({ x, y: (fl[i]?.total ?? 0) / x }));
    if (attention) attention.data = pts.map((x, i) => ({ x, y: Math.max(1, (fl[i]?.attention ?? 0) / x) }));
    if (rule) rule.data = pts.map((x) => ({ x, y: 2 * e.params.active }));
    this.chart.update();
  }
}
