// The model-math function library: callable from the CLI, selections, worksheets and panels.
// Each entry carries its doc, formula and public source (papers, kexue.fm articles).
import { alphaStarCos, alphaStarNormal } from '../../attention/alphaStar';
import { entropyInvariantScale, ntkAlpha, softmaxGradientSize, standardScale, yarnFactor } from '../../attention/scales';
import { kvCacheBytesPerToken, layerMultiplications } from '../../model/layerFlops';
import { erf, integrate, normalCdf, normalPdf } from '../../numeric/special';
import { BFLOAT16, FLOAT16, FLOAT8_E4M3, FLOAT8_E5M2, roundToFormat } from '../../numeric/floatFormats';

export type Vector = readonly number[];

export interface LibraryFunction {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
  /** The defining formula in LaTeX. */
  readonly latex: string;
  readonly source: string;
  /** Argument kinds, so the engine can convert mathjs values and give clear errors. */
  readonly params: readonly ('number' | 'vector')[];
  /** Unit of the result, so `kv_cache_bytes(…) * n to GiB` converts (the value itself stays a number). */
  readonly resultUnit?: string;
  /** How many trailing params are optional. */
  readonly optional?: number;
  readonly fn: (...args: never[]) => number | number[];
}

export const FLOPS_PER_PF_DAY = 8.64e19;

function finitePositive(name: string, x: number): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a positive finite number, got ${x}`);
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function logsumexp(v: Vector): number {
  if (v.length === 0) throw new RangeError('logsumexp needs a non-empty vector');
  const m = Math.max(...v);
  if (m === Infinity) return Infinity;
  if (m === -Infinity) return -Infinity;
  return m + Math.log(v.reduce((s, x) => s + Math.exp(x - m), 0));
}

export function softmax(v: Vector): number[] {
  if (v.length === 0) throw new RangeError('softmax needs a non-empty vector');
  const m = Math.max(...v);
  const exps = v.map((x) => Math.exp(x - m));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function entropy(p: Vector): number {
  if (p.length === 0) throw new RangeError('entropy needs a non-empty probability vector');
  if (p.some((x) => x < 0)) throw new RangeError('entropy needs probabilities ≥ 0');
  const h = -p.reduce((s, x) => (x > 0 ? s + x * Math.log(x) : s), 0);
  return h === 0 ? 0 : h; // no -0 for one-hot p
}

export function gelu(x: number): number {
  return x * normalCdf(x);
}

export function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
}

export function geluSigmoid(x: number): number {
  return x * sigmoid(1.702 * x);
}

/**
 * Exact variance of the angle between two independent random directions in R^n: the density of θ
 * is ∝ sin^(n−2) θ on [0, π] with mean π/2 (kexue.fm 7076). Integrated in log space around the peak.
 */
export function angleVariance(n: number): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`angle_var needs an integer dimension n ≥ 2, got ${n}`);
  if (n === 2) return Math.PI ** 2 / 12; // uniform on [0, π]
  const k = n - 2;
  // sin^k θ = exp(k·ln sin θ) peaks at π/2 with width ~1/√k; 40 widths cover it to < 1e-300.
  const half = Math.min(Math.PI / 2, 40 / Math.sqrt(k));
  const w = (t: number) => Math.exp(k * Math.log(Math.cos(t))); // t = θ − π/2
  const panels = 400;
  const mass = integrate(w, -half, half, panels);
  const second = integrate((t) => t * t * w(t), -half, half, panels);
  return second / mass;
}

/** 1/√γ with γ the variance of a standard normal truncated to ±a (kexue.fm 8620). */
export function truncNormalFactor(a = 2): number {
  finitePositive('truncation bound a', a);
  const z = 2 * normalCdf(a) - 1;
  const gamma = 1 - (2 * a * normalPdf(a)) / z;
  return 1 / Math.sqrt(gamma);
}

export function pfDays(flops: number): number {
  return flops / FLOPS_PER_PF_DAY;
}

export const LIBRARY: readonly LibraryFunction[] = [
  { name: 'attn_scale', signature: 'attn_scale(d)', params: ['number'], fn: standardScale, latex: String.raw`\frac{1}{\sqrt{d}}`, source: 'kexue.fm/archives/8620', doc: 'Standard attention scale for head dimension d: keeps the logits unit-variance at initialisation.' },
  { name: 'logn_scale', signature: 'logn_scale(n, d, base=512)', params: ['number', 'number', 'number'], optional: 1, fn: (n: number, d: number, base?: number) => entropyInvariantScale(n, d, base ?? 512), latex: String.raw`\frac{\log_{\text{base}} \max(n, 16)}{\sqrt{d}}`, source: 'kexue.fm/archives/8823, 9034', doc: 'Entropy-invariant scale: equals 1/√d at n = base and keeps attention entropy steady as n (valid keys, at least 16) changes.' },
  { name: 'alpha_star', signature: 'alpha_star(n)', params: ['number'], fn: alphaStarNormal, latex: String.raw`\arg\max_\alpha \alpha\left(1 - \frac{e^{\alpha^2}}{n}\right)`, source: 'kexue.fm/archives/9812', doc: 'Gradient-optimal softmax scale for standard-normal scores over n keys (root of e^{α²}(1+2α²) = n). For decoders use n = L_max/2.' },
  { name: 'alpha_star_cos', signature: 'alpha_star_cos(n, d)', params: ['number', 'number'], fn: alphaStarCos, latex: String.raw`\arg\max_\alpha \alpha\left(1 - \frac{\mathbb{E}[e^{2\alpha s}]}{n\,\mathbb{E}[e^{\alpha s}]^2}\right),\ s = \cos\theta`, source: 'kexue.fm/archives/9812', doc: 'Gradient-optimal scale for cosine-similarity scores of random unit vectors in R^d (≈ 25–35 for d = 128): why cosine attention uses a scale near 30.' },
  { name: 'gelu', signature: 'gelu(x)', params: ['number'], fn: gelu, latex: String.raw`x\,\Phi(x) = \tfrac{x}{2}\left(1 + \operatorname{erf}\tfrac{x}{\sqrt2}\right)`, source: 'kexue.fm/archives/7309', doc: 'Exact GELU (erf form). GELU(1) = 0.84134475.' },
  { name: 'gelu_tanh', signature: 'gelu_tanh(x)', params: ['number'], fn: geluTanh, latex: String.raw`\tfrac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715x^3)\right)\right)`, source: 'kexue.fm/archives/7309', doc: 'tanh approximation of GELU (max abs error 4.7e-4).' },
  { name: 'gelu_sigmoid', signature: 'gelu_sigmoid(x)', params: ['number'], fn: geluSigmoid, latex: String.raw`x\,\sigma(1.702x)`, source: 'kexue.fm/archives/7309', doc: 'Sigmoid approximation of GELU (max error 2.0e-2).' },
  { name: 'softplus', signature: 'softplus(x)', params: ['number'], fn: softplus, latex: String.raw`\ln\left(1 + e^{x}\right)`, source: 'Dugas et al. 2001; Mish (Misra 2019)', doc: 'Softplus ln(1 + eˣ), computed without overflow for large x.' },
  { name: 'silu', signature: 'silu(x)', params: ['number'], fn: (x: number) => x * sigmoid(x), latex: String.raw`x\,\sigma(x)`, source: 'Swish (Ramachandran et al. 2017), SiLU (Elfwing et al. 2018)', doc: 'SiLU / Swish-1: x·σ(x).' },
  { name: 'relu', signature: 'relu(x)', params: ['number'], fn: (x: number) => Math.max(0, x), latex: String.raw`\max(0, x)`, source: 'Nair & Hinton 2010', doc: 'Rectified linear unit max(0, x).' },
  { name: 'sigmoid', signature: 'sigmoid(x)', params: ['number'], fn: sigmoid, latex: String.raw`\frac{1}{1 + e^{-x}}`, source: 'logistic function', doc: 'Logistic sigmoid, computed without overflow for large |x|.' },
  { name: 'softmax', signature: 'softmax(v)', params: ['vector'], fn: softmax, latex: String.raw`\frac{e^{v_i}}{\sum_j e^{v_j}}`, source: 'stable form: subtract logsumexp', doc: 'Softmax of a vector, computed stably (no overflow for large logits).' },
  { name: 'logsumexp', signature: 'logsumexp(v)', params: ['vector'], fn: logsumexp, latex: String.raw`\max v + \log \sum_j e^{v_j - \max v}`, source: 'kexue.fm/archives/8586', doc: 'Stable log Σ exp(v). logsumexp([1000, 999]) = 1000.3132617.' },
  { name: 'entropy', signature: 'entropy(p)', params: ['vector'], fn: entropy, latex: String.raw`-\sum_i p_i \log p_i`, source: 'natural log (nats)', doc: 'Shannon entropy of a probability vector in nats; log n is the uniform ceiling.' },
  { name: 'softmax_grad', signature: 'softmax_grad(v, alpha=1)', params: ['vector', 'number'], optional: 1, fn: (v: Vector, a?: number) => softmaxGradientSize(v, a ?? 1), latex: String.raw`\alpha\left(1 - \sum_i p_i^2\right),\ p = \operatorname{softmax}(\alpha v)`, source: 'kexue.fm/archives/9812', doc: 'Size of the softmax gradient ½‖∂p/∂s‖₁; near 0 for saturated (one-hot) and for uniform rows.' },
  { name: 'fp16', signature: 'fp16(x)', params: ['number'], fn: (x: number) => roundToFormat(x, FLOAT16), latex: String.raw`\operatorname{round}_{\text{fp16}}(x)`, source: 'IEEE 754 binary16; kexue.fm/archives/9059', doc: 'x rounded to float16 (nearest, ties to even): max 65504, smallest subnormal 5.96e-8; beyond overflow → Infinity, below underflow → 0.' },
  { name: 'bf16', signature: 'bf16(x)', params: ['number'], fn: (x: number) => roundToFormat(x, BFLOAT16), latex: String.raw`\operatorname{round}_{\text{bf16}}(x)`, source: 'bfloat16 (8 exponent, 7 mantissa bits)', doc: "x rounded to bfloat16: fp32's range with 8 significant bits (relative step 2^-8)." },
  { name: 'fp8_e4m3', signature: 'fp8_e4m3(x)', params: ['number'], fn: (x: number) => roundToFormat(x, FLOAT8_E4M3, 'saturate'), latex: String.raw`\operatorname{round}_{\text{e4m3}}(x)`, source: 'OCP FP8 E4M3FN; as torch.float8_e4m3fn converts', doc: 'x rounded to FP8 E4M3FN (nearest, ties to even; max 448). The format has no infinity: beyond ±448, and ±Infinity, saturate to ±448 as PyTorch converts; NaN stays NaN.' },
  { name: 'fp8_e5m2', signature: 'fp8_e5m2(x)', params: ['number'], fn: (x: number) => roundToFormat(x, FLOAT8_E5M2), latex: String.raw`\operatorname{round}_{\text{e5m2}}(x)`, source: 'OCP FP8 E5M2', doc: 'x rounded to FP8 E5M2 (max 57344).' },
  { name: 'angle_var', signature: 'angle_var(n)', params: ['number'], fn: angleVariance, latex: String.raw`\frac{\int_0^\pi (\theta - \frac{\pi}{2})^2 \sin^{n-2}\theta\,d\theta}{\int_0^\pi \sin^{n-2}\theta\,d\theta}`, source: 'kexue.fm/archives/7076', doc: 'Exact variance of the angle between two random vectors in R^n (≈ 1/(n−2)). Trained embeddings with much tighter angles are anisotropic.' },
  { name: 'trunc_normal_factor', signature: 'trunc_normal_factor(a=2)', params: ['number'], optional: 1, fn: (a?: number) => truncNormalFactor(a ?? 2), latex: String.raw`\frac{1}{\sqrt{1 - \frac{2a\varphi(a)}{2\Phi(a) - 1}}}`, source: 'kexue.fm/archives/8620', doc: 'Factor to multiply σ by so a normal truncated at ±a·σ has std σ (1.1368472 for a = 2).' },
  { name: 'yarn_scale', signature: 'yarn_scale(r)', params: ['number'], fn: yarnFactor, latex: String.raw`\left(1 + 0.1 \ln r\right)^2`, source: 'kexue.fm/archives/9948', doc: 'YaRN attention-logit factor for a context extension ratio r = L_test/L_train.' },
  { name: 'ntk_alpha', signature: 'ntk_alpha(r, d)', params: ['number', 'number'], fn: ntkAlpha, latex: String.raw`r^{d/(d-2)}`, source: 'kexue.fm/archives/9948', doc: 'NTK-aware RoPE base multiplier for extension ratio r and head dimension d.' },
  { name: 'pf_days', signature: 'pf_days(flops)', params: ['number'], resultUnit: 'PFday', fn: pfDays, latex: String.raw`\frac{\text{FLOPs}}{8.64\times10^{19}}`, source: '1 PF-day = 10^15 FLOP/s × 86400 s', doc: 'FLOPs expressed in petaflop/s-days (also accepts a FLOP quantity).' },
  { name: 'kv_cache_bytes', signature: 'kv_cache_bytes(layers, kv_heads, head_dim, bytes=2)', params: ['number', 'number', 'number', 'number'], optional: 1, resultUnit: 'B', fn: (l: number, h: number, d: number, b?: number) => kvCacheBytesPerToken(l, h, d, b ?? 2), latex: String.raw`2 \cdot L \cdot n_{kv} \cdot d_h \cdot \text{bytes}`, source: 'Pope et al. 2022, Efficiently Scaling Transformer Inference (arxiv.org/abs/2211.05102)', doc: 'KV-cache bytes per token of one sequence (K and V, every layer and KV head).' },
  { name: 'layer_mults', signature: 'layer_mults(n, hidden)', params: ['number', 'number'], fn: (n: number, h: number) => layerMultiplications(n, h).layer, latex: String.raw`12nh^2d^2 + 2n^2hd`, source: 'kexue.fm/archives/8610', doc: 'Multiplications of one Transformer layer forward (FFN 4·hidden, full attention); FLOPs = 2×.' },
  { name: 'head_size_bound', signature: 'head_size_bound(N)', params: ['number'], fn: (N: number) => 8.33 * Math.log(N), latex: String.raw`8.33 \ln N`, source: 'kexue.fm/archives/8711', doc: 'Smallest head size d that keeps attention able to focus over N tokens (N = 512 → 51.97, why 64 works).' },
  { name: 'erf', signature: 'erf(x)', params: ['number'], fn: erf, latex: String.raw`\frac{2}{\sqrt\pi}\int_0^x e^{-t^2}dt`, source: 'error function', doc: 'Error function (double precision).' },
];

export function libraryFunction(name: string): LibraryFunction | undefined {
  return LIBRARY.find((f) => f.name === name);
}
