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

/** Tridiagonal fused step: O(n) with a handful of flops per entry. */
export function sonewStepTridiagonal(n: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c: SonewStepScalars, stats: Float64Array): void {
  const { beta1, beta2, correction1: c1, correction2: c2, eps, adamEps, floor, delta, maxEntry } = c;
  const a1 = 1 - beta1, a2 = 1 - beta2;
  let uu = 0, aa = 0, dropped = 0, minRatio = stats[3];
  if (n === 0) { stats[0] = 0; stats[1] = 0; return; }
  // Column 0 ahead of the loop; column j+1 is updated at step j.
  let gNext = g[0];
  let mNext = beta1 * mu[0] + a1 * gNext; mu[0] = mNext;
  let hNext = beta2 * h[0] + a2 * gNext * gNext; h[0] = hNext;
  let lPrev = 0, uPrev = 0;
  for (let j = 0; j < n; j++) {
    const mj = mNext * c1, hRaw = hNext;
    let hjj = hRaw * c2 + eps;
    if (!(hjj >= floor)) hjj = floor;
    let s = hjj, l = 0, t = mj;
    if (j + 1 < n) {
      const gj = gNext;
      gNext = g[j + 1];
      mNext = beta1 * mu[j + 1] + a1 * gNext; mu[j + 1] = mNext;
      const off = beta2 * h[2 * j + 1] + a2 * gj * gNext; h[2 * j + 1] = off;
      hNext = beta2 * h[2 * j + 2] + a2 * gNext * gNext; h[2 * j + 2] = hNext;
      let hnn = hNext * c2 + eps;
      if (!(hnn >= floor)) hnn = floor;
      const offc = off * c2, p = offc / hnn, sNext = hjj - offc * p;
      if (sNext > delta * hjj && Math.abs(p) <= maxEntry) { s = sNext; l = -p; t += l * (mNext * c1); } else dropped++;
    }
    const ratio = s / hjj;
    if (ratio < minRatio) minRatio = ratio;
    const u = Math.min(1 / s, maxEntry) * t;
    const o = u + lPrev * uPrev;
    out[j] = o;
    uu += o * o;
    const adam = mj / (Math.sqrt(hRaw * c2) + adamEps);
    aa += adam * adam;
    lPrev = l; uPrev = u;
  }
  stats[0] = uu; stats[1] = aa; stats[2] += dropped; stats[3] = minRatio;
}

/** Scratch float64s sonewStepBanded needs for `band`. */
export function sonewScratchLength(band: number): number {
  return band * band + 2 * band + 2 * (band + 1) * (band + 1);
}

/**
 * Fused step for any band ≥ 1 (O(b³) per column for the factor, O(b) for the rest).
 * `work` holds sonewScratchLength(band) float64s.
 */
export function sonewStepBanded(n: number, band: number, g: FloatArray, mu: FloatArray, h: FloatArray, out: FloatArray, c: SonewStepScalars, stats: Float64Array, work: Float64Array): void {
  const { beta1, beta2, correction1: c1, correction2: c2, eps, adamEps, floor, delta, maxEntry } = c;
  const a1 = 1 - beta1, a2 = 1 - beta2, w = band + 1;
  const C = 0, W = band * band, P = W + band, LR = P + band, UR = LR + w * w; // L ring (w columns × w), u ring (w)
  let uu = 0, aa = 0, dropped = 0, minRatio = stats[3];
  // Columns 0 … band−1 (and their moments) ahead of the loop; column j+band is updated at step j.
  const ahead = (col: number) => {
    const gc = g[col];
    mu[col] = beta1 * mu[col] + a1 * gc;
    const kMax = Math.min(band, n - 1 - col), base = col * w, ag = a2 * gc;
    for (let k = 0; k <= kMax; k++) h[base + k] = beta2 * h[base + k] + ag * g[col + k];
  };
  for (let col = 0; col < Math.min(band, n); col++) ahead(col);
  let slot = 0; // ring slot of column j
  for (let j = 0; j < n; j++) {
    if (j + band < n) ahead(j + band);
    const m = Math.min(band, n - 1 - j), base = j * w;
    const hRaw = h[base];
    let hjj = hRaw * c2 + eps;
    if (!(hjj >= floor)) hjj = floor;
    let s = hjj, mEff = 0;
    for (let k = 0; k < m; k++) {
      let akk = h[(j + 1 + k) * w] * c2 + eps;
      if (!(akk >= floor)) akk = floor;
      let pivot = akk;
      for (let i = 0; i < k; i++) {
        let v = c2 * h[(j + 1 + i) * w + (k - i)];
        for (let q = 0; q < i; q++) v -= work[C + k * band + q] * work[C + i * band + q];
        v /= work[C + i * band + i];
        work[C + k * band + i] = v;
        pivot -= v * v;
      }
      if (!(pivot > delta * akk)) break;
      const ckk = Math.sqrt(pivot);
      work[C + k * band + k] = ckk;
      let wk = c2 * h[base + k + 1];
      for (let q = 0; q < k; q++) wk -= work[C + k * band + q] * work[W + q];
      wk /= ckk;
      const sNext = s - wk * wk;
      if (!(sNext > delta * hjj)) break;
      work[W + k] = wk;
      s = sNext;
      mEff = k + 1;
    }
    for (;;) {
      let fits = true;
      for (let k = mEff - 1; k >= 0; k--) {
        let v = work[W + k];
        for (let q = k + 1; q < mEff; q++) v -= work[C + q * band + k] * work[P + q];
        v /= work[C + k * band + k];
        work[P + k] = v;
        if (!(Math.abs(v) <= maxEntry)) fits = false;
      }
      if (fits) break;
      mEff--;
      s = hjj;
      for (let k = 0; k < mEff; k++) s -= work[W + k] * work[W + k];
    }
    dropped += m - mEff;
    const ratio = s / hjj;
    if (ratio < minRatio) minRatio = ratio;
    // t = (Lᵀ m̂)_j, u_j = D_j t; store L[j+k][j] in the ring.
    const mj = mu[j] * c1;
    let t = mj;
    const lr = LR + slot * w;
    for (let k = 1; k <= band; k++) {
      const l = k <= mEff ? -work[P + k - 1] : 0;
      work[lr + k] = l;
      if (l !== 0) t += l * (mu[j + k] * c1);
    }
    const u = Math.min(1 / s, maxEntry) * t;
    work[UR + slot] = u;
    // out_j = u_j + Σ_k L[j][j−k] u_{j−k}.
    let o = u;
    const kBack = Math.min(band, j);
    for (let k = 1; k <= kBack; k++) {
      const sl = slot >= k ? slot - k : slot - k + w;
      o += work[LR + sl * w + k] * work[UR + sl];
    }
    out[j] = o;
    uu += o * o;
    const adam = mj / (Math.sqrt(hRaw * c2) + adamEps);
    aa += adam * adam;
    slot = slot + 1 === w ? 0 : slot + 1;
  }
  stats[0] = uu; stats[1] = aa; stats[2] += dropped; stats[3] = minRatio;
}
