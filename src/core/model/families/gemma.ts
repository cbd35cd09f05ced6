// Gemma: the Llama layout with tied embeddings, gated GELU MLPs (hidden_act says gelu, still
// three matrices), sandwich norms from Gemma 2 on (pre and post norms around attention and MLP),
// alternating sliding/full layers (Gemma 2: every other, Gemma 3: 5 sliding then 1 full), per-head
// q/k norms in Gemma 3. The √hidden embedding scale is a buffer, not a parameter.
import { attentionBias, decoderLM, everyNthFull, type DecoderVariant } from '../registry/decoder';
import type { FamilyModule } from '../registry/family';

const SANDWICH = ['input_layernorm', 'post_attention_layernorm', 'pre_feedforward_layernorm', 'post_feedforward_layernorm'];

/** Gemma 3's text decoder as a variant, so the multimodal wrapper can place it under model.language_model. */
export const GEMMA3_TEXT_VARIANT: DecoderVariant = { attention: (c) => ({ ...attentionBias(c), qkNorm: 'head' }), norms: SANDWICH, layerType: everyNthFull(6) };
export const GEMMA3_TEXT_DEFAULTS = {vocab_size: 262208, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 131072, tie_word_embeddings: true, attention_bias: false, query_pre_attn_scalar: 256, sliding_window: 4096, use_bidirectional_attention: false};

export const GEMMA: FamilyModule = {
  gemma: { defaultArchitecture: 'GemmaForCausalLM', defaults: {vocab_size: 256000, hidden_size: 3072, intermediate_size: 24576, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 16, head_dim: 256, hidden_act: 'gelu_pytorch_tanh', max_position_embeddings: 8192, tie_word_embeddings: true, attention_bias: false}, build: decoderLM() },
  gemma2: { defaultArchitecture: 'Gemma2ForCausalLM', defaults: {vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 8192, tie_word_embeddings: true, attention_bias: false, query_pre_attn_scalar: 256, sliding_window: 4096}, build: decoderLM({ norms: SANDWICH, layerType: everyNthFull(2) }) },
  gemma3_text: { defaultArchitecture: 'Gemma3ForCausalLM', defaults: GEMMA3_TEXT_DEFAULTS, build: decoderLM(GEMMA3_TEXT_VARIANT) },
  vaultgemma: { defaultArchitecture: 'VaultGemmaForCausalLM', defaults: {vocab_size: 256000, hidden_size: 2304, intermediate_size: 9216, num_hidden_layers: 26, num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, hidden_activation: 'gelu_pytorch_tanh', max_position_embeddings: 8192, tie_word_embeddings: true, attention_bias: false, query_pre_attn_scalar: 256, sliding_window: 4096}, build: decoderLM({ norms: ['input_layernorm', 'pre_feedforward_layernorm'] }) },
};
