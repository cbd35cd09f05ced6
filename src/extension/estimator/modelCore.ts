// The estimator's core (the model registry, estimates, checkpoint reading) lives in its own bundle,
// dist/modelCore.js, required on first use: activation never loads or evaluates it.
import { join } from 'node:path';
import type * as ModelCoreModule from './modelCoreImpl';

export type ModelCore = typeof ModelCoreModule;

let loaded: ModelCore | undefined;

export function loadModelCore(): Promise<ModelCore> {
  // dist/extension.js and dist/modelCore.js sit side by side (esbuild.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(join(__dirname, 'modelCore.js')) as ModelCore;
  return Promise.resolve(loaded);
}
