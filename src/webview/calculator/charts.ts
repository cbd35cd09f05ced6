// The calculator's two charts (Chart.js, themed from VS Code's colours).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { formatBytes } from '../../core/format/bytes';
import type { Estimate } from '../../core/model/estimate';
import { forwardFlops } from '../../core/model/flops';
import { formatFlops } from '../../core/model/report';
import { auditChart, shortCount } from '../common/chartAudit';
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
        labels: ['training', 'GPU'],
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
          x: { stacked: true, title: { display: true, text: 'bytes per GPU', color: fg }, ticks: { color: fg, maxRotation: 0, autoSkip: true, maxTicksLimit: 3, callback: (v) => formatBytes(Number(v), this.decimal, 2) }, grid: { color: grid } },
          y: { stacked: true, ticks: { color: fg }, grid: { color: grid } },
        },
        plugins: { legend: { position: 'bottom', labels: { color: fg, boxWidth: 12 } }, tooltip: { callbacks: { label: (i) => `${i.dataset.label ?? ''}: ${formatBytes(i.parsed.x ?? 0, this.decimal)}` } } },
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
    auditChart(this.chart as unknown as Chart);
  }
}

/** Context lengths at every power of 4 from 128 (128, 512, 2k, 8k, …): few enough not to collide. */
function contextTicks(min: number, max: number): { value: number }[] {
  const out: { value: number }[] = [];
  for (let v = 128; v <= max * 1.0001; v *= 4) if (v >= min * 0.9999) out.push({ value: v });
  return out;
}

/** Powers of ten (1-2-5 ticks on a narrow log axis overlap). */
function decadeTicks(min: number, max: number): { value: number }[] {
  const out: { value: number }[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push({ value: 10 ** e });
  return out;
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
          x: { type: 'logarithmic', title: { display: true, text: 'context length (tokens)', color: fg }, ticks: { color: fg, maxRotation: 0, autoSkip: true, callback: (v) => shortCount(Number(v)) }, afterBuildTicks: (axis) => void (axis.ticks = contextTicks(axis.min, axis.max)), grid: { color: grid } },
          y: { type: 'logarithmic', title: { display: true, text: 'FLOPs / token', color: fg }, ticks: { color: fg, callback: (v) => formatFlops(Number(v), 2) }, afterBuildTicks: (axis) => void (axis.ticks = decadeTicks(axis.min, axis.max)), grid: { color: grid } },
        },
        plugins: { legend: { position: 'bottom', labels: { color: fg, boxWidth: 12 } }, tooltip: { callbacks: { label: (i) => `${i.dataset.label ?? ''}: ${formatFlops(i.parsed.y ?? 0)}` } } },
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
    auditChart(this.chart as unknown as Chart);
  }
}
