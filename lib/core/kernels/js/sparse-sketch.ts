/**
 * The js backend's sparse-sketch kernels (moved from lib/sketch/kernels.ts): S·A and Sᵀ·Y for a
 * sparse S (CountSketch, OSNAP) given as `nnz` (row, value) pairs per column of S. Products and sums
 * in float64, each store rounded to the output's dtype.
 */
import type { FloatArray } from '../../matrix.js';

/** See SparseSketchKernel: out[rows[j·nnz + t], :] += values[j·nnz + t] · A[j, :], j and t in order. */
export function sparseSketchJs<T extends FloatArray>(
  n: number, _s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  A: FloatArray, offsetA: number, lda: number, out: T, offsetOut: number, ldo: number,
): T {
  for (let j = 0; j < n; j++) {
    const src = offsetA + j * lda, at = offsetRows + j * nnz;
    for (let t = 0; t < nnz; t++) {
      const dst = offsetOut + rows[at + t] * ldo, value = values[at + t];
      for (let c = 0; c < width; c++) out[dst + c] += value * A[src + c];
    }
  }
  return out;
}

/** See SparseSketchTransposeKernel: out[j, :] = Σ_t values[j·nnz + t] · Y[rows[j·nnz + t], :], summed from 0 in t order. */
export function sparseSketchTransposeJs<T extends FloatArray>(
  n: number, _s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  Y: FloatArray, offsetY: number, ldy: number, out: T, offsetOut: number, ldo: number,
): T {
  const acc = new Float64Array(width);
  for (let j = 0; j < n; j++) {
    acc.fill(0);
    const at = offsetRows + j * nnz;
    for (let t = 0; t < nnz; t++) {
      const src = offsetY + rows[at + t] * ldy, value = values[at + t];
      for (let c = 0; c < width; c++) acc[c] += value * Y[src + c];
    }
    const dst = offsetOut + j * ldo;
    for (let c = 0; c < width; c++) out[dst + c] = acc[c];
  }
  return out;
}
