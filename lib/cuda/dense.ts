/**
 * Deprecated entry points with a CUDA path: the inner-product matrix (the gemm op, transposed B) and
 * the Kronecker matrix–vector product (sublinear/kron's kronMatVec). Without CUDA they are those.
 */
import { checkMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { invalidRange, invalidType } from '../core/errors.js';
import { gemm } from '../core/kernels/ops.js';
import { kronMatVec as moduleKronMatVec } from '../kron/matvec.js';
import { innerProductsGpu, kronMatVecGpu } from './gpu-ops.js';
import { contextFor, type BackendOptions } from './status.js';
import { checkBackendOptions, checkFloatArray, checkSameDtype } from './validate.js';

/**
 * The n × m inner-product matrix C[i, j] = ⟨X[i, :], W[j, :]⟩ = (X Wᵀ)[i, j] that initializes a
 * threshold search's max-trees (rows of X are the data points, rows of W the weights). On CUDA, a
 * tiled shared-memory GEMM in the operands' precision (float32 sums in float32 fused multiply-adds);
 * otherwise the kernel ops' `gemm` (sublinear/core's `ops.gemm` with B transposed) on the backend
 * setBackend selected: float64 sums on js, float32 sums for float32 data on wasm.
 *
 * @deprecated Use `ops.gemm(false, true, …)` or `matmul` from sublinear/core, with `setBackend('cuda')`
 * for the GPU; kept as a thin wrapper so existing callers keep working.
 * @param X - n × d data matrix (Float32Array or Float64Array storage, finite).
 * @param W - m × d weight matrix, same precision and d as X.
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns A new n × m Matrix in the operands' precision.
 * @throws {TypeError} If X or W is not a Matrix, or their precisions differ.
 * @throws {RangeError} If the column counts differ or an entry is not finite.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { innerProducts } from 'sublinear/cuda';
 * import { matrix } from 'sublinear/core';
 * const C = innerProducts(matrix([[1, 2], [3, 4]]), matrix([[1, 0], [0, 1], [1, 1]]));
 * console.log(C.rows, C.cols, C.data); // 2 3 Float64Array [1, 2, 3, 3, 4, 7]
 * ```
 */
export function innerProducts(X: Matrix, W: Matrix, options?: BackendOptions): Matrix {
  return innerProductsInto('innerProducts', X, W, null, options);
}

/** innerProducts writing into `out` (n × m, X's precision) when given: the pool task's form (private). */
export function innerProductsInto(fn: string, X: Matrix, W: Matrix, out: Matrix | null, options?: BackendOptions): Matrix {
  checkMatrix(fn, 'X', X);
  checkMatrix(fn, 'W', W);
  checkSameDtype(fn, 'W.data', X.data, W.data);
  if (W.cols !== X.cols) throw invalidRange(fn, 'W.cols', `X.cols (${X.cols})`, W.cols);
  const n = X.rows, m = W.rows, d = X.cols;
  if (out) {
    checkSameDtype(fn, 'C.data', X.data, out.data);
    if (out.rows !== n || out.cols !== m || out.data.length < n * m) throw invalidRange(fn, 'C', `an ${n} × ${m} matrix`, `${out.rows} × ${out.cols}`);
  }
  const { backend } = checkBackendOptions(fn, options);
  const ctx = contextFor(backend, fn);
  const C = out ? out.data.subarray(0, n * m) : (new (X.data.constructor as Float64ArrayConstructor)(n * m) as FloatArray);
  if (n > 0 && m > 0) {
    if (ctx && d > 0) innerProductsGpu(ctx, X.data, W.data, n, m, d, C);
    else gemm(false, true, n, m, d, X.data, 0, d, W.data, 0, d, C, 0, m, false);
  }
  return { rows: n, cols: m, data: C };
}

/**
 * y = (A₁ ⊗ A₂ ⊗ … ⊗ A_k) x without forming the Kronecker product: x is read as a row-major tensor
 * of shape (A₁.cols, …, A_k.cols) and multiplied by A_i along mode i, one mode at a time
 * (the row-major identity (A ⊗ B) vec(X) = vec(A X Bᵀ)). Cost O(N Σ_i q_i) instead of O(N²).
 * Without CUDA this is sublinear/kron's `kronMatVec` (float64 sums, rounded once for float32).
 *
 * @deprecated Use `kronMatVec` from sublinear/kron; kept as a thin wrapper (with its CUDA path).
 * @param factors - One or more matrices, all with x's precision.
 * @param x - Vector of length Π A_i.cols.
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns A new vector of length Π A_i.rows, in x's precision.
 * @throws {TypeError} If factors is not a non-empty array of matrices, x is not a float array, or precisions differ.
 * @throws {RangeError} If x's length is not the product of the factors' column counts, or an entry is not finite.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { kronMatVec } from 'sublinear/cuda';
 * import { matrix } from 'sublinear/core';
 * const y = kronMatVec([matrix([[1, 2]]), matrix([[1, 0], [0, 3]])], new Float64Array([1, 1, 1, 1]));
 * console.log(y); // Float64Array [3, 9]
 * ```
 */
export function kronMatVec(factors: Matrix[], x: FloatArray, options?: BackendOptions): FloatArray {
  const fn = 'kronMatVec';
  if (!Array.isArray(factors) || factors.length === 0) throw invalidType(fn, 'factors', 'a non-empty array of matrices', factors);
  checkFloatArray(fn, 'x', x);
  factors.forEach((A, i) => { checkMatrix(fn, `factors[${i}]`, A); checkSameDtype(fn, `factors[${i}].data`, x, A.data); });
  const rows = factors.map((A) => A.rows), cols = factors.map((A) => A.cols);
  const inLength = cols.reduce((a, v) => a * v, 1), outLength = rows.reduce((a, v) => a * v, 1);
  if (x.length !== inLength) throw invalidRange(fn, 'x.length', `the product of the factors' column counts (${inLength})`, x.length);
  const { backend } = checkBackendOptions(fn, options);
  const ctx = contextFor(backend, fn);
  if (!ctx || outLength === 0 || inLength === 0) return moduleKronMatVec(factors, x);
  return kronMatVecGpu(ctx, factors.map((A) => A.data), rows, cols, x, new (x.constructor as Float64ArrayConstructor)(outLength));
}
