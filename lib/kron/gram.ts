/**
 * Gram kernels of Kronecker-structured data x_i = a_i^(1) ⊗ … ⊗ a_i^(K): G_ij = Π_k ⟨a_i^(k), a_j^(k)⟩,
 * so G = (A_1 A_1ᵀ) ∘ … ∘ (A_K A_Kᵀ) in O(n² Σ p_k) instead of O(n² Π p_k), never forming any x_i.
 */
import { checkAllocation, checkAllocationOf } from '../core/allocation.js';
import { checkInteger } from '../core/errors.js';
import { checkMatrix, type Matrix } from '../core/matrix.js';
import { hadamardGramInPlace } from './gram-kernel.js';
import { checkDataFactors, resultDtype, toDtype } from './validate.js';

/**
 * The n × n Gram matrix G_ij = ⟨x_i, x_j⟩ of x_i = a_i^(1) ⊗ … ⊗ a_i^(K), where a_i^(k) is row i of
 * data[k]: the entrywise product of the factors' Gram matrices, in O(n² Σ p_k).
 *
 * @param data - a non-empty list of finite matrices, data[k] of size n × p_k (one row per point).
 * @returns the symmetric n × n Gram matrix (float32 when every factor is).
 * @throws {TypeError} not an array of matrices. @throws {RangeError} an empty list, factors with different row counts, a non-finite entry.
 * @example
 * ```ts
 * import { matrix, toRows } from 'sublinear/core';
 * import { kronGram } from 'sublinear/kron';
 * const A = matrix([[1, 0], [1, 1]]), B = matrix([[2, 0, 0], [1, 1, 1]]);
 * // x_0 = [1,0] ⊗ [2,0,0], x_1 = [1,1] ⊗ [1,1,1]: G_01 = ⟨a_0, a_1⟩⟨b_0, b_1⟩ = 1 · 2
 * console.log(toRows(kronGram([A, B]))); // [[4, 2], [2, 6]]
 * ```
 */
export function kronGram(data: readonly Matrix[]): Matrix {
  const f = checkDataFactors('kronGram', data);
  const n = f.n;
  checkAllocationOf('kronGram', 'data[0].rows² (the Gram matrix)', [n, n]);
  const g = new Float64Array(n * n).fill(1);
  f.data.forEach((a, k) => hadamardGramInPlace(n, f.cols[k], a, g));
  return { rows: n, cols: n, data: toDtype(g, resultDtype(f.allFloat32)) };
}

/**
 * The Gram matrix of x_i^{⊗power} = x_i ⊗ … ⊗ x_i: G_ij = (x_iᵀ x_j)^power, from the p-dimensional
 * Gram matrix raised entrywise, in O(n² p). power = 2 is Kronecker SGD's x_i = vec(x_i x_iᵀ) (d = p²).
 *
 * @param X - a finite n × p matrix, row i = x_i.
 * @param power - an integer ≥ 1 (default 2).
 * @returns the symmetric n × n Gram matrix (float32 when X is).
 * @throws {TypeError} X not a matrix. @throws {RangeError} a non-finite entry, power not an integer ≥ 1.
 * @example
 * ```ts
 * import { matrix, toRows } from 'sublinear/core';
 * import { kronPowerGram } from 'sublinear/kron';
 * console.log(toRows(kronPowerGram(matrix([[1, 2], [3, -1]])))); // [[25, 1], [1, 100]]
 * ```
 */
export function kronPowerGram(X: Matrix, power = 2): Matrix {
  checkMatrix('kronPowerGram', 'X', X);
  checkInteger('kronPowerGram', 'power', power, 1);
  const n = X.rows;
  checkAllocationOf('kronPowerGram', 'X.rows² (the Gram matrix)', [n, n]);
  const g = new Float64Array(n * n).fill(1);
  hadamardGramInPlace(n, X.cols, X.data, g, power);
  return { rows: n, cols: n, data: toDtype(g, resultDtype(X.data instanceof Float32Array)) };
}
