/**
 * Trusted inner-product kernels that fill the leaves: leaf (t, j) = ⟨data row t, weight row j⟩,
 * computed by the core GEMM op (a GEMM-NT written straight into the leaf layout), so the backend
 * chosen with setBackend runs them (wasm SIMD by default). Every leaf is one sum over k = 0 … d−1 in
 * order, whichever kernel and split computes it, so init, update and a plain loop agree to the last
 * bit on one backend. float64: the same bits on every backend. float32 storage: the js backend sums
 * in float64 and rounds the leaf once; wasm sums in float32 (see orderedDot's `round`).
 */
import type { FloatArray } from '../core/matrix.js';
import { allocate, dtypeOf } from '../core/matrix.js';
import { gemm } from '../core/kernels/ops.js';
import type { TreeLayout } from './layout.js';

/** Floating-point operations of the inner products of `trees` data rows with `weights` weight rows. */
export function innerProductFlops(trees: number, weights: number, d: number): number {
  return 2 * trees * weights * d;
}

/**
 * The plain ordered sum Σ_k x[xo + k]·w[wo + k], each step rounded by `round` (Math.fround for a
 * float32 running sum, as the wasm backend's; the identity for float64): the reference every kernel
 * here reproduces exactly.
 */
export function orderedDot(d: number, x: ArrayLike<number>, xo: number, w: ArrayLike<number>, wo: number, round: (v: number) => number = (v) => v): number {
  let s = 0;
  for (let k = 0; k < d; k++) s = round(s + round(x[xo + k] * w[wo + k]));
  return s;
}

/** Leaves of trees [treeStart, treeEnd) at weight rows [weightStart, weightEnd): one GEMM-NT into the leaf layout. */
export function computeLeaves(
  data: FloatArray, weights: FloatArray, leaves: FloatArray, layout: TreeLayout,
  treeStart: number, treeEnd: number, weightStart: number, weightEnd: number,
): void {
  const d = layout.d, stride = layout.leafStride;
  if (treeEnd <= treeStart || weightEnd <= weightStart) return;
  gemm(false, true, treeEnd - treeStart, weightEnd - weightStart, d, data, treeStart * d, d, weights, weightStart * d, d,
    leaves, treeStart * stride + weightStart, stride, false);
}

/**
 * Recomputes the leaves at weight rows `columns[0..count)` (repeats allowed) in trees
 * [treeStart, treeEnd): the rows are gathered, multiplied in one GEMM-NT, and scattered to the leaves.
 * The heaps are not touched (follow with applySchedule).
 */
export function refreshLeaves(
  data: FloatArray, weights: FloatArray, leaves: FloatArray, layout: TreeLayout,
  columns: ArrayLike<number>, count: number, treeStart: number, treeEnd: number,
): void {
  const d = layout.d, stride = layout.leafStride, rows = treeEnd - treeStart;
  if (rows <= 0 || count <= 0) return;
  const z = allocate(count * d, dtypeOf(weights)), out = allocate(rows * count, dtypeOf(leaves));
  for (let q = 0; q < count; q++) z.set(weights.subarray(columns[q] * d, (columns[q] + 1) * d), q * d);
  gemm(false, true, rows, count, d, data, treeStart * d, d, z, 0, d, out, 0, count, false);
  for (let t = 0; t < rows; t++) for (let q = 0; q < count; q++) leaves[(treeStart + t) * stride + columns[q]] = out[t * count + q];
}
