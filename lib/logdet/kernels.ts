/**
 * Trusted kernels of the banded LogDet inverse over raw typed arrays (no validation: the public layer
 * validates once). Workers and GPU ports run them on column ranges [start, end): every column of the
 * factor depends only on the statistics, so ranges are independent (a thread per column).
 *
 * Layouts, w = band + 1:
 * - statistics `h`: h[j·w + k] = H[j + k][j] (column j, k-th subdiagonal; entries past n are ignored);
 * - factor `f` of X = L D Lᵀ: f[j·w] = D_jj, f[j·w + k] = L[j + k][j] for k ≥ 1 (L unit lower).
 *
 * Every column works on Ĥ = scale·H + shift·I with each diagonal entry raised to at least `floor`
 * (floor > 0), so zero or negative diagonals never reach a division. Column j takes the longest
 * prefix I = {j+1 … j+m} of its band such that every Cholesky pivot of Ĥ_II exceeds δ times its
 * diagonal and the Schur complement s_j = Ĥ_jj − Ĥ_jI Ĥ_II⁻¹ Ĥ_Ij exceeds δ·Ĥ_jj; the edges past m are
 * dropped (L = 0 there). Then D_jj = outScale / s_j > 0, so X is positive definite whatever the input.
 */
import type { FloatArray } from '../core/matrix.js';
import { unrolledFactorKernel } from './factor-unrolled.js';

/** Diagnostics accumulated by the factor kernels: stats[0] += dropped edges, stats[1] += raised
 * diagonals, stats[2] = min(stats[2], s_j / Ĥ_jj). Start from [0, 0, Infinity]. */
export type FactorStats = Float64Array;

/** A Float64Array of at least `length`, reused across calls on this thread (never state). */
let scratchBuffer = new Float64Array(64);
export function scratch(length: number): Float64Array {
  if (scratchBuffer.length < length) scratchBuffer = new Float64Array(Math.max(length, 2 * scratchBuffer.length));
  return scratchBuffer;
}

/** Scratch length factorBandedColumns needs for `band`. */
export function factorScratchLength(band: number): number {
  return band * band + 3 * band;
}

/**
 * Factor columns [start, end) of X = L D Lᵀ for any band ≥ 1 (O(b³) per column), into `f`.
 * `work` holds factorScratchLength(band) float64s. `maxEntry` bounds |L| and D (the largest finite
 * value of f's storage); a column whose L would exceed it drops edges too.
 */
export function factorBandedColumns(
  n: number, band: number, h: FloatArray, f: FloatArray, start: number, end: number,
  scale: number, shift: number, floor: number, delta: number, outScale: number, maxEntry: number,
  work: Float64Array, stats: FactorStats,
): void {
  const w = band + 1;
  // C: m×m lower Cholesky factor of Ĥ_II (row stride band), R: reciprocals of its diagonal, W: C⁻¹Ĥ_Ij, P: ψ.
  const C = 0, R = band * band, W = R + band, P = W + band;
  let dropped = 0, raised = 0, minRatio = stats[2];
  for (let j = start; j < end; j++) {
    const m = Math.min(band, n - 1 - j);
    const base = j * w;
    let hjj = scale * h[base] + shift;
    if (!(hjj >= floor)) { hjj = floor; raised++; }
    let s = hjj, mEff = 0;
    for (let k = 0; k < m; k++) {
      const ck = (j + 1 + k) * w;
      let akk = scale * h[ck] + shift;
      if (!(akk >= floor)) akk = floor;
      // Row k of the Cholesky factor of Ĥ_II: C[k][i] for i < k, then the pivot.
      let pivot = akk;
      for (let i = 0; i < k; i++) {
        let v = scale * h[(j + 1 + i) * w + (k - i)];
        for (let l = 0; l < i; l++) v -= work[C + k * band + l] * work[C + i * band + l];
        v *= work[R + i];
        work[C + k * band + i] = v;
        pivot -= v * v;
      }
      if (!(pivot > delta * akk)) break;
      const rk = 1 / Math.sqrt(pivot);
      work[R + k] = rk;
      let wk = scale * h[base + k + 1];
      for (let l = 0; l < k; l++) wk -= work[C + k * band + l] * work[W + l];
      wk *= rk;
      const sNext = s - wk * wk;
      if (!(sNext > delta * hjj)) break;
      work[W + k] = wk;
      s = sNext;
      mEff = k + 1;
    }
    // ψ = C⁻ᵀ w on the kept prefix; drop further edges while ψ would not fit the storage.
    for (;;) {
      let fits = true;
      for (let k = mEff - 1; k >= 0; k--) {
        let v = work[W + k];
        for (let l = k + 1; l < mEff; l++) v -= work[C + l * band + k] * work[P + l];
        v *= work[R + k];
        work[P + k] = v;
        if (!(Math.abs(v) <= maxEntry)) fits = false;
      }
      if (fits) break;
      mEff--;
      s = hjj;
      for (let k = 0; k < mEff; k++) s -= work[W + k] * work[W + k];
    }
    dropped += m - mEff;
    if (s < minRatio * hjj) minRatio = s / hjj; // divides only when the minimum moves
    f[base] = Math.min(outScale / s, maxEntry);
    for (let k = 0; k < mEff; k++) f[base + 1 + k] = -work[P + k];
    for (let k = mEff + 1; k < w; k++) f[base + k] = 0;
  }
  stats[0] += dropped; stats[1] += raised; stats[2] = minRatio;
}

/**
 * The tridiagonal closed form (band 1) of factorBandedColumns, same rule and outputs:
 * ψ_j = Ĥ_{j+1,j}/Ĥ_{j+1,j+1}, s_j = Ĥ_jj − Ĥ_{j+1,j}²/Ĥ_{j+1,j+1}, s_{n−1} = Ĥ_{n−1,n−1}.
 */
export function factorTridiagonalColumns(
  n: number, h: FloatArray, f: FloatArray, start: number, end: number,
  scale: number, shift: number, floor: number, delta: number, outScale: number, maxEntry: number, stats: FactorStats,
): void {
  let dropped = 0, raised = 0, minRatio = stats[2];
  for (let j = start; j < end; j++) {
    let hjj = scale * h[2 * j] + shift;
    if (!(hjj >= floor)) { hjj = floor; raised++; }
    let s = hjj, psi = 0;
    if (j + 1 < n) {
      let hnn = scale * h[2 * j + 2] + shift;
      if (!(hnn >= floor)) hnn = floor;
      const off = scale * h[2 * j + 1];
      const p = off / hnn, sNext = hjj - off * p;
      if (sNext > delta * hjj && Math.abs(p) <= maxEntry) { s = sNext; psi = p; } else dropped++;
    }
    if (s < minRatio * hjj) minRatio = s / hjj; // divides only when the minimum moves
    f[2 * j] = Math.min(outScale / s, maxEntry);
    f[2 * j + 1] = -psi;
  }
  stats[0] += dropped; stats[1] += raised; stats[2] = minRatio;
}

/**
 * Factor columns [start, end) for any band, picking the fastest kernel per column: band 0 the
 * diagonal, band 1 the tridiagonal closed form, bands 2–8 the unrolled kernel (factor-unrolled.ts) on
 * columns with a full band and factorBandedColumns elsewhere. The choice depends only on the column,
 * so any split into ranges gives the same factor. `work` holds factorScratchLength(band) float64s.
 */
export function factorColumns(
  n: number, band: number, h: FloatArray, f: FloatArray, start: number, end: number,
  scale: number, shift: number, floor: number, delta: number, outScale: number, maxEntry: number,
  work: Float64Array, stats: FactorStats,
): void {
  if (band === 0) return factorDiagonalColumns(h, f, start, end, scale, shift, floor, outScale, maxEntry, stats);
  if (band === 1) return factorTridiagonalColumns(n, h, f, start, end, scale, shift, floor, delta, outScale, maxEntry, stats);
  const unrolled = unrolledFactorKernel(band), split = Math.min(end, n - band);
  if (unrolled !== null && split > start) {
    unrolled(n, h, f, start, split, scale, shift, floor, delta, outScale, maxEntry, stats, factorBandedColumns, work);
    start = split;
  }
  if (start < end) factorBandedColumns(n, band, h, f, start, end, scale, shift, floor, delta, outScale, maxEntry, work, stats);
}

/** Band 0: D_jj = outScale / Ĥ_jj with the same diagonal floor (s_j = Ĥ_jj, ratio 1). */
export function factorDiagonalColumns(
  h: FloatArray, f: FloatArray, start: number, end: number,
  scale: number, shift: number, floor: number, outScale: number, maxEntry: number, stats: FactorStats,
): void {
  for (let j = start; j < end; j++) {
    let d = scale * h[j] + shift;
    if (!(d >= floor)) { d = floor; stats[1]++; }
    f[j] = Math.min(outScale / d, maxEntry);
  }
  if (end > start) stats[2] = Math.min(stats[2], 1);
}

/** H ← β·H + (1 − β)·g gᵀ on the band, columns [start, end): O((end − start)·b). */
export function emaOuterColumns(n: number, band: number, h: FloatArray, g: FloatArray, beta: number, start: number, end: number): void {
  const w = band + 1, a = 1 - beta;
  for (let j = start; j < end; j++) {
    const gj = a * g[j], kMax = Math.min(band, n - 1 - j), base = j * w;
    for (let k = 0; k <= kMax; k++) h[base + k] = beta * h[base + k] + gj * g[j + k];
  }
}
