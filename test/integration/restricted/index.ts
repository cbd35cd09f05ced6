// The tests module for the Restricted Mode run: an untrusted folder (workspace trust enabled).
import { runSuites } from '../suite/mochaRunner';

export function run(): Promise<void> {
  return runSuites(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./restricted.spec');
  });
}
