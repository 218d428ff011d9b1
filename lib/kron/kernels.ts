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
import * as ops from '../core/kernels/ops.js';

/**
 * One mode product on a row-major tensor viewed as (L, q, R):
 * out[l, i, r] = Σ_j op(A)[i, j] · x[l, j, r] for l in [lStart, lEnd), i < p, r < R, where op(A) is
 * p × q: `a` stored p × q row-major, or stored q × p and read transposed when `transposeA`.
 * Writes only out[lStart·p·R, lEnd·p·R). Runs through the `gemm` op of sublinear/core (one GEMM
 * (L × q)·op(A)ᵀ when R = 1, else one (p × q)·(q × R) GEMM per slice l; slices with R < 8 use a scalar
 * loop that sums in the same order), in float64: every entry is one running sum over j in order from
 * 0, so the result has the same bits on every backend and for every split of [0, L). Inputs that are
 * not Float64Arrays are read as float64. Trusts its inputs (no checks).
 *
 * @param L - outer size (product of the dims before this mode); p, q: op(A)'s rows and columns;
 * R - inner size (product of the dims after this mode, times the number of right-hand sides).
 * @param a - the factor's row-major data; transposeA: read it as stored q × p and transposed.
 * @param x - the (L, q, R) input; out: the (L, p, R) float64 output (not aliasing x).
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
  if (lEnd <= lStart || p === 0) return out;
  const A = asFloat64(a), C = out instanceof Float64Array ? out : null;
  const X = asFloat64(x, lStart * q * R, lEnd * q * R), xo = x instanceof Float64Array ? 0 : -lStart * q * R;
  const target = C ?? new Float64Array((lEnd - lStart) * p * R), co = C ? 0 : -lStart * p * R;
  if (R === 1) {
    // out[l, :] = x[l, :] · op(A)ᵀ for every l at once: (rows × q) · (q × p)
    ops.gemm(false, !transposeA, lEnd - lStart, p, q, X, xo + lStart * q, q, A, 0, transposeA ? p : q, target, co + lStart * p, p, false);
  } else if (R >= SMALL_R) {
    for (let l = lStart; l < lEnd; l++) {
      ops.gemm(transposeA, false, p, R, q, A, 0, transposeA ? p : q, X, xo + l * q * R, R, target, co + l * p * R, R, false);
    }
  } else {
    orderedSlices(lStart, lEnd, p, q, R, A, transposeA, X, xo, target, co);
  }
  if (!C) out.set(target, lStart * p * R);
  return out;
}

/** Slices below this many columns run the scalar loop: a GEMM call per small slice costs more than it saves. */
const SMALL_R = 8;

/** out[l, i, r] = Σ_j op(A)[i, j] · x[l, j, r] as running sums over j in order from 0 (the gemm op's order). */
function orderedSlices(
  lStart: number, lEnd: number, p: number, q: number, R: number, A: Float64Array, transposeA: boolean,
  X: Float64Array, xo: number, out: Float64Array, co: number,
): void {
  const rowStride = transposeA ? 1 : q, colStride = transposeA ? p : 1;
  for (let l = lStart; l < lEnd; l++) {
    for (let i = 0; i < p; i++) {
      const oo = co + (l * p + i) * R, ai = i * rowStride;
      out.fill(0, oo, oo + R);
      for (let j = 0; j < q; j++) {
        const c = A[ai + j * colStride], xr = xo + (l * q + j) * R;
        for (let r = 0; r < R; r++) out[oo + r] += c * X[xr + r];
      }
    }
  }
}

/** `v` as a Float64Array: itself, or (entries [from, to) of) a float64 copy. */
function asFloat64(v: Readable, from = 0, to = v.length): Float64Array {
  if (v instanceof Float64Array) return v;
  const copy = new Float64Array(to - from);
  for (let i = from; i < to; i++) copy[i - from] = v[i];
  return copy;
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
