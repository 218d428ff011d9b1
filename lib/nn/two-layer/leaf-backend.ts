/**
 * Where a sparse trainer computes its initial leaves ⟨w₀_r, x_i⟩ — the O(m n d) part of building it:
 * on this thread ('js'), or on the GPU through sublinear/cuda's inner-product kernel ('cuda'). 'auto'
 * takes the GPU when cudaStatus() reports one. Only dense inputs have a GPU path.
 */
import { innerProducts, resolveBackend } from '../../cuda/index.js';
import type { TrainingInputs } from './inputs.js';

export type LeafBackend = 'auto' | 'js' | 'cuda';

/** `inputs`, with leafValues on the GPU when `backend` resolves to 'cuda'. @throws CudaUnavailableError for 'cuda' without a GPU. */
export function withLeafBackend(fn: string, inputs: TrainingInputs, backend: LeafBackend): TrainingInputs {
  if (resolveBackend(backend, fn) !== 'cuda') return inputs;
  const X = { rows: inputs.count, cols: inputs.dim, data: inputs.dense() };
  return {
    count: inputs.count,
    dim: inputs.dim,
    gram: () => inputs.gram(),
    addCombination: (c, offset, out) => inputs.addCombination(c, offset, out),
    dense: () => inputs.dense(),
    leafValues: (weights, rows) => innerProducts(X, { rows, cols: inputs.dim, data: weights }, { backend: 'cuda' }).data as Float64Array,
  };
}
