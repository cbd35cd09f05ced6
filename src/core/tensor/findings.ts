// Ordering tensor findings by severity, and the one line a status bar shows. Dependency-free, so
// the extension host can import it without the report's math.
export type Severity = 'error' | 'warning' | 'info';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable: most severe first, the order within a severity kept. */
export function sortBySeverity<T extends { readonly severity: Severity }>(checks: readonly T[]): T[] {
  return checks.map((c, i) => [c, i] as const).sort((a, b) => SEVERITY_ORDER[a[0].severity] - SEVERITY_ORDER[b[0].severity] || a[1] - b[1]).map(([c]) => c);
}

/** One line for a status bar: the most severe finding first, with how many of each severity. */
export function leadFinding(checks: readonly { readonly id: string; readonly severity: Severity }[]): { readonly severity: Severity | 'ok'; readonly text: string } {
  const sorted = sortBySeverity(checks);
  const first = sorted[0];
  if (!first) return { severity: 'ok', text: 'no check fired' };
  const counts = (['error', 'warning', 'info'] as const).map((sev) => [sev, checks.filter((c) => c.severity === sev).length] as const).filter(([, n]) => n > 0);
  return { severity: first.severity, text: `${first.severity} ${first.id}${sorted.length > 1 ? ` (${counts.map(([sev, n]) => `${n} ${sev}${n === 1 ? '' : sev === 'info' ? '' : 's'}`).join(', ')})` : ''}` };
}

