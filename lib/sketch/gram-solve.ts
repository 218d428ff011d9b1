/**
 * sketchPreconditionedGramSolve: (J Jᵀ) g = r for a wide J (n × D, D huge) known only through
 * mat-vec callbacks, preconditioned by a sketch of Jᵀ as in Algorithm 5 (steps 1–2).
 */
import { checkAllocation, checkAllocationOf } from '../core/allocation.js';
import { checkFinite, checkInteger, checkOneOf, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { qr } from '../core/linalg.js';
import { nextPowerOfTwo } from './fwht.js';
import type { SketchKind } from './plan.js';
import { createSketch, SKETCH_KINDS } from './sketch.js';
import { preconditionerRows } from './sizes.js';
import { RANK_DEFICIENT_CONDITION } from './least-squares.js';
import { conditionEstimateR, solveR, solveRt } from './triangular.js';
import { checkFiniteVector } from './validate.js';

/** Problem and options of sketchPreconditionedGramSolve. */
export interface GramSolveProblem {
  /** Rows of J (the batch size), ≥ 1. */
  n: number;
  /** Columns of J (parameters; may be ~10⁸), ≥ n. */
  D: number;
  /** out (length n) ← J v for v of length D. Must overwrite out. */
  applyJ: (v: Float64Array, out: Float64Array) => void;
  /** out (length D) ← Jᵀ u for u of length n. Must overwrite out. */
  applyJt: (u: Float64Array, out: Float64Array) => void;
  /** Right-hand side, length n (the residual f − y of a Gauss–Newton step). */
  r: ArrayLike<number>;
  /** Seed of the sketch S (s × D) applied to the columns of Jᵀ. */
  seed: number;
  /** Sketch kind (default 'osnap': its cost is O(ζ·nnz) per column and needs no D-sized tables). */
  kind?: SketchKind;
  /** Sketch rows s (default 4n; 2n² + 4n for countsketch); must be ≥ n. */
  rows?: number;
  /** Stop when ‖J Jᵀ g − r‖ ≤ tol·‖r‖ (default 1e-10). */
  tol?: number;
  /** Preconditioned CG iteration cap (default 100). */
  maxIterations?: number;
}

/** Result of sketchPreconditionedGramSolve. */
export interface GramSolveResult {
  g: Float64Array;
  /** Preconditioned CG iterations after the sketched warm start (each: one applyJt, one applyJ). */
  iterations: number;
  /** ‖J Jᵀ g − r‖, recomputed from g with one more applyJt/applyJ. */
  residualNorm: number;
  /** cond₂(R) for QR(S Jᵀ) = Q R: cond₂(J) within the sketch's factor; cond(J Jᵀ) is its square. */
  conditionEstimate: number;
  /** Whether the CG recurrence met tol within maxIterations. */
  converged: boolean;
}

/**
 * Solves (J Jᵀ) g = r, J of shape n × D given by `applyJ` / `applyJt`. Forms B = S Jᵀ (s × n) with
 * n calls of applyJt and a sketch S (s × D) of the D side, QR(B) = Q R, then runs conjugate gradients
 * on J Jᵀ preconditioned by (RᵀR)⁻¹ ≈ (J Jᵀ)⁻¹ from the warm start g₀ = R⁻¹R⁻ᵀ r. With distortion
 * ε the preconditioned matrix has condition ≤ (1+ε)/(1−ε), so the iteration count depends on the
 * sketch, not on cond(J). Memory: two length-D buffers and s × n.
 *
 * @param problem - `{ n, D, applyJ, applyJt, r, seed, kind?, rows?, tol?, maxIterations? }`.
 * @returns `{ g, iterations, residualNorm, conditionEstimate, converged }`.
 * @throws {TypeError} fields of the wrong kind (callbacks not functions). @throws {RangeError} D < n,
 * r of the wrong length or non-finite, rows < n (no embedding of an n-dimensional subspace is
 * possible with fewer rows), a callback returning NaN or ±Infinity, or J rank-deficient
 * (conditionEstimate > 0.01/ε_mach: J Jᵀ is singular).
 * @example
 * ```ts
 * import { sketchPreconditionedGramSolve } from 'sublinear/sketch';
 * import { Rng, gemv } from 'sublinear/core';
 * const n = 4, D = 5000, J = new Rng(1).fillGaussian(new Float64Array(n * D));
 * const { g, residualNorm } = sketchPreconditionedGramSolve({
 *   n, D, r: [1, 2, 3, 4], seed: 9,
 *   applyJ: (v, out) => gemv(n, D, J, v, out),
 *   applyJt: (u, out) => gemv(n, D, J, u, out, true),
 * });
 * console.log(g.length, residualNorm < 1e-9); // 4 true
 * ```
 */
export function sketchPreconditionedGramSolve(problem: GramSolveProblem): GramSolveResult {
  const fn = 'sketchPreconditionedGramSolve';
  if (problem === null || typeof problem !== 'object') throw invalidType(fn, 'problem', 'an object { n, D, applyJ, applyJt, r, seed }', problem);
  checkOptions(fn, 'problem', problem, ['n', 'D', 'applyJ', 'applyJt', 'r', 'seed', 'kind', 'rows', 'tol', 'maxIterations']);
  const n = checkInteger(fn, 'problem.n', problem.n, 1, 2 ** 24);
  const D = checkInteger(fn, 'problem.D', problem.D, 1, 2 ** 31 - 1);
  if (D < n) throw invalidRange(fn, 'problem.D', `≥ n (${n}): J Jᵀ is singular when J has fewer columns than rows`, D);
  const { applyJ, applyJt } = problem;
  if (typeof applyJ !== 'function') throw invalidType(fn, 'problem.applyJ', 'a function (v, out) => void', applyJ);
  if (typeof applyJt !== 'function') throw invalidType(fn, 'problem.applyJt', 'a function (u, out) => void', applyJt);
  const r = Float64Array.from(checkFiniteVector(fn, 'problem.r', problem.r, n));
  const seed = checkInteger(fn, 'problem.seed', problem.seed);
  const kind = checkOneOf(fn, 'problem.kind', problem.kind ?? 'osnap', SKETCH_KINDS);
  const limit = kind === 'srht' ? nextPowerOfTwo(D) : Number.MAX_SAFE_INTEGER;
  const rows = problem.rows === undefined ? Math.min(preconditionerRows(kind, n), limit) : checkInteger(fn, 'problem.rows', problem.rows, 1);
  if (rows < n) throw invalidRange(fn, 'problem.rows', `≥ n (${n}): with fewer sketch rows than the subspace dimension no embedding is possible`, rows);
  const tol = problem.tol === undefined ? 1e-10 : checkFinite(fn, 'problem.tol', problem.tol);
  if (!(tol > 0 && tol < 1)) throw invalidRange(fn, 'problem.tol', 'in (0, 1)', tol);
  const maxIterations = checkInteger(fn, 'problem.maxIterations', problem.maxIterations ?? 100, 0);

  checkAllocation(fn, 'problem.D', D, 8);
  checkAllocationOf(fn, 'problem.rows·n', [rows, n], 8);
  const S = createSketch({ kind, rows, cols: D, seed, dtype: 'float64' });
  const wide = new Float64Array(D), e = new Float64Array(n);
  const B = new Float64Array(rows * n);
  for (let i = 0; i < n; i++) {
    e.fill(0); e[i] = 1;
    wide.fill(0);
    applyJt(e, wide);
    checkCallback(fn, 'applyJt', wide);
    const column = S.applyVector(wide);
    for (let t = 0; t < rows; t++) B[t * n + i] = column[t];
  }
  const R = qr({ rows, cols: n, data: B }).R().data as Float64Array;
  const conditionEstimate = conditionEstimateR(n, R);
  if (!(conditionEstimate <= RANK_DEFICIENT_CONDITION)) {
    throw invalidRange(fn, 'J', 'of full row rank', `a Jacobian whose sketch has condition number ≈ ${conditionEstimate.toExponential(2)} (J Jᵀ is numerically singular)`);
  }
  const gram = (p: Float64Array, out: Float64Array) => {
    wide.fill(0);
    applyJt(p, wide);
    out.fill(0);
    applyJ(wide, out);
    checkCallback(fn, 'applyJ', out);
  };
  const precondition = (v: Float64Array) => solveR(n, R, solveRt(n, R, Float64Array.from(v)));
  const rNorm = norm(r);
  const g = precondition(r);
  const res = new Float64Array(n), q = new Float64Array(n);
  gram(g, q);
  for (let i = 0; i < n; i++) res[i] = r[i] - q[i];
  let z = precondition(res);
  const p = Float64Array.from(z);
  let rz = dotn(res, z), iterations = 0, converged = norm(res) <= tol * rNorm;
  while (!converged && iterations < maxIterations) {
    gram(p, q);
    const curvature = dotn(p, q);
    if (!(curvature > 0 && Number.isFinite(curvature))) {
      throw invalidRange(fn, 'problem.applyJ', 'a map with J Jᵀ positive definite (does it write J v into out?)', `pᵀ J Jᵀ p = ${curvature} for a nonzero p`);
    }
    const alpha = rz / curvature;
    for (let i = 0; i < n; i++) { g[i] += alpha * p[i]; res[i] -= alpha * q[i]; }
    iterations++;
    if (norm(res) <= tol * rNorm) { converged = true; break; }
    z = precondition(res);
    const rzNext = dotn(res, z), beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
  gram(g, q);
  for (let i = 0; i < n; i++) q[i] -= r[i];
  checkCallback(fn, 'solution g', g);
  return { g, iterations, residualNorm: norm(q), conditionEstimate, converged };
}

function checkCallback(fn: string, name: string, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw invalidRange(fn, name.startsWith('solution') ? `the ${name}[${i}]` : `problem.${name} output[${i}]`, 'a finite number', out[i]);
  }
}

function dotn(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dotn(a, a));
}
