// Front-end of the tensor-file editor: the table from the header at once (filter, sort, totals),
// statistics streamed in by the host's worker with progress and cancel; a click opens a report.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { formatBytes } from '../../core/format/bytes';
import { formatNumber } from '../../core/format/number';
import type { TableSummary } from '../../core/tensor/files/inspect';
import type { TensorReport } from '../../core/tensor/report';
import type { HostMessage } from '../../shared/protocol';
import { connect, el } from '../common/vscodeApi';
import './tensorFile.css';

type Column = 'name' | 'dtype' | 'shape' | 'params' | 'bytes' | 'bpw' | 'nan' | 'std' | 'checks';
interface State {
  filter: string;
  sort: Column;
  descending: boolean;
}

const host = connect<State>(onMessage);
const state: State = host.state() ?? { filter: '', sort: 'name', descending: false };
let table: TableSummary | undefined;
let fileSize = 0;
let askFirst = false;
let crossCheck: string | undefined;
const reports = new Map<string, TensorReport>();
let running = false;
let progress: { done: number; total: number; tensor: string | null } | undefined;
let status = '';

const key = (name: string | null) => name ?? '(array)';

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      if (m.view !== 'tensorFile') return;
      table = m.table;
      fileSize = m.fileSize;
      askFirst = m.askFirst;
      crossCheck = m.crossCheck;
      mount();
      if (!askFirst) start();
      break;
    case 'tensorProgress':
      progress = { done: m.done, total: m.total, tensor: m.tensor };
      updateStatus();
      break;
    case 'tensorReport':
      reports.set(key(m.report.name), m.report);
      renderRows();
      break;
    case 'tensorDone':
      running = false;
      status = m.error ? `Statistics stopped: ${m.error}` : m.cancelled ? 'Statistics cancelled.' : `Statistics computed for ${reports.size.toLocaleString('en-US')} tensors.`;
      progress = undefined;
      updateStatus();
      renderRows();
      break;
    default:
      break;
  }
}

function start(): void {
  running = true;
  status = 'Computing statistics…';
  host.post({ type: 'computeStats' });
  updateStatus();
}

function updateStatus(): void {
  const bar = document.getElementById('progress') as HTMLProgressElement | null;
  const text = document.getElementById('status');
  const compute = document.getElementById('compute');
  const cancel = document.getElementById('cancel');
  if (bar) {
    bar.hidden = !progress;
    if (progress) {
      bar.max = progress.total || 1;
      bar.value = progress.done;
    }
  }
  if (text) text.textContent = progress ? `${status} ${formatBytes(progress.done, false, 3)} of ${formatBytes(progress.total, false, 3)}${progress.tensor ? ` · ${progress.tensor}` : ''}` : status;
  if (compute) compute.hidden = running;
  if (cancel) cancel.hidden = !running;
  document.body.dataset.running = String(running);
}

function value(e: TableSummary['entries'][number], c: Column): string | number {
  const r = reports.get(key(e.name));
  switch (c) {
    case 'name':
      return key(e.name);
    case 'dtype':
      return e.storage ?? e.dtype;
    case 'shape':
      return e.count;
    case 'params':
      return e.count;
    case 'bytes':
      return e.byteLength;
    case 'bpw':
      return e.count ? (8 * e.byteLength) / e.count : 0;
    case 'nan':
      return r ? r.nan + r.inf : -1;
    case 'std':
      return r?.std ?? -1;
    case 'checks':
      return r ? r.checks.filter((c) => c.severity !== 'info').length : -1;
  }
}

function renderRows(): void {
  const body = document.getElementById('rows');
  if (!body || !table) return;
  const f = state.filter.toLowerCase();
  const entries = table.entries.filter((e) => !f || key(e.name).toLowerCase().includes(f) || e.dtype.includes(f) || (e.storage?.toLowerCase().includes(f) ?? false));
  const quantized = table.entries.some((e) => e.storage !== undefined);
  // After a finished pass, a row without a report had no statistics (a GGUF type without a dequantizer).
  const pending = !running && status.startsWith('Statistics computed') ? '—' : '…';
  entries.sort((a, b) => {
    const x = value(a, state.sort);
    const y = value(b, state.sort);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en', { numeric: true });
    return state.descending ? -c : c;
  });
  body.replaceChildren(
    ...entries.map((e) => {
      const r = reports.get(key(e.name));
      const worst = r?.checks.find((c) => c.severity === 'error') ?? r?.checks.find((c) => c.severity === 'warning');
      const row = el(
        'tr',
        { 'data-name': key(e.name), title: 'Open this tensor’s report' },
        el('td', e.sharedWith ? { title: `Shares its storage with ${e.sharedWith} (tied weights or a view)` } : {}, e.sharedWith ? `${key(e.name)} ⇄ ${e.sharedWith}` : key(e.name)),
        el('td', {}, e.storage ?? e.dtype),
        el('td', {}, `[${e.shape.join(', ')}]`),
        el('td', { class: 'num' }, e.count.toLocaleString('en-US')),
        el('td', { class: 'num' }, formatBytes(e.byteLength, false, 3)),
        ...(quantized ? [el('td', { class: 'num' }, e.count ? formatNumber((8 * e.byteLength) / e.count, 4) : '—')] : []),
        el('td', { class: 'num' }, r ? (r.nan + r.inf).toLocaleString('en-US') : pending),
        el('td', { class: 'num' }, r ? (r.std === null ? '—' : formatNumber(r.std, 4)) : pending),
        el('td', { class: worst ? `sev-${worst.severity}` : '' }, r ? (worst ? worst.id : r.checks.length ? 'info only' : '✓') : pending),
      );
      row.addEventListener('click', () => host.post({ type: 'openReport', name: e.name }));
      return row;
    }),
  );
  const shown = document.getElementById('shown');
  if (shown) shown.textContent = `${entries.length.toLocaleString('en-US')} of ${table.entries.length.toLocaleString('en-US')} tensors`;
  document.body.dataset.reports = String(reports.size);
}

function mount(): void {
  const root = document.getElementById('root');
  if (!root || !table) return;
  const filter = el('vscode-textfield', { id: 'filter', placeholder: 'Filter by name or dtype', value: state.filter, 'aria-label': 'filter tensors' }) as HTMLElement & { value: string };
  filter.addEventListener('input', () => {
    state.filter = filter.value;
    host.saveState(state);
    renderRows();
  });
  const compute = el('vscode-button', { id: 'compute' }, `Compute statistics${askFirst ? ` (${formatBytes(fileSize, false, 3)})` : ''}`);
  compute.addEventListener('click', start);
  const cancel = el('vscode-button', { id: 'cancel', secondary: '' }, 'Cancel');
  cancel.addEventListener('click', () => host.post({ type: 'cancelStats' }));
  const quantized = table.entries.some((e) => e.storage !== undefined);
  const columns: [Column, string][] = [['name', 'name'], ['dtype', quantized ? 'type' : 'dtype'], ['shape', 'shape'], ['params', 'parameters'], ['bytes', 'bytes'], ...(quantized ? [['bpw', 'bits/weight'] as [Column, string]] : []), ['nan', 'NaN+Inf'], ['std', 'std'], ['checks', 'worst check']];
  const head = el(
    'tr',
    {},
    ...columns.map(([c, label]) => {
      const th = el('th', { 'data-column': c, ...(state.sort === c ? { 'aria-sort': state.descending ? 'descending' : 'ascending' } : {}) }, label);
      th.addEventListener('click', () => {
        state.descending = state.sort === c ? !state.descending : false;
        state.sort = c;
        host.saveState(state);
        mount();
      });
      return th;
    }),
  );
  const t = table;
  const kindLabel = t.kind === 'index' ? `sharded checkpoint (${t.shards?.length ?? 0} shards)` : t.kind === 'gguf' ? 'GGUF' : t.kind === 'torch' ? 'PyTorch checkpoint' : t.kind;
  const bpw = t.totalParams ? ` · ${formatNumber((8 * t.totalBytes) / t.totalParams, 4)} bits per weight` : '';
  root.replaceChildren(
    el('h1', {}, t.file),
    el('p', { class: 'mm-muted', id: 'summary' }, `${kindLabel} · ${t.entries.length.toLocaleString('en-US')} tensors · ${t.totalParams.toLocaleString('en-US')} parameters · ${formatBytes(t.totalBytes, false, 4)} of tensor data (${formatBytes(t.totalBytes, true, 4)})${quantized ? bpw : ''}`),
    ...(t.facts ? [el('p', { id: 'facts' }, Object.entries(t.facts).map(([k, v]) => `${k}: ${String(v)}`).join(' · '))] : []),
    ...(t.security ?? []).map((n) => el('p', { class: 'mm-error', role: 'alert' }, `⚠ Security warning: ${n}`)),
    ...(crossCheck ? [el('p', { id: 'cross-check' }, crossCheck)] : []),
    ...t.notes.map((n) => el('p', { class: 'mm-error' }, `Note: ${n}`)),
    ...(Object.keys(t.metadata).length ? [el('p', { class: 'mm-muted' }, `Metadata: ${Object.entries(t.metadata).map(([k, v]) => `${k} = ${v}`).join(', ').slice(0, 500)}`)] : []),
    el('div', { class: 'mm-bar' }, filter, compute, cancel, el('progress', { id: 'progress', hidden: '' }), el('span', { id: 'status', class: 'mm-muted' })),
    el('p', { class: 'mm-muted', id: 'shown' }),
    el('div', { class: 'mm-file-table' }, el('table', {}, el('thead', {}, head), el('tbody', { id: 'rows' }), el('tfoot', {}, el('tr', {}, el('td', {}, 'total'), el('td', {}), el('td', {}), el('td', { class: 'num' }, t.totalParams.toLocaleString('en-US')), el('td', { class: 'num' }, formatBytes(t.totalBytes, false, 4)), ...(quantized ? [el('td', { class: 'num' }, formatNumber((8 * t.totalBytes) / Math.max(1, t.totalParams), 4))] : []), el('td', {}), el('td', {}), el('td', {}))))),
    el('p', { class: 'mm-muted' }, `Bytes in GiB (2³⁰); std is the population std (ddof 0); NaN+Inf counts non-finite values;${quantized ? ' bits/weight = 8 × bytes ÷ parameters (block scales included); statistics are of the dequantized values;' : ''} click a row for its report.`),
  );
  renderRows();
  updateStatus();
}

host.announce('tensorFile');
