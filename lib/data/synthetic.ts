import { checkAllocationOf } from '../core/allocation.js';
import { allocate, checkInteger, checkMatrix, checkOneOf, DTYPES, dtypeOf, Rng, type Dtype, type Matrix } from '../core/index.js';

/**
 * An `n × d` matrix of independent standard normal entries from a seeded stream: a synthetic data set
 * for tests and benchmarks. The same (n, d, seed) gives the same bits everywhere.
 *
 * @param n - rows, an integer ≥ 0.
 * @param d - columns, an integer ≥ 0.
 * @param seed - a safe integer ≥ 0. Default 0.
 * @param dtype - 'float64' (default) or 'float32' (samples rounded to float32).
 * @returns a new Matrix.
 * @throws {TypeError} a non-numeric size or seed. @throws {RangeError} a negative or fractional size or seed, an unknown dtype.
 * @example
 * ```ts
 * import { gaussianData } from 'sublinear/data';
 * const X = gaussianData(100, 8, 7);
 * console.log(X.rows, X.cols); // 100 8
 * ```
 */
export function gaussianData(n: number, d: number, seed = 0, dtype: Dtype = 'float64'): Matrix {
  checkInteger('gaussianData', 'n', n);
  checkInteger('gaussianData', 'd', d);
  checkInteger('gaussianData', 'seed', seed);
  checkOneOf('gaussianData', 'dtype', dtype, DTYPES);
  checkAllocationOf('gaussianData', 'n·d', [n, d], dtype === 'float32' ? 4 : 8);
  return { rows: n, cols: d, data: new Rng(seed).fillGaussian(allocate(n * d, dtype)) };
}

/**
 * Each row of `A` scaled to unit Euclidean norm, as a new matrix of the same dtype; zero rows stay
 * zero. Each row is first divided by its largest magnitude, so huge and subnormal rows normalize too.
 *
 * @param A - a finite matrix.
 * @returns a new matrix whose nonzero rows have norm 1 (to rounding).
 * @throws {TypeError} A not a Matrix. @throws {RangeError} a NaN or ±Infinity entry.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { normalizeRows } from 'sublinear/data';
 * console.log(normalizeRows(matrix([[3, 4], [0, 0]])).data); // Float64Array [0.6, 0.8, 0, 0]
 * ```
 */
export function normalizeRows(A: Matrix): Matrix {
  checkMatrix('normalizeRows', 'A', A);
  const { rows, cols, data } = A;
  const out = allocate(rows * cols, dtypeOf(data));
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    let largest = 0;
    for (let j = 0; j < cols; j++) largest = Math.max(largest, Math.abs(data[row + j]));
    if (largest === 0) continue;
    // Divide by the largest entry first: the scaled row is exact to rounding even for subnormal rows.
    let sum = 0;
    for (let j = 0; j < cols; j++) { const v = data[row + j] / largest; sum += v * v; }
    const norm = Math.sqrt(sum);
    for (let j = 0; j < cols; j++) out[row + j] = data[row + j] / largest / norm;
  }
  return { rows, cols, data: out };
}
