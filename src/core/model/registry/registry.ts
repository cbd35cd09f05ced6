// The registry: model_type → declaration, gathered from the family modules. resolveModel turns a
// config into a ModelSpec: declared types exactly; undeclared ones either refused with the reason
// or estimated as a generic pre-norm decoder with every assumption listed and marked approximate.
import { BERT } from '../families/bert';
import { DECODERS2 } from '../families/decoders2';
import { DEEPSEEK } from '../families/deepseek';
import { ENCODER_DECODER } from '../families/encoderDecoder';
import { ENCODERS } from '../families/encoders';
import { GEMMA } from '../families/gemma';
import { GEMMA3 } from '../families/gemma3';
import { GPT } from '../families/gpt';
import { HYBRID } from '../families/hybrid';
import { LLAMA } from '../families/llama';
import { MOE } from '../families/moe';
import { MULTIMODAL } from '../families/multimodal';
import { SEQ2SEQ } from '../families/seq2seq';
import { ConfigError, UnsupportedModelError, type ModelSpec } from '../spec';
import { InventoryBuilder } from './builder';
import { ConfigReader, isRecord, type Json } from './configReader';
import { decoderLM } from './decoder';
import type { FamilyModule, ModelTypeDecl } from './family';
import { REFUSED } from './refused';

/** Family modules by name; adding a family is adding its module here. */
export const FAMILIES: Readonly<Record<string, FamilyModule>> = {
  llama: LLAMA,
  gemma: GEMMA,
  gpt: GPT,
  bert: BERT,
  deepseek: DEEPSEEK,
  encoderDecoder: ENCODER_DECODER,
  decoders2: DECODERS2,
  gemma3: GEMMA3,
  moe: MOE,
  hybrid: HYBRID,
  encoders: ENCODERS,
  seq2seq: SEQ2SEQ,
  multimodal: MULTIMODAL,
};

const DECLARED = new Map<string, { family: string; decl: ModelTypeDecl }>();
for (const [family, mod] of Object.entries(FAMILIES)) for (const [type, decl] of Object.entries(mod)) DECLARED.set(type, { family, decl });

export function declaredModelTypes(): string[] {
  return [...DECLARED.keys()].sort();
}

export function isDeclared(modelType: string): boolean {
  return DECLARED.has(modelType);
}

/** Why a type is refused, when it is. */
export function refusal(modelType: string): string | undefined {
  return REFUSED[modelType];
}

const GENERIC: ModelTypeDecl = { defaultArchitecture: '', defaults: {}, aliases: { hidden_size: ['n_embd', 'd_model'], num_hidden_layers: ['n_layer', 'num_layers'], num_attention_heads: ['n_head', 'num_heads'], intermediate_size: ['n_inner', 'd_ff', 'ffn_dim'], vocab_size: ['n_vocab', 'padded_vocab_size'], max_position_embeddings: ['n_positions', 'n_ctx', 'seq_length', 'max_seq_len'] }, build: decoderLM() };

function architectureOf(cfg: Json): string {
  return Array.isArray(cfg.architectures) && typeof cfg.architectures[0] === 'string' ? cfg.architectures[0] : '';
}

export function resolveModel(raw: unknown): ModelSpec {
  if (!isRecord(raw)) throw new ConfigError('A model config must be a JSON object like {"model_type": "llama", "hidden_size": 4096, …}');
  const assumptions: string[] = [];
  const leftOut: string[] = [];
  let cfg: Json = raw;
  let modelType = typeof raw.model_type === 'string' ? raw.model_type : '';
  let hit = DECLARED.get(modelType);
  const reason = REFUSED[modelType];
  if (!hit && reason) throw new UnsupportedModelError(modelType, reason);
  // A multimodal wrapper whose language model is a declared type: count the language model.
  if (!hit && isRecord(raw.text_config)) {
    const inner = raw.text_config;
    const innerType = typeof inner.model_type === 'string' ? inner.model_type : '';
    cfg = { ...inner, tie_word_embeddings: inner.tie_word_embeddings ?? raw.tie_word_embeddings, dtype: raw.dtype ?? raw.torch_dtype ?? inner.dtype ?? inner.torch_dtype };
    leftOut.push(`${modelType || 'this'} is a multimodal wrapper: counted its language model (text_config${innerType ? `, model_type "${innerType}"` : ''}) only; the vision/audio tower and projector are left out`);
    modelType = innerType;
    hit = DECLARED.get(innerType);
    if (!hit && REFUSED[innerType]) throw new UnsupportedModelError(innerType, REFUSED[innerType] as string);
  }
  const decl = hit?.decl ?? GENERIC;
  if (!hit) {
    // Layers that are not attention (state-space, recurrent, convolution, linear attention) cannot be guessed.
    const kinds = [cfg.layer_types, cfg.layers_block_type, cfg.block_types].find(Array.isArray) as unknown[] | undefined;
    const odd = [...new Set((kinds ?? []).map(String).filter((k) => !/^(full_attention|sliding_attention|chunked_attention|attention|global|local)$/.test(k)))];
    if (odd.length) throw new UnsupportedModelError(modelType || '(none)', `not declared in Model Math's registry, and its layers include ${odd.map((k) => `"${k}"`).join(', ')}, which are not Transformer attention layers; not supported`);
    assumptions.push(`model_type "${modelType || '(none)'}" is not declared in Model Math's registry: estimated as a Llama-style pre-norm decoder (q/k/v/o projections without biases, gated MLP, RMSNorm, ${raw.tie_word_embeddings === true ? 'tied' : 'untied'} head) from the common field names`);
  }
  const architecture = architectureOf(raw) || decl.defaultArchitecture || 'ForCausalLM';
  const c = new ConfigReader(cfg, decl.defaults, decl.aliases, modelType);
  const b = new InventoryBuilder();
  let summary;
  try {
    summary = decl.build(c, { b, architecture, assume: (t) => assumptions.push(t), leaveOut: (t) => leftOut.push(t), declared: (t) => DECLARED.get(t)?.decl });
  } catch (err) {
    // An undeclared type whose config does not read as a standard decoder: refuse, saying why.
    if (!hit && err instanceof ConfigError) throw new UnsupportedModelError(modelType || '(none)', `not declared in Model Math's registry, and its config does not read as a standard decoder (${err.message}); not supported`);
    throw err;
  }
  const dtype = c.str('dtype', '');
  const prob = (names: string[]) => names.some((n) => typeof cfg[n] === 'number' && (cfg[n] as number) > 0);
  return {
    family: hit?.family ?? 'generic',
    modelType,
    architecture,
    ...summary,
    dropout: summary.dropout ?? { attention: prob(['attention_probs_dropout_prob', 'attn_pdrop', 'attention_dropout', 'dropout_rate']), hidden: prob(['hidden_dropout_prob', 'resid_pdrop', 'hidden_dropout', 'dropout_rate']) },
    ...(dtype ? { torchDtype: dtype } : {}),
    inventory: b.build(),
    approximate: !hit || leftOut.length > 0,
    assumptions,
    leftOut,
  };
}
