// Accelerators: memory, dense (not 2:4 sparse) peak BF16/FP16 tensor FLOP/s, memory bandwidth.
// Numbers from each vendor's datasheet (named in `source`).

export interface Gpu {
  readonly id: string;
  readonly name: string;
  /** Memory in bytes (decimal GB as vendors state it). */
  readonly memoryBytes: number;
  /** Dense BF16/FP16 tensor-core peak, FLOP/s. */
  readonly peakFlops: number;
  /** Bytes per second. */
  readonly bandwidth: number;
  readonly source: string;
}

const GB = 1e9;
const T = 1e12;

export const GPUS: readonly Gpu[] = [
  { id: 'a100-40gb', name: 'NVIDIA A100 40GB SXM', memoryBytes: 40 * GB, peakFlops: 312 * T, bandwidth: 1555 * GB, source: 'NVIDIA A100 datasheet (BF16 dense 312 TFLOPS, 1,555 GB/s)' },
  { id: 'a100-80gb', name: 'NVIDIA A100 80GB SXM', memoryBytes: 80 * GB, peakFlops: 312 * T, bandwidth: 2039 * GB, source: 'NVIDIA A100 datasheet (BF16 dense 312 TFLOPS, 2,039 GB/s)' },
  { id: 'h100-sxm', name: 'NVIDIA H100 SXM 80GB', memoryBytes: 80 * GB, peakFlops: 989 * T, bandwidth: 3350 * GB, source: 'NVIDIA H100 datasheet (BF16 989 TFLOPS dense; 1,979 is with sparsity; 3.35 TB/s)' },
  { id: 'h100-pcie', name: 'NVIDIA H100 PCIe 80GB', memoryBytes: 80 * GB, peakFlops: 756 * T, bandwidth: 2000 * GB, source: 'NVIDIA H100 datasheet (BF16 756 TFLOPS dense, 2 TB/s)' },
  { id: 'h200', name: 'NVIDIA H200 SXM 141GB', memoryBytes: 141 * GB, peakFlops: 989 * T, bandwidth: 4800 * GB, source: 'NVIDIA H200 datasheet (BF16 989 TFLOPS dense, 4.8 TB/s)' },
  { id: 'b200', name: 'NVIDIA B200 192GB', memoryBytes: 192 * GB, peakFlops: 2250 * T, bandwidth: 8000 * GB, source: 'NVIDIA Blackwell datasheet (BF16 2.25 PFLOPS dense, 8 TB/s)' },
  { id: 'l40s', name: 'NVIDIA L40S 48GB', memoryBytes: 48 * GB, peakFlops: 362 * T, bandwidth: 864 * GB, source: 'NVIDIA L40S datasheet (BF16 362 TFLOPS dense, 864 GB/s)' },
  { id: 'rtx-4090', name: 'NVIDIA GeForce RTX 4090 24GB', memoryBytes: 24 * GB, peakFlops: 165.2 * T, bandwidth: 1008 * GB, source: 'NVIDIA Ada whitepaper (FP16/BF16 tensor 165.2 TFLOPS dense with FP16 accumulate, 1,008 GB/s)' },
  { id: 'mi300x', name: 'AMD Instinct MI300X 192GB', memoryBytes: 192 * GB, peakFlops: 1307 * T, bandwidth: 5300 * GB, source: 'AMD MI300X datasheet (BF16 1,307 TFLOPS dense, 5.3 TB/s)' },
];

export function findGpu(id: string): Gpu | undefined {
  const key = id.toLowerCase().replace(/[\s_]+/g, '-');
  return GPUS.find((g) => g.id === key || g.name.toLowerCase() === id.toLowerCase());
}
