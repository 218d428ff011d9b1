/**
 * The kernel ops, each defined once with a trusted signature (stdlib style: sizes, then each array
 * with its strides and offset; strides ≥ 1; nothing is validated, so the caller checks its data once
 * at its own public surface), run by the backend chosen with setBackend. Exported as `ops` from
 * sublinear/core.
 */
import type { FloatArray } from '../matrix.js';
import { activeKernels } from './registry.js';
import './backends.js';

/**
 * C (m × n) = op(A) · op(B), or C + op(A) · op(B) with `accumulate`; row-major, C's rows ldc apart.
 * op(A) is A (m × k, rows lda apart) or, with transA, the transpose of A stored k × m; likewise B.
 * Each entry is one running sum over p in order. float64: the same bits on every backend. float32:
 * js sums in float64 and rounds once, wasm sums in float32 (|difference| ≤ k·2⁻²⁴·Σ|a||b| + one rounding).
 *
 * @param transA - A stored transposed. @param transB - B stored transposed.
 * @param m - rows of C. @param n - columns of C. @param k - the inner dimension.
 * @param A - data of A; offsetA, lda: its first entry and row stride. @param B - likewise.
 * @param C - the output (same dtype as A and B for the fast paths); offsetC, ldc as for A.
 * @param accumulate - add to C instead of overwriting it.
 * @returns C.
 * @throws nothing (trusted: out-of-range sizes read or write outside the arrays).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const C = new Float64Array(4);
 * ops.gemm(false, true, 2, 2, 2, Float64Array.of(1, 2, 3, 4), 0, 2, Float64Array.of(1, 0, 0, 1), 0, 2, C, 0, 2, false);
 * console.log(C); // Float64Array [1, 2, 3, 4] (A · Iᵀ)
 * ```
 */
export function gemm<T extends FloatArray>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
): T {
  return activeKernels().gemm(transA, transB, m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
}

/**
 * Σ x[offsetX + i·strideX] · y[offsetY + i·strideY] for i < n, summed in float64.
 * @param n - length. @param x - first vector; strideX, offsetX. @param y - second; strideY, offsetY.
 * @returns the inner product.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.dot(2, Float64Array.of(1, 9, 2), 2, 0, Float64Array.of(3, 4), 1, 0)); // 11
 * ```
 */
export function dot(n: number, x: FloatArray, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number): number {
  return activeKernels().dot(n, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * y ← y + alpha · x over n strided entries (computed in float64, rounded once into y).
 * @param n - length. @param alpha - the scale. @param x - input; strideX, offsetX. @param y - in/out; strideY, offsetY.
 * @returns y.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.axpy(2, 2, Float64Array.of(1, 2), 1, 0, Float64Array.of(1, 1), 1, 0)); // Float64Array [3, 5]
 * ```
 */
export function axpy<T extends FloatArray>(n: number, alpha: number, x: FloatArray, strideX: number, offsetX: number, y: T, strideY: number, offsetY: number): T {
  return activeKernels().axpy(n, alpha, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * x ← alpha · x over n strided entries.
 * @param n - length. @param alpha - the scale. @param x - in/out; strideX, offsetX.
 * @returns x.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.scal(2, 3, Float32Array.of(1, 5, 2), 2, 0)); // Float32Array [3, 5, 6]
 * ```
 */
export function scal<T extends FloatArray>(n: number, alpha: number, x: T, strideX: number, offsetX: number): T {
  return activeKernels().scal(n, alpha, x, strideX, offsetX);
}

/**
 * The Euclidean norm of n strided entries, scaled by the largest |x_i| so it neither overflows nor underflows.
 * @param n - length. @param x - the vector; strideX, offsetX.
 * @returns ‖x‖₂ (NaN if an entry is NaN, Infinity if one is infinite).
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.nrm2(2, Float64Array.of(3e200, 4e200), 1, 0)); // ≈ 5e200 (no overflow)
 * ```
 */
export function nrm2(n: number, x: FloatArray, strideX: number, offsetX: number): number {
  return activeKernels().nrm2(n, x, strideX, offsetX);
}

/**
 * One fused Adam step with learning rate on entries [offset, offset + n) of params, grads, mu, nu (one
 * dtype): the same numbers, to the bit on both backends, as chain(scaleByAdam({ beta1, beta2, eps }),
 * scaleByLearningRate(lr)) then applyUpdates from sublinear/optim, in one pass and no allocation.
 * @param n - entries. @param lr - learning rate. @param beta1 - first-moment decay. @param beta2 - second-moment decay.
 * @param eps - added to √v̂. @param count - the step number t ≥ 1 (bias corrections 1/(1−βᵗ)).
 * @param params - updated in place; offsetParams. @param grads - read; offsetGrads. @param mu - first moment, updated; offsetMu. @param nu - second moment, updated; offsetNu.
 * @param accumulate - true (default): params ← params + update; false: params ← update (the chain's
 * update array itself, −0 included, for a caller that returns updates instead of applying them).
 * @returns params.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), mu = new Float64Array(1), nu = new Float64Array(1);
 * ops.adam(1, 0.1, 0.9, 0.999, 1e-8, 1, p, 0, Float64Array.of(0.5), 0, mu, 0, nu, 0);
 * console.log(p[0]); // ≈ 0.9: the first step moves by lr·sign(g)
 * ```
 */
export function adam<T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number,
  mu: FloatArray, offsetMu: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  return activeKernels().adam(n, lr, beta1, beta2, eps, count, params, offsetParams, grads, offsetGrads, mu, offsetMu, nu, offsetNu, accumulate);
}

/**
 * One fused RMSprop step with learning rate on entries [offset, offset + n) of params, grads and nu
 * (one dtype): the same numbers, to the bit on both backends, as chain(scaleByRms({ decay, eps }),
 * scaleByLearningRate(lr)) then applyUpdates from sublinear/optim, in one pass and no allocation.
 * @param n - entries. @param lr - learning rate. @param decay - the EMA rate ρ of g². @param eps - added to v under the root.
 * @param params - updated in place; offsetParams. @param grads - read; offsetGrads. @param nu - the EMA of g², updated; offsetNu.
 * @param accumulate - true (default): params ← params + update; false: params ← update (the chain's update array).
 * @returns params.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), nu = new Float64Array(1);
 * ops.rmsprop(1, 0.01, 0.75, 0, p, 0, Float64Array.of(2), 0, nu, 0);
 * console.log(p[0]); // 0.98: the first step moves by lr·g/√((1−ρ)g²) = 2·lr
 * ```
 */
export function rmsprop<T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  return activeKernels().rmsprop(n, lr, decay, eps, params, offsetParams, grads, offsetGrads, nu, offsetNu, accumulate);
}
