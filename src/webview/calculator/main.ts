// Front-end of the FLOPs & Memory calculator: the estimate runs here, on every change, instantly.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import katex from 'katex';
import { formatBytes } from '../../core/format/bytes';
import { configKvDtype, DEFAULT_OPTIONS, estimateConfig, type Estimate, type EstimateOptions } from '../../core/model/estimate';
import { GPUS } from '../../core/model/gpus';
import { approximateNote, estimateMarkdown, formatLine } from '../../core/model/report';
import type { ConfigPayload, HostMessage } from '../../shared/protocol';
import { connect, el } from '../common/vscodeApi';
import { FlopsChart, MemoryChart } from './charts';
import './calculator.css';

interface State {
  selected: string;
  options: Partial<EstimateOptions>;
}

const host = connect<State>(onMessage);
const state: State = host.state() ?? { selected: 'llama-3-8b', options: {} };
let configs: ConfigPayload[] = [];
let decimal = false;
let memoryChart: MemoryChart | undefined;
let flopsChart: FlopsChart | undefined;
let current: Estimate | undefined;

const FORMULAS: [string, string][] = [
  ['Forward FLOPs of a sequence', String.raw`2s\Big(\sum_{l} W_l + hV\Big) + 4\,n_q d_h \sum_{i=1}^{s} c_i,\quad c_i = i\ \text{(causal)}`],
  ['Weights a token multiplies through in a layer', String.raw`W_l = h\,n_q d_h + 2h\,n_{kv} d_h + n_q d_h h + k\,m\,h f`],
  ['KV cache per token', String.raw`2 \cdot L \cdot n_{kv} \cdot d_h \cdot \text{bytes}`],
  ['Mixed-precision AdamW', String.raw`(2 + 2 + 12)\,P\ \text{bytes}`],
];

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      if (m.view !== 'calculator') return;
      decimal = m.decimal;
      configs = [...(m.active ? [m.active] : []), ...m.presets];
      if (m.active) {
        state.selected = m.active.id;
        host.post({ type: 'ack', id: m.active.id });
      }
      if (!configs.some((c) => c.id === state.selected)) state.selected = configs[0]?.id ?? '';
      mount();
      break;
    case 'setConfig':
      configs = [m.config, ...configs.filter((c) => c.id !== m.config.id)];
      state.selected = m.config.id;
      mount();
      host.post({ type: 'ack', id: m.config.id });
      break;
    default:
      break;
  }
}

type Field = { key: keyof EstimateOptions; label: string; kind: 'int' | 'float' | 'optional-float' } | { key: keyof EstimateOptions; label: string; kind: 'select'; choices: readonly string[] } | { key: keyof EstimateOptions; label: string; kind: 'bool' };

const FIELDS: Field[] = [
  { key: 'seq', label: 'Sequence length', kind: 'int' },
  { key: 'batch', label: 'Batch', kind: 'int' },
  { key: 'dtype', label: 'Training / weight dtype', kind: 'select', choices: ['bf16', 'fp16', 'fp32', 'fp8', 'int8', 'int4'] },
  { key: 'kvDtype', label: 'KV-cache dtype', kind: 'select', choices: ['bf16', 'fp16', 'fp32', 'fp8', 'int8', 'int4'] },
  { key: 'optimizer', label: 'Optimizer', kind: 'select', choices: ['adamw', 'adam8bit', 'adafactor', 'sgd', 'lion'] },
  { key: 'attention', label: 'Attention accounting', kind: 'select', choices: ['causal', 'full', 'sliding'] },
  { key: 'recompute', label: 'Recompute', kind: 'select', choices: ['none', 'selective', 'full'] },
  { key: 'flashAttention', label: 'FlashAttention', kind: 'bool' },
  { key: 'zero', label: 'ZeRO stage', kind: 'select', choices: ['0', '1', '2', '3'] },
  { key: 'gpus', label: 'GPUs', kind: 'int' },
  { key: 'tp', label: 'Tensor parallel', kind: 'int' },
  { key: 'pp', label: 'Pipeline parallel', kind: 'int' },
  { key: 'gpu', label: 'GPU', kind: 'select', choices: GPUS.map((g) => g.id) },
  { key: 'tokens', label: 'Training tokens D', kind: 'optional-float' },
  { key: 'mfu', label: 'MFU', kind: 'float' },
];

function optionValue(f: Field): string {
  const v = state.options[f.key] ?? (f.key === 'kvDtype' ? state.options.dtype : undefined) ?? DEFAULT_OPTIONS[f.key];
  return v === undefined ? '' : String(v);
}

function control(f: Field): HTMLElement {
  const id = `opt-${f.key}`;
  if (f.kind === 'select') {
    const sel = el('vscode-single-select', { id, 'aria-label': f.label }, ...f.choices.map((c) => el('vscode-option', { value: c }, c))) as HTMLElement & { value: string };
    sel.value = optionValue(f);
    sel.addEventListener('change', () => {
      (state.options as Record<string, unknown>)[f.key] = f.key === 'zero' ? Number(sel.value) : sel.value;
      update();
    });
    return sel;
  }
  if (f.kind === 'bool') {
    const box = el('vscode-checkbox', { id, label: f.label }) as HTMLElement & { checked: boolean };
    box.checked = optionValue(f) !== 'false';
    box.addEventListener('change', () => {
      (state.options as Record<string, unknown>)[f.key] = box.checked;
      update();
    });
    return box;
  }
  const field = el('vscode-textfield', { id, value: optionValue(f), 'aria-label': f.label, placeholder: f.kind === 'optional-float' ? 'e.g. 2e12' : '' }) as HTMLElement & { value: string };
  field.addEventListener('input', () => {
    const raw = field.value.trim().replace(/_/g, '');
    if (raw === '' && f.kind === 'optional-float') delete (state.options as Record<string, unknown>)[f.key];
    else (state.options as Record<string, unknown>)[f.key] = Number(raw);
    update();
  });
  return field;
}

function mount(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const picker = el('vscode-single-select', { id: 'config', 'aria-label': 'model config' }, ...configs.map((c) => el('vscode-option', { value: c.id }, c.name))) as HTMLElement & { value: string };
  picker.value = state.selected;
  picker.addEventListener('change', () => {
    state.selected = picker.value;
    update();
  });
  const copy = el('vscode-button', { id: 'copy-markdown', secondary: '' }, 'Copy as Markdown');
  copy.addEventListener('click', () => current && host.post({ type: 'copy', text: estimateMarkdown(current, `FLOPs & memory: ${configs.find((c) => c.id === state.selected)?.name ?? ''}`, decimal) }));
  const formulas = el('div', { class: 'mm-formulas' });
  for (const [title, tex] of FORMULAS) {
    const math = el('div', { class: 'mm-math' });
    try {
      katex.render(tex, math, { displayMode: true, throwOnError: true });
    } catch {
      math.textContent = tex;
    }
    formulas.append(el('p', { class: 'mm-muted' }, title), math);
  }
  root.replaceChildren(
    el('label', { class: 'mm-row' }, el('span', {}, 'Model'), picker),
    el('details', { class: 'mm-options', open: '' }, el('summary', {}, 'Options'), el('div', { class: 'mm-grid' }, ...FIELDS.flatMap((f) => [el('label', { for: `opt-${f.key}` }, f.label), control(f)]))),
    el('p', { id: 'error', class: 'mm-error', role: 'alert' }),
    el(
      'div',
      { class: 'mm-charts' },
      el('section', {}, el('h2', {}, 'Memory per GPU'), el('div', { class: 'mm-canvas' }, el('canvas', { id: 'memory-chart', role: 'img', 'aria-label': 'memory breakdown against GPU capacity' }))),
      el('section', {}, el('h2', {}, 'FLOPs per token against context'), el('div', { class: 'mm-canvas' }, el('canvas', { id: 'flops-chart', role: 'img', 'aria-label': 'forward FLOPs per token against context length' }))),
    ),
    el('div', { id: 'results' }),
    el('div', { class: 'mm-row' }, copy),
    el('h2', {}, 'Formulas'),
    formulas,
  );
  memoryChart = new MemoryChart(root.querySelector('#memory-chart') as HTMLCanvasElement);
  flopsChart = new FlopsChart(root.querySelector('#flops-chart') as HTMLCanvasElement);
  update();
}

function update(): void {
  host.saveState(state);
  const error = document.getElementById('error');
  const results = document.getElementById('results');
  if (!error || !results) return;
  const payload = configs.find((c) => c.id === state.selected);
  if (!payload) return;
  try {
    // The config's quantization_config sets the stored weight bytes; its KV-cache dtype applies unless one is picked.
    current = estimateConfig(payload.config, { ...state.options, kvDtype: state.options.kvDtype ?? configKvDtype(payload.config) ?? state.options.dtype ?? DEFAULT_OPTIONS.kvDtype });
    error.textContent = '';
  } catch (err) {
    error.textContent = err instanceof Error ? err.message : String(err);
    return;
  }
  const e = current;
  // Not picked by the user: the KV-cache select shows what applies (the config's own KV dtype, or the dtype).
  const kvSelect = document.getElementById('opt-kvDtype') as (HTMLElement & { value: string }) | null;
  if (kvSelect && state.options.kvDtype === undefined && kvSelect.value !== e.options.kvDtype) kvSelect.value = e.options.kvDtype;
  const rows: HTMLElement[] = [];
  let section = '';
  for (const l of e.lines) {
    if (l.section !== section) {
      section = l.section;
      rows.push(el('tr', { class: 'mm-section' }, el('th', { colspan: '2' }, section)));
    }
    rows.push(el('tr', { title: `${l.formula}${l.note ? `\n${l.note}` : ''}` }, el('td', {}, l.label), el('td', { class: 'mm-num' }, formatLine(l, decimal))));
  }
  const approx = approximateNote(e.spec);
  results.replaceChildren(
    ...(approx ? [el('p', { class: 'mm-warning', role: 'note' }, approx)] : []),
    el('table', { class: 'mm-table' }, ...rows),
    el('p', { class: 'mm-muted' }, `Conventions: ${e.conventions.join('; ')}. Hover a row for its formula.`),
    ...(e.spec.assumptions.length ? [el('p', { class: 'mm-muted' }, `Assumptions: ${e.spec.assumptions.join('; ')}.`)] : []),
  );
  memoryChart?.update(e, decimal);
  flopsChart?.update(e);
  document.body.dataset.fits = String(e.memory.fitsTraining);
  document.getElementById('memory-chart')?.setAttribute('aria-label', `training needs ${formatBytes(e.memory.perGpuTrainingBytes, decimal)} per GPU of ${formatBytes(e.gpu.memoryBytes, decimal)}`);
}

host.announce('calculator');
