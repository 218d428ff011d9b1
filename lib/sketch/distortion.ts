/**
 * embeddingDistortion: how far a sketch is from an isometry on the range of A.
 */
import { gemmTN } from '../core/blas.js';
import { invalidRange, invalidType } from '../core/errors.js';
import { qr } from '../core/linalg.js';
import { checkMatrix, type Matrix } from '../core/matrix.js';
import { symmetricEigenvalues } from './eigen.js';
import type { Sketch } from './sketch.js';

/**
 * The distortion ε = max_i |σ_i(S U)² − 1| of S on range(A), with U an orthonormal basis of range(A)
 * from a Householder QR: for every x in range(A), (1 − ε)‖x‖² ≤ ‖S x‖² ≤ (1 + ε)‖x‖². S is a Sketch,
 * or any dense s × N Matrix (for comparisons with other maps, e.g. plain row sampling).
 *
 * @param S - a Sketch with S.cols = A.rows, or a dense Matrix with S.cols = A.rows.
 * @param A - N × k with N ≥ k and full column rank.
 * @returns ε ≥ 0 (an ε < 1 means S is injective on range(A)).
 * @throws {TypeError} S neither a Sketch nor a Matrix, A not a Matrix. @throws {RangeError} shapes
 * that do not match, non-finite entries, A.rows < A.cols, or A rank-deficient (its range is not k-dimensional).
 * @example
 * ```ts
 * import { createSketch, embeddingDistortion } from 'sublinear/sketch';
 * import { Rng } from 'sublinear/core';
 * const A = { rows: 1024, cols: 8, data: new Rng(1).fillGaussian(new Float64Array(1024 * 8)) };
 * const S = createSketch({ kind: 'srht', rows: 64, cols: 1024, seed: 2 });
 * console.log(embeddingDistortion(S, A) < 0.8); // true
 * ```
 */
export function embeddingDistortion(S: Sketch | Matrix, A: Matrix): number {
  const fn = 'embeddingDistortion';
  checkMatrix(fn, 'A', A);
  const isSketch = S !== null && typeof S === 'object' && typeof (S as Sketch).apply === 'function';
  if (!isSketch) checkMatrix(fn, 'S', S);
  else if (!(S as Sketch).plan) throw invalidType(fn, 'S', 'a Sketch from createSketch or a Matrix', S);
  if (S.cols !== A.rows) throw invalidRange(fn, 'A.rows', `${S.cols} (the columns of S)`, A.rows);
  if (A.rows < A.cols) throw invalidRange(fn, 'A.rows', `≥ A.cols (${A.cols})`, A.rows);
  const k = A.cols;
  if (k === 0) return 0;
  const f = qr(A);
  const ratio = f.diagonalRatio();
  if (!(ratio > 1e-13 * Math.max(A.rows, k))) {
    throw invalidRange(fn, 'A', 'of full column rank', `a matrix with min|R_jj|/max|R_jj| = ${ratio.toExponential(2)}`);
  }
  const U = f.Q();
  const SU = isSketch ? (S as Sketch).apply(U) : denseProduct(S as Matrix, U);
  const gram = new Float64Array(k * k);
  gemmTN(k, k, SU.rows, SU.data, SU.data, gram);
  const lambda = symmetricEigenvalues(k, gram);
  return Math.max(Math.abs(lambda[0] - 1), Math.abs(lambda[k - 1] - 1));
}

function denseProduct(S: Matrix, U: Matrix): Matrix {
  const out = new Float64Array(S.rows * U.cols);
  for (let i = 0; i < S.rows; i++) {
    for (let p = 0; p < S.cols; p++) {
      const s = S.data[i * S.cols + p];
      if (s === 0) continue;
      for (let j = 0; j < U.cols; j++) out[i * U.cols + j] += s * U.data[p * U.cols + j];
    }
  }
  return { rows: S.rows, cols: U.cols, data: out };
}
