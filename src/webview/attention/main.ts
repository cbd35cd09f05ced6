// Front-end of the Attention view: inputs, three plots, a table at chosen lengths, verdicts with
// citations and formulas. The checker runs here (pure core), redrawn on every change.
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import katex from 'katex';
import { BUILTIN_CHOICE_IDS, type BuiltinChoiceId } from '../../core/attention/choices';
import { attentionFromConfig } from '../../core/attention/configScale';
import { attentionViewModel, DEFAULT_INPUTS, type AttentionInputs, type AttentionViewModel } from '../../core/attention/viewModel';
import { formatNumber } from '../../core/format/number';
import type { AttentionRequest, HostMessage } from '../../shared/protocol';
import { connect, el } from '../common/vscodeApi';
import { AttentionCharts, seriesColor } from './charts';
import './attention.css';

interface State {
  inputs: AttentionInputs;
  configName?: string;
}

const host = connect<State>(onMessage);
const state: State = host.state() ?? { inputs: DEFAULT_INPUTS };
let charts: AttentionCharts | undefined;
let digits = 6;
let pending = false;

const CHOICE_NAMES: Record<BuiltinChoiceId, string> = {
  standard: '1/√d',
  entropy_invariant: 'log₅₁₂ n/√d',
  entropy_invariant_train: 'log_L n/√d',
  log_n_factor: 'max(1, log_L n)/√d',
  blanket: '2.5/√d',
  natural_log: 'ln n/√d (pitfall)',
  yarn: 'YaRN (n_max/L)',
  cosine: 'cosine, τ = α*',
};

function onMessage(m: HostMessage): void {
  if (m.type === 'init' && m.view === 'attention') {
    digits = m.settings.significantDigits;
    if (m.request) apply(m.request);
    mount();
  } else if (m.type === 'setAttention') {
    apply(m.request);
    mount();
  } else if (m.type === 'settings') {
    digits = m.settings.significantDigits;
    render();
  }
}

function apply(r: AttentionRequest): void {
  const base: AttentionInputs = { ...state.inputs };
  const { config: _omit, expression: _e, ...rest } = base;
  void _omit;
  void _e;
  state.inputs = {
    ...rest,
    ...(r.d !== undefined ? { d: r.d } : {}),
    ...(r.nMax !== undefined ? { nMax: r.nMax } : {}),
    ...(r.trainLength !== undefined ? { trainLength: r.trainLength } : {}),
    ...(r.causal !== undefined ? { causal: r.causal } : {}),
    ...(r.expression ? { expression: r.expression } : {}),
    ...(r.config ? { config: r.config.config } : {}),
  };
  if (r.config) {
    state.configName = r.config.name;
    // Show the config's own head size, training length and kind in the inputs (the model uses them).
    try {
      const c = attentionFromConfig(r.config.config);
      const L = c.trainLength ?? c.maxPositions;
      state.inputs = { ...state.inputs, d: c.headDim, causal: c.causal, ...(L ? { trainLength: L } : {}), nMax: r.nMax ?? Math.max(4 * (L ?? 1024), 1024) };
    } catch {
      // the view model reports the config's error
    }
  } else delete state.configName;
  host.post({ type: 'ack', id: r.id });
}

const f = (x: number, n = digits) => formatNumber(x, Math.min(n, 4));

function numberField(id: string, label: string, value: number | undefined, onChange: (v: number | undefined) => void): HTMLElement[] {
  const field = el('vscode-textfield', { id, value: value === undefined ? '' : String(value), 'aria-label': label }) as HTMLElement & { value: string };
  field.addEventListener('input', () => {
    const raw = field.value.trim().replace(/_/g, '');
    onChange(raw === '' ? undefined : Number(raw));
    schedule();
  });
  return [el('label', { for: id }, label), field];
}

/** A log₂ slider bound to a number field, redrawing as it moves. */
function slider(id: string, label: string, min: number, max: number, value: number, onChange: (v: number) => void): HTMLElement[] {
  const range = el('input', { id, type: 'range', min: String(min), max: String(max), step: '1', value: String(Math.round(Math.log2(value))), 'aria-label': label });
  range.addEventListener('input', () => {
    onChange(2 ** Number(range.value));
    const twin = document.getElementById(id.replace('-slider', '')) as (HTMLElement & { value: string }) | null;
    if (twin) twin.value = String(2 ** Number(range.value));
    schedule();
  });
  return [el('label', { for: id, class: 'mm-muted' }, label), range];
}

function mount(): void {
  const root = document.getElementById('root');
  if (!root) return;
  const i = state.inputs;
  const choices = el('div', { class: 'mm-choices', role: 'group', 'aria-label': 'scales to compare' });
  for (const id of BUILTIN_CHOICE_IDS) {
    const box = el('vscode-checkbox', { id: `choice-${id}`, label: CHOICE_NAMES[id] }) as HTMLElement & { checked: boolean };
    box.checked = i.builtins.includes(id);
    box.addEventListener('change', () => {
      const set = new Set(state.inputs.builtins);
      if (box.checked) set.add(id);
      else set.delete(id);
      state.inputs = { ...state.inputs, builtins: BUILTIN_CHOICE_IDS.filter((c) => set.has(c)) };
      schedule();
    });
    choices.append(box);
  }
  const causal = el('vscode-checkbox', { id: 'causal', label: 'decoder (α* at n/2)' }) as HTMLElement & { checked: boolean };
  causal.checked = i.causal;
  causal.addEventListener('change', () => {
    state.inputs = { ...state.inputs, causal: causal.checked };
    schedule();
  });
  const expression = el('vscode-textfield', { id: 'expression', value: i.expression ?? '', placeholder: 'e.g. log(n)/log(512)/sqrt(d)', 'aria-label': 'your scale' }) as HTMLElement & { value: string };
  expression.addEventListener('input', () => {
    state.inputs = { ...state.inputs, expression: expression.value };
    schedule();
  });
  const set = (patch: Partial<AttentionInputs>) => {
    state.inputs = { ...state.inputs, ...patch };
  };
  const configLine = state.configName
    ? [el('p', { class: 'mm-muted', id: 'config-name' }, `Config: ${state.configName} (its scale is the first series).`)]
    : [];
  root.replaceChildren(
    ...configLine,
    el(
      'div',
      { class: 'mm-grid' },
      ...numberField('d', 'Head dimension d', i.d, (v) => set({ d: v ?? NaN })),
      ...slider('d-slider', 'd (slide)', 3, 9, i.d, (v) => set({ d: v })),
      ...numberField('nmax', 'Longest n', i.nMax, (v) => set({ nMax: v ?? NaN })),
      ...slider('nmax-slider', 'n (slide)', 6, 20, i.nMax, (v) => set({ nMax: v })),
      ...numberField('train', 'Training length L', i.trainLength, (v) => {
        const { trainLength: _drop, ...rest } = state.inputs;
        void _drop;
        state.inputs = v === undefined ? rest : { ...rest, trainLength: v };
      }),
      el('label', { for: 'expression' }, 'Your scale'),
      expression,
    ),
    causal,
    choices,
    el('p', { id: 'errors', class: 'mm-error', role: 'alert' }),
    el('h2', {}, 'Verdicts'),
    el('ul', { id: 'verdicts', class: 'mm-verdicts' }),
    el(
      'div',
      { class: 'mm-charts' },
      el('section', {}, el('h2', {}, 'Expected entropy against n'), el('div', { class: 'mm-canvas' }, el('canvas', { id: 'entropy-chart', role: 'img', 'aria-label': 'expected attention entropy against sequence length' }))),
      el('section', {}, el('h2', {}, 'Expected max probability against n'), el('div', { class: 'mm-canvas' }, el('canvas', { id: 'maxprob-chart', role: 'img', 'aria-label': 'expected max probability against sequence length' }))),
      el('section', {}, el('h2', {}, 'Gradient size against α'), el('div', { class: 'mm-canvas' }, el('canvas', { id: 'gradient-chart', role: 'img', 'aria-label': 'softmax gradient size against alpha with the closed-form alpha star and the Monte Carlo optimum marked' })), el('p', { class: 'mm-muted', id: 'gradient-note' })),
    ),
    el('h2', {}, 'At chosen lengths'),
    el('div', { id: 'table', class: 'mm-table-wrap' }),
    el('div', { id: 'config-notes' }),
    el('h2', {}, 'Formulas'),
    el('div', { id: 'formulas' }),
    el('p', { class: 'mm-muted' }, 'n = keys a query sees (valid, unmasked); natural logs; q, k random on the sphere of radius √d (unit-variance entries), α = scale·√d; seeded Monte Carlo means. Sources: kexue.fm/archives/8620, 8823, 9034, 9812, 9948.'),
  );
  charts = new AttentionCharts(root.querySelector('#entropy-chart') as HTMLCanvasElement, root.querySelector('#maxprob-chart') as HTMLCanvasElement, root.querySelector('#gradient-chart') as HTMLCanvasElement);
  render();
}

/** Redraws once per animation frame however fast inputs change (a slider fires on every pixel). */
function schedule(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

function tex(into: HTMLElement, source: string): void {
  try {
    katex.render(source, into, { displayMode: false, throwOnError: true });
  } catch {
    into.textContent = source;
  }
}

function render(): void {
  host.saveState(state);
  const vm: AttentionViewModel = attentionViewModel(state.inputs);
  const errors = document.getElementById('errors');
  if (errors) errors.textContent = vm.errors.join(' · ');
  charts?.update(vm);
  document.body.dataset.series = String(vm.analyses.length);
  document.body.dataset.alphaStar = String(vm.gradient.alphaStar);

  const verdicts = document.getElementById('verdicts');
  verdicts?.replaceChildren(
    ...vm.analyses.flatMap((a, i) =>
      a.verdicts.map((v) =>
        el('li', { 'data-level': v.level, 'data-id': v.id }, el('span', { class: 'mm-swatch' }), el('strong', {}, `${a.choice.label}: `), v.message, ' ', el('span', { class: 'mm-muted' }, `[${v.source}]`)),
      ).map((li) => {
        (li.firstChild as HTMLElement).style.background = seriesColor(i); // CSSOM, allowed by the CSP
        return li;
      }),
    ),
  );

  const note = document.getElementById('gradient-note');
  if (note) {
    const g = vm.gradient;
    note.textContent = `At n = ${f(g.n, 6)} keys: the closed form α(1 − e^(α²)/n) peaks at α* = ${f(g.alphaStar)}, but it rests on Σp² ≈ e^(α²)/n ≪ 1 (kexue.fm/archives/9812) and is drawn only while that holds; ${g.optimum.alpha >= g.optimum.searchedTo * 0.999 ? `the Monte Carlo objective is still rising (slowly) at α = ${f(g.optimum.alpha)}, the end of the search (8·α*): past the closed form's peak it is a long plateau, kept up by rows whose top keys nearly tie` : `the Monte Carlo objective peaks at α ≈ ${f(g.optimum.alpha)} (gradient ${f(g.optimum.gradient)}) and falls slowly past it`}.`;
  }

  const L = vm.inputs.trainLength;
  const wanted = [...new Set([L, vm.inputs.nMax].filter((x): x is number => x !== undefined))];
  const at = vm.lengths.filter((n) => wanted.includes(n) || n === vm.lengths[Math.floor(vm.lengths.length / 2)]);
  const table = document.getElementById('table');
  const header = el('tr', {}, el('th', {}, 'scale'), el('th', {}, 'n'), el('th', {}, 'value'), el('th', {}, 'α'), el('th', {}, 'α*'), el('th', {}, 'entropy'), el('th', {}, 'max p'), el('th', {}, 'α(1−Σp²)'), el('th', { title: 'gradient as a share of its Monte Carlo maximum over α at this n' }, '% of max'), el('th', {}, 'state'));
  const rows = vm.analyses.flatMap((a) =>
    a.points
      .filter((p) => at.includes(p.n))
      .map((p) =>
        el(
          'tr',
          {},
          el('td', {}, a.choice.label),
          el('td', {}, f(p.n, 6)),
          el('td', {}, f(p.scale)),
          el('td', {}, f(p.alpha)),
          el('td', {}, f(p.alphaStar)),
          el('td', { title: `± ${f(p.monteCarlo.error.entropy, 2)}; log n = ${f(Math.log(p.n))}` }, `${f(p.monteCarlo.entropy)} / ${f(Math.log(p.n), 3)}`),
          el('td', { title: `± ${f(p.monteCarlo.error.maxProb, 2)}` }, f(p.monteCarlo.maxProb)),
          el('td', { title: `± ${f(p.monteCarlo.error.gradient, 2)}${p.closedForm?.valid ? `; closed form ${f(p.closedForm.gradient)}` : ''}` }, f(p.monteCarlo.gradient)),
          el('td', { title: `maximum ${f(p.optimum.gradient)} at α ≈ ${f(p.optimum.alpha)}` }, `${Math.round(100 * p.gradientRatio)}%`),
          el('td', { class: `mm-state-${p.state}` }, p.state),
        ),
      ),
  );
  table?.replaceChildren(el('table', { class: 'mm-table' }, el('thead', {}, header), el('tbody', {}, ...rows)));

  const notes = document.getElementById('config-notes');
  if (notes) {
    const c = vm.config;
    notes.replaceChildren(
      ...(c
        ? [
            el('h2', {}, 'From the config'),
            el('p', {}, `Head dimension ${c.headDim} (${c.headDimFrom}); base scale ${c.baseFormula} = ${f(c.baseScale)}; ${c.causal ? 'decoder' : 'encoder'}${c.trainLength ? `; training length ${c.trainLength}` : ''}.`),
            el('ul', { class: 'mm-notes' }, ...c.notes.map((n) => el('li', {}, el('code', {}, `${n.field}: ${n.value}`), ` ${n.effect}`))),
          ]
        : []),
    );
  }

  const formulas = document.getElementById('formulas');
  if (formulas) {
    const items: HTMLElement[] = [];
    const shown = vm.analyses.map((a) => a.choice);
    for (const c of shown) {
      const math = el('span', { class: 'mm-math' });
      tex(math, c.tex);
      items.push(el('p', {}, `${c.label}: `, math, ' ', el('span', { class: 'mm-muted' }, `[${c.source}]`)));
    }
    const grad = el('span', { class: 'mm-math' });
    tex(grad, String.raw`\alpha^* = \arg\max_\alpha \alpha\left(1 - \frac{e^{\alpha^2}}{n}\right) \iff e^{\alpha^2}(1 + 2\alpha^2) = n`);
    items.push(el('p', {}, 'Closed-form gradient-optimal α (valid while Σp² ≪ 1): ', grad, ' ', el('span', { class: 'mm-muted' }, '[kexue.fm/archives/9812]')));
    formulas.replaceChildren(...items);
  }
}

host.announce('attention');
