/**
 * Trusted dense kernels on row-major float arrays with the original compact signatures (no
 * validation: the public layer in linalg.ts validates once): accumulation in float64 whatever the
 * storage; stores into a Float32Array round as float32 does. gemmNN/NT/TN on three Float64Arrays run
 * the `gemm` op on the selected backend (float64 gives the same bits on js and wasm); any other
 * storage (float32, whose wasm GEMM sums in float32, plain arrays, mixed) and the level-1 kernels run
 * the js backend's reference kernels (lib/core/kernels/js/) directly. The backend-dispatched ops with
 * strides and offsets are `ops` (lib/core/kernels/ops.ts).
 */
import type { DenseArray as Arr } from './matrix.js';
import { gemmJs } from './kernels/js/gemm.js';
import { gemm as gemmOp } from './kernels/ops.js';
import { axpyJs, dotJs, nrm2Js, scalJs } from './kernels/js/vector.js';

/** Σ x[xo + i] · y[yo + i] for i < n, unrolled by four. */
export function dot(n: number, x: Arr, xo: number, y: Arr, yo: number): number {
  return dotJs(n, x, 1, xo, y, 1, yo);
}

/** y[yo + i] += alpha · x[xo + i] for i < n. */
export function axpy(n: number, alpha: number, x: Arr, xo: number, y: Arr, yo: number): void {
  if (alpha !== 0) axpyJs(n, alpha, x, 1, xo, y, 1, yo);
}

/** Euclidean norm of x[xo + i·stride], i < n, scaled so that it neither overflows nor underflows. */
export function nrm2(n: number, x: Arr, xo = 0, stride = 1): number {
  return nrm2Js(n, x, stride, xo);
}

function withBeta(m: number, n: number, C: Arr, beta: number): boolean {
  if (beta !== 0 && beta !== 1) scalJs(m * n, beta, C, 1, 0);
  return beta !== 0;
}

/** The active backend's GEMM for three Float64Arrays (the same bits everywhere), else the js reference (float64 sums). */
function gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Arr, lda: number, B: Arr, ldb: number, C: Arr, accumulate: boolean): void {
  if (A instanceof Float64Array && B instanceof Float64Array && C instanceof Float64Array) gemmOp(transA, transB, m, n, k, A, 0, lda, B, 0, ldb, C, 0, n, accumulate);
  else gemmJs(transA, transB, m, n, k, A, 0, lda, B, 0, ldb, C, 0, n, accumulate);
}

/** C (m×n) = A (m×k) · B (k×n) + beta·C, row-major: every entry one ordered sum over k. */
export function gemmNN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemm(false, false, m, n, k, A, k, B, n, C, withBeta(m, n, C, beta));
}

/** C (m×n) = A (m×k) · Bᵀ where B is n×k, + beta·C: every entry an ordered dot product of two rows. */
export function gemmNT(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemm(false, true, m, n, k, A, k, B, k, C, withBeta(m, n, C, beta));
}

/** C (m×n) = Aᵀ · B where A is k×m and B is k×n, + beta·C: every entry one ordered sum over k. */
export function gemmTN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemm(true, false, m, n, k, A, m, B, n, C, withBeta(m, n, C, beta));
}

/** y (m) = A (m×n) · x, or Aᵀ · x (y of length n) when `transpose`. */
export function gemv(m: number, n: number, A: Arr, x: Arr, y: Arr, transpose = false): void {
  if (!transpose) {
    for (let i = 0; i < m; i++) y[i] = dot(n, A, i * n, x, 0);
    return;
  }
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const ai = i * n;
    for (let j = 0; j < n; j++) acc[j] += xi * A[ai + j];
  }
  for (let j = 0; j < n; j++) y[j] = acc[j];
}
