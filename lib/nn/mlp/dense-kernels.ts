/**
 * Trusted dense kernels of the MLP (no validation): row-major products blocked two rows of A by four
 * columns of A at a time, so each pass over a row of B feeds eight multiply-adds from registers.
 * Accumulation is in float64 (a scratch row pair); stores into a Float32Array round as float32 does.
 */
import type { FloatArray } from '../../core/index.js';

/**
 * C (m×n) = A (m×k) · B (k×n) (+ C when `accumulate`). Zero groups of four in A are skipped, which
 * pays on sparse inputs such as MNIST pixels. `scratch` holds at least 2n doubles.
 */
export function gemmBlocked(m: number, n: number, k: number, A: FloatArray, B: FloatArray, C: FloatArray, accumulate: boolean, scratch: Float64Array): void {
  const r0 = scratch.subarray(0, n), r1 = scratch.subarray(n, 2 * n);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = i * k, a1 = a0 + k, c0 = i * n, c1 = c0 + n;
    if (accumulate) for (let j = 0; j < n; j++) { r0[j] = C[c0 + j]; r1[j] = C[c1 + j]; }
    else { r0.fill(0); r1.fill(0); }
    let p = 0;
    for (; p + 3 < k; p += 4) {
      const x0 = A[a0 + p], x1 = A[a0 + p + 1], x2 = A[a0 + p + 2], x3 = A[a0 + p + 3];
      const y0 = A[a1 + p], y1 = A[a1 + p + 1], y2 = A[a1 + p + 2], y3 = A[a1 + p + 3];
      if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0 && y0 === 0 && y1 === 0 && y2 === 0 && y3 === 0) continue;
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const u0 = B[b0 + j], u1 = B[b1 + j], u2 = B[b2 + j], u3 = B[b3 + j];
        r0[j] += x0 * u0 + x1 * u1 + x2 * u2 + x3 * u3;
        r1[j] += y0 * u0 + y1 * u1 + y2 * u2 + y3 * u3;
      }
    }
    for (; p < k; p++) {
      const x = A[a0 + p], y = A[a1 + p], b = p * n;
      for (let j = 0; j < n; j++) { r0[j] += x * B[b + j]; r1[j] += y * B[b + j]; }
    }
    for (let j = 0; j < n; j++) { C[c0 + j] = r0[j]; C[c1 + j] = r1[j]; }
  }
  if (i < m) {
    const a0 = i * k, c0 = i * n;
    if (accumulate) for (let j = 0; j < n; j++) r0[j] = C[c0 + j];
    else r0.fill(0);
    for (let p = 0; p < k; p++) {
      const x = A[a0 + p];
      if (x === 0) continue;
      const b = p * n;
      for (let j = 0; j < n; j++) r0[j] += x * B[b + j];
    }
    for (let j = 0; j < n; j++) C[c0 + j] = r0[j];
  }
}

/** out (cols×rows) = Aᵀ for A rows×cols; blocked by 16 so both sides stay in cache. */
export function transposeInto(rows: number, cols: number, A: FloatArray, out: FloatArray): void {
  for (let i0 = 0; i0 < rows; i0 += 16) {
    const i1 = Math.min(rows, i0 + 16);
    for (let j0 = 0; j0 < cols; j0 += 16) {
      const j1 = Math.min(cols, j0 + 16);
      for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) out[j * rows + i] = A[i * cols + j];
    }
  }
}
