/**
 * LSQR (Paige & Saunders 1982) on an operator given by callbacks: min ‖M y − r‖ from y = 0.
 * Trusted; used on the well-conditioned M = A R⁻¹ of sketch-and-precondition.
 */
import { nrm2 } from '../core/blas.js';

export interface LsqrResult {
  y: Float64Array;
  iterations: number;
  /** The recurrence's ‖r − M y‖. */
  residualNorm: number;
  /** The recurrence's ‖Mᵀ(r − M y)‖. */
  normalResidualNorm: number;
  converged: boolean;
}

/**
 * `multiplyT(u, out)` sets out (length k) = Mᵀ u. `step(v, alpha, u, out)` does one bidiagonalization
 * half-step in one pass over M: u ← M v − alpha·u in place, then out ← Mᵀ u (of the new u).
 * Stops when ‖Mᵀr‖ ≤ tol·‖M‖·‖r‖ (least-squares optimality) or ‖r‖ ≤ tol·‖rhs‖ (a consistent system).
 */
export function lsqr(
  m: number, k: number, rhs: Float64Array,
  multiplyT: (u: Float64Array, out: Float64Array) => void,
  step: (v: Float64Array, alpha: number, u: Float64Array, out: Float64Array) => void,
  tol: number, maxIterations: number,
): LsqrResult {
  const y = new Float64Array(k), w = new Float64Array(k), v = new Float64Array(k), tk = new Float64Array(k);
  const u = Float64Array.from(rhs);
  let beta = nrm2(m, u);
  const rhsNorm = beta;
  if (beta === 0) return { y, iterations: 0, residualNorm: 0, normalResidualNorm: 0, converged: true };
  scale(u, 1 / beta);
  multiplyT(u, v);
  let alpha = nrm2(k, v);
  if (alpha === 0) return { y, iterations: 0, residualNorm: beta, normalResidualNorm: 0, converged: true };
  scale(v, 1 / alpha);
  w.set(v);
  let phibar = beta, rhobar = alpha, anorm2 = 0, normalResidual = alpha * beta;
  for (let it = 1; it <= maxIterations; it++) {
    step(v, alpha, u, tk);
    beta = nrm2(m, u);
    if (beta > 0) { scale(u, 1 / beta); scale(tk, 1 / beta); }
    anorm2 += alpha * alpha + beta * beta;
    for (let i = 0; i < k; i++) v[i] = tk[i] - beta * v[i];
    alpha = nrm2(k, v);
    if (alpha > 0) scale(v, 1 / alpha);
    const rho = Math.hypot(rhobar, beta), c = rhobar / rho, s = beta / rho;
    const theta = s * alpha;
    rhobar = -c * alpha;
    const phi = c * phibar;
    phibar = s * phibar;
    const t1 = phi / rho, t2 = theta / rho;
    for (let i = 0; i < k; i++) { y[i] += t1 * w[i]; w[i] = v[i] - t2 * w[i]; }
    normalResidual = phibar * alpha * Math.abs(c);
    const anorm = Math.sqrt(anorm2);
    if (normalResidual <= tol * anorm * phibar || phibar <= tol * rhsNorm || alpha === 0) {
      return { y, iterations: it, residualNorm: phibar, normalResidualNorm: normalResidual, converged: true };
    }
  }
  return { y, iterations: maxIterations, residualNorm: phibar, normalResidualNorm: normalResidual, converged: false };
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i] *= a;
}
