// Webview views must come up every time, from a cold browser (no service worker registered yet),
// with two Model Math views starting at once and the machine busy. VS Code's web workbench loads each
// webview's resources through a service worker registered per webview; when two views start
// together they replace each other's worker, which once left a view on "Loading…" in CI
// (docs/decisions/0007-webview-startup.md). Each round opens a fresh browser profile.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureCodeServer, installVsix, makeProfile, startCodeServer } from '../../scripts/code-server.mjs';
import { launchPersistent, RESULTS_DIR } from '../support/browser';

const root = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const samples = join(root, 'samples');
const ROUNDS = Number(process.env.MODELMATH_STARTUP_ROUNDS ?? 2);
const cleanups: (() => Promise<unknown> | void)[] = [];
let url = '';

before(async () => {
  ensureCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'mm-startup-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const profile = makeProfile(dir);
  installVsix(profile, join(root, 'dist', 'model-math.vsix'));
  const server = await startCodeServer(profile, { logFile: join(RESULTS_DIR, 'code-server-startup.log') });
  cleanups.push(server.stop);
  url = `${server.url}/?folder=${encodeURIComponent(samples)}`;
});

after(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** Whether some webview's page shows `selector` (checked in every webview frame). */
async function shows(page: Page, selector: string): Promise<boolean> {
  for (const frame of page.frames()) {
    if ((await frame.locator(selector).count().catch(() => 0)) > 0) return true;
  }
  return false;
}

/** Runs a command from the palette, asking again until the palette lists it (extensions load late). */
async function runCommand(page: Page, title: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget .quick-input-box input').fill(`>${title}`);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 3000 });
      await page.keyboard.press('Enter');
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`the command palette never listed '${title}'`);
    }
  }
}

describe('webview views come up every time', () => {
  it(`the Formula and Formula Reference views both render, ${ROUNDS} cold starts in a row`, { timeout: ROUNDS * 150_000 }, async () => {
    const rounds: { round: number; ms?: number; error?: string }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const context = await launchPersistent();
      const page = context.pages()[0] ?? (await context.newPage());
      const lines: string[] = [];
      page.on('console', (m) => lines.push(`${new Date().toISOString()} [${m.type()}] ${m.text().slice(0, 500)}`));
      try {
        lines.push(`${new Date().toISOString()} [harness] round ${round}: loading the workbench`);
        await page.goto(url, { timeout: 180_000 });
        await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
        const start = Date.now();
        lines.push(`${new Date().toISOString()} [harness] workbench up; opening the Formula Reference`);
        // Opening the container starts the Formula view (expanded by default) and the reference at once.
        await runCommand(page, 'Model Math: Open Formula Reference');
        const deadline = Date.now() + 60_000;
        for (;;) {
          if ((await shows(page, 'article.mm-card')) && (await shows(page, '#formula-input'))) break;
          if (Date.now() > deadline) throw new Error('a view did not render within 60 s');
          await page.waitForTimeout(250);
        }
        rounds.push({ round, ms: Date.now() - start });
        writeFileSync(join(RESULTS_DIR, `browser-console-startup-round-${round}.log`), lines.join('\n'));
      } catch (err) {
        rounds.push({ round, error: (err as Error).message.split('\n')[0] });
        await page.screenshot({ path: join(RESULTS_DIR, `failure-startup-round-${round}.png`) }).catch(() => undefined);
        writeFileSync(join(RESULTS_DIR, `browser-console-startup-round-${round}.log`), lines.join('\n'));
      } finally {
        await context.close();
      }
    }
    writeFileSync(join(RESULTS_DIR, 'webview-startup.json'), JSON.stringify(rounds, null, 2));
    assert.deepEqual(rounds.filter((r) => r.error), [], `rounds: ${JSON.stringify(rounds)}`);
  });
});
