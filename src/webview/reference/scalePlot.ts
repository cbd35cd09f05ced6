// Attention scale against sequence length for one head size: 1/√d vs log₅₁₂(max(n,16))/√d.
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import { entropyInvariantScale, standardScale } from '../../core/attention/scales';
import { formatNumber } from '../../core/format/number';
import { auditChart, powerOfTwoTicks, shortCount } from '../common/chartAudit';
import { themeColor } from '../common/vscodeApi';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip);

export interface ScalePlotPoints {
  readonly lengths: number[];
  readonly standard: number[];
  readonly entropyInvariant: number[];
}

/** Powers of two from 16 to maxLength. */
export function scalePlotPoints(d: number, maxLength: number): ScalePlotPoints {
  const lengths: number[] = [];
  for (let n = 16; n <= maxLength; n *= 2) lengths.push(n);
  return {
    lengths,
    standard: lengths.map(() => standardScale(d)),
    entropyInvariant: lengths.map((n) => entropyInvariantScale(n, d)),
  };
}

export class ScalePlot {
  private readonly chart: Chart<'line', { x: number; y: number }[]>;
  private digits = 6;

  constructor(canvas: HTMLCanvasElement) {
    const fg = themeColor('--vscode-foreground', '#cccccc');
    const grid = themeColor('--vscode-widget-border', 'rgba(128,128,128,0.3)');
    const font = themeColor('--vscode-font-family', 'sans-serif');
    this.chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: '1/√d', data: [], borderColor: themeColor('--vscode-charts-blue', '#3794ff'), backgroundColor: 'transparent', pointRadius: 2 },
          { label: 'log₅₁₂(max(n,16))/√d', data: [], borderColor: themeColor('--vscode-charts-orange', '#d18616'), backgroundColor: 'transparent', pointRadius: 2 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        color: fg,
        font: { family: font },
        scales: {
          x: { type: 'logarithmic', title: { display: true, text: 'sequence length n (valid keys)', color: fg }, ticks: { color: fg, maxRotation: 0, callback: (v) => shortCount(Number(v)) }, afterBuildTicks: (axis) => void (axis.ticks = powerOfTwoTicks(axis.min, axis.max)), grid: { color: grid } },
          y: { title: { display: true, text: 'scale', color: fg }, ticks: { color: fg }, grid: { color: grid } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { color: fg, boxWidth: 12 } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? NaN, this.digits)}` } },
        },
      },
    });
  }

  update(d: number, maxLength: number, digits: number): void {
    this.digits = digits;
    const p = scalePlotPoints(d, maxLength);
    const [standard, entropy] = this.chart.data.datasets;
    if (standard) standard.data = p.lengths.map((x, i) => ({ x, y: p.standard[i] ?? NaN }));
    if (entropy) entropy.data = p.lengths.map((x, i) => ({ x, y: p.entropyInvariant[i] ?? NaN }));
    this.chart.update();
    auditChart(this.chart as unknown as Chart);
  }
}
