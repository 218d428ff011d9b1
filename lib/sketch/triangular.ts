/**
 * Private helpers on the k × k upper-triangular R of a sketched QR: solves with R and Rᵀ, and a
 * power-iteration estimate of its 2-norm condition number.
 */
import { triangularSolveInPlace } from '../core/decompositions.js';

/** x ← R⁻¹ x (R upper triangular, k × k row-major). */
export function solveR(k: number, R: Float64Array, x: Float64Array): Float64Array {
  triangularSolveInPlace(k, R, x, false, false);
  return x;
}

/** x ← R⁻ᵀ x. */
export function solveRt(k: number, R: Float64Array, x: Float64Array): Float64Array {
  triangularSolveInPlace(k, R, x, false, true);
  return x;
}

function multiplyR(k: number, R: Float64Array, x: Float64Array, transpose: boolean): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = 0;
    if (transpose) for (let j = 0; j <= i; j++) s += R[j * k + i] * x[j];
    else for (let j = i; j < k; j++) s += R[i * k + j] * x[j];
    y[i] = s;
  }
  return y;
}

function normalize(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  const n = Math.sqrt(s);
  if (n > 0 && Number.isFinite(n)) for (let i = 0; i < x.length; i++) x[i] /= n;
  return n;
}

/**
 * ‖R‖₂ · ‖R⁻¹‖₂ estimated by `steps` power iterations on RᵀR and (RᵀR)⁻¹ from a fixed start
 * (a lower bound that is tight to a few percent after ~20 steps). Infinity when R is singular.
 */
export function conditionEstimateR(k: number, R: Float64Array, steps = 24): number {
  if (k === 0) return 1;
  for (let i = 0; i < k; i++) if (!(Math.abs(R[i * k + i]) > 0)) return Infinity;
  const start = () => { const x = new Float64Array(k); for (let i = 0; i < k; i++) x[i] = 1 + ((i * 0.618034) % 1); normalize(x); return x; };
  let x: Float64Array = start(), big = 0;
  for (let s = 0; s < steps; s++) { x = multiplyR(k, R, multiplyR(k, R, x, false), true); big = normalize(x); }
  let y = start(), small = 0;
  for (let s = 0; s < steps; s++) {
    solveR(k, R, solveRt(k, R, y));
    small = normalize(y);
    if (!Number.isFinite(small)) return Infinity;
  }
  return Math.sqrt(big * small);
}
