// Hugging Face config.json → ModelSpec, through the registry of declared architectures
// (registry/registry.ts). Kept as the entry point every surface imports.
import { parsePythonJson } from './config/pythonJson';
import { resolveModel } from './registry/registry';
import type { ModelSpec } from './spec';

export function normalizeConfig(raw: unknown): ModelSpec {
  return resolveModel(raw);
}

/** Parse config.json text as transformers writes it (Infinity, NaN) and resolve it. */
export function normalizeConfigText(text: string): ModelSpec {
  return resolveModel(parsePythonJson(text));
}
