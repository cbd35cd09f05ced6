// The tests module the extension host loads for the main run (trusted workspace: samples/).
import { runSuites } from './mochaRunner';

export function run(): Promise<void> {
  // Required inside load() so describe/it exist (a static import would run first).
  return runSuites(() => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    require('./extension.spec');
    require('./formulas.spec');
    require('./estimator.spec');
    require('./attention.spec');
    require('./tensors.spec');
    require('./responsiveness.spec');
    /* eslint-enable @typescript-eslint/no-require-imports */
  });
}
