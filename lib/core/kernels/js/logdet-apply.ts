/**
 * The js backend's banded LogDet apply (moved from lib/logdet/kernels.ts applyBandedFactor): X v for
 * X = L D Lᵀ stored as a banded factor, on a range of rows, in one forward pass. float64 products and
 * sums whatever the storage; each output rounded once to out's dtype.
 */
import type { FloatArray } from '../../matrix.js';

/** The pending sums Σ_k L[i][i−k] u_{i−k} of the rows still to come (one per thread, grown as needed). */
let pending = new Float64Array(8);

/**
 * See LogdetApplyKernel. u_i = D_i (v_i + Σ_k L[i+k][i] v_{i+k}), out_i = u_i + Σ_k L[i][i−k] u_{i−k}
 * (the second sum carried in `pending` as rows are done). A range first redoes the `band` rows before
 * it, so ranges run independently; out === v works on the full range [0, n) (v_i is last read at
 * step i, before out_i is written).
 */
export function logdetApplyJs<T extends FloatArray>(
  n: number, band: number, f: FloatArray, of: number, v: FloatArray, ov: number, out: T, oo: number, start: number, end: number,
): T {
  if (pending.length < band) pending = new Float64Array(band);
  const w = band + 1, work = pending;
  for (let k = 0; k < band; k++) work[k] = 0;
  for (let i = Math.max(0, start - band); i < end; i++) {
    const base = of + i * w, kMax = Math.min(band, n - 1 - i);
    let t = v[ov + i];
    for (let k = 1; k <= kMax; k++) t += f[base + k] * v[ov + i + k];
    const u = f[base] * t;
    if (i >= start) out[oo + i] = band > 0 ? u + work[0] : u;
    // Shift the pending sums by one row and add column i's contributions L[i+k][i]·u_i.
    for (let k = 0; k < band - 1; k++) work[k] = work[k + 1] + f[base + k + 1] * u;
    if (band > 0) work[band - 1] = f[base + band] * u;
  }
  return out;
}
