/**
 * Trusted inner-product kernels that fill the leaves: leaf (t, j) = ⟨data row t, weight row j⟩.
 * Every leaf is one float64 sum over k = 0 … d−1 in order, whichever kernel computes it (the blocked
 * one keeps eight such sums in flight), so init, update and a plain loop agree to the last bit.
 * Float32 storage: products and sums in float64, the leaf rounded once when stored.
 */
import type { FloatArray } from '../core/matrix.js';
import type { TreeLayout } from './layout.js';

/** Floating-point operations of the inner products of `trees` data rows with `weights` weight rows. */
export function innerProductFlops(trees: number, weights: number, d: number): number {
  return 2 * trees * weights * d;
}

/** The plain ordered sum Σ_k x[xo + k]·w[wo + k]: the reference every kernel here reproduces exactly. */
export function orderedDot(d: number, x: ArrayLike<number>, xo: number, w: ArrayLike<number>, wo: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += x[xo + k] * w[wo + k];
  return s;
}

const TREE_TILE = 16;

/**
 * Leaves of trees [treeStart, treeEnd) at weight rows [weightStart, weightEnd): a register-blocked
 * product of 2 data rows × 4 weight rows (eight independent sums per pass over k), over tiles of 16
 * data rows so they stay in cache while the weight rows stream past.
 */
export function computeLeaves(
  data: FloatArray, weights: FloatArray, leaves: FloatArray, layout: TreeLayout,
  treeStart: number, treeEnd: number, weightStart: number, weightEnd: number,
): void {
  const d = layout.d, stride = layout.leafStride;
  for (let t0 = treeStart; t0 < treeEnd; t0 += TREE_TILE) {
    const t1 = Math.min(t0 + TREE_TILE, treeEnd);
    let j = weightStart;
    for (; j + 3 < weightEnd; j += 4) {
      const w0 = j * d, w1 = w0 + d, w2 = w1 + d, w3 = w2 + d;
      let t = t0;
      for (; t + 1 < t1; t += 2) {
        const x0 = t * d, x1 = x0 + d;
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (let k = 0; k < d; k++) {
          const a = data[x0 + k], b = data[x1 + k];
          const p = weights[w0 + k], q = weights[w1 + k], r = weights[w2 + k], s = weights[w3 + k];
          s00 += a * p; s01 += a * q; s02 += a * r; s03 += a * s;
          s10 += b * p; s11 += b * q; s12 += b * r; s13 += b * s;
        }
        const l0 = t * stride + j, l1 = l0 + stride;
        leaves[l0] = s00; leaves[l0 + 1] = s01; leaves[l0 + 2] = s02; leaves[l0 + 3] = s03;
        leaves[l1] = s10; leaves[l1 + 1] = s11; leaves[l1 + 2] = s12; leaves[l1 + 3] = s13;
      }
      if (t < t1) {
        const x0 = t * d;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let k = 0; k < d; k++) {
          const a = data[x0 + k];
          s0 += a * weights[w0 + k]; s1 += a * weights[w1 + k]; s2 += a * weights[w2 + k]; s3 += a * weights[w3 + k];
        }
        const l0 = t * stride + j;
        leaves[l0] = s0; leaves[l0 + 1] = s1; leaves[l0 + 2] = s2; leaves[l0 + 3] = s3;
      }
    }
    for (; j < weightEnd; j++) {
      for (let t = t0; t < t1; t++) leaves[t * stride + j] = orderedDot(d, data, t * d, weights, j * d);
    }
  }
}

/**
 * Recomputes the leaves at weight rows `columns[0..count)` (repeats allowed) in trees
 * [treeStart, treeEnd): four data rows against one weight row per pass. The heaps are not touched
 * (follow with applySchedule).
 */
export function refreshLeaves(
  data: FloatArray, weights: FloatArray, leaves: FloatArray, layout: TreeLayout,
  columns: ArrayLike<number>, count: number, treeStart: number, treeEnd: number,
): void {
  const d = layout.d, stride = layout.leafStride;
  for (let q = 0; q < count; q++) {
    const j = columns[q], w = j * d;
    let t = treeStart;
    for (; t + 3 < treeEnd; t += 4) {
      const x0 = t * d, x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < d; k++) {
        const z = weights[w + k];
        s0 += data[x0 + k] * z; s1 += data[x1 + k] * z; s2 += data[x2 + k] * z; s3 += data[x3 + k] * z;
      }
      const l = t * stride + j;
      leaves[l] = s0; leaves[l + stride] = s1; leaves[l + 2 * stride] = s2; leaves[l + 3 * stride] = s3;
    }
    for (; t < treeEnd; t++) leaves[t * stride + j] = orderedDot(d, data, t * d, weights, w);
  }
}
