// Cross-check against a model.safetensors.index.json that sits beside the config: its
// metadata.total_size is the bytes of every stored tensor, so total_size / bytes(dtype) should be
// the parameter count (tied weights are stored once).
import type { Dtype } from './memory';
import { bytesPerParam } from './memory';

export interface CrossCheck {
  readonly indexTotalSize: number;
  readonly dtype: Dtype;
  readonly impliedParams: number;
  readonly counted: number;
  readonly agrees: boolean;
  readonly message: string;
}

/** torch_dtype names → our dtypes (only the ones checkpoints are stored in). */
export function dtypeOfTorch(name: string | undefined): Dtype | undefined {
  switch ((name ?? '').replace(/^torch\./, '')) {
    case 'float32':
      return 'fp32';
    case 'bfloat16':
      return 'bf16';
    case 'float16':
      return 'fp16';
    case 'float8_e4m3fn':
    case 'float8_e5m2':
      return 'fp8';
    default:
      return undefined;
  }
}

export function crossCheckIndex(indexJson: unknown, counted: number, torchDtype: string | undefined): CrossCheck | undefined {
  const total = (indexJson as { metadata?: { total_size?: unknown } } | null)?.metadata?.total_size;
  if (typeof total !== 'number' || !(total > 0)) return undefined;
  const dtype = dtypeOfTorch(torchDtype) ?? 'bf16';
  const implied = total / bytesPerParam(dtype);
  const agrees = implied === counted;
  const diff = implied - counted;
  const message = agrees
    ? `agrees with model.safetensors.index.json (${total.toLocaleString('en-US')} bytes / ${bytesPerParam(dtype)} = ${counted.toLocaleString('en-US')})`
    : `model.safetensors.index.json holds ${total.toLocaleString('en-US')} bytes = ${implied.toLocaleString('en-US')} ${dtype} params, ${Math.abs(diff).toLocaleString('en-US')} ${diff > 0 ? 'more' : 'fewer'} than counted (extra buffers, a different head, or mixed dtypes)`;
  return { indexTotalSize: total, dtype, impliedParams: implied, counted, agrees, message };
}
