/** Shared arbitraries and dense references for the kron property tests (not a test file itself). */
import fc from 'fast-check';
import { kron, multiply } from 'mathjs';
import { matrix, toRows, type Matrix } from 'sublinear/core';
import { assertClose, finiteArray, matrixArbitrary } from 'sublinear/testing';

/** A matrix with 1…max rows and columns and small entries. */
export const smallMatrix = (max = 3, dtype: 'float64' | 'float32' = 'float64') =>
  matrixArbitrary({ rows: { min: 1, max }, cols: { min: 1, max }, min: -4, max: 4, dtype });

/** A list of 1…maxFactors small matrices. */
export const factorList = (maxFactors = 3, max = 3, dtype: 'float64' | 'float32' = 'float64') =>
  fc.array(smallMatrix(max, dtype), { minLength: 1, maxLength: maxFactors });

/** A list of factors and a vector x of length Π cols (or Π rows when `transpose`). */
export const factorsAndVector = (transpose = false, dtype: 'float64' | 'float32' = 'float64', maxFactors = 3) =>
  factorList(maxFactors, 3, dtype).chain((factors) => {
    const n = factors.reduce((s, f) => s * (transpose ? f.rows : f.cols), 1);
    return fc.tuple(fc.constant(factors), finiteArray({ minLength: n, maxLength: n, min: -4, max: 4, dtype }));
  });

/** The Kronecker product by mathjs `kron`, folded left: the independent reference. */
export function mathjsKron(factors: readonly Matrix[]): number[][] {
  return factors.slice(1).reduce((acc, f) => kron(acc, toRows(f)) as unknown as number[][], toRows(factors[0]));
}

/** Dense M x by mathjs, and the scale Σ_j |M_ij| |x_j| (max over i) that bounds its rounding error. */
export function denseMatVec(M: number[][], x: ArrayLike<number>): { y: number[]; scale: number } {
  const xs = Array.from(x);
  const y = M.length === 0 ? [] : (multiply(M, xs.map((v) => [v])) as unknown as number[][]).map((r) => r[0]);
  let scale = 0;
  for (const row of M) scale = Math.max(scale, row.reduce((s, v, j) => s + Math.abs(v * xs[j]), 0));
  return { y, scale };
}

/** Mᵀ as nested arrays. */
export function transposeRows(M: number[][], cols: number): number[][] {
  return Array.from({ length: cols }, (_, j) => M.map((r) => r[j]));
}

/**
 * |actual − expected| ≤ rtol · scale + 1e-300 entrywise (scale: the sum of the magnitudes of the
 * terms; the absolute floor covers products that underflow into subnormals, where the relative
 * bound does not hold for either path).
 */
export function assertNear(actual: ArrayLike<number>, expected: ArrayLike<number>, scale: number, label: string, rtol = 1e-12): void {
  assertClose(actual, expected, 0, rtol * scale + 1e-300, label);
}

/** A matrix from nested arrays in the given storage. */
export function fromRows(rows: number[][], dtype: 'float64' | 'float32' = 'float64'): Matrix {
  return matrix(rows, dtype);
}

/** A float64 copy of a matrix (same values). */
export function toFloat64(A: Matrix): Matrix {
  return { rows: A.rows, cols: A.cols, data: Float64Array.from(A.data) };
}
