/**
 * Trusted dense kernels on row-major float arrays (no validation: the public layer in linalg.ts
 * validates once). Accumulation is in float64 whatever the storage; stores into a Float32Array round
 * as float32 does.
 */
import type { DenseArray as Arr } from './matrix.js';

/** Σ x[xo + i] · y[yo + i] for i < n, unrolled by four. */
export function dot(n: number, x: Arr, xo: number, y: Arr, yo: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[xo + i] * y[yo + i];
    s1 += x[xo + i + 1] * y[yo + i + 1];
    s2 += x[xo + i + 2] * y[yo + i + 2];
    s3 += x[xo + i + 3] * y[yo + i + 3];
  }
  for (; i < n; i++) s0 += x[xo + i] * y[yo + i];
  return s0 + s1 + (s2 + s3);
}

/** y[yo + i] += alpha · x[xo + i] for i < n. */
export function axpy(n: number, alpha: number, x: Arr, xo: number, y: Arr, yo: number): void {
  if (alpha === 0) return;
  for (let i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
}

/** Euclidean norm of x[xo + i·stride], i < n, scaled so that it neither overflows nor underflows. */
export function nrm2(n: number, x: Arr, xo = 0, stride = 1): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[xo + i * stride]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[xo + i * stride] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}

/** C (m×n) = A (m×k) · B (k×n) + beta·C, row-major, i-k-j order (contiguous inner loop). */
export function gemmNN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    if (beta === 0) row.fill(0);
    else for (let j = 0; j < n; j++) row[j] = beta * C[ci + j];
    for (let p = 0; p < k; p++) {
      const a = A[i * k + p];
      if (a === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) row[j] += a * B[bp + j];
    }
    for (let j = 0; j < n; j++) C[ci + j] = row[j];
  }
}

/** C (m×n) = A (m×k) · Bᵀ where B is n×k, + beta·C: every entry a dot product of two rows. */
export function gemmNT(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k, ci = i * n;
    for (let j = 0; j < n; j++) {
      const v = dot(k, A, ai, B, j * k);
      C[ci + j] = beta === 0 ? v : v + beta * C[ci + j];
    }
  }
}

/** C (m×n) = Aᵀ · B where A is k×m and B is k×n, + beta·C: rank-one updates row by row. */
export function gemmTN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  const acc = new Float64Array(m * n);
  if (beta !== 0) for (let i = 0; i < m * n; i++) acc[i] = beta * C[i];
  for (let p = 0; p < k; p++) {
    const ap = p * m, bp = p * n;
    for (let i = 0; i < m; i++) {
      const a = A[ap + i];
      if (a === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) acc[ci + j] += a * B[bp + j];
    }
  }
  for (let i = 0; i < m * n; i++) C[i] = acc[i];
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
