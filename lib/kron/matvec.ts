/**
 * Products with A_1 ⊗ … ⊗ A_K without forming it: one mode at a time, O(N Σ_k p_k) time for square
 * p_k × p_k factors (N = Π p_k) and O(Σ_k p_k q_k + N) memory.
 */
import { checkAllocation, checkAllocationOf } from '../core/allocation.js';
import { checkBoolean, checkFiniteArray, checkOptions, invalidRange } from '../core/errors.js';
import { checkMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { checkPool, settle, wantsPool, type PoolOptions } from '../core/pool.js';
import { kronApply, kronPlan, type KronPlan } from './kernels.js';
import { kronMatVecOnPool } from './parallel.js';
import { asFloatArray, checkFactors, MAX_LENGTH, resultDtype, shapes, toDtype, type Factors } from './validate.js';

function planFor(fn: string, f: Factors, transpose: boolean, rhs: number): KronPlan {
  const plan = kronPlan(f.rows, f.cols, transpose, rhs);
  if (plan.workLength > MAX_LENGTH) throw invalidRange(fn, 'factors', 'factors whose intermediates fit in 2³¹ − 1 entries', shapes(f.rows, f.cols));
  checkAllocation(fn, 'factors (their intermediate vectors)', plan.workLength * (plan.steps.length > 1 ? 2 : 1));
  return plan;
}

/** The intermediate work buffer, kept between calls (up to SCRATCH_MAX entries): fresh pages cost more than the products of small factors. */
let scratch = new Float64Array(0);
const SCRATCH_MAX = 1 << 21;

function apply(plan: KronPlan, f: Factors, transpose: boolean, x: FloatArray): Float64Array {
  // The buffer the last step writes is fresh (it is returned); the other one is reused scratch.
  const last = (plan.steps.length - 1) % 2, fresh = new Float64Array(plan.workLength);
  let other = new Float64Array(0);
  if (plan.steps.length > 1) {
    if (plan.workLength > SCRATCH_MAX) other = new Float64Array(plan.workLength);
    else other = scratch.length >= plan.workLength ? scratch : (scratch = new Float64Array(plan.workLength));
  }
  const work: [Float64Array, Float64Array] = last === 0 ? [fresh, other] : [other, fresh];
  return kronApply(plan, f.data, transpose, x, work);
}

/** Options of `kronMatVec` and `kronMatVecTranspose`: a pool (and signal) to split the mode products over. */
export type KronMatVecOptions = Partial<PoolOptions>;

/** The Kronecker mat-vec behind both public functions (and the deprecated `parallelKronMatVec`), reporting errors as `fn`. */
export function kronMatVecWith(
  fn: string, factors: readonly Matrix[], x: ArrayLike<number>, transpose: boolean, options?: KronMatVecOptions,
): FloatArray | Promise<FloatArray> {
  const f = checkFactors(fn, factors);
  const { pool, signal } = checkOptions(fn, 'options', options, ['pool', 'signal']);
  checkFiniteArray(fn, transpose ? 'y' : 'x', x, transpose ? f.rowProduct : f.colProduct);
  if (pool !== undefined) checkPool(fn, pool, 'options.pool');
  const dtype = resultDtype(f.allFloat32, x instanceof Float32Array);
  const plan = planFor(fn, f, transpose, 1);
  if (pool !== undefined) return kronMatVecOnPool(pool, f, plan, asFloatArray(x), transpose, dtype, signal);
  const out = apply(plan, f, transpose, asFloatArray(x));
  return dtype === 'float64' && out.length === out.buffer.byteLength / 8 ? out : toDtype(out, dtype);
}

/**
 * (A_1 ⊗ … ⊗ A_K) x for factors of any shapes p_k × q_k, applied one mode at a time; the product is
 * never formed. Row-major convention: x is the tensor x[j_1, …, j_K] with j_1 slowest, so for two
 * factors (A ⊗ B) vec(X) = vec(A X Bᵀ) with vec stacking the rows of the q_1 × q_2 matrix X.
 * (Column-major libraries write the same product as vec(B X Aᵀ).)
 *
 * @param factors - A_1 … A_K, a non-empty array of finite matrices.
 * @param x - a vector of length Π q_k.
 * @param options - `pool` (and `signal`): split each mode product over the pool's threads; the call
 * then returns a Promise of the same array, bit for bit.
 * @returns the vector of length Π p_k; a Float32Array (rounded once, from float64 accumulation) when
 * every factor and x are float32, a Float64Array otherwise.
 * @throws {TypeError} factors not an array of matrices, x not an array of numbers, a pool of the wrong kind.
 * @throws {RangeError} an empty factor list, x of the wrong length, a NaN or ±Infinity entry.
 * @throws {KernelTaskError} on a pool: a task failed.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { kronMatVec } from 'sublinear/kron';
 * const A = matrix([[1, 2], [3, 4]]), B = matrix([[0, 1], [1, 0]]);
 * // X = [[1, 2], [3, 4]] row by row; A X Bᵀ = [[10, 7], [22, 15]]
 * console.log(kronMatVec([A, B], [1, 2, 3, 4])); // Float64Array [10, 7, 22, 15]
 * ```
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { kronMatVec } from 'sublinear/kron';
 * import { createKernelPool } from 'sublinear/workers';
 * const pool = createKernelPool({ threads: 2 });
 * const A = matrix([[1, 2], [3, 4]]), B = matrix([[0, 1], [1, 0]]);
 * console.log(await kronMatVec([A, B], [1, 2, 3, 4], { pool })); // Float64Array [10, 7, 22, 15]
 * await pool.close();
 * ```
 */
export function kronMatVec(factors: readonly Matrix[], x: ArrayLike<number>, options?: KronMatVecOptions & { pool?: undefined }): FloatArray;
export function kronMatVec(factors: readonly Matrix[], x: ArrayLike<number>, options: PoolOptions): Promise<FloatArray>;
export function kronMatVec(factors: readonly Matrix[], x: ArrayLike<number>, options?: KronMatVecOptions): FloatArray | Promise<FloatArray> {
  return settle(wantsPool(options), () => kronMatVecWith('kronMatVec', factors, x, false, options));
}

/**
 * (A_1 ⊗ … ⊗ A_K)ᵀ y = (A_1ᵀ ⊗ … ⊗ A_Kᵀ) y, one mode at a time, in the same row-major convention.
 *
 * @param factors - A_1 … A_K (p_k × q_k), a non-empty array of finite matrices.
 * @param y - a vector of length Π p_k.
 * @param options - `pool` (and `signal`), as for `kronMatVec`.
 * @returns the vector of length Π q_k (float32 when every input is float32).
 * @throws {TypeError} factors not an array of matrices, y not an array of numbers.
 * @throws {RangeError} an empty factor list, y of the wrong length, a NaN or ±Infinity entry.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { kronMatVecTranspose } from 'sublinear/kron';
 * const a = matrix([[1, 2, 3]]), b = matrix([[1], [10]]); // 1×3 and 2×1: the product is 2×3
 * console.log(kronMatVecTranspose([a, b], [1, 1])); // Float64Array [11, 22, 33]
 * ```
 */
export function kronMatVecTranspose(factors: readonly Matrix[], y: ArrayLike<number>, options?: KronMatVecOptions & { pool?: undefined }): FloatArray;
export function kronMatVecTranspose(factors: readonly Matrix[], y: ArrayLike<number>, options: PoolOptions): Promise<FloatArray>;
export function kronMatVecTranspose(factors: readonly Matrix[], y: ArrayLike<number>, options?: KronMatVecOptions): FloatArray | Promise<FloatArray> {
  return settle(wantsPool(options), () => kronMatVecWith('kronMatVecTranspose', factors, y, true, options));
}

/**
 * (A_1 ⊗ … ⊗ A_K) X (or its transpose applied to X) for several right-hand sides at once: X is
 * (Π q_k) × r row-major, its columns the right-hand sides; the r axis rides along as the fastest
 * axis of every mode product, so the cost is r times a mat-vec with long contiguous inner loops.
 *
 * @param factors - A_1 … A_K (p_k × q_k), a non-empty array of finite matrices.
 * @param X - a finite (Π q_k) × r matrix ((Π p_k) × r with `transpose`).
 * @param options - `transpose`: apply the transposed product (default false).
 * @returns the (Π p_k) × r product (float32 when every input is float32).
 * @throws {TypeError} a non-matrix argument. @throws {RangeError} X with the wrong row count, an empty factor list, a non-finite entry.
 * @example
 * ```ts
 * import { matrix, toRows } from 'sublinear/core';
 * import { kronMatMat } from 'sublinear/kron';
 * const A = matrix([[2]]), B = matrix([[1, 1], [0, 1]]);
 * console.log(toRows(kronMatMat([A, B], matrix([[1, 0], [1, 1]])))); // [[4, 2], [2, 2]]
 * ```
 */
export function kronMatMat(factors: readonly Matrix[], X: Matrix, options?: { transpose?: boolean }): Matrix {
  const fn = 'kronMatMat';
  const f = checkFactors(fn, factors);
  checkMatrix(fn, 'X', X);
  const transpose = checkBoolean(fn, 'options.transpose', checkOptions(fn, 'options', options, ['transpose']).transpose, false);
  const inLength = transpose ? f.rowProduct : f.colProduct;
  if (X.rows !== inLength) throw invalidRange(fn, 'X.rows', `${inLength} (the product of the factors' ${transpose ? 'rows' : 'columns'})`, X.rows);
  const out = apply(planFor(fn, f, transpose, X.cols), f, transpose, X.data);
  const rows = transpose ? f.colProduct : f.rowProduct;
  return { rows, cols: X.cols, data: toDtype(out, resultDtype(f.allFloat32, X.data instanceof Float32Array)) };
}

/**
 * The dense Kronecker product A_1 ⊗ … ⊗ A_K, entry (I, J) = Π_k A_k[i_k, j_k] with the row-major
 * multi-indices I = (i_1, …, i_K), J = (j_1, …, j_K). For tests and baselines: it takes
 * Π p_k · Π q_k entries of memory, which is what the rest of this module avoids.
 *
 * @param factors - a non-empty array of finite matrices.
 * @returns the (Π p_k) × (Π q_k) matrix (float32 when every factor is).
 * @throws {TypeError} not an array of matrices. @throws {RangeError} an empty list, a non-finite entry, a product over 2³¹ − 1 entries.
 * @example
 * ```ts
 * import { matrix, toRows } from 'sublinear/core';
 * import { kronProduct } from 'sublinear/kron';
 * console.log(toRows(kronProduct([matrix([[1, 2]]), matrix([[1], [10]])]))); // [[1, 2], [10, 20]]
 * ```
 */
export function kronProduct(factors: readonly Matrix[]): Matrix {
  const fn = 'kronProduct';
  const f = checkFactors(fn, factors);
  if (f.rowProduct * f.colProduct > MAX_LENGTH) {
    throw invalidRange(fn, 'factors', 'matrices whose Kronecker product has ≤ 2³¹ − 1 entries', shapes(f.rows, f.cols));
  }
  checkAllocation(fn, 'factors (the entries of their product)', f.rowProduct * f.colProduct);
  let rows = 1, cols = 1;
  let acc: Float64Array = Float64Array.of(1);
  f.data.forEach((a, k) => {
    const p = f.rows[k], q = f.cols[k];
    const next = new Float64Array(rows * p * cols * q);
    const nextCols = cols * q;
    for (let I = 0; I < rows; I++) for (let J = 0; J < cols; J++) {
      const v = acc[I * cols + J];
      for (let i = 0; i < p; i++) {
        const o = (I * p + i) * nextCols + J * q;
        for (let j = 0; j < q; j++) next[o + j] = v * a[i * q + j];
      }
    }
    acc = next; rows *= p; cols = nextCols;
  });
  const data = f.allFloat32 ? Float32Array.from(acc) : acc;
  return { rows, cols, data };
}
