// Every view at a 280 px side bar and a 1200 px editor panel (issue 14): no text runs past the
// page's right edge unless it sits inside a scroll container, every chart draws labelled ticks on
// both axes, plots keep a usable height, and a screenshot of each lands in test-results/.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LIBRARY } from '../../src/core/math/library/functions';
import { PRESETS } from '../../src/core/model/presets';
import { formulaCatalog } from '../../src/core/reference/catalog';
import { analyzeText } from '../../src/core/tensor/analyzeText';
import { RESULTS_DIR } from '../support/browser';
import { openWebview, type WebviewHarness } from '../support/webviewHarness';

const settings = { significantDigits: 6, plotMaxLength: 131072 };
const WIDTHS = [280, 1200] as const;

interface Overflow {
  readonly text: string;
  readonly right: number;
}

/** Elements with their own text whose box ends right of the viewport, outside any scroll container. */
// Plain JavaScript in a string: tsx would wrap named inner functions in a helper the page lacks.
const OVERFLOW_SCRIPT = `(() => {
  const width = document.documentElement.clientWidth;
  function scrolls(e) {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p !== document.body && p !== document.documentElement && p.id !== 'root') return p.getBoundingClientRect().right <= width + 1;
    }
    return false;
  }
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && (n.textContent || '').trim() !== '');
    if (!own && e.tagName !== 'CANVAS' && !e.tagName.includes('-')) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > width + 1 && !scrolls(e)) out.push({ text: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + (e.textContent || '').trim().slice(0, 60), right: Math.round(r.right) });
  }
  return out;
})()`;

/** Elements with their own text whose box ends right of the viewport, outside any scroll container. */
function overflowingText(page: WebviewHarness['page']): Promise<Overflow[]> {
  return page.evaluate(OVERFLOW_SCRIPT) as Promise<Overflow[]>;
}

function charts(page: WebviewHarness['page']) {
  return page.locator('canvas[data-x-ticks]').evaluateAll((cs) =>
    cs.map((c) => {
      const el = c as HTMLCanvasElement;
      return { id: el.id, xTicks: Number(el.dataset.xTicks), yTicks: Number(el.dataset.yTicks), xTitle: el.dataset.xTitle ?? '', height: el.getBoundingClientRect().height };
    }),
  );
}

interface Subject {
  readonly bundle: string;
  readonly charts: number;
  /** Sends what the host would and waits until the page has drawn it. */
  show(view: WebviewHarness): Promise<void>;
}

const tensorReport = (() => {
  const { format: _f, ...report } = analyzeText(readFileSync('samples/tensors/activations_torch.txt', 'utf8'));
  void _f;
  return report;
})();

const SUBJECTS: Subject[] = [
  {
    bundle: 'attention',
    charts: 3,
    async show(view) {
      await view.send({ type: 'init', view: 'attention', settings });
      await view.page.locator('#table tbody tr').first().waitFor();
    },
  },
  {
    bundle: 'calculator',
    charts: 2,
    async show(view) {
      const presets = PRESETS.map((p) => ({ id: p.id, name: p.name, config: p.config }));
      await view.send({ type: 'init', view: 'calculator', settings, decimal: false, presets, active: presets.find((p) => p.id === 'llama-3-8b') });
      await view.page.locator('#results table').waitFor();
    },
  },
  {
    bundle: 'tensor',
    charts: 1,
    async show(view) {
      await view.send({ type: 'init', view: 'tensor', settings });
      await view.send({ type: 'showTensor', tensor: { id: 't', source: 'selection in tensors/activations_torch.txt (read as torch)', report: tensorReport } });
      await view.page.locator('#checks li').first().waitFor();
    },
  },
  {
    bundle: 'reference',
    charts: 1,
    async show(view) {
      await view.send({ type: 'init', view: 'reference', formulas: formulaCatalog(), settings });
      await view.page.locator('.katex').first().waitFor();
    },
  },
  {
    bundle: 'formula',
    charts: 0,
    async show(view) {
      await view.send({ type: 'init', view: 'formula', settings, functions: LIBRARY.map((f) => ({ name: f.name, signature: f.signature, doc: f.doc })) });
      const tex = String.raw`p = \mathrm{softmax}\left(\frac{\log_{512} n}{\sqrt{d}}\, q k^\top\right) = \frac{e^{\alpha s_i}}{\sum_{j=1}^{n} e^{\alpha s_j}},\quad \alpha^* = \arg\max_\alpha \alpha\left(1 - \frac{e^{\alpha^2}}{n}\right)`;
      await view.send({ type: 'setFormula', text: tex, id: '1' });
      const req = await view.waitForPosted('evaluate');
      await view.send({ type: 'evaluation', requestId: req.requestId, result: { status: 'needs-values', freeVariables: ['n', 'd', 'q', 'k', 's_i', 'alpha'], normalized: 'softmax(log(n, 512) / sqrt(d) * q * k)', tex } });
      await view.page.locator('.katex').first().waitFor();
    },
  },
  {
    bundle: 'tensorFile',
    charts: 0,
    async show(view) {
      const entries = ['model.embed_tokens.weight', 'model.layers.0.self_attn.q_proj.weight', 'model.layers.0.mlp.down_proj.weight', 'lm_head.weight'].map((name, i) => ({ name, dtype: 'bfloat16', shape: [4096, 11008 + i], count: 4096 * (11008 + i), byteLength: 2 * 4096 * (11008 + i) }));
      const table = { kind: 'safetensors', file: 'model-00001-of-00002.safetensors', entries, metadata: { format: 'pt' }, totalParams: entries.reduce((a, e) => a + e.count, 0), totalBytes: entries.reduce((a, e) => a + e.byteLength, 0), notes: [] };
      // The file's size as its header gives it (8-byte length, the JSON header, the data), so the
      // screenshot's button and totals agree.
      await view.send({ type: 'init', view: 'tensorFile', settings, table, fileSize: table.totalBytes + 8 + 1024, askFirst: true });
      await view.page.locator('#rows tr').first().waitFor();
    },
  },
];

describe('every view from a 280 px side bar to a 1200 px editor (Chromium)', () => {
  for (const s of SUBJECTS) {
    for (const width of WIDTHS) {
      it(`${s.bundle} at ${width} px: no text past the edge outside a scroll container; labelled ticks on every chart`, async () => {
        const view = await openWebview(s.bundle, { width, height: 900 });
        try {
          await view.waitForPosted('ready');
          await s.show(view);
          await view.page.waitForTimeout(150); // a frame for Chart.js's resize
          mkdirSync(RESULTS_DIR, { recursive: true });
          await view.page.screenshot({ path: join(RESULTS_DIR, `layout-${s.bundle}-${width}.png`), fullPage: true });
          assert.deepEqual(await overflowingText(view.page), []);
          const page = await view.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
          assert.ok(page.scroll <= page.client + 1, `the page scrolls sideways: ${page.scroll} > ${page.client}`);
          const drawn = await charts(view.page);
          assert.equal(drawn.length, s.charts, JSON.stringify(drawn));
          for (const c of drawn) {
            assert.ok(c.xTicks >= 2, `${c.id}: ${c.xTicks} x tick labels`);
            assert.ok(c.yTicks >= 2, `${c.id}: ${c.yTicks} y tick labels`);
            assert.ok(c.height >= 200, `${c.id}: ${c.height} px tall`);
          }
          assert.deepEqual(await view.cspViolations(), []);
        } finally {
          await view.close();
        }
      });
    }
  }
});
