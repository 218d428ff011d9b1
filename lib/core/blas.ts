/**
 * Trusted dense kernels on row-major float arrays with the original compact signatures (no
 * validation: the public layer in linalg.ts validates once). They run the js backend's reference
 * kernels (lib/core/kernels/js/) directly, whatever backend is selected: accumulation in float64
 * whatever the storage; stores into a Float32Array round as float32 does. The backend-dispatched ops
 * with strides and offsets are `ops` (lib/core/kernels/ops.ts).
 */
import type { DenseArray as Arr } from './matrix.js';
import { gemmJs } from './kernels/js/gemm.js';
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

/** C (m×n) = A (m×k) · B (k×n) + beta·C, row-major, i-k-j order (contiguous inner loop). */
export function gemmNN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemmJs(false, false, m, n, k, A, 0, k, B, 0, n, C, 0, n, withBeta(m, n, C, beta));
}

/** C (m×n) = A (m×k) · Bᵀ where B is n×k, + beta·C: every entry an ordered dot product of two rows. */
export function gemmNT(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemmJs(false, true, m, n, k, A, 0, k, B, 0, k, C, 0, n, withBeta(m, n, C, beta));
}

/** C (m×n) = Aᵀ · B where A is k×m and B is k×n, + beta·C: rank-one updates row by row. */
export function gemmTN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  gemmJs(true, false, m, n, k, A, 0, m, B, 0, n, C, 0, n, withBeta(m, n, C, beta));
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
