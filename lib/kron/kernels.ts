/**
 * Trusted kernels of the Kronecker trick (no validation: the public layer validates once). Safe to
 * call from a worker on views of SharedArrayBuffers: every kernel reads and writes only the arrays it
 * is given, and `modeProduct` takes a range of the outer index so a pool can split one mode product
 * over workers (with a barrier between modes), or split right-hand sides across calls of `kronApply`.
 *
 * Ordering convention (row-major): an operand of length Π q_k is the tensor x[j_1, …, j_K] with j_1
 * slowest, and (A_1 ⊗ … ⊗ A_K) x is y[i_1, …, i_K] = Σ_j Π_k A_k[i_k, j_k] x[j_1, …, j_K]. For two
 * factors this is (A ⊗ B) vec_r(X) = vec_r(A X Bᵀ).
 */
import type { DenseArray as Readable, FloatArray } from '../core/matrix.js';

/**
 * One mode product on a row-major tensor viewed as (L, q, R):
 * out[l, i, r] = Σ_j op(A)[i, j] · x[l, j, r] for l in [lStart, lEnd), i < p, r < R, where op(A) is
 * p × q: `a` stored p × q row-major, or stored q × p and read transposed when `transposeA`.
 * Writes only out[lStart·p·R, lEnd·p·R). With R > 1 it accumulates in `out`, so give a Float64Array
 * for float64 accumulation. Trusts its inputs (no checks).
 *
 * @param L - outer size (product of the dims before this mode); p, q: op(A)'s rows and columns;
 * R - inner size (product of the dims after this mode, times the number of right-hand sides).
 * @param a - the factor's row-major data; transposeA: read it as stored q × p and transposed.
 * @param x - the (L, q, R) input; out: the (L, p, R) output (not aliasing x).
 * @param lStart - first outer index to compute (default 0); lEnd: one past the last (default L).
 * @returns `out`.
 * @throws nothing: bad sizes give garbage, not errors.
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * // (I₂ ⊗ A) x for A = [[1, 1], [0, 1]]: mode 2 of a 2 × 2 tensor, split in two halves as two workers would.
 * const a = Float64Array.of(1, 1, 0, 1), x = Float64Array.of(1, 2, 3, 4), out = new Float64Array(4);
 * kernels.modeProduct(2, 2, 2, 1, a, false, x, out, 0, 1);
 * kernels.modeProduct(2, 2, 2, 1, a, false, x, out, 1, 2);
 * console.log(out); // Float64Array [3, 2, 7, 4]
 * ```
 */
export function modeProduct(
  L: number, p: number, q: number, R: number, a: Readable, transposeA: boolean,
  x: Readable, out: FloatArray, lStart = 0, lEnd = L,
): FloatArray {
  if (R === 1 && !transposeA) {
    // out[l, i] = ⟨A[i, :], x[l, :]⟩: contiguous dot products in 2 × 2 tiles (two rows of A against
    // two fibres of x), so each load feeds two multiply-adds.
    let l = lStart;
    for (; l + 1 < lEnd; l += 2) {
      const x0 = l * q, x1 = x0 + q, o0 = l * p, o1 = o0 + p;
      let i = 0;
      for (; i + 1 < p; i += 2) {
        const a0 = i * q, a1 = a0 + q;
        let s00 = 0, s01 = 0, s10 = 0, s11 = 0;
        for (let j = 0; j < q; j++) {
          const u = a[a0 + j], v = a[a1 + j], y0 = x[x0 + j], y1 = x[x1 + j];
          s00 += u * y0; s01 += u * y1; s10 += v * y0; s11 += v * y1;
        }
        out[o0 + i] = s00; out[o1 + i] = s01; out[o0 + i + 1] = s10; out[o1 + i + 1] = s11;
      }
      if (i < p) out[o0 + i] = dotRows(q, a, i * q, x, x0), out[o1 + i] = dotRows(q, a, i * q, x, x1);
    }
    if (l < lEnd) for (let i = 0; i < p; i++) out[l * p + i] = dotRows(q, a, i * q, x, l * q);
    return out;
  }
  if (R === 1) {
    // out[l, :] = Σ_j x[l, j] · a[j, :]: rank-one rows of the stored q × p matrix.
    for (let l = lStart; l < lEnd; l++) {
      const xo = l * q, oo = l * p;
      out.fill(0, oo, oo + p);
      for (let j = 0; j < q; j++) {
        const c = x[xo + j];
        if (c === 0) continue;
        const ao = j * p;
        for (let i = 0; i < p; i++) out[oo + i] += c * a[ao + i];
      }
    }
    return out;
  }
  // R > 1: out[l, i, :] = Σ_j op(A)[i, j] · x[l, j, :], contiguous rows of length R, four rows of x
  // per pass so each entry of out is loaded and stored q/4 times instead of q times.
  const rowStride = transposeA ? 1 : q, colStride = transposeA ? p : 1;
  for (let l = lStart; l < lEnd; l++) {
    for (let i = 0; i < p; i++) {
      const oo = (l * p + i) * R, ai = i * rowStride;
      out.fill(0, oo, oo + R);
      let j = 0;
      for (; j + 3 < q; j += 4) {
        const c0 = a[ai + j * colStride], c1 = a[ai + (j + 1) * colStride];
        const c2 = a[ai + (j + 2) * colStride], c3 = a[ai + (j + 3) * colStride];
        const x0 = (l * q + j) * R, x1 = x0 + R, x2 = x1 + R, x3 = x2 + R;
        for (let r = 0; r < R; r++) out[oo + r] += c0 * x[x0 + r] + c1 * x[x1 + r] + c2 * x[x2 + r] + c3 * x[x3 + r];
      }
      for (; j < q; j++) {
        const c = a[ai + j * colStride];
        if (c === 0) continue;
        const xo = (l * q + j) * R;
        for (let r = 0; r < R; r++) out[oo + r] += c * x[xo + r];
      }
    }
  }
  return out;
}

function dotRows(n: number, a: Readable, ao: number, x: Readable, xo: number): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[ao + j] * x[xo + j];
  return s;
}

/** One step of a plan: the mode product with factor `factor` on the tensor viewed as (L, p, q, R). */
export interface KronStep {
  readonly factor: number;
  readonly L: number;
  readonly p: number;
  readonly q: number;
  readonly R: number;
}

/** The steps of one Kronecker product, and the buffer sizes they need. */
export interface KronPlan {
  readonly steps: readonly KronStep[];
  /** Length of the input: Π (input dims) · rhs. */
  readonly inputLength: number;
  /** Length of the output: Π (output dims) · rhs. */
  readonly outputLength: number;
  /** Length each of the two work buffers needs: the largest intermediate. */
  readonly workLength: number;
}

/**
 * Plans (⊗_k op(A_k)) X for factors of shape rows[k] × cols[k] (op = transpose when `transpose`) and
 * `rhs` right-hand sides stored as the trailing, fastest axis. Mode products commute, so the plan
 * applies shrinking factors first (smallest output/input ratio first), which keeps intermediates and
 * the flop count small when the factors are not square.
 *
 * @param rows - each factor's row count; cols: each factor's column count.
 * @param transpose - plan the transposed product. @param rhs - right-hand sides (default 1).
 * @returns the {@link KronPlan}: steps in order, and the input, output and work-buffer lengths.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const plan = kernels.kronPlan([2, 3], [4, 3], false); // (2×4) ⊗ (3×3): the 2×4 factor shrinks, so it goes first
 * console.log(plan.steps.map((s) => s.factor), plan.workLength); // [0, 1] 6
 * ```
 */
export function kronPlan(rows: readonly number[], cols: readonly number[], transpose: boolean, rhs = 1): KronPlan {
  const K = rows.length;
  const outDim = transpose ? cols : rows, inDim = transpose ? rows : cols;
  const current = inDim.slice();
  const order = Array.from({ length: K }, (_, k) => k).sort((s, t) => outDim[s] * inDim[t] - outDim[t] * inDim[s] || s - t);
  const steps: KronStep[] = [];
  const product = (from: number, to: number) => { let v = 1; for (let k = from; k < to; k++) v *= current[k]; return v; };
  const inputLength = product(0, K) * rhs;
  let workLength = 0;
  for (const k of order) {
    const L = product(0, k), R = product(k + 1, K) * rhs;
    steps.push({ factor: k, L, p: outDim[k], q: inDim[k], R });
    current[k] = outDim[k];
    workLength = Math.max(workLength, L * outDim[k] * R);
  }
  return { steps, inputLength, outputLength: product(0, K) * rhs, workLength };
}

/**
 * Runs a plan: step s reads the previous step's buffer (step 0 reads `x`) and writes work[s mod 2].
 * Returns the view of the buffer holding the result (length plan.outputLength). `a[k]` is factor k's
 * row-major data; `work` are two Float64Arrays of at least plan.workLength (they may be views on
 * SharedArrayBuffers). Trusted: no checks.
 *
 * @param plan - from kronPlan. @param a - the factors' data. @param transpose - as planned.
 * @param x - the input, plan.inputLength long. @param work - the two work buffers.
 * @returns the result, a view of length plan.outputLength on one of the work buffers.
 * @throws nothing (trusted).
 * @example
 * ```ts
 * import { kernels } from 'sublinear/kron';
 * const plan = kernels.kronPlan([1, 2], [1, 2], false);
 * const work: [Float64Array, Float64Array] = [new Float64Array(plan.workLength), new Float64Array(plan.workLength)];
 * console.log(kernels.kronApply(plan, [[2], [0, 1, 1, 0]], false, [1, 2], work)); // Float64Array [4, 2]
 * ```
 */
export function kronApply(plan: KronPlan, a: readonly Readable[], transpose: boolean, x: Readable, work: readonly [Float64Array, Float64Array]): Float64Array {
  let src: Readable = x;
  let dst = work[0];
  if (plan.steps.length === 0) return work[0].subarray(0, 0);
  plan.steps.forEach((step, s) => {
    dst = work[s % 2];
    modeProduct(step.L, step.p, step.q, step.R, a[step.factor], transpose, src, dst);
    src = dst;
  });
  return dst.subarray(0, plan.outputLength);
}

export { hadamardGramInPlace } from './gram-kernel.js';
export { kronLeafValuesKernel } from './leaves.js';
