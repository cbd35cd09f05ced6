// Reference fixtures generated from transformers itself (scripts/reference/*.py, see
// test/fixtures/models/README.md): every model type's tensor inventory on the meta device, and the
// FLOPs and KV cache of one real CPU forward for its small variations. Tests read them through this
// loader only; it needs no Python.
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const MODELS_DIR = new URL('../fixtures/models/', import.meta.url);
const REAL_CONFIGS_DIR = new URL('../fixtures/real-configs/', import.meta.url);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Task = 'causal-lm' | 'masked-lm' | 'seq2seq-lm';

/** One tensor as the fixture stores it: `{i}`-style patterns over index lists (see README). */
export interface CollapsedTensor {
  name: string;
  shape: number[];
  dtype: string;
  /** One sorted index list per placeholder; the entry covers their cartesian product. */
  index?: number[][];
  /** Explicit index tuples when the set is not a product. */
  tuples?: number[][];
}

export interface FixtureTensor {
  name: string;
  shape: number[];
  dtype: string;
  /** Set on every name after the first that shares one Parameter object (named_parameters(remove_duplicate=False)). */
  tiedTo?: string;
}

export interface Totals {
  /** Parameters counted once per Parameter object (what `sum(p.numel() for p in model.parameters())` gives). */
  unique: number;
  /** Parameters summed over every name, tied duplicates included. */
  withTied: number;
  tensors: number;
  uniqueTensors: number;
  persistentBufferElements: number;
  persistentBuffers: number;
}

export interface TensorInfo {
  shape: number[];
  numel: number;
  dtype: string;
}

/** Whatever cache object the model returned, described generically (see README). */
export interface CacheRecord {
  class: string;
  layers?: (CacheRecord | null)[];
  /** Tensors by attribute: one tensor, a list (per state index) or a {state_idx: tensor} map. */
  tensors?: Record<string, TensorInfo | (TensorInfo | null)[] | Record<string, TensorInfo | null>>;
  meta?: Record<string, number | boolean | string>;
  caches?: Record<string, CacheRecord | null>;
  items?: (CacheRecord | TensorInfo | null)[];
  /** Elements of every public tensor held, recursively. */
  elements: number;
}

export interface FlopCount {
  total: number;
  /** FLOPs per aten op (mm, bmm, addmm, baddbmm, _scaled_dot_product_*, convolution, …). */
  byOp: Record<string, number>;
}

export interface ForwardRecord {
  class: string;
  tasks: Task[];
  error?: string;
  warning?: string;
  batch?: number;
  parameters?: number;
  mode?: 'causal' | 'bidirectional' | 'encoder-decoder';
  sequenceLength?: number;
  encoderLength?: number;
  decoderLength?: number;
  flops?: FlopCount;
  cache?: CacheRecord | null;
  decodeStep?: { cachedTokens: number; flops: FlopCount } | { error: string };
  seconds?: number;
}

/** One (model type, variation, model class): the unit tests compare against. */
export interface ModelCase {
  modelType: string;
  variant: string;
  seed: string | null;
  /** The model class, i.e. what `architectures[0]` would name. */
  architecture: string;
  tasks: Task[];
  /** config.to_dict() as to_json_string(use_diff=False) writes it, Infinity/NaN restored as numbers. */
  config: JsonObject;
  /** What save_pretrained writes (to_json_string(use_diff=True)): absent fields take the class defaults. */
  configDiff: JsonObject;
  /** Fields changed from the default config (empty for the default). */
  changes: JsonObject;
  /** Set when transformers itself could not build this model. */
  error?: string;
  tensors: FixtureTensor[];
  buffers: FixtureTensor[];
  nonPersistentBuffers: string[];
  totals: Totals;
  /** The real forward for small variations (undefined for defaults or when not run). */
  forward?: ForwardRecord;
}

interface RawModel {
  class: string;
  tasks: Task[];
  error?: string;
  tensors?: CollapsedTensor[];
  tied?: [string, string][];
  buffers?: CollapsedTensor[];
  nonPersistentBuffers?: string[];
  totals?: Totals;
}

interface RawVariant {
  name: string;
  seed: string | null;
  level?: number;
  changes?: JsonObject;
  config?: JsonObject;
  configDiff?: JsonObject;
  nonFinite?: { config: string[]; configDiff: string[] };
  error?: string;
  attempts?: { level: number; error: string }[];
  models?: RawModel[];
}

export interface InventoryFile {
  format: number;
  model_type: string;
  transformers: string;
  torch: string;
  configClass?: string;
  classes: { class: string; tasks: Task[] }[];
  fatal?: string;
  variants: RawVariant[];
}

export interface FlopsFile {
  format: number;
  model_type: string;
  fatal?: string;
  variants: { name: string; seed: string | null; error?: string; models?: ForwardRecord[] }[];
}

const PLACEHOLDERS = ['i', 'j', 'k', 'l', 'm'];

/** Every concrete name a collapsed entry stands for. */
export function expandNames(entry: CollapsedTensor): string[] {
  let combos: number[][];
  if (entry.index) combos = entry.index.reduce<number[][]>((acc, axis) => acc.flatMap((c) => axis.map((v) => [...c, v])), [[]]);
  else if (entry.tuples) combos = entry.tuples;
  else return [entry.name];
  return combos.map((combo) => combo.reduce((name, v, p) => name.replace(`{${PLACEHOLDERS[p]}}`, String(v)), entry.name));
}

export function expandTensors(entries: readonly CollapsedTensor[], tied: readonly [string, string][] = []): FixtureTensor[] {
  const tiedTo = new Map(tied);
  const out: FixtureTensor[] = [];
  for (const e of entries) {
    for (const name of expandNames(e)) {
      const t: FixtureTensor = { name, shape: e.shape, dtype: e.dtype };
      const target = tiedTo.get(name);
      if (target !== undefined) t.tiedTo = target;
      out.push(t);
    }
  }
  return out;
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Puts back the non-finite floats the generator stored as "Infinity" / "-Infinity" / "NaN" strings. */
export function restoreNonFinite(obj: JsonObject, paths: readonly string[]): JsonObject {
  const copy = structuredClone(obj);
  for (const path of paths) {
    const keys = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
    let node: Json = copy;
    for (const key of keys.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
    const last = keys[keys.length - 1]!;
    const container = node as Record<string | number, Json>;
    const v = container[last];
    container[last] = (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v) as number;
  }
  return copy;
}

const readJson = <T>(url: URL): T => JSON.parse(readFileSync(url, 'utf8')) as T;

export function listModelTypes(): string[] {
  return readdirSync(new URL('inventory/', MODELS_DIR))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadInventory(modelType: string): InventoryFile {
  return readJson<InventoryFile>(new URL(`inventory/${modelType}.json`, MODELS_DIR));
}

export function loadFlops(modelType: string): FlopsFile | undefined {
  const url = new URL(`flops/${modelType}.json`, MODELS_DIR);
  return existsSync(url) ? readJson<FlopsFile>(url) : undefined;
}

const EMPTY_TOTALS: Totals = { unique: 0, withTied: 0, tensors: 0, uniqueTensors: 0, persistentBufferElements: 0, persistentBuffers: 0 };

function casesOf(inv: InventoryFile, flops: FlopsFile | undefined, variantNames?: readonly string[]): ModelCase[] {
  const out: ModelCase[] = [];
  for (const v of inv.variants) {
    if (variantNames && !variantNames.includes(v.name)) continue;
    const config = v.config ? restoreNonFinite(v.config, v.nonFinite?.config ?? []) : {};
    const configDiff = v.configDiff ? restoreNonFinite(v.configDiff, v.nonFinite?.configDiff ?? []) : {};
    const forwards = flops?.variants.find((f) => f.name === v.name)?.models ?? [];
    const models: RawModel[] = v.models ?? inv.classes.map((c) => ({ ...c, error: v.error ?? 'no model' }));
    for (const m of models) {
      const c: ModelCase = {
        modelType: inv.model_type,
        variant: v.name,
        seed: v.seed,
        architecture: m.class,
        tasks: m.tasks,
        config,
        configDiff,
        changes: v.changes ?? {},
        tensors: m.tensors ? expandTensors(m.tensors, m.tied) : [],
        buffers: m.buffers ? expandTensors(m.buffers) : [],
        nonPersistentBuffers: m.nonPersistentBuffers ?? [],
        totals: m.totals ?? EMPTY_TOTALS,
      };
      const error = v.error ?? m.error;
      if (error !== undefined) c.error = error;
      const fwd = forwards.find((f) => f.class === m.class);
      if (fwd) c.forward = fwd;
      out.push(c);
    }
  }
  return out;
}

/** Every case of one model type (default and variations, one per model class). */
export function loadModelCases(modelType: string, variantNames?: readonly string[]): ModelCase[] {
  return casesOf(loadInventory(modelType), loadFlops(modelType), variantNames);
}

/** Every case of every model type. */
export function loadAllModelCases(variantNames?: readonly string[]): ModelCase[] {
  return listModelTypes().flatMap((t) => loadModelCases(t, variantNames));
}

// ---------------------------------------------------------------------------------------------
// Real configs of published models (test/fixtures/real-configs/*.json) and their inventories.

export interface RealConfigFixture {
  /** File stem under test/fixtures/real-configs/. */
  name: string;
  /** Where the config comes from (the Hugging Face repository). */
  source: string;
  /** verbatim (copied from ../shared), preset (src/core/model/presets) or transcribed (see README). */
  provenance: string;
  /** The config.json text as published (Python's JSON dialect possible). */
  configText: string;
  modelType: string;
  architecture: string;
  error?: string;
  tensors: FixtureTensor[];
  buffers: FixtureTensor[];
  totals: Totals;
  /** Parameters by the convention of a published figure, when flops-memory.md lists one. */
  published?: { params: number; note: string };
  kvCache?: RealKvCache;
}

export interface RealKvCache {
  /** How the bytes were obtained (see README). */
  method: string;
  /** Bytes per token for a 16-bit cache (2 bytes per element), batch 1. */
  bytesPerToken16bit: number;
  /** Per layer: cache class, K+V elements per token, fixed state (SSM conv/recurrent) and window when set. */
  perLayer: RealKvLayer[];
  /** Encoder–decoders: cross-attention cache per encoder token, per decoder layer. */
  crossAttentionPerEncoderToken?: RealKvLayer[];
  /** Sum of the fixed (per-sequence, not per-token) states, e.g. Mamba conv + SSM states. */
  fixedStateElements?: number;
  /** The figure of ../shared/references/flops-memory.md, when it lists one. */
  published16bit?: number;
  note?: string;
  error?: string;
}

export interface RealKvLayer {
  class: string;
  elementsPerToken: number;
  fixedStateElements?: number;
  slidingWindow?: number;
  note?: string;
}

export function listRealConfigs(): string[] {
  const dir = new URL('real/', MODELS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

interface RawReal {
  name: string;
  source: string;
  provenance: string;
  model_type: string;
  class: string;
  error?: string;
  tensors?: CollapsedTensor[];
  tied?: [string, string][];
  buffers?: CollapsedTensor[];
  totals?: Totals;
  published?: { params: number; note: string };
  kvCache?: RealKvCache;
}

export function loadRealConfig(name: string): RealConfigFixture {
  const raw = readJson<RawReal>(new URL(`real/${name}.json`, MODELS_DIR));
  const fx: RealConfigFixture = {
    name: raw.name,
    source: raw.source,
    provenance: raw.provenance,
    configText: readFileSync(new URL(`${name}.json`, REAL_CONFIGS_DIR), 'utf8'),
    modelType: raw.model_type,
    architecture: raw.class,
    tensors: raw.tensors ? expandTensors(raw.tensors, raw.tied) : [],
    buffers: raw.buffers ? expandTensors(raw.buffers) : [],
    totals: raw.totals ?? EMPTY_TOTALS,
  };
  if (raw.error !== undefined) fx.error = raw.error;
  if (raw.published) fx.published = raw.published;
  if (raw.kvCache) fx.kvCache = raw.kvCache;
  return fx;
}
