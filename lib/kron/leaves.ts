/**
 * Max-tree leaves ⟨w_r, x_i⟩ for Kronecker-structured data x_i = a_i^(1) ⊗ … ⊗ a_i^(K) without forming
 * any x_i: the last mode is contracted for a block of weights at once through one matrix product
 * (W_block reshaped to (·) × p_K times A_Kᵀ), the remaining modes point by point. For two factors
 * this is a_iᵀ W_r b_i with W_r the p × q row-major reshaping of w_r.
 */
import { gemm } from '../core/kernels/ops.js';
import { invalidRange } from '../core/errors.js';
import { allocate, checkMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { checkDataFactors, resultDtype } from './validate.js';

const SCRATCH = 1 << 18;

/**
 * Trusted kernel: out[i·m + r] = ⟨w_r, ⊗_k a_i^(k)⟩ for r in [rStart, rEnd), with w (m × Π p_k) and
 * a[k] (n × p_k) row-major; a worker can take a range of weights. Scratch is
 * O(min(m, 2¹⁸ / (n Π_{k<K} p_k)) · n Π_{k<K} p_k) doubles.
 *
 * @param m - weights; n: points; p: the factor dimensions; w: weights data; a: the data factors' data.
 * @param out - the n × m leaves (row-major); rStart, rEnd: the weight range to fill (default all).
 * @returns `out`. @throws nothing (trusted).
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const out = new Float64Array(2);
 * kernels.kronLeafValuesKernel(1, 2, [2, 2], Float64Array.of(1, 0, 0, 1), [Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 2, 3, 4)], out);
 * console.log(out); // Float64Array [5, 25] (x_iᵀ I x_i)
 * ```
 */
export function kronLeafValuesKernel(
  m: number, n: number, p: readonly number[], w: FloatArray, a: readonly FloatArray[], out: FloatArray, rStart = 0, rEnd = m,
): FloatArray {
  const K = p.length, d = p.reduce((s, v) => s * v, 1);
  const pLast = p[K - 1], head = d / pLast;
  if (d === 0) { for (let i = 0; i < n; i++) out.fill(0, i * m + rStart, i * m + rEnd); return out; }
  const chunk = Math.max(1, Math.min(rEnd - rStart, Math.floor(SCRATCH / Math.max(1, head * n))));
  const t = new Float64Array(chunk * head * n), acc = new Float64Array(n);
  const transposed = a.slice(0, K - 1).map((ak, k) => {
    const at = new Float64Array(p[k] * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < p[k]; j++) at[j * n + i] = ak[i * p[k] + j];
    return at;
  });
  for (let r0 = rStart; r0 < rEnd; r0 += chunk) {
    const c = Math.min(chunk, rEnd - r0);
    let rows = c * head;
    // the last mode for `c` weights at once: T (rows × n) = W_block (rows × p_K) · A_Kᵀ, by the GEMM op
    gemm(false, true, rows, n, pLast, w, r0 * d, pLast, a[K - 1], 0, pLast, t, 0, n, false);
    for (let k = K - 2; k >= 0; k--) {
      const pk = p[k], at = transposed[k];
      rows /= pk;
      for (let o = 0; o < rows; o++) {
        acc.fill(0);
        for (let j = 0; j < pk; j++) {
          const tr = (o * pk + j) * n, ar = j * n;
          for (let i = 0; i < n; i++) acc[i] += t[tr + i] * at[ar + i];
        }
        t.set(acc, o * n); // row o was read at step floor(o / pk) ≤ o: safe in place
      }
    }
    for (let rr = 0; rr < c; rr++) for (let i = 0; i < n; i++) out[i * m + r0 + rr] = t[rr * n + i];
  }
  return out;
}

/**
 * Every leaf value ⟨w_r, x_i⟩ of Kronecker-structured data x_i = a_i^(1) ⊗ … ⊗ a_i^(K), batched
 * through matrix products and never forming an x_i: for two factors, a_iᵀ W_r b_i with W_r the
 * p × q row-major reshaping of w_r; for Kronecker SGD's x_i = vec(x_i x_iᵀ) pass `[X, X]`
 * (x_iᵀ W_r x_i). The result is laid out like a ThresholdSearch's leaves: row i (the tree of data
 * point i), column r (weight r). Time O(m n Π p_k), the same flops as the dense W Xᵀ, but memory
 * O(n Σ p_k) for the data instead of O(n Π p_k).
 *
 * @param weights - a finite m × (Π p_k) matrix, row r = w_r (row-major tensor, a^(1)'s index slowest).
 * @param data - a non-empty list of finite matrices, data[k] of size n × p_k (row i = a_i^(k)).
 * @returns the n × m matrix of leaf values (float32 when weights and every factor are).
 * @throws {TypeError} a non-matrix argument. @throws {RangeError} weights.cols ≠ Π p_k, factors with different row counts, an empty list, a non-finite entry.
 * @example
 * ```ts
 * import { matrix, toRows } from 'sublinear/core';
 * import { kronLeafValues } from 'sublinear/kron';
 * const W = matrix([[1, 0, 0, 1], [0, 1, 0, 0]]); // W_0 = I, W_1 = [[0, 1], [0, 0]]
 * const X = matrix([[1, 2], [3, 4]]);               // x_i = vec(x_i x_iᵀ): d = 4
 * console.log(toRows(kronLeafValues(W, [X, X])));   // [[5, 2], [25, 12]]
 * ```
 */
export function kronLeafValues(weights: Matrix, data: readonly Matrix[]): Matrix {
  const fn = 'kronLeafValues';
  checkMatrix(fn, 'weights', weights);
  const f = checkDataFactors(fn, data);
  if (weights.cols !== f.colProduct) {
    throw invalidRange(fn, 'weights.cols', `${f.colProduct} (the product of the data factors' columns ${f.cols.join('·')})`, weights.cols);
  }
  const m = weights.rows, n = f.n;
  const out = allocate(n * m, resultDtype(f.allFloat32, weights.data instanceof Float32Array));
  kronLeafValuesKernel(m, n, f.cols, weights.data, f.data, out);
  return { rows: n, cols: m, data: out };
}
