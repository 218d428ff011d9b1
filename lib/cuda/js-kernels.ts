/**
 * The JavaScript kernels that the CUDA backend falls back to, and the reference for its parity
 * checks: the same functions, same layouts, accumulation in float64, stores rounded to the output's
 * precision. Trusted: index.ts validates. (When the maxtree, sketch, kron and logdet modules land,
 * these can delegate to their kernels; the layouts here are the modules' own.)
 */
import { gemmNT } from '../core/blas.js';
import type { FloatArray } from '../core/matrix.js';

/** C (n × m) = X (n × d) · Wᵀ (W is m × d), all row-major. */
export function innerProductsJs(X: FloatArray, W: FloatArray, n: number, m: number, d: number, C: FloatArray): FloatArray {
  gemmNT(n, m, d, X, W, C);
  return C;
}

/** Recomputes every internal node of n max-trees (each 2M slots, leaves at [M, 2M)) from the leaves. */
export function maxtreeRebuildJs(tree: FloatArray, n: number, M: number): FloatArray {
  for (let t = 0; t < n; t++) {
    const o = t * 2 * M;
    for (let k = M - 1; k >= 1; k--) tree[o + k] = Math.max(tree[o + 2 * k], tree[o + 2 * k + 1]);
  }
  return tree;
}

/** Every j < cols with values[offset + i·stride + j] ≥ tau, per row, ascending: CSR-style starts and indices. */
export function thresholdQueryJs(values: FloatArray, rows: number, cols: number, stride: number, offset: number, tau: number): { starts: Int32Array; indices: Int32Array } {
  const starts = new Int32Array(rows + 1);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const o = offset + i * stride;
    for (let j = 0; j < cols; j++) if (values[o + j] >= tau) total++;
    starts[i + 1] = total;
  }
  const indices = new Int32Array(total);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    const o = offset + i * stride;
    for (let j = 0; j < cols; j++) if (values[o + j] >= tau) indices[k++] = j;
  }
  return { starts, indices };
}

/** The banded LogDet factor X = L D Lᵀ of the band H (n × (b + 1)); see logdet.cu for the layout and the drop rule. */
export function logdetFactorJs(band: FloatArray, n: number, b: number, delta: number, L: FloatArray, D: FloatArray, dropped: Uint8Array): void {
  const w = b + 1;
  const A = new Float64Array(b * b), psi = new Float64Array(b), y = new Float64Array(b);
  for (let j = 0; j < n; j++) {
    const r = Math.min(b, n - 1 - j);
    const hjj = band[j * w];
    for (let p = 0; p < r; p++) {
      y[p] = band[j * w + 1 + p];
      for (let q = 0; q < r; q++) A[p * r + q] = band[(j + 1 + Math.min(p, q)) * w + Math.abs(p - q)];
    }
    let ok = true;
    for (let c = 0; c < r; c++) {
      let diag = A[c * r + c];
      for (let k = 0; k < c; k++) diag -= A[c * r + k] * A[c * r + k];
      if (!(diag > 0)) ok = false;
      const g = Math.sqrt(Math.max(diag, 1e-300));
      A[c * r + c] = g;
      for (let p = c + 1; p < r; p++) {
        let v = A[p * r + c];
        for (let k = 0; k < c; k++) v -= A[p * r + k] * A[c * r + k];
        A[p * r + c] = v / g;
      }
    }
    for (let p = 0; p < r; p++) {
      let v = y[p];
      for (let k = 0; k < p; k++) v -= A[p * r + k] * psi[k];
      psi[p] = v / A[p * r + p];
    }
    for (let p = r - 1; p >= 0; p--) {
      let v = psi[p];
      for (let k = p + 1; k < r; k++) v -= A[k * r + p] * psi[k];
      psi[p] = v / A[p * r + p];
    }
    let s = hjj;
    for (let p = 0; p < r; p++) s -= y[p] * psi[p];
    const drop = r > 0 && (!ok || !(s > delta * hjj));
    for (let p = 0; p < b; p++) L[j * b + p] = p < r && !drop ? -psi[p] : 0;
    D[j] = 1 / (drop || r === 0 ? hjj : s);
    dropped[j] = drop ? 1 : 0;
  }
}

/** u = L D Lᵀ g for the factor of {@link logdetFactorJs}: two banded sweeps, O(n b). */
export function logdetApplyJs(L: FloatArray, D: FloatArray, n: number, b: number, g: FloatArray, u: FloatArray): FloatArray {
  const y = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let v = g[j];
    for (let k = 1; k <= b && j + k < n; k++) v += L[j * b + k - 1] * g[j + k];
    y[j] = D[j] * v;
  }
  if (u instanceof Float32Array) for (let j = 0; j < n; j++) y[j] = Math.fround(y[j]);
  for (let i = 0; i < n; i++) {
    let v = y[i];
    for (let k = 1; k <= b && i - k >= 0; k++) v += L[(i - k) * b + k - 1] * y[i - k];
    u[i] = v;
  }
  return u;
}

/** One mode product: X viewed as pre × p × post, A q × p; Y (pre × q × post)[a, i, c] = Σ_j A[i, j] X[a, j, c]. */
export function modeProductJs(X: FloatArray, A: FloatArray, Y: FloatArray, pre: number, p: number, q: number, post: number): FloatArray {
  const acc = new Float64Array(post);
  for (let a = 0; a < pre; a++) {
    for (let i = 0; i < q; i++) {
      acc.fill(0);
      for (let j = 0; j < p; j++) {
        const aij = A[i * p + j];
        const xo = (a * p + j) * post;
        for (let c = 0; c < post; c++) acc[c] += aij * X[xo + c];
      }
      Y.set(acc, (a * q + i) * post);
    }
  }
  return Y;
}
