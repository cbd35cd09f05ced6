// Multimodal wrappers: a declared language model (text_config, built by its own declaration and
// renamed under model.language_model.) plus the wrapper's audio or vision tower and projector from
// registry/towers.ts. The tower and projector are parameters; FLOPs and KV cache are those of the
// language model per text token (the tower runs once per audio clip or image, not per token).
// Tying follows the wrapper's own tie_word_embeddings (transformers reads the top-level config).
import { ConfigReader, isRecord, type Json } from '../registry/configReader';
import { InventoryBuilder } from '../registry/builder';
import { headKind } from '../registry/blocks';
import type { BuildContext, FamilyModule, ModelTypeDecl, Summary } from '../registry/family';
import { copyInventory, glmAsrEncoder, towerLinear, whisperEncoder } from '../registry/towers';
import { UnsupportedModelError } from '../spec';

interface TowerContext {
  readonly b: InventoryBuilder;
  /** The wrapper's config (top level). */
  readonly c: ConfigReader;
  /** 'model.' for the *ForConditionalGeneration classes, '' for the bare *Model. */
  readonly root: string;
  readonly textHidden: number;
  /** A sub-config read with its class's defaults and attribute_map. */
  sub(field: string, defaults: Json, aliases?: Readonly<Record<string, readonly string[]>>): ConfigReader;
}

interface WrapperSpec {
  readonly defaultArchitecture: string;
  /** text_config.model_type when the config does not say. */
  readonly textType: string;
  /** The wrapper class's tie_word_embeddings default (false when the class has no such field). */
  readonly tieDefault: boolean;
  /** What the towers are, for the note on FLOPs. */
  readonly what: string;
  readonly towers: (t: TowerContext) => void;
}

function sub(c: ConfigReader, field: string, defaults: Json, aliases?: Readonly<Record<string, readonly string[]>>): ConfigReader {
  const raw = c.raw[field];
  return new ConfigReader(isRecord(raw) ? raw : {}, defaults, aliases, field);
}

const wrapper =
  (w: WrapperSpec) =>
  (c: ConfigReader, ctx: BuildContext): Summary => {
    const text = isRecord(c.raw.text_config) ? c.raw.text_config : {};
    const textType = typeof text.model_type === 'string' && text.model_type ? text.model_type : w.textType;
    const decl = ctx.declared?.(textType);
    if (!decl) throw new UnsupportedModelError(c.modelType, `its language model (text_config, model_type "${textType}") is not declared in Model Math's registry; not supported`);
    const tied = c.bool('tie_word_embeddings', w.tieDefault);
    const tc = new ConfigReader({ ...text, tie_word_embeddings: tied }, decl.defaults, decl.aliases, textType);
    const inner = new InventoryBuilder();
    const summary = decl.build(tc, { b: inner, architecture: decl.defaultArchitecture, assume: ctx.assume, leaveOut: ctx.leaveOut, declared: ctx.declared });
    const kind = headKind(ctx.architecture);
    const root = kind === 'base' ? '' : 'model.';
    const lm = `${root}language_model.`;
    const inv = inner.build();
    copyInventory(kind === 'base' ? { ...inv, tensors: inv.tensors.filter((t) => !t.name.startsWith('lm_head.')) } : inv, ctx.b, (n) => (n.startsWith('model.') ? lm + n.slice(6) : n));
    w.towers({ b: ctx.b, c, root, textHidden: summary.hidden, sub: (f, d, a) => sub(c, f, d, a) });
    ctx.assume(`FLOPs and KV cache are the language model's per text token; the ${w.what} (counted in the parameters) runs once per input, not per token`);
    if (kind === 'other') ctx.leaveOut(`${ctx.architecture}: the task head is not counted`);
    return { ...summary, head: kind === 'lm' ? 'lm' : 'none', tiedEmbeddings: tied };
  };

const decl = (w: WrapperSpec, defaults: Json = {}): ModelTypeDecl => ({ defaultArchitecture: w.defaultArchitecture, defaults, build: wrapper(w) });

/** Whisper-style audio encoder configs: v4 names (d_model, encoder_layers…) or v5 names (hidden_size…). */
const WHISPER_ENCODER_DEFAULTS: Json = { num_mel_bins: 128, encoder_layers: 32, encoder_attention_heads: 20, encoder_ffn_dim: 5120, d_model: 1280, max_source_positions: 1500 };
const WHISPER_ENCODER_ALIASES = { d_model: ['hidden_size'], encoder_layers: ['num_hidden_layers'], encoder_attention_heads: ['num_attention_heads'], encoder_ffn_dim: ['intermediate_size'] };

function whisperTower(t: TowerContext): { hidden: number; ffn: number } {
  const a = t.sub('audio_config', WHISPER_ENCODER_DEFAULTS, WHISPER_ENCODER_ALIASES);
  const hidden = a.int('d_model', 'audio encoder width');
  const ffn = a.int('encoder_ffn_dim', 'audio encoder MLP width');
  whisperEncoder(t.b, `${t.root}audio_tower`, { hidden, layers: a.int('encoder_layers', 'audio encoder layers'), heads: a.int('encoder_attention_heads', 'audio encoder heads'), ffn, melBins: a.int('num_mel_bins', 'mel bins'), positions: a.int('max_source_positions', 'audio positions') });
  return { hidden, ffn };
}

const AUDIO = 'audio encoder and projector';

export const MULTIMODAL: FamilyModule = {
  qwen2_audio: decl({
    defaultArchitecture: 'Qwen2AudioForConditionalGeneration',
    textType: 'qwen2',
    tieDefault: false,
    what: AUDIO,
    towers: (t) => {
      const { hidden } = whisperTower(t);
      towerLinear(t.b, `${t.root}multi_modal_projector.linear`, t.textHidden, hidden, true, 'mlp');
    },
  }),
  voxtral: decl({
    defaultArchitecture: 'VoxtralForConditionalGeneration',
    textType: 'llama',
    tieDefault: false,
    what: AUDIO,
    towers: (t) => {
      // The projector reads 4 stacked encoder frames: audio_config.intermediate_size wide.
      const { ffn } = whisperTower(t);
      towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, t.textHidden, ffn, false, 'mlp');
      towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, t.textHidden, false, 'mlp');
    },
  }),
  ...Object.fromEntries(
    (['audioflamingo3', 'musicflamingo'] as const).map((type) => [
      type,
      decl(
        {
          defaultArchitecture: type === 'audioflamingo3' ? 'AudioFlamingo3ForConditionalGeneration' : 'MusicFlamingoForConditionalGeneration',
          textType: 'qwen2',
          tieDefault: false,
          what: AUDIO,
          towers: (t) => {
            const { hidden } = whisperTower(t);
            const bias = t.c.bool('projector_bias', true);
            towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, t.textHidden, hidden, bias, 'mlp');
            towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, t.textHidden, bias, 'mlp');
          },
        },
        { projector_bias: true },
      ),
    ]),
  ),
  glmasr: decl(
    {
      defaultArchitecture: 'GlmAsrForConditionalGeneration',
      textType: 'llama',
      tieDefault: true,
      what: AUDIO,
      towers: (t) => {
        const a = t.sub('audio_config', { hidden_size: 1280, intermediate_size: 5120, num_hidden_layers: 32, num_attention_heads: 20, num_mel_bins: 128 });
        const hidden = a.int('hidden_size', 'audio encoder width');
        const heads = a.int('num_attention_heads', 'audio encoder heads');
        const ffn = a.int('intermediate_size', 'audio encoder MLP width');
        glmAsrEncoder(t.b, `${t.root}audio_tower`, { hidden, layers: a.int('num_hidden_layers', 'audio encoder layers'), heads, kvHeads: a.int('num_key_value_heads', 'audio encoder key/value heads', heads), headDim: a.int('head_dim', 'audio encoder head dimension', hidden / heads), ffn, melBins: a.int('num_mel_bins', 'mel bins') });
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_1`, 2 * t.textHidden, ffn, true, 'mlp');
        towerLinear(t.b, `${t.root}multi_modal_projector.linear_2`, t.textHidden, 2 * t.textHidden, true, 'mlp');
      },
    },
    { tie_word_embeddings: true },
  ),
};
