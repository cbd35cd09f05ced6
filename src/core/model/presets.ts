// Built-in configs for the calculator's presets: real Hugging Face config.json files whose parameter
// counts are checked against published totals in test/unit/model/params.test.ts.
import bertBase from './presets/bert-base-uncased.json';
import deepseekV3 from './presets/deepseek-v3.json';
import gemma7b from './presets/gemma-7b.json';
import gpt2 from './presets/gpt2.json';
import neox20b from './presets/gpt-neox-20b.json';
import llama2 from './presets/llama-2-7b.json';
import llama3 from './presets/llama-3-8b.json';
import mistral from './presets/mistral-7b.json';
import mixtral from './presets/mixtral-8x7b.json';
import t5Small from './presets/t5-small.json';

export interface Preset {
  readonly id: string;
  readonly name: string;
  readonly config: Record<string, unknown>;
}

export const PRESETS: readonly Preset[] = [
  { id: 'llama-3-8b', name: 'Llama-3-8B', config: llama3 },
  { id: 'llama-2-7b', name: 'Llama-2-7B', config: llama2 },
  { id: 'mistral-7b', name: 'Mistral-7B (GQA, sliding window)', config: mistral },
  { id: 'mixtral-8x7b', name: 'Mixtral-8x7B (MoE)', config: mixtral },
  { id: 'deepseek-v3', name: 'DeepSeek-V3 (MLA, 256 experts)', config: deepseekV3 },
  { id: 'gemma-7b', name: 'Gemma-7B (head_dim 256, tied)', config: gemma7b },
  { id: 'gpt-neox-20b', name: 'GPT-NeoX-20B', config: neox20b },
  { id: 'gpt2', name: 'GPT-2 (124M)', config: gpt2 },
  { id: 'bert-base-uncased', name: 'BERT-base (MLM)', config: bertBase },
  { id: 't5-small', name: 'T5-small (encoder–decoder)', config: t5Small },
];
