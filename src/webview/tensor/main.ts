// Front-end of the Tensor view: one tensor's report (statistics, checks with severity and
// explanation, histogram with a log-scale option, heatmap for small 2-D tensors, row softmax).
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { BarController, BarElement, Chart, LinearScale, LogarithmicScale, Tooltip, CategoryScale } from 'chart.js';
import { formatNumber } from '../../core/format/number';
import type { TensorReport } from '../../core/tensor/report';
import type { HostMessage, TensorPayload } from '../../shared/protocol';
import { auditChart } from '../common/chartAudit';
import { connect, el, themeColor } from '../common/vscodeApi';
import './tensor.css';

Chart.register(BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Tooltip);

interface State {
  tensor?: TensorPayload;
  logScale: boolean;
}

const host = connect<State>(onMessage);
const state: State = host.state() ?? { logScale: false };
let digits = 6;
let chart: Chart<'bar'> | undefined;
/** Shown instead of a report that belonged to a file no longer in front. */
let note = '';

function onMessage(m: HostMessage): void {
  if (m.type === 'init' && m.view === 'tensor') {
    digits = m.settings.significantDigits;
    if (m.tensor) show(m.tensor);
    else render();
  } else if (m.type === 'showTensor') show(m.tensor);
  else if (m.type === 'clearTensor') {
    delete state.tensor;
    host.saveState(state);
    note = m.note;
    render();
  }
  else if (m.type === 'settings') {
    digits = m.settings.significantDigits;
    render();
  }
}

function show(t: TensorPayload): void {
  state.tensor = t;
  host.saveState(state);
  render();
  // A new report starts at its top, not at the previous report's scroll position.
  window.scrollTo(0, 0);
  host.post({ type: 'ack', id: t.id });
}

const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : Number.isInteger(x) && Math.abs(x) < 1e15 ? x.toLocaleString('en-US') : formatNumber(x, digits));

function statsTable(r: TensorReport): HTMLElement {
  const rows: [string, string][] = [
    ['dtype', r.dtype],
    ['shape', `[${r.shape.join(', ')}]`],
    ['values', n(r.count)],
    ['NaN', n(r.nan)],
    ['Inf', n(r.inf)],
    ['min', n(r.min)],
    ['max', n(r.max)],
    ['mean', n(r.mean)],
    ['std (ddof 0, numpy)', n(r.std)],
    ['std (ddof 1)', n(r.std_unbiased)],
    ['|x| max', n(r.abs_max)],
    ['zeros', `${formatNumber(r.zero_fraction * 100, 4)}%`],
    ...Object.entries(r.percentiles).map(([k, v]): [string, string] => [`percentile ${k.slice(1)}`, n(v)]),
  ];
  return el('table', { class: 'mm-table', id: 'stats' }, ...rows.map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'mm-num' }, v))));
}

function drawHeatmap(canvas: HTMLCanvasElement, h: NonNullable<TensorReport['heatmap']>): void {
  canvas.width = h.cols;
  canvas.height = h.rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const finite = h.values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const lim = Math.max(...finite.map(Math.abs), 1e-30);
  const img = ctx.createImageData(h.cols, h.rows);
  h.values.forEach((v, i) => {
    const o = i * 4;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      img.data.set([255, 0, 255, 255], o); // NaN/Inf: magenta
      return;
    }
    const t = v / lim; // diverging: blue (−) … white … red (+)
    const r = t > 0 ? 255 : Math.round(255 * (1 + t));
    const b = t < 0 ? 255 : Math.round(255 * (1 - t));
    const g = Math.round(255 * (1 - Math.abs(t)));
    img.data.set([r, g, b, 255], o);
  });
  ctx.putImageData(img, 0, 0);
}

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const t = state.tensor;
  if (!t) {
    chart?.destroy();
    chart = undefined;
    root.replaceChildren(el('p', { class: 'mm-muted', id: 'empty' }, note || 'Select a tensor (a list, a numpy/torch repr, rows of numbers) and run "Model Math: Check Selected Tensor", or open a .npy / .npz / .safetensors file.'));
    return;
  }
  const r = t.report;
  const log = el('vscode-checkbox', { id: 'log-scale', label: 'log scale' }) as HTMLElement & { checked: boolean };
  log.checked = state.logScale;
  log.addEventListener('change', () => {
    state.logScale = log.checked;
    host.saveState(state);
    render();
  });
  const checks = r.checks.length
    ? el('ul', { class: 'mm-checks', id: 'checks' }, ...r.checks.map((c) => el('li', { 'data-severity': c.severity, 'data-id': c.id }, el('strong', {}, `${c.severity} · `), el('code', {}, c.id), ` ${c.message} `, el('span', { class: 'mm-muted' }, `[${c.source}]`))))
    : el('p', { class: 'mm-ok', id: 'checks' }, '✓ No check fired.');
  const sections: HTMLElement[] = [
    el('p', { class: 'mm-title', id: 'tensor-title' }, `${r.name ?? 'tensor'} · ${r.dtype} [${r.shape.join(', ')}]`),
    el('p', { class: 'mm-muted' }, `From ${t.source}${r.truncated ? ' · summarised repr: shown values only' : ''}`),
    el('h2', {}, 'Checks'),
    checks,
    el('h2', {}, 'Statistics'),
    statsTable(r),
    el('h2', {}, 'Histogram'),
    log,
    el('div', { class: 'mm-canvas' }, el('canvas', { id: 'histogram', role: 'img', 'aria-label': 'histogram of the finite values' })),
  ];
  if (r.softmax) {
    const s = r.softmax;
    sections.push(el('h2', {}, 'Rows as logits (softmax over the last axis)'), el('table', { class: 'mm-table', id: 'softmax' }, ...([
      ['rows × length', `${n(s.rows)} × ${n(s.length)}`],
      ...(s.skipped ? [['rows left out (hold NaN or ±inf)', n(s.skipped)] as [string, string]] : []),
      ['mean max probability', n(s.mean_max_prob)],
      ['mean entropy / log n', `${n(s.mean_entropy)} / ${n(s.entropy_ceiling)} nats`],
      ['mean gradient 1 − Σp² (α = 1)', n(s.mean_gradient)],
      ['saturated rows (one-hot)', n(s.saturated)],
      ['near-uniform rows', n(s.uniform)],
    ] as [string, string][]).map(([k, v]) => el('tr', {}, el('td', {}, k), el('td', { class: 'mm-num' }, v)))));
  }
  if (r.heatmap) sections.push(el('h2', {}, 'Heatmap'), el('canvas', { id: 'heatmap', class: 'mm-heatmap', role: 'img', 'aria-label': 'heatmap of the values' }), el('p', { class: 'mm-muted' }, 'blue negative · white 0 · red positive (scaled by |x| max) · magenta NaN/Inf'));
  sections.push(el('p', { class: 'mm-muted' }, `Conventions: ${r.conventions.join('; ')}.`));
  root.replaceChildren(...sections);
  const canvas = document.getElementById('histogram') as HTMLCanvasElement;
  const fg = themeColor('--vscode-foreground', '#cccccc');
  const grid = themeColor('--vscode-widget-border', 'rgba(128,128,128,0.3)');
  chart?.destroy();
  const edges = r.histogram.edges;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: r.histogram.counts.map((_, i) => formatNumber(((edges[i] ?? 0) + (edges[i + 1] ?? edges[i] ?? 0)) / 2, 3)),
      datasets: [{ label: 'count', data: r.histogram.counts.map((c) => (state.logScale && c === 0 ? null : c)) as number[], backgroundColor: themeColor('--vscode-charts-blue', '#3794ff'), barPercentage: 1, categoryPercentage: 1 }],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: 'value (bin centre)', color: fg }, ticks: { color: fg, maxTicksLimit: 6, maxRotation: 0 }, grid: { color: grid } },
        y: { type: state.logScale ? 'logarithmic' : 'linear', title: { display: true, text: state.logScale ? 'count (log)' : 'count', color: fg }, ticks: { color: fg }, grid: { color: grid } },
      },
      plugins: { tooltip: { callbacks: { title: (items) => { const i = items[0]?.dataIndex ?? 0; return `${formatNumber(edges[i] ?? 0, 4)} to ${formatNumber(edges[i + 1] ?? 0, 4)}`; } } } },
    },
  });
  auditChart(chart as unknown as Chart);
  const heat = document.getElementById('heatmap') as HTMLCanvasElement | null;
  if (heat && r.heatmap) drawHeatmap(heat, r.heatmap);
  document.body.dataset.checks = r.checks.map((c) => c.id).join(',');
}

host.announce('tensor');
