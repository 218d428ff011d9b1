/**
 * Trusted kernels for Householder QR, Cholesky and triangular solves on row-major arrays.
 * The public, validating layer is linalg.ts.
 */
import { nrm2 } from './blas.js';
import type { FloatArray } from './matrix.js';

/**
 * In-place Householder QR of the m×n row-major `a` (m ≥ n), LAPACK dgeqrf layout: R on and above the
 * diagonal, the reflectors' tails below it (with implicit leading 1), their scalars in `tau`.
 * Reflector k is H_k = I − tau_k v_k v_kᵀ; A = H_0 H_1 … H_{n−1} R.
 */
export function qrInPlace(m: number, n: number, a: FloatArray, tau: Float64Array): void {
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const alpha = a[k * n + k];
    const tailNorm = nrm2(m - k - 1, a, (k + 1) * n + k, n);
    if (tailNorm === 0) {
      tau[k] = 0;
      continue;
    }
    const norm = Math.hypot(alpha, tailNorm);
    const beta = alpha >= 0 ? -norm : norm;
    tau[k] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = k + 1; i < m; i++) a[i * n + k] *= scale;
    a[k * n + k] = beta;
    // Apply H_k to the trailing columns: w = vᵀ A[k:, k+1:], A -= tau v w.
    const cols = n - k - 1;
    if (cols === 0) continue;
    for (let j = 0; j < cols; j++) w[j] = a[k * n + k + 1 + j];
    for (let i = k + 1; i < m; i++) {
      const v = a[i * n + k];
      if (v === 0) continue;
      const ri = i * n + k + 1;
      for (let j = 0; j < cols; j++) w[j] += v * a[ri + j];
    }
    const t = tau[k];
    for (let j = 0; j < cols; j++) a[k * n + k + 1 + j] -= t * w[j];
    for (let i = k + 1; i < m; i++) {
      const tv = t * a[i * n + k];
      if (tv === 0) continue;
      const ri = i * n + k + 1;
      for (let j = 0; j < cols; j++) a[ri + j] -= tv * w[j];
    }
  }
}

/** b ← H_k b for the k-th Householder reflector of qrInPlace (v = (1, a[k+1..m-1][k]), H_k = I − τ_k v vᵀ). */
function reflect(m: number, n: number, a: FloatArray, tau: Float64Array, b: FloatArray | number[], k: number): void {
  if (tau[k] === 0) return;
  let s = b[k];
  for (let i = k + 1; i < m; i++) s += a[i * n + k] * b[i];
  s *= tau[k];
  b[k] -= s;
  for (let i = k + 1; i < m; i++) b[i] -= s * a[i * n + k];
}

/** b (length m) ← Qᵀ b, with Q from qrInPlace. */
export function qrApplyQtInPlace(m: number, n: number, a: FloatArray, tau: Float64Array, b: FloatArray | number[]): void {
  for (let k = 0; k < n; k++) reflect(m, n, a, tau, b, k);
}

/** b (length m) ← Q b, with Q from qrInPlace. */
export function qrApplyQInPlace(m: number, n: number, a: FloatArray, tau: Float64Array, b: FloatArray | number[]): void {
  for (let k = n - 1; k >= 0; k--) reflect(m, n, a, tau, b, k);
}

/**
 * In-place lower Cholesky factor of the n×n symmetric `a` (reads the lower triangle, writes L there
 * and zeros above). Returns −1 on success, or the index of the first pivot that is not > 0.
 */
export function choleskyInPlace(n: number, a: FloatArray): number {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let p = 0; p < j; p++) d -= a[j * n + p] * a[j * n + p];
    if (!(d > 0) || !Number.isFinite(d)) return j;
    const ljj = Math.sqrt(d);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= a[i * n + p] * a[j * n + p];
      a[i * n + j] = s / ljj;
    }
    for (let i = 0; i < j; i++) a[i * n + j] = 0;
  }
  return -1;
}

/**
 * Solves T x = b in place for the n×n triangular `t` (row stride `ld`, default n) with `b` of length n.
 * `lower` picks the triangle read; `transpose` solves Tᵀ x = b instead; `unitDiagonal` takes T_ii = 1.
 */
export function triangularSolveInPlace(
  n: number, t: FloatArray, b: FloatArray | number[], lower: boolean, transpose: boolean, ld = n, unitDiagonal = false,
): void {
  // Tᵀ of a lower matrix is upper, so the effective shape is lower XOR transpose.
  const forward = lower !== transpose;
  const at = transpose ? (i: number, j: number) => t[j * ld + i] : (i: number, j: number) => t[i * ld + j];
  if (forward) {
    for (let i = 0; i < n; i++) {
      let s = b[i];
      for (let j = 0; j < i; j++) s -= at(i, j) * b[j];
      b[i] = unitDiagonal ? s : s / at(i, i);
    }
  } else {
    for (let i = n - 1; i >= 0; i--) {
      let s = b[i];
      for (let j = i + 1; j < n; j++) s -= at(i, j) * b[j];
      b[i] = unitDiagonal ? s : s / at(i, i);
    }
  }
}
