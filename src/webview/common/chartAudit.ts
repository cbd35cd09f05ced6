// Records on each chart's canvas what it drew on its axes (how many tick labels, the axis titles),
// so tests can assert that no plot is left without labelled ticks at any width.
import type { Chart } from 'chart.js';

type LabelItem = { label?: unknown };

export function auditChart(chart: Chart): void {
  const canvas = chart.canvas;
  for (const id of ['x', 'y'] as const) {
    const scale = chart.scales[id];
    if (!scale) continue;
    const items = (scale as unknown as { getLabelItems?: () => LabelItem[] }).getLabelItems?.() ?? scale.ticks.map((t) => ({ label: t.label }));
    const shown = items.filter((i) => (Array.isArray(i.label) ? i.label.join('') : String(i.label ?? '')).trim() !== '').length;
    canvas.dataset[`${id}Ticks`] = String(shown);
    const title = (scale.options as { title?: { display?: boolean; text?: string | string[] } }).title;
    canvas.dataset[`${id}Title`] = title?.display ? String(title.text ?? '') : '';
  }
}

/** Powers of two between min and max, as tick values (log axes over key counts). */
export function powerOfTwoTicks(min: number, max: number): { value: number }[] {
  const out: { value: number }[] = [];
  for (let v = 2 ** Math.ceil(Math.log2(Math.max(min, 1e-300))); v <= max * (1 + 1e-9); v *= 2) out.push({ value: v });
  return out;
}

/** 16, 512, 4k, 32k, 1M: short labels for key counts. */
export function shortCount(v: number): string {
  if (v >= 2 ** 20 && Number.isInteger(v / 2 ** 20)) return `${v / 2 ** 20}M`;
  if (v >= 1024 && Number.isInteger(v / 1024)) return `${v / 1024}k`;
  return String(Number(v.toPrecision(3)));
}
