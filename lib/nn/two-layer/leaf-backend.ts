/**
 * Where a sparse trainer computes its initial leaves ⟨w₀_r, x_i⟩ — the O(m n d) part of building it:
 * on this thread ('js'), or on the GPU with the CUDA backend's inner-product (GEMM) kernel ('cuda'). 'auto'
 * takes the GPU when cudaStatus() reports one. Only dense inputs have a GPU path.
 */
import { innerProductsGpu } from '../../cuda/gpu-ops.js';
import { contextFor, resolveBackend } from '../../cuda/status.js';
import type { TrainingInputs } from './inputs.js';

export type LeafBackend = 'auto' | 'js' | 'cuda';

/** `inputs`, with leafValues on the GPU when `backend` resolves to 'cuda'. @throws CudaUnavailableError for 'cuda' without a GPU. */
export function withLeafBackend(fn: string, inputs: TrainingInputs, backend: LeafBackend): TrainingInputs {
  if (resolveBackend(backend, fn) !== 'cuda') return inputs;
  const x = inputs.dense(), n = inputs.count, d = inputs.dim;
  return {
    count: inputs.count,
    dim: inputs.dim,
    gram: () => inputs.gram(),
    addCombination: (c, offset, out) => inputs.addCombination(c, offset, out),
    dense: () => inputs.dense(),
    leafValues: (weights, rows) => {
      const ctx = contextFor('cuda', fn)!; // resolved above: a GPU is there
      return innerProductsGpu(ctx, x, weights, n, rows, d, new Float64Array(n * rows)) as Float64Array;
    },
  };
}
