// Front-end of the Formula view: input, live KaTeX preview, value, variables table, history.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import katex from 'katex';
import type { FormulaViewResult, HostMessage, LatexMode } from '../../shared/protocol';
import { looksLikeLatex } from '../../core/math/latex/translate';
import { connect, el } from '../common/vscodeApi';
import './formula.css';

interface State {
  text: string;
  latex: LatexMode;
  values: Record<string, string>;
  history: string[];
}

const HISTORY = 20;
const host = connect<State>(onMessage);
const state: State = host.state() ?? { text: '', latex: 'auto', values: {}, history: [] };
let requestId = 0;
let lastShown = 0;
let debounce: number | undefined;
let variables: readonly string[] = [];

const input = el('vscode-textarea', { id: 'formula-input', rows: '3', placeholder: 'e.g. \\frac{\\log_{512} n}{\\sqrt{d}} or 7e9 * 2 bytes to GiB', 'aria-label': 'formula', resize: 'vertical' }) as HTMLElement & { value: string };
const mode = el('vscode-single-select', { id: 'latex-mode', 'aria-label': 'read the formula as' }, el('vscode-option', { value: 'auto' }, 'Auto'), el('vscode-option', { value: 'always' }, 'LaTeX'), el('vscode-option', { value: 'never' }, 'Plain math')) as HTMLElement & { value: string };
const preview = el('div', { id: 'preview', class: 'mm-math', 'aria-label': 'rendered formula' });
const valueBox = el('div', { id: 'value', class: 'mm-value', role: 'status' });
const verdict = el('div', { id: 'verdict', class: 'mm-verdict', role: 'status', hidden: '' });
const readAs = el('div', { id: 'read-as', class: 'mm-muted' });
const varsBox = el('div', { id: 'variables' });
const historyBox = el('ol', { id: 'history', class: 'mm-history' });
const copy = el('vscode-button', { id: 'copy', secondary: '', title: 'Copy the value with every digit' }, 'Copy value');
let fullValue = '';

function onMessage(m: HostMessage): void {
  switch (m.type) {
    case 'init':
      if (m.view !== 'formula') return;
      mount();
      break;
    case 'setFormula':
      state.text = m.text;
      input.value = m.text;
      variables = [];
      changed(0);
      host.post({ type: 'ack', id: m.id });
      break;
    case 'evaluation':
      if (m.requestId >= lastShown) {
        lastShown = m.requestId;
        show(m.result);
      }
      break;
    default:
      break;
  }
}

function mount(): void {
  const root = document.getElementById('root');
  if (!root) return;
  input.value = state.text;
  mode.value = state.latex;
  input.addEventListener('input', () => {
    state.text = input.value;
    variables = [];
    changed();
  });
  input.addEventListener('keydown', (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) remember(state.text);
  });
  mode.addEventListener('change', () => {
    state.latex = (mode.value as LatexMode) || 'auto';
    changed(0);
  });
  copy.addEventListener('click', () => fullValue && host.post({ type: 'copy', text: fullValue }));
  root.replaceChildren(
    el('label', { class: 'mm-label', for: 'formula-input' }, 'Formula (plain math or LaTeX)'),
    input,
    el('div', { class: 'mm-row' }, el('span', { class: 'mm-muted' }, 'Read as'), mode, copy),
    el('h2', {}, 'Preview'),
    preview,
    el('h2', {}, 'Value'),
    valueBox,
    verdict,
    readAs,
    varsBox,
    el('h2', {}, 'History'),
    el('p', { class: 'mm-muted' }, 'Ctrl+Enter keeps a formula here; click one to bring it back.'),
    historyBox,
  );
  renderHistory();
  changed(0);
}

function changed(delay = 150): void {
  host.saveState(state);
  renderPreview();
  window.clearTimeout(debounce);
  debounce = window.setTimeout(requestEvaluation, delay);
}

function requestEvaluation(): void {
  if (state.text.trim() === '') {
    valueBox.textContent = '';
    readAs.textContent = '';
    verdict.hidden = true;
    varsBox.replaceChildren();
    return;
  }
  host.post({ type: 'evaluate', requestId: ++requestId, text: state.text, latex: state.latex, values: Object.fromEntries(variables.map((v) => [v, state.values[v] ?? ''])) });
}

/** Renders what the user typed: LaTeX directly, plain math after the host returns its TeX. */
function renderPreview(tex?: string): void {
  const isLatex = state.latex === 'always' || (state.latex === 'auto' && looksLikeLatex(state.text));
  const source = isLatex ? state.text.replace(/^\s*\$+|\$+\s*$/g, '') : tex;
  if (source === undefined) return;
  try {
    // throwOnError: KaTeX's own error span carries an inline style, which the CSP refuses.
    katex.render(source, preview, { displayMode: true, throwOnError: true, output: 'htmlAndMathml' });
  } catch (err) {
    // Mid-typing LaTeX is often incomplete: show the source and KaTeX's reason, quietly.
    preview.replaceChildren(el('code', {}, source), el('div', { class: 'mm-muted' }, err instanceof Error ? err.message.replace(/^KaTeX parse error: /, '') : String(err)));
  }
}

function showVerdict(r: FormulaViewResult): void {
  const eq = r.status === 'ok' ? r.equation : undefined;
  verdict.hidden = eq === undefined;
  verdict.classList.toggle('mm-holds', eq?.holds === true);
  verdict.classList.toggle('mm-fails', eq?.holds === false);
  verdict.textContent = eq ? `${eq.holds ? '✓' : '✗'} ${eq.verdict.charAt(0).toUpperCase()}${eq.verdict.slice(1)}` : '';
}

function show(r: FormulaViewResult): void {
  showVerdict(r);
  valueBox.classList.toggle('mm-error', r.status === 'error');
  if (r.status === 'error') {
    valueBox.textContent = r.message;
    readAs.textContent = '';
    fullValue = '';
    return;
  }
  renderPreview(r.tex);
  readAs.textContent = `read as: ${r.normalized}`;
  if (r.status === 'ok') {
    valueBox.textContent = `${r.binding ? `${r.binding} = ` : ''}${r.text}`;
    valueBox.title = r.fullText;
    fullValue = r.fullText;
    if (variables.length === 0) varsBox.replaceChildren();
    if (variables.length > 0 && varsBox.childElementCount === 0) renderVariables();
  } else {
    valueBox.textContent = `Needs values for ${r.freeVariables.join(', ')}`;
    fullValue = '';
    // Keep every variable this formula has needed, so filling one in does not hide the others
    // (and the table is rebuilt only when the set grows, so typing keeps its focus).
    const added = r.freeVariables.filter((v) => !variables.includes(v));
    if (added.length > 0 || varsBox.childElementCount === 0) {
      variables = [...variables, ...added];
      renderVariables();
    }
  }
}

function renderVariables(): void {
  const rows = variables.map((v) => {
    const field = el('vscode-textfield', { 'data-name': v, value: state.values[v] ?? '', placeholder: 'value or formula', 'aria-label': `value of ${v}` }) as HTMLElement & { value: string };
    field.addEventListener('input', () => {
      state.values[v] = field.value;
      changed();
    });
    return el('tr', {}, el('td', { class: 'mm-var' }, v), el('td', {}, field));
  });
  varsBox.replaceChildren(el('h2', {}, 'Variables'), el('table', { class: 'mm-vars' }, ...rows));
}

function remember(text: string): void {
  if (text.trim() === '') return;
  state.history = [text, ...state.history.filter((h) => h !== text)].slice(0, HISTORY);
  host.saveState(state);
  renderHistory();
}

function renderHistory(): void {
  historyBox.replaceChildren(
    ...state.history.map((h) => {
      const item = el('li', {}, el('a', { href: '#', title: 'Evaluate this formula again' }, h));
      item.addEventListener('click', (e) => {
        e.preventDefault();
        state.text = h;
        input.value = h;
        variables = [];
        changed(0);
      });
      return item;
    }),
  );
}

host.announce('formula');
