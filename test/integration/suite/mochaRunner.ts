// Runs mocha suites inside the extension host (the @vscode/test-electron contract: the tests module
// exports run()). Results are also written as JSON where MODELMATH_TEST_RESULTS says, so the outer
// runner can count them.
import { appendFileSync, writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import type { ModelMathApi } from '../../../src/extension/extension';

/** Appends every webview's lifecycle so far (see src/extension/webview/lifecycleTrace.ts) beside the results. */
function saveLifecycle(when: string): void {
  const out = process.env.MODELMATH_TEST_RESULTS;
  const api = vscode.extensions.getExtension<ModelMathApi>('modelmath.model-math')?.exports as ModelMathApi | undefined;
  if (!out || !api?.viewLifecycle) return;
  const lines = api.viewLifecycle().map((e) => `  +${e.t} ms  ${e.view}: ${e.event}`);
  appendFileSync(out.replace(/\.json$/, '-webviews.log'), `${new Date().toISOString()} ${when}\n${lines.join('\n')}\n\n`);
}

/** `load` requires the spec files; it runs after pre-require so describe/it exist. */
export function runSuites(load: () => void): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'suite', mocha);
  load();
  return new Promise((resolve, reject) => {
    let passed = 0;
    let failed = 0;
    const failures: string[] = [];
    const runner = mocha.run((failures_) => {
      saveLifecycle('end of run');
      const out = process.env.MODELMATH_TEST_RESULTS;
      if (out) writeFileSync(out, JSON.stringify({ passed, failed, failures }, null, 2));
      if (failures_ > 0) reject(new Error(`${failures_} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', (test, err: Error) => {
      failed++;
      // The outer harness watches the log for this line and takes a screenshot at once.
      console.error(`MODELMATH_TEST_FAILED: ${test.fullTitle()}`);
      saveLifecycle(`failed: ${test.fullTitle()}`);
      failures.push(`${test.fullTitle()}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
    });
  });
}
