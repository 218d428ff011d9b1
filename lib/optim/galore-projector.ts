/**
 * Trusted kernels of GaLore's projector: an orthonormal basis P (a × r) of the top-r left singular
 * subspace of A (a × b, a ≤ b), exactly (eigenvectors of A Aᵀ) or by a seeded randomized range finder
 * (Halko–Martinsson–Tropp): Y = A Ωᵀ with Ω a Gaussian sketch from lib/sketch, one power iteration,
 * Householder QR, then the top r of the small projected problem. Validation lives in galore.ts.
 */
import { gemmNN, gemmNT, gemmTN } from '../core/blas.js';
import { qrApplyQInPlace, qrInPlace } from '../core/decompositions.js';
import { createSketch } from '../sketch/sketch.js';
import { symmetricEigen } from './symmetric-eigen.js';

/** Oversampling of the randomized range finder: r + 5 sketch rows (capped at a). */
export const OVERSAMPLE = 5;

/** P (a × r): the eigenvectors of the k × k matrix C = B Bᵀ for its r largest eigenvalues, mapped back through Q (a × k). */
function topEigenvectors(a: number, k: number, r: number, Q: Float64Array | null, C: Float64Array): Float64Array {
  const { vectors } = symmetricEigen(k, C); // ascending: the last r columns are the top r
  const U = new Float64Array(k * r);
  for (let i = 0; i < k; i++) for (let j = 0; j < r; j++) U[i * r + j] = vectors[i * k + (k - 1 - j)];
  if (Q === null) return U;
  const P = new Float64Array(a * r);
  gemmNN(a, r, k, Q, U, P);
  return P;
}

/** Exact: P = the top-r eigenvectors of A Aᵀ (a × a). */
export function exactProjector(a: number, b: number, r: number, A: Float64Array): Float64Array {
  const C = new Float64Array(a * a);
  gemmNT(a, a, b, A, A, C);
  return topEigenvectors(a, a, r, null, C);
}

/** The explicit Q (a × k) of a Householder QR of Y (a × k, overwritten). */
function orthonormalBasis(a: number, k: number, Y: Float64Array): Float64Array {
  const tau = new Float64Array(k);
  qrInPlace(a, k, Y, tau);
  const Q = new Float64Array(a * k), e = new Float64Array(a);
  for (let j = 0; j < k; j++) {
    e.fill(0); e[j] = 1;
    qrApplyQInPlace(a, k, Y, tau, e);
    for (let i = 0; i < a; i++) Q[i * k + j] = e[i];
  }
  return Q;
}

/** Randomized: Y = A Ωᵀ (Ω a k × b Gaussian sketch, seeded), one power iteration Y ← A Aᵀ Q, Q = qr(Y), P = Q·top-r(Qᵀ A Aᵀ Q). */
export function randomizedProjector(a: number, b: number, r: number, A: Float64Array, seed: number): Float64Array {
  const k = Math.min(a, r + OVERSAMPLE);
  const At = new Float64Array(b * a);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) At[j * a + i] = A[i * b + j];
  const sketch = createSketch({ kind: 'gaussian', rows: k, cols: b, seed, dtype: 'float64' });
  const SAt = sketch.apply({ rows: b, cols: a, data: At }).data; // k × a = (A Ωᵀ)ᵀ
  let Y = new Float64Array(a * k);
  for (let i = 0; i < a; i++) for (let j = 0; j < k; j++) Y[i * k + j] = SAt[j * a + i];
  let Q = orthonormalBasis(a, k, Y);
  const Z = new Float64Array(b * k);
  gemmTN(b, k, a, A, Q, Z); // Aᵀ Q
  Y = new Float64Array(a * k);
  gemmNN(a, k, b, A, Z, Y); // A Aᵀ Q
  Q = orthonormalBasis(a, k, Y);
  const B = new Float64Array(k * b), C = new Float64Array(k * k);
  gemmTN(k, b, a, Q, A, B); // Qᵀ A
  gemmNT(k, k, b, B, B, C);
  return topEigenvectors(a, k, r, Q, C);
}

/** The first r columns of the a × a identity. */
export function identityProjector(a: number, r: number): Float64Array {
  const P = new Float64Array(a * r);
  for (let j = 0; j < r; j++) P[j * r + j] = 1;
  return P;
}
