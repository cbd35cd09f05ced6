// Front-end of the Formula Reference view.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import katex from 'katex';
import type { FormulaCard } from '../../core/reference/catalog';
import { formatNumber } from '../../core/format/number';
import type { HostMessage, ViewSettings } from '../../shared/protocol';
import { connect, el } from '../common/vscodeApi';
import { ScalePlot } from './scalePlot';
import './reference.css';

interface State {
  headDim: number;
}

let settings: ViewSettings = { significantDigits: 6, plotMaxLength: 131072 };
let formulas: readonly FormulaCard[] = [];
let plot: ScalePlot | undefined;

const host = connect<State>(onMessage);
let state: State = host.state() ?? { headDim: 64 };

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      if (message.view !== 'reference') return;
      formulas = message.formulas;
      settings = message.settings;
      render();
      break;
    case 'settings':
      settings = message.settings;
      render();
      break;
    default:
      break;
  }
}

function render(): void {
  const root = document.getElementById('root');
  if (!root) return;
  root.replaceChildren(plotSection(), ...formulas.map(card));
  plot = new ScalePlot(root.querySelector('canvas') as HTMLCanvasElement);
  plot.update(state.headDim, settings.plotMaxLength, settings.significantDigits);
}

function plotSection(): HTMLElement {
  const input = el('vscode-textfield', { id: 'head-dim', type: 'number', min: '1', value: String(state.headDim), 'aria-label': 'head dimension d' });
  const error = el('p', { class: 'mm-error', role: 'alert' });
  input.addEventListener('input', () => {
    const d = Number((input as unknown as { value: string }).value);
    if (!Number.isFinite(d) || d <= 0) {
      error.textContent = 'Head dimension d must be a positive number, e.g. 64 or 128.';
      return;
    }
    error.textContent = '';
    state = { headDim: d };
    host.saveState(state);
    plot?.update(d, settings.plotMaxLength, settings.significantDigits);
  });
  return el(
    'section',
    { class: 'mm-plot', 'aria-label': 'attention scale plot' },
    el('h2', {}, 'Attention scale vs length'),
    el('label', { class: 'mm-field' }, 'Head dimension d ', input),
    error,
    el('div', { class: 'mm-canvas' }, el('canvas', { role: 'img', 'aria-label': 'scale against sequence length' })),
    el('p', { class: 'mm-muted' }, 'n is the number of valid keys a query sees; causal decoders see i + 1 at position i.'),
  );
}

function card(f: FormulaCard): HTMLElement {
  const math = el('div', { class: 'mm-math' });
  try {
    katex.render(f.latex, math, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
  } catch (err) {
    math.textContent = `Cannot render this formula: ${err instanceof Error ? err.message : String(err)}`;
    math.classList.add('mm-error');
  }
  const copy = el('vscode-button', { secondary: '', title: 'Copy the LaTeX source' }, 'Copy LaTeX');
  copy.addEventListener('click', () => host.post({ type: 'copy', text: f.latex }));
  const value = formatNumber(f.example.value, settings.significantDigits);
  return el(
    'article',
    { class: 'mm-card', 'data-id': f.id },
    el('h2', {}, f.title),
    math,
    el('p', {}, f.explanation),
    el('p', { class: 'mm-worked' }, `Worked: ${f.example.inputs} → `, el('strong', {}, value), f.example.unit ? ` ${f.example.unit}` : ''),
    el('p', { class: 'mm-source' }, el('span', { class: 'mm-muted' }, `Source: ${f.source}`), ' ', copy),
  );
}

host.announce('reference');
