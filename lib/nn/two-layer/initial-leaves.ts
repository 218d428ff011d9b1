/**
 * The initial leaves z_{i,r} = ⟨w₀_r, x_i⟩ of the implicit-weight trainers, the O(m·n·d) part of
 * building one. W₀ is regenerated from the seed in pieces of at most INIT_BLOCK_CELLS entries and
 * never stored, so the build's memory is the n × m leaves plus a fixed budget, whatever d is.
 * For x = a ⊗ b (and x = vec(x xᵀ), a = b = x) W₀ is read as (m·p) × q, row (r, a) being row a of the
 * p × q reshaping W_r of w₀_r: core's GEMM gives T = B·W_pieceᵀ (n × units), so T[i, (r, a)] =
 * (W_r b_i)_a, and z_{i,r} = Σ_a a_i[a]·T[i, (r, a)] (aᵀ W_r b; xᵀ W_r x for squares).
 */
import { gemm } from '../../core/kernels/ops.js';
import { invalidRange } from '../../core/errors.js';
import type { ProgressCallback } from './trainer-types.js';
import { forEachInitialChunk, INIT_BLOCK_CELLS, INIT_BLOCK_ROWS } from './shifted-relu.js';

/**
 * Largest build work m·d·(n + GAUSSIAN_COST) accepted: 2^40 ≈ 1.1·10^12 multiply-add equivalents.
 * On the 2-core machine the trainers are benchmarked on, core's GEMM op (wasm backend) runs the
 * build's products at 5.5–8·10^9 multiply-adds a CPU second and the seeded Gaussians at 2–3·10^7
 * draws (benchmarks/kronecker-digits.bench.ts measures both side by side), so 2^40 is two to four
 * CPU minutes, the longest a constructor should run (several times that on the js backend or in
 * wall time on a shared machine).
 */
export const MAX_BUILD_WORK = 2 ** 40;

/** One seeded Gaussian draw costs about as much as 250 multiply-adds of the wasm GEMM (40 of the js one; kronecker-digits measures both side by side). */
export const GAUSSIAN_COST = 256;

/** The work of building the leaves: m·d Gaussian draws and m·n·d multiply-adds, in multiply-adds. */
export function buildWork(width: number, count: number, dim: number): number {
  return width * dim * (count + GAUSSIAN_COST);
}

/**
 * A RangeError (package template) when m·d·(n + 256) > 2^40: drawing and multiplying W₀ would not
 * finish in reasonable time. Checked before anything is allocated.
 */
export function checkBuildWork(fn: string, width: number, count: number, dim: number): void {
  if (buildWork(width, count, dim) <= MAX_BUILD_WORK) return;
  const most = Math.floor(MAX_BUILD_WORK / (dim * (count + GAUSSIAN_COST)));
  throw invalidRange(fn, 'options.width',
    `at most ${most} for n = ${count} inputs of dimension d = ${dim} (building the initial leaves draws m·d Gaussians and makes m·n·d multiply-adds: m·d·(n + ${GAUSSIAN_COST}) must be ≤ 2^40, a few CPU minutes here)`,
    width);
}

/**
 * The n × m leaves of x_i = left_i ⊗ right_i (left n × p, right n × q, row-major, both float64),
 * W₀ regenerated in pieces of at most INIT_BLOCK_CELLS entries and multiplied through core's GEMM.
 * Scratch: one piece (≤ `cells` + q entries) and T (≤ `cells` + n entries). The result does not
 * depend on `cells`: every leaf sums its p terms in the same order whatever the pieces.
 */
export function kroneckerInitialLeaves(
  left: Float64Array, right: Float64Array, n: number, p: number, q: number, width: number, seed: number,
  onProgress?: ProgressCallback, cells = INIT_BLOCK_CELLS,
): Float64Array {
  const leaves = new Float64Array(n * width);
  // At most INIT_BLOCK_ROWS neurons a piece (the cadence of every trainer's progress reports), fewer when the budget says so.
  const maxUnits = Math.max(1, Math.min(Math.floor(cells / q), Math.floor(cells / n), Math.min(width, INIT_BLOCK_ROWS) * p));
  const T = new Float64Array(n * maxUnits);
  let reported = 0;
  forEachInitialChunk(width * p * q, q, seed, maxUnits, (g0, units, chunk) => {
    gemm(false, true, n, units, q, right, 0, q, chunk, 0, q, T, 0, units, false); // T[i, j] = ⟨right_i, row g0 + j of W₀ as (m·p) × q⟩
    const r0 = Math.floor(g0 / p), a0 = g0 - r0 * p;
    for (let i = 0; i < n; i++) {
      const li = i * p, ti = i * units, zi = i * width;
      let r = r0, a = a0, z = leaves[zi + r];
      for (let j = 0; j < units; j++) {
        z += left[li + a] * T[ti + j];
        if (++a === p) { leaves[zi + r] = z; a = 0; r++; z = r < width ? leaves[zi + r] : 0; }
      }
      if (a !== 0) leaves[zi + r] = z;
    }
    const done = Math.floor((g0 + units) / p);
    if (onProgress && done > reported) { reported = done; onProgress(done, width); }
  });
  return leaves;
}
