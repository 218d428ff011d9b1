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
import type { FloatArray } from '../core/matrix.js';

type Readable = FloatArray | number[];

/**
 * One mode product on a row-major tensor viewed as (L, q, R):
 * out[l, i, r] = Σ_j op(A)[i, j] · x[l, j, r] for l in [lStart, lEnd), i < p, r < R, where op(A) is
 * p × q: `a` stored p × q row-major, or stored q × p and read transposed when `transposeA`.
 * Writes only out[lStart·p·R, lEnd·p·R). With R > 1 it accumulates in `out`, so give a Float64Array
 * for float64 accumulation. Returns `out`.
 */
export function modeProduct(
  L: number, p: number, q: number, R: number, a: Readable, transposeA: boolean,
  x: Readable, out: FloatArray, lStart = 0, lEnd = L,
): FloatArray {
  if (R === 1 && !transposeA) {
    // out[l, i] = ⟨A[i, :], x[l, :]⟩: contiguous dot products, unrolled by four.
    for (let l = lStart; l < lEnd; l++) {
      const xo = l * q, oo = l * p;
      for (let i = 0; i < p; i++) {
        const ao = i * q;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0, j = 0;
        for (; j + 3 < q; j += 4) {
          s0 += a[ao + j] * x[xo + j];
          s1 += a[ao + j + 1] * x[xo + j + 1];
          s2 += a[ao + j + 2] * x[xo + j + 2];
          s3 += a[ao + j + 3] * x[xo + j + 3];
        }
        for (; j < q; j++) s0 += a[ao + j] * x[xo + j];
        out[oo + i] = s0 + s1 + (s2 + s3);
      }
    }
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
  // R > 1: out[l, i, :] = Σ_j op(A)[i, j] · x[l, j, :], contiguous rows of length R.
  const rowStride = transposeA ? 1 : q, colStride = transposeA ? p : 1;
  for (let l = lStart; l < lEnd; l++) {
    for (let i = 0; i < p; i++) {
      const oo = (l * p + i) * R;
      out.fill(0, oo, oo + R);
      for (let j = 0; j < q; j++) {
        const c = a[i * rowStride + j * colStride];
        if (c === 0) continue;
        const xo = (l * q + j) * R;
        for (let r = 0; r < R; r++) out[oo + r] += c * x[xo + r];
      }
    }
  }
  return out;
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
 * row-major data; `work` are two Float64Arrays of at least plan.workLength (they may be shared).
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

/** G[i, j] ·= ⟨A[i, :], A[j, :]⟩ for the n × p row-major A and the symmetric n × n G (both triangles). */
export function hadamardGramInPlace(n: number, p: number, a: Readable, g: Float64Array, power = 1): void {
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s0 = 0, s1 = 0, t = 0;
      const ai = i * p, aj = j * p;
      for (; t + 1 < p; t += 2) { s0 += a[ai + t] * a[aj + t]; s1 += a[ai + t + 1] * a[aj + t + 1]; }
      if (t < p) s0 += a[ai + t] * a[aj + t];
      let v = s0 + s1;
      if (power !== 1) v = v ** power;
      g[i * n + j] *= v;
      if (j !== i) g[j * n + i] *= v;
    }
  }
}
