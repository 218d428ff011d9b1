/**
 * Training inputs as the trainers see them: n unit vectors in R^d, known through their Gram kernel
 * G = X Xᵀ, inner products with one weight row, and combinations Σ_i c_i x_i. Dense rows, Kronecker
 * products x = a ⊗ b and lifted squares x = vec(x xᵀ) implement the same interface; the structured
 * ones never form x (d = p·q or p²) except to materialize weights or feed a dense baseline.
 */
import { dot, gemmNT } from '../../core/blas.js';
import { checkInteger, checkOneOf, invalidRange, invalidType } from '../../core/errors.js';
import { checkMatrix, type Matrix } from '../../core/matrix.js';
import { kronGram, kronLeafValues, kronPowerGram } from '../../kron/index.js';
import { computeLeaves } from '../../maxtree/inner-products.js';
import { treeLayout } from '../../maxtree/layout.js';
import { kroneckerInitialLeaves } from './initial-leaves.js';
import type { ProgressCallback } from './trainer-types.js';

/** Bounds on the number of inputs n (the n × n solve is O(n³)) and the width m. */
export const MAX_INPUTS = 4096;
export const MAX_WIDTH = 2 ** 24;

export interface TrainingInputs {
  readonly count: number;
  readonly dim: number;
  /** G = X Xᵀ, n × n row-major. */
  gram(): Float64Array;
  /** The n × rows leaf values ⟨w_r, x_i⟩ (row i, column r) of `rows` weights given row-major. */
  leafValues(weights: Float64Array, rows: number): Float64Array;
  /** out += Σ_i c[offset + i] x_i. */
  addCombination(c: Float64Array, offset: number, out: Float64Array): void;
  /** X as a dense n × d row-major array (for the dense baselines). */
  dense(): Float64Array;
  /**
   * The n × m initial leaves ⟨w₀_r, x_i⟩ for a width and seed, built by the inputs themselves
   * (Kronecker inputs: W₀ in bounded pieces through core's GEMM). Absent: the network builds them
   * from blocks of W₀ through `leafValues`.
   */
  initialLeaves?(width: number, seed: number, onProgress?: ProgressCallback): Float64Array;
}

/** Kronecker-structured inputs: x_i = left_i ⊗ right_i (row-major), or x_i = vec(x_i x_iᵀ). */
export type KroneckerInputs =
  | { kind: 'product'; left: Matrix; right: Matrix }
  | { kind: 'square'; x: Matrix };

/** Copies the rows of A into float64 scaled to unit norm; a zero row is a RangeError. */
function unitRows(fn: string, name: string, A: Matrix): Float64Array {
  checkMatrix(fn, name, A);
  checkInteger(fn, `${name}.rows`, A.rows, 1, MAX_INPUTS);
  checkInteger(fn, `${name}.cols`, A.cols, 1);
  const { rows, cols } = A;
  const out = Float64Array.from(A.data);
  for (let i = 0; i < rows; i++) {
    const norm = Math.sqrt(dot(cols, out, i * cols, out, i * cols));
    if (!(norm > 0) || !Number.isFinite(norm)) throw invalidRange(fn, `${name} row ${i}`, 'a nonzero finite vector (inputs are scaled to unit norm)', `norm ${norm}`);
    for (let k = 0; k < cols; k++) out[i * cols + k] /= norm;
  }
  return out;
}

/** ⟨w_r, x_i⟩ for the n unit rows x (n × d) and `rows` weight rows: n × rows, row i for input i. */
export function denseLeafValues(x: Float64Array, n: number, d: number, weights: Float64Array, rows: number): Float64Array {
  const layout = treeLayout(n, rows, d, 'float64'), out = new Float64Array(n * layout.leafStride);
  computeLeaves(x, weights, out, layout, 0, n, 0, rows);
  if (layout.leafStride === rows) return out;
  const packed = new Float64Array(n * rows);
  for (let i = 0; i < n; i++) packed.set(out.subarray(i * layout.leafStride, i * layout.leafStride + rows), i * rows);
  return packed;
}

/** Dense inputs: the rows of X scaled to unit norm. */
export function denseInputs(fn: string, X: Matrix, name = 'X'): TrainingInputs {
  const x = unitRows(fn, name, X);
  const n = X.rows, d = X.cols;
  return {
    count: n, dim: d,
    gram() { const G = new Float64Array(n * n); gemmNT(n, n, d, x, x, G); return G; },
    // The leaf products through maxtree's inner-product kernel (register-blocked; the backend-dispatched
    // GEMM once core has one): about twice core's plain gemmNT here.
    leafValues: (weights, rows) => denseLeafValues(x, n, d, weights, rows),
    addCombination(c, offset, out) {
      for (let i = 0; i < n; i++) { const ci = c[offset + i]; if (ci !== 0) for (let k = 0; k < d; k++) out[k] += ci * x[i * d + k]; }
    },
    dense: () => x,
  };
}

/** Kronecker inputs, each factor scaled to unit norm (so ‖x_i‖ = 1). */
export function kroneckerInputs(fn: string, inputs: KroneckerInputs): TrainingInputs {
  if (inputs === null || typeof inputs !== 'object') throw invalidType(fn, 'inputs', "{ kind: 'product', left, right } or { kind: 'square', x }", inputs);
  const kind = checkOneOf(fn, 'inputs.kind', inputs.kind, ['product', 'square'] as const);
  let left: Float64Array, right: Float64Array, n: number, p: number, q: number;
  if (kind === 'product') {
    const { left: L, right: R } = inputs as { left: Matrix; right: Matrix };
    left = unitRows(fn, 'inputs.left', L);
    right = unitRows(fn, 'inputs.right', R);
    if (R.rows !== L.rows) throw invalidRange(fn, 'inputs.right.rows', `inputs.left.rows (${L.rows})`, R.rows);
    n = L.rows; p = L.cols; q = R.cols;
  } else {
    const X = (inputs as { x: Matrix }).x;
    left = right = unitRows(fn, 'inputs.x', X);
    n = X.rows; p = q = X.cols;
  }
  const d = p * q;
  const factorL: Matrix = { rows: n, cols: p, data: left }, factorR: Matrix = { rows: n, cols: q, data: right };
  let denseCache: Float64Array | undefined;
  return {
    count: n, dim: d,
    // G_ij = ⟨l_i, l_j⟩⟨r_i, r_j⟩ in O(n²(p + q)), and leaves lᵀ Mat(w) r by blocked products: never forming x.
    gram: () => (kind === 'product' ? kronGram([factorL, factorR]) : kronPowerGram(factorL, 2)).data as Float64Array,
    leafValues: (weights, rows) => kronLeafValues({ rows, cols: d, data: weights }, [factorL, factorR]).data as Float64Array,
    // xᵀ W_r x (aᵀ W_r b) for every neuron, W₀ regenerated in pieces of bounded size: memory independent of d.
    initialLeaves: (width, seed, onProgress) => kroneckerInitialLeaves(left, right, n, p, q, width, seed, onProgress),
    addCombination(c, offset, out) {
      for (let i = 0; i < n; i++) {
        const ci = c[offset + i];
        if (ci === 0) continue;
        for (let a = 0; a < p; a++) {
          const s = ci * left[i * p + a];
          for (let b = 0; b < q; b++) out[a * q + b] += s * right[i * q + b];
        }
      }
    },
    dense() {
      if (!denseCache) {
        denseCache = new Float64Array(n * d);
        const e = new Float64Array(n);
        for (let i = 0; i < n; i++) { e.fill(0); e[i] = 1; this.addCombination(e, 0, denseCache.subarray(i * d, (i + 1) * d)); }
      }
      return denseCache;
    },
  };
}

/** Dense rows, or Kronecker-structured inputs (the SGD trainers take either). */
export type SgdInputs = Matrix | KroneckerInputs;

/** SGD trainers' inputs: a Matrix as dense rows, `{ kind, … }` as Kronecker inputs. */
export function sgdInputs(fn: string, inputs: SgdInputs): TrainingInputs {
  if (inputs === null || typeof inputs !== 'object') throw invalidType(fn, 'inputs', "a Matrix, { kind: 'product', left, right } or { kind: 'square', x }", inputs);
  return 'kind' in inputs ? kroneckerInputs(fn, inputs) : denseInputs(fn, inputs as Matrix);
}
