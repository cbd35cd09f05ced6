// Runs mocha suites inside the extension host (the @vscode/test-electron contract: the tests module
// exports run()). Results are also written as JSON where MODELMATH_TEST_RESULTS says, so the outer
// runner can count them.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';

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
      const out = process.env.MODELMATH_TEST_RESULTS;
      if (out) writeFileSync(out, JSON.stringify({ passed, failed, failures }, null, 2));
      if (failures_ > 0) reject(new Error(`${failures_} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => passed++);
    runner.on('fail', (test, err: Error) => {
      failed++;
      failures.push(`${test.fullTitle()}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
    });
  });
}
