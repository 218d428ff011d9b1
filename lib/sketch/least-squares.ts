/**
 * sketchedLeastSquares: sketch-and-precondition least squares (Blendenpik, LSRN) with the
 * sketch-and-solve warm start of Epperly, Meier and Nakatsukasa (2024).
 */
import { dot, gemv } from '../core/blas.js';
import { checkFinite, checkInteger, checkOneOf, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { qr } from '../core/linalg.js';
import { checkMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { nextPowerOfTwo } from './fwht.js';
import { lsqr } from './lsqr.js';
import type { SketchKind } from './plan.js';
import { createSketch, SKETCH_KINDS } from './sketch.js';
import { leastSquaresRows } from './sizes.js';
import { conditionEstimateR, solveR, solveRt } from './triangular.js';
import { checkFiniteVector } from './validate.js';

/** Options of sketchedLeastSquares. */
export interface SketchedLeastSquaresOptions {
  /** Seed of the sketch (required: the result is reproducible from it). */
  seed: number;
  /** Sketch kind (default 'srht'). */
  kind?: SketchKind;
  /** Sketch rows s (default 12k for srht and osnap, at most max(4k, N); 4k for gaussian; 2k² + 4k for countsketch); must be ≥ k. */
  rows?: number;
  /** LSQR stopping tolerance on ‖(AR⁻¹)ᵀr‖ / (‖AR⁻¹‖‖r‖) (default 1e-12). */
  tol?: number;
  /** LSQR iteration cap (default 100; the count depends on the sketch, not on cond(A)). */
  maxIterations?: number;
}

/** Result of sketchedLeastSquares. */
export interface SketchedLeastSquaresResult {
  /** argmin ‖A x − b‖. */
  x: Float64Array;
  /** LSQR iterations after the warm start. */
  iterations: number;
  /** ‖A x − b‖, recomputed from x. */
  residualNorm: number;
  /** cond₂(R) for QR(S A) = Q R, which is cond₂(A) within the sketch's factor √((1+ε)/(1−ε)). */
  conditionEstimate: number;
  /** Whether LSQR met tol within maxIterations. */
  converged: boolean;
}

/** Condition estimates above this (≈ 0.01/ε_mach) are reported as rank deficiency. */
export const RANK_DEFICIENT_CONDITION = 0.01 / Number.EPSILON;

/**
 * Solves min ‖A x − b‖ for a tall A (N × k, N ≥ k, full column rank) by sketch-and-precondition:
 * QR(S A) = Q R with an s × N sketch S (s = 12k for the default SRHT), warm start x₀ = R⁻¹ Qᵀ (S b), then LSQR on the
 * well-conditioned A R⁻¹. The iteration count depends on the sketch's distortion, not on cond(A).
 *
 * @param A - N × k, finite, N ≥ k.
 * @param b - length N, finite.
 * @param options - `{ seed, kind?, rows?, tol?, maxIterations? }`.
 * @returns `{ x, iterations, residualNorm, conditionEstimate, converged }`.
 * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} shapes that do not match,
 * non-finite entries, rows < k (no subspace embedding exists with fewer rows than the dimension),
 * or A rank-deficient (conditionEstimate > 0.01/ε_mach): there is no unique solution to return.
 * @example
 * ```ts
 * import { sketchedLeastSquares } from 'sublinear/sketch';
 * import { Rng } from 'sublinear/core';
 * const rng = new Rng(3), N = 2000, k = 5;
 * const A = { rows: N, cols: k, data: rng.fillGaussian(new Float64Array(N * k)) };
 * const b = rng.fillGaussian(new Float64Array(N));
 * const { x, iterations, residualNorm } = sketchedLeastSquares(A, b, { seed: 7 });
 * console.log(x.length, iterations < 40, residualNorm > 0); // 5 true true
 * ```
 */
export function sketchedLeastSquares(A: Matrix, b: ArrayLike<number>, options: SketchedLeastSquaresOptions): SketchedLeastSquaresResult {
  const fn = 'sketchedLeastSquares';
  checkMatrix(fn, 'A', A);
  const N = A.rows, k = A.cols;
  if (k < 1) throw invalidRange(fn, 'A.cols', 'an integer ≥ 1', k);
  if (N < k) throw invalidRange(fn, 'A.rows', `≥ A.cols (${k}): the problem must be overdetermined`, N);
  const bv = checkFiniteVector(fn, 'b', b, N);
  if (options === undefined) throw invalidType(fn, 'options', 'an object { seed, kind?, rows?, tol?, maxIterations? }', options);
  const opts = checkOptions(fn, 'options', options, ['seed', 'kind', 'rows', 'tol', 'maxIterations']);
  const seed = checkInteger(fn, 'options.seed', opts.seed);
  const kind = checkOneOf(fn, 'options.kind', opts.kind ?? 'srht', SKETCH_KINDS);
  const limit = kind === 'srht' ? nextPowerOfTwo(N) : Number.MAX_SAFE_INTEGER;
  const rows = opts.rows === undefined ? Math.min(leastSquaresRows(kind, k, N), limit) : checkInteger(fn, 'options.rows', opts.rows, 1);
  if (rows < k) throw invalidRange(fn, 'options.rows', `≥ A.cols (${k}): with fewer sketch rows than the subspace dimension no embedding is possible`, rows);
  const tol = opts.tol === undefined ? 1e-12 : checkFinite(fn, 'options.tol', opts.tol);
  if (!(tol > 0 && tol < 1)) throw invalidRange(fn, 'options.tol', 'in (0, 1)', tol);
  const maxIterations = checkInteger(fn, 'options.maxIterations', opts.maxIterations ?? 100, 0);

  const S = createSketch({ kind, rows, cols: N, seed, dtype: 'float64' });
  const factor = qr(S.apply(A));
  const R = factor.R().data as Float64Array;
  const conditionEstimate = conditionEstimateR(k, R);
  if (!(conditionEstimate <= RANK_DEFICIENT_CONDITION)) {
    throw invalidRange(fn, 'A', 'of full column rank', `a matrix whose sketch has condition number ≈ ${conditionEstimate.toExponential(2)} (numerically rank-deficient)`);
  }
  // Warm start: the sketch-and-solve solution x₀ = R⁻¹ (Qᵀ S b)[0:k].
  const x = solveR(k, R, factor.applyQt(S.applyVector(bv)).slice(0, k));
  const r0 = residual(A, x, bv);
  const t = new Float64Array(k);
  const result = lsqr(N, k, r0,
    (u, out) => { gemv(N, k, A.data, u, out, true); solveRt(k, R, out); },
    (v, alpha, u, out) => { t.set(v); fusedStep(N, k, A.data, solveR(k, R, t), alpha, u, out); solveRt(k, R, out); },
    tol, maxIterations);
  const dx = solveR(k, R, result.y);
  for (let i = 0; i < k; i++) x[i] += dx[i];
  const r = residual(A, x, bv);
  let rr = 0;
  for (let i = 0; i < N; i++) rr += r[i] * r[i];
  return { x, iterations: result.iterations, residualNorm: Math.sqrt(rr), conditionEstimate, converged: result.converged };
}

/** u ← A w − alpha·u and out ← Aᵀ u in one pass over the rows of A (each row read once while in cache). */
function fusedStep(N: number, k: number, a: FloatArray, w: Float64Array, alpha: number, u: Float64Array, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < N; i++) {
    const ai = i * k;
    const t = dot(k, a, ai, w, 0) - alpha * u[i];
    u[i] = t;
    if (t === 0) continue;
    for (let j = 0; j < k; j++) out[j] += t * a[ai + j];
  }
}

function residual(A: Matrix, x: Float64Array, b: ArrayLike<number>): Float64Array {
  const r = new Float64Array(A.rows);
  gemv(A.rows, A.cols, A.data, x, r);
  for (let i = 0; i < A.rows; i++) r[i] = b[i] - r[i];
  return r;
}
