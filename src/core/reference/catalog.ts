// The formulas the Formula Reference view and `modelmath formulas` show: each with its LaTeX, what
// it means, its source article, and one worked example computed by the same core function that
// features use (so the view doubles as a live check of the core).
import { alphaStarNormal } from '../attention/alphaStar';
import { entropyInvariantScale, softmaxGradientSize, standardScale, yarnFactor } from '../attention/scales';
import { kvCacheBytesPerToken, layerMultiplications } from '../model/layerFlops';

export interface WorkedExample {
  /** The inputs, written as a person would say them. */
  readonly inputs: string;
  readonly value: number;
  /** Unit of `value`, or '' for a pure number. */
  readonly unit: string;
}

export interface FormulaCard {
  readonly id: string;
  readonly title: string;
  /** Display-mode LaTeX, rendered with KaTeX. */
  readonly latex: string;
  readonly explanation: string;
  /** Where the formula comes from (kexue.fm article or paper). */
  readonly source: string;
  readonly example: WorkedExample;
}

export function formulaCatalog(): FormulaCard[] {
  return [
    {
      id: 'standard-scale',
      title: 'Standard attention scale',
      latex: String.raw`\operatorname{softmax}\!\left(\frac{QK^\top}{\sqrt{d}}\right),\qquad \operatorname{Var}(q\cdot k) = d`,
      explanation: 'With unit-variance q, k entries the logits have variance d; dividing by √d keeps them O(1) at initialisation so softmax does not saturate.',
      source: 'kexue.fm/archives/8620',
      example: { inputs: 'd = 64', value: standardScale(64), unit: '' },
    },
    {
      id: 'entropy-invariant-scale',
      title: 'Entropy-invariant scale',
      latex: String.raw`\alpha(n) = \frac{\log_{512} \max(n, 16)}{\sqrt{d}}`,
      explanation: 'Keeps attention entropy steady across sequence lengths (H ≈ log n − λ(s_max − s̄) needs λ ∝ log n); equals 1/√d at n = 512. n counts the valid keys.',
      source: 'kexue.fm/archives/8823, 9034',
      example: { inputs: 'd = 64, n = 4096', value: entropyInvariantScale(4096, 64), unit: '' },
    },
    {
      id: 'softmax-gradient',
      title: 'Softmax gradient size',
      latex: String.raw`\tfrac12\left\lVert \frac{\partial p}{\partial s} \right\rVert_1 = \alpha\left(1 - \sum_i p_i^2\right),\quad p = \operatorname{softmax}(\alpha s)`,
      explanation: 'Vanishes both for α → 0 (uniform rows) and for one-hot rows (saturation): the scale should sit between.',
      source: 'kexue.fm/archives/9812',
      example: { inputs: 'logits [10, 0, 0, 0], α = 1', value: softmaxGradientSize([10, 0, 0, 0], 1), unit: '' },
    },
    {
      id: 'alpha-star-normal',
      title: 'Gradient-optimal scale (normal scores)',
      latex: String.raw`\alpha^* = \arg\max_\alpha\, \alpha\left(1 - \frac{e^{\alpha^2}}{n}\right) \iff e^{\alpha^{*2}}\left(1 + 2\alpha^{*2}\right) = n`,
      explanation: 'Maximises the softmax gradient for standard-normal scores over n keys; stays in 2–3 for practical n. For decoders evaluate at n = L_max/2.',
      source: 'kexue.fm/archives/9812',
      example: { inputs: 'n = 512', value: alphaStarNormal(512), unit: '' },
    },
    {
      id: 'yarn-factor',
      title: 'YaRN logit factor',
      latex: String.raw`\left(1 + 0.1 \ln \frac{L_{test}}{L_{train}}\right)^2`,
      explanation: 'Temperature correction applied to the logits when RoPE context is extended by a ratio r.',
      source: 'kexue.fm/archives/9948',
      example: { inputs: 'L_test/L_train = 2', value: yarnFactor(2), unit: '' },
    },
    {
      id: 'layer-multiplications',
      title: 'Multiplications of a Transformer layer',
      latex: String.raw`\underbrace{4nh^2d^2 + 2n^2hd}_{\text{attention}} + \underbrace{8nh^2d^2}_{\text{FFN}}`,
      explanation: 'Forward pass, n tokens, h heads of size d, FFN width 4hd, full attention. FLOPs = 2 × multiplications; attention exceeds the FFN only when n > 2hd.',
      source: 'kexue.fm/archives/8610',
      example: { inputs: 'BERT-base layer (hd = 768), n = 512', value: layerMultiplications(512, 768).layer, unit: 'multiplications' },
    },
    {
      id: 'kv-cache',
      title: 'KV cache per token',
      latex: String.raw`2 \cdot L \cdot n_{kv} \cdot d_h \cdot \text{bytes}`,
      explanation: 'K and V for every layer and key/value head (GQA shrinks n_kv, not the query heads), per sequence in the batch.',
      source: 'Pope et al. 2022, arxiv.org/abs/2211.05102; Llama-2-7B config',
      example: { inputs: 'Llama-2-7B: L = 32, n_kv = 32, d_h = 128, 16-bit', value: kvCacheBytesPerToken(32, 32, 128, 2), unit: 'bytes' },
    },
  ];
}
