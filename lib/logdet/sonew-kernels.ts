/**
 * The fused SONew step over raw typed arrays (trusted; the optim layer validates). One forward pass per
 * column j does: the EMA of the first moment and of g gᵀ on the band (one column ahead), the column's
 * LogDet factor (the rule of kernels.ts), u = X m̂ by the gather form of L D Lᵀ, and the norms needed
 * for grafting. Ranges are independent given a halo of `band` columns, but this runs on [0, n).
 *
 * `out[stats]` after the call: stats[0] = ‖u‖², stats[1] = ‖Adam direction‖², stats[2] += dropped
 * edges, stats[3] = min(stats[3], s_j/Ĥ_jj).
 */
import type { FloatArray } from '../core/matrix.js';
import { unrolledKernel } from './sonew-unrolled.js';

/** Hyperparameters of one fused step, bias corrections included. */
export interface SonewStepScalars {
  beta1: number;
  beta2: number;
  /** 1 / (1 − β₁ᵗ) and 1 / (1 − β₂ᵗ). */
  correction1: number;
  correction2: number;
  /** Damping added to the diagonal of the bias-corrected statistics. */
  eps: number;
  /** ε of the Adam direction m̂ / (√v̂ + ε) used for grafting. */
  adamEps: number;
  /** Smallest diagonal after damping (> 0), the edge-dropping δ, the largest storable entry. */
  floor: number;
  delta: number;
  maxEntry: number;
}

/**
 * Tridiagonal fused step: O(n), two divisions and one square root per entry. Requires
 * floor·delta·maxEntry ≥ 1, so 1/s_j ≤ maxEntry without a clamp.
 */
export function sonewStepTridiagonal(n: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c: SonewStepScalars, stats: Float64Array): void {
  const beta1 = c.beta1, beta2 = c.beta2, c1 = c.correction1, c2 = c.correction2, eps = c.eps, adamEps = c.adamEps, floor = c.floor, delta = c.delta;
  const a1 = 1 - beta1, a2 = 1 - beta2;
  let uu = 0, aa = 0, dropped = 0, minRatio = stats[3];
  if (n === 0) { stats[0] = 0; stats[1] = 0; return; }
  // Column 0 ahead of the loop; column j+1 (moment, diagonal, and the edge j–j+1) at step j.
  let gj = g[0];
  let mj = beta1 * mu[0] + a1 * gj; mu[0] = mj;
  let hRaw = beta2 * h[0] + a2 * gj * gj; h[0] = hRaw;
  let hjj = hRaw * c2 + eps;
  if (!(hjj >= floor)) hjj = floor;
  let lPrev = 0, uPrev = 0;
  for (let j = 0; j < n - 1; j++) {
    const gn = g[j + 1];
    const mn = beta1 * mu[j + 1] + a1 * gn; mu[j + 1] = mn;
    const off = beta2 * h[2 * j + 1] + a2 * gj * gn; h[2 * j + 1] = off;
    const hnRaw = beta2 * h[2 * j + 2] + a2 * gn * gn; h[2 * j + 2] = hnRaw;
    let hnn = hnRaw * c2 + eps;
    if (!(hnn >= floor)) hnn = floor;
    const offc = off * c2, p = offc / hnn;
    let s = hjj - offc * p, l = -p;
    if (!(s > delta * hjj)) { s = hjj; l = 0; dropped++; }
    if (s < minRatio * hjj) minRatio = s / hjj; // divides only when the minimum moves
    const mh = mj * c1;
    const u = (mh + l * (mn * c1)) / s;
    const o = u + lPrev * uPrev;
    out[j] = o;
    uu += o * o;
    const adam = mh / (Math.sqrt(hRaw * c2) + adamEps);
    aa += adam * adam;
    lPrev = l; uPrev = u;
    gj = gn; mj = mn; hRaw = hnRaw; hjj = hnn;
  }
  // Last column: no edge below it.
  const mh = mj * c1, u = mh / hjj, o = u + lPrev * uPrev;
  out[n - 1] = o;
  uu += o * o;
  const adam = mh / (Math.sqrt(hRaw * c2) + adamEps);
  aa += adam * adam;
  if (1 < minRatio) minRatio = 1;
  stats[0] = uu; stats[1] = aa; stats[2] += dropped; stats[3] = minRatio;
}

/** Scratch float64s sonewStepBanded needs for `band`. */
export function sonewScratchLength(band: number): number {
  return band * band + 4 * band;
}

/**
 * Fused step for any band ≥ 1. `work` holds sonewScratchLength(band) float64s. Same precondition as
 * the tridiagonal step. Columns with a full band run in a kernel specialized to `band` (unrolled,
 * see sonew-unrolled.ts) when one is available, the last 2·band columns in the generic loop below.
 * `stats` must be [0, 0, 0, Infinity] on entry.
 */
export function sonewStepBanded(n: number, band: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c: SonewStepScalars, stats: Float64Array, work: Float64Array): void {
  const w = band + 1, a1 = 1 - c.beta1, a2 = 1 - c.beta2;
  // Statistics and moments of columns 0 … band−1 ahead of everything; column j+band at step j.
  for (let col = 0; col < Math.min(band, n); col++) aheadColumn(n, band, w, g, mu, h, c.beta1, a1, c.beta2, a2, col);
  const pend = work.subarray(band * band + 3 * band, band * band + 4 * band).fill(0);
  let start = 0;
  const unrolled = unrolledKernel(band);
  if (unrolled !== null && n > 2 * band) {
    unrolled(n, g, mu, h, out, c.correction1, c.correction2, c.beta1, c.beta2, c.eps, c.adamEps, c.floor, c.delta, stats, pend);
    start = n - 2 * band;
  }
  sonewColumnsGeneric(n, band, g, mu, h, out, c, stats, work, pend, start, n);
}

function aheadColumn(n: number, band: number, w: number, g: FloatArray, mu: FloatArray, h: FloatArray, beta1: number, a1: number, beta2: number, a2: number, col: number): void {
  const gc = g[col];
  mu[col] = beta1 * mu[col] + a1 * gc;
  const kMax = Math.min(band, n - 1 - col), hb = col * w, ag = a2 * gc;
  for (let k = 0; k <= kMax; k++) h[hb + k] = beta2 * h[hb + k] + ag * g[col + k];
}

/**
 * Columns [start, end) of the fused step, any band, generic loops. `pend[k]` carries
 * Σ L[j+k+1][i] u_i over the columns i < j already done (the scatter form of the product by L).
 */
export function sonewColumnsGeneric(
  n: number, band: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c: SonewStepScalars,
  stats: Float64Array, work: Float64Array, pend: Float64Array, start: number, end: number,
): void {
  const beta1 = c.beta1, beta2 = c.beta2, c1 = c.correction1, c2 = c.correction2, eps = c.eps, adamEps = c.adamEps, floor = c.floor, delta = c.delta;
  const a1 = 1 - beta1, a2 = 1 - beta2, w = band + 1;
  // C: m×m lower Cholesky factor of Ĥ_II (row stride band); R: reciprocals of its diagonal; W: C⁻¹Ĥ_Ij; P: ψ.
  const C = 0, R = band * band, W = R + band, P = W + band;
  let uu = 0, aa = 0, dropped = 0, minRatio = stats[3];
  for (let j = start; j < end; j++) {
    if (j + band < n) aheadColumn(n, band, w, g, mu, h, beta1, a1, beta2, a2, j + band);
    const m = Math.min(band, n - 1 - j), base = j * w;
    const hRaw = h[base];
    let hjj = hRaw * c2 + eps;
    if (!(hjj >= floor)) hjj = floor;
    let s = hjj, mEff = 0;
    for (let k = 0; k < m; k++) {
      let akk = h[(j + 1 + k) * w] * c2 + eps;
      if (!(akk >= floor)) akk = floor;
      let pivot = akk;
      const rowK = C + k * band;
      for (let i = 0; i < k; i++) {
        let v = c2 * h[(j + 1 + i) * w + (k - i)];
        const rowI = C + i * band;
        for (let q = 0; q < i; q++) v -= work[rowK + q] * work[rowI + q];
        v *= work[R + i];
        work[rowK + i] = v;
        pivot -= v * v;
      }
      if (!(pivot > delta * akk)) break;
      const rk = 1 / Math.sqrt(pivot);
      work[R + k] = rk;
      let wk = c2 * h[base + k + 1];
      for (let q = 0; q < k; q++) wk -= work[rowK + q] * work[W + q];
      wk *= rk;
      const sNext = s - wk * wk;
      if (!(sNext > delta * hjj)) break;
      work[W + k] = wk;
      s = sNext;
      mEff = k + 1;
    }
    for (let k = mEff - 1; k >= 0; k--) {
      let v = work[W + k];
      for (let q = k + 1; q < mEff; q++) v -= work[C + q * band + k] * work[P + q];
      work[P + k] = v * work[R + k];
    }
    dropped += m - mEff;
    if (s < minRatio * hjj) minRatio = s / hjj; // divides only when the minimum moves
    // u_j = D_j (Lᵀ m̂)_j with L[j+k][j] = −ψ_{k−1}; out_j = u_j + pend[0]; pend shifts by one column.
    const mh = mu[j] * c1;
    let t = mh;
    for (let k = 1; k <= mEff; k++) t -= work[P + k - 1] * (mu[j + k] * c1);
    const u = t / s;
    const o = u + pend[0];
    for (let k = 0; k < band - 1; k++) pend[k] = pend[k + 1] - (k < mEff ? work[P + k] * u : 0);
    pend[band - 1] = band - 1 < mEff ? -work[P + band - 1] * u : 0;
    out[j] = o;
    uu += o * o;
    const adam = mh / (Math.sqrt(hRaw * c2) + adamEps);
    aa += adam * adam;
  }
  stats[0] += uu; stats[1] += aa; stats[2] += dropped; stats[3] = minRatio;
}
