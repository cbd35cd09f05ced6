// What a family module declares per model_type: the config class's defaults and attribute_map,
// and a builder that turns a config into the inventory from reusable blocks (blocks.ts).
import type { ModelSpec } from '../spec';
import type { InventoryBuilder } from './builder';
import type { ConfigReader, Json } from './configReader';

/** What the builder reports besides the tensors: the summary every surface shows. */
export type Summary = Omit<ModelSpec, 'family' | 'modelType' | 'architecture' | 'inventory' | 'approximate' | 'assumptions' | 'leftOut' | 'torchDtype' | 'dropout'> & { readonly dropout?: ModelSpec['dropout'] };

export interface BuildContext {
  readonly b: InventoryBuilder;
  /** architectures[0], or the declaration's default class when the config has none. */
  readonly architecture: string;
  /** Something the builder had to assume: shown on every surface, marks nothing approximate by itself. */
  assume(text: string): void;
  /** Something the inventory does not include (shown on every surface; the estimate is approximate). */
  leaveOut(text: string): void;
  /** Another declared model type (a multimodal wrapper builds its language model with it). */
  readonly declared?: (modelType: string) => ModelTypeDecl | undefined;
}

export interface ModelTypeDecl {
  /** Default head class when the config has no architectures (the one the fixtures instantiate). */
  readonly defaultArchitecture: string;
  /** Defaults of the transformers configuration class for the fields the builder reads. */
  readonly defaults: Json;
  /** attribute_map: canonical name → names configs may use instead. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  readonly build: (c: ConfigReader, ctx: BuildContext) => Summary;
}

/** One family module: model_type → declaration. */
export type FamilyModule = Readonly<Record<string, ModelTypeDecl>>;
