// Debian's Chromium through playwright-core, with the flags this offline machine needs.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.MODELMATH_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A persistent context in a fresh profile folder (what VS Code's workbench wants). */
export function launchPersistent(viewport = { width: 1400, height: 900 }): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'mm-chromium-'));
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg') } as Record<string, string>,
  });
}

export const RESULTS_DIR = new URL('../../test-results/', import.meta.url).pathname;
