/**
 * Sketch sizes: the measured table of docs/sketch.md (benchmarks/sketch-sizes.bench.ts) and the
 * solvers' defaults.
 */
import { checkInteger, checkOneOf } from '../core/errors.js';
import type { SketchKind } from './plan.js';
import { SKETCH_KINDS } from './sketch.js';

/**
 * Measured s with ε ≤ 0.5 at k = 8, 16, 32, 64 (N = 2^15, worst of a random and an identity-column
 * subspace, 40 seeds, normal-tail extrapolation to 1e-3; osnap with ζ = 8).
 */
const MEASURED_K = [8, 16, 32, 64];
const MEASURED: Record<Exclude<SketchKind, 'countsketch'>, number[]> = {
  gaussian: [256, 512, 896, 1536],
  srht: [448, 768, 1792, 5120],
  osnap: [320, 512, 1280, 3072],
};

/**
 * The sketch size s that gives distortion ε = max|σᵢ(SU)² − 1| ≤ 0.5 on a k-dimensional subspace
 * with failure probability ≤ 1e-3, from the measured table in docs/sketch.md. For k ≤ 64 it is the
 * measured s of the smallest measured k′ ≥ k (a k-dim subspace lies in a k′-dim one, whose distortion
 * bounds it); beyond 64 it is extrapolated: ∝ k for gaussian, ∝ k log k for srht and osnap (ζ = 8).
 * CountSketch: the exact birthday bound, the s at which k identity columns all hash to distinct rows
 * with probability ≥ 1 − 1e-3 (≈ 500 k²): one collision already gives ε = 1.
 *
 * @param kind - 'gaussian' | 'countsketch' | 'osnap' | 'srht'.
 * @param k - the subspace dimension, an integer in [1, 2^24].
 * @returns s, an integer > k.
 * @throws {TypeError} a kind or k of the wrong type. @throws {RangeError} an unknown kind, k out of range.
 * @example
 * ```ts
 * import { sketchRowsFor } from 'sublinear/sketch';
 * console.log(sketchRowsFor('srht', 64), sketchRowsFor('gaussian', 10)); // 5120 512
 * ```
 */
export function sketchRowsFor(kind: SketchKind, k: number): number {
  checkOneOf('sketchRowsFor', 'kind', kind, SKETCH_KINDS);
  checkInteger('sketchRowsFor', 'k', k, 1, 2 ** 24);
  if (kind === 'countsketch') return birthdayRows(k);
  const table = MEASURED[kind];
  const i = MEASURED_K.findIndex((m) => m >= k);
  if (i >= 0) return table[i];
  const last = table[table.length - 1], kLast = MEASURED_K[MEASURED_K.length - 1];
  const growth = kind === 'gaussian' ? k / kLast : (k * Math.log2(k)) / (kLast * Math.log2(kLast));
  return Math.ceil(last * growth);
}

/** Smallest s with P(k items in s buckets never collide) = Π(1 − i/s) ≥ 1 − 1e-3. */
function birthdayRows(k: number): number {
  const ok = (s: number) => { let p = 1; for (let i = 1; i < k; i++) p *= 1 - i / s; return p >= 1 - 1e-3; };
  let lo = k, hi = Math.max(2, k);
  while (!ok(hi)) hi *= 2;
  while (lo < hi) { const mid = Math.floor((lo + hi) / 2); if (ok(mid)) hi = mid; else lo = mid + 1; }
  return Math.max(lo, k + 1);
}

/**
 * Default sketch rows of the solvers: s = 4k (Blendenpik, LSRN) for gaussian, osnap and srht. As a
 * preconditioner a sketch needs σ(SU) bounded away from 0, not ε ≤ 0.5: at s = 4k, σ(SU) lies in
 * about [1 − ½, 1 + ½], so cond(A R⁻¹) ≈ 3 and LSQR gains a digit every ~2 iterations. CountSketch
 * needs O(k²) rows even for that: 2k² + 4k.
 */
export function preconditionerRows(kind: SketchKind, k: number): number {
  return kind === 'countsketch' ? 2 * k * k + 4 * k : 4 * k;
}

/**
 * Default sketch rows of sketchedLeastSquares: s = 12k for srht and osnap (capped at max(4k, N)), 4k
 * for gaussian, 2k² + 4k for countsketch. The preconditioned A R⁻¹ has cond ≈ (1 + √(k/s))/(1 − √(k/s)),
 * and each LSQR iteration is a pass over A (4Nk flops), while the SRHT and OSNAP passes cost the same
 * for any s (a transform of A's columns, ζ hashed updates per row) and only the QR of the s × k sketch
 * grows (2sk²). At N = 2^16, k = 64 LSQR takes 19 iterations at s = 12k against 29 at s = 4k (both
 * recorded by `KERNELS_ONLY=lstsq npm run bench -- kernels`). A Gaussian S costs 2sNk, so it keeps 4k.
 */
export function leastSquaresRows(kind: SketchKind, k: number, N: number): number {
  if (kind === 'srht' || kind === 'osnap') return Math.min(12 * k, Math.max(4 * k, N));
  return preconditionerRows(kind, k);
}
