/**
 * The js backend's level-1 kernels: the scalar reference (moved from lib/core/blas.ts). Products and
 * sums in float64 whatever the storage; a Float32Array rounds once, on store.
 */
import type { FloatArray } from '../../matrix.js';

type Arr = FloatArray | number[];

/** Σ x[ox + i·sx] · y[oy + i·sy]; four running sums when both strides are 1. */
export function dotJs(n: number, x: Arr, sx: number, ox: number, y: Arr, sy: number, oy: number): number {
  if (sx !== 1 || sy !== 1) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[ox + i * sx] * y[oy + i * sy];
    return s;
  }
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[ox + i] * y[oy + i];
    s1 += x[ox + i + 1] * y[oy + i + 1];
    s2 += x[ox + i + 2] * y[oy + i + 2];
    s3 += x[ox + i + 3] * y[oy + i + 3];
  }
  for (; i < n; i++) s0 += x[ox + i] * y[oy + i];
  return s0 + s1 + (s2 + s3);
}

/** y[oy + i·sy] += alpha · x[ox + i·sx]. */
export function axpyJs<T extends Arr>(n: number, alpha: number, x: Arr, sx: number, ox: number, y: T, sy: number, oy: number): T {
  for (let i = 0; i < n; i++) y[oy + i * sy] += alpha * x[ox + i * sx];
  return y;
}

/** x[ox + i·sx] *= alpha. */
export function scalJs<T extends Arr>(n: number, alpha: number, x: T, sx: number, ox: number): T {
  for (let i = 0; i < n; i++) x[ox + i * sx] = alpha * x[ox + i * sx];
  return x;
}

/** ‖x‖₂ in two passes: the largest |x_i|, then the sum of squares of x / that scale. */
export function nrm2Js(n: number, x: Arr, sx: number, ox: number): number {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(x[ox + i * sx]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = x[ox + i * sx] / scale;
    s += v * v;
  }
  return scale * Math.sqrt(s);
}
