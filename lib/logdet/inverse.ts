import { checkAllocationOf } from '../core/allocation.js';
import { checkFinite, checkFiniteArray, checkOptions, invalidRange } from '../core/errors.js';
import { allocate, dtypeOf, DTYPE_EPSILON, DTYPE_MAX, type FloatArray, type Matrix } from '../core/matrix.js';
import { allFinite, checkBanded, type BandedMatrix } from './banded.js';
import { logdetApply } from '../core/kernels/ops.js';
import { factorColumns, factorScratchLength, scratch } from './kernels.js';
import { applyOnPool, factorOnPool } from './parallel.js';
import { checkPool, settle, wantsPool, type PoolOptions } from '../core/pool.js';

/** Options of bandedLogDetInverse. */
export interface LogDetOptions {
  /**
   * The edge-dropping threshold δ: column j keeps an edge only while its Schur complement stays
   * above δ·H_jj (and every pivot of H_II above δ times its diagonal). Default: the machine epsilon of
   * H's storage (2⁻⁵² for Float64Array, 2⁻²³ for Float32Array). Must lie in (0, 1).
   */
  threshold?: number;
}

/** Diagnostics of one factorization. */
export interface LogDetDiagnostics {
  /** Off-diagonal band entries of X set to zero by the stability rule (0 for well-conditioned H). */
  droppedEdges: number;
  /** Diagonal entries H_jj below δ·max_i H_ii (zero, negative or tiny) that were raised to it. */
  raisedDiagonals: number;
  /** min_j s_j / H_jj, the smallest relative Schur complement kept (1 when nothing was eliminated). */
  smallestSchurRatio: number;
  /** min_j s_j in H's units (1 / max_j D_jj). */
  smallestSchur: number;
}

/** X = L D Lᵀ, the banded LogDet inverse of H, with its factor and diagnostics. */
export interface LogDetInverse {
  readonly n: number;
  readonly band: number;
  /** The factor: factor.data[j·(band+1)] = D_jj, factor.data[j·(band+1) + k] = L[j+k][j] (L unit lower). */
  readonly factor: BandedMatrix;
  readonly diagnostics: LogDetDiagnostics;
  /** X v in O(n·band), written into `out` (a new array of H's dtype by default; may be `v` itself). */
  apply(v: ArrayLike<number>, out?: FloatArray): FloatArray;
  /**
   * X v with the rows split over a pool's threads: a Promise of the same values, bit for bit, written
   * into `options.out` when given (only after every block succeeded), else into a new array.
   */
  apply(v: ArrayLike<number>, options: PoolOptions & { out?: FloatArray }): Promise<FloatArray>;
  /** X as a dense n × n matrix (O(n²) memory: for small n). */
  toDense(): Matrix;
}

const EPS = DTYPE_EPSILON;
const MAX = DTYPE_MAX;

/**
 * The banded LogDet inverse of a symmetric banded H: X = argmin over positive-definite X with the
 * band's sparsity of tr(XH) − log det X. For positive-definite H, X⁻¹ equals H on the band (the
 * maximum-determinant completion), computed column by column as X = L D Lᵀ with
 * ψ_j = H_II⁻¹ H_Ij, s_j = H_jj − H_jI ψ_j, L_Ij = −ψ_j, D_jj = 1/s_j (I = {j+1 … j+band}):
 * O(n·band³) time, O(n·band) memory. Ill-conditioned columns drop their farthest edges (see
 * LogDetOptions.threshold), so from any finite H the result is finite and positive definite; what was
 * dropped is counted in `diagnostics`. Computes in float64 and stores the factor in H's dtype.
 *
 * @param H the statistics (only the band is read; entries must be finite).
 * @param options the edge-dropping threshold.
 * @returns the factored X with `apply`, `toDense` and `diagnostics`.
 * @throws {TypeError} H is not a BandedMatrix or options not an object.
 * @throws {RangeError} a non-finite entry of H, or a threshold outside (0, 1).
 * @example
 * ```ts
 * import { BandedMatrix, bandedLogDetInverse } from 'sublinear/logdet';
 * import { matrix } from 'sublinear/core';
 * const H = BandedMatrix.fromDense(matrix([[4, 1, 0], [1, 4, 1], [0, 1, 4]]), 1);
 * const X = bandedLogDetInverse(H);
 * console.log(X.apply([1, 0, 0]), X.diagnostics.droppedEdges); // first column of X, 0
 * ```
 */
export function bandedLogDetInverse(H: BandedMatrix, options?: LogDetOptions & { pool?: undefined }): LogDetInverse;
export function bandedLogDetInverse(H: BandedMatrix, options: LogDetOptions & PoolOptions): Promise<LogDetInverse>;
export function bandedLogDetInverse(H: BandedMatrix, options?: LogDetOptions & Partial<PoolOptions>): LogDetInverse | Promise<LogDetInverse> {
  return settle(wantsPool(options), () => bandedLogDetInverseWith('bandedLogDetInverse', H, options));
}

/** `bandedLogDetInverse` reporting errors as `fn` (the deprecated `parallelLogDetInverse` shares it). */
export function bandedLogDetInverseWith(
  fn: string, H: BandedMatrix, options?: LogDetOptions & Partial<PoolOptions>,
): LogDetInverse | Promise<LogDetInverse> {
  const constants = factorSetup(fn, H, options);
  const { pool, signal } = options ?? {};
  if (pool !== undefined) {
    checkPool(fn, pool, 'options.pool');
    return factorOnPool(pool, H, constants, signal).then(({ factor, stats }) => inverseFromFactor(H, factor, stats));
  }
  const { dtype, delta, scale, floor, maxEntry } = constants;
  const { n, band, data } = H;
  const factor = allocate(data.length, dtype);
  const stats = Float64Array.of(0, 0, Infinity);
  factorColumns(n, band, data, factor, 0, n, scale, 0, floor, delta, scale, maxEntry, scratch(factorScratchLength(band)), stats);
  return inverseFromFactor(H, factor, stats);
}

/** The validated inputs and the constants every column of the factor uses (shared with the worker pool's driver). */
export interface FactorSetup {
  dtype: 'float64' | 'float32';
  delta: number;
  /** A power of two bringing H's largest entry near 1 (exact), also the output scale. */
  scale: number;
  floor: number;
  maxEntry: number;
}

/** Validates H and options and computes the factor's constants; throws before anything is written. */
export function factorSetup(fn: string, H: BandedMatrix, options?: LogDetOptions): FactorSetup {
  checkBanded(fn, 'H', H);
  const o = checkOptions(fn, 'options', options, ['threshold', 'pool', 'signal']);
  const dtype = dtypeOf(H.data);
  const delta = o.threshold === undefined ? EPS[dtype] : checkFinite(fn, 'options.threshold', o.threshold);
  if (!(delta > 0 && delta < 1)) throw invalidRange(fn, 'options.threshold', 'a number in (0, 1)', delta);
  const { n, band, data } = H;
  // Work on H scaled by a power of two (exact) so its largest entry is about 1: no overflow or
  // underflow in the eliminations; X(cH) = X(H)/c undoes it exactly.
  let maxAbs = 0, maxDiag = 0;
  for (let i = 0; i < data.length; i++) { const a = Math.abs(data[i]); if (a > maxAbs) maxAbs = a; }
  for (let j = 0; j < n; j++) if (data[j * (band + 1)] > maxDiag) maxDiag = data[j * (band + 1)];
  const scale = maxAbs > 0 ? 2 ** -Math.round(Math.log2(maxAbs)) : 1;
  const floor = maxDiag > 0 ? delta * maxDiag * scale : 1;
  return { dtype, delta, scale, floor, maxEntry: MAX[dtype] };
}

/** The LogDetInverse around a computed factor and its stats [dropped, raised, min ratio]. */
export function inverseFromFactor(H: BandedMatrix, factor: FloatArray, stats: Float64Array): LogDetInverse {
  const { n, band } = H;
  const dtype = dtypeOf(H.data);
  let maxD = 0;
  for (let j = 0; j < n; j++) if (factor[j * (band + 1)] > maxD) maxD = factor[j * (band + 1)];
  const diagnostics: LogDetDiagnostics = {
    droppedEdges: stats[0], raisedDiagonals: stats[1],
    smallestSchurRatio: n === 0 ? 1 : stats[2], smallestSchur: n === 0 ? Infinity : 1 / maxD,
  };
  const F: BandedMatrix = { n, band, data: factor };
  return {
    n, band, factor: F, diagnostics,
    apply: ((v: ArrayLike<number>, outOrOptions?: FloatArray | (PoolOptions & { out?: FloatArray })) =>
      settle(wantsPool(outOrOptions), () => applyWith('LogDetInverse.apply', F, dtype, v, outOrOptions))) as LogDetInverse['apply'],
    toDense() { return factorToDense(F); },
  };
}

/**
 * X v for the factor F, validated as `fn`: into `out` (sequential), or on a pool when the second
 * argument is an options object with `pool` (the deprecated `parallelLogDetApply` shares it).
 */
export function applyWith(
  fn: string, F: BandedMatrix, dtype: 'float64' | 'float32', v: ArrayLike<number>,
  outOrOptions?: FloatArray | (Partial<PoolOptions> & { out?: FloatArray }),
): FloatArray | Promise<FloatArray> {
  const { n, band, data: factor } = F;
  const isArray = outOrOptions === undefined || ArrayBuffer.isView(outOrOptions);
  const o = isArray ? {} : checkOptions(fn, 'options', outOrOptions, ['out', 'pool', 'signal']);
  const out = isArray ? outOrOptions as FloatArray | undefined : o.out;
  const outName = isArray ? 'out' : 'options.out';
  const typed = (v instanceof Float64Array || v instanceof Float32Array) && v.length === n;
  if (!typed || !allFinite(v)) checkFiniteArray(fn, 'v', v, n);
  if (out !== undefined && !((out instanceof Float64Array || out instanceof Float32Array) && out.length === n)) {
    throw invalidRange(fn, outName, `a Float64Array or Float32Array of length ${n}`, out);
  }
  const vf = v instanceof Float64Array || v instanceof Float32Array ? v : Float64Array.from(v);
  if (o.pool !== undefined) {
    const pool = checkPool(fn, o.pool, 'options.pool');
    const scratchType = out instanceof Float32Array || (!out && dtype === 'float32') ? 'float32' : 'float64';
    return applyOnPool(pool, F, vf, scratchType, o.signal).then((result) => {
      if (!out) return result;
      out.set(result);
      return out;
    });
  }
  const target = out ?? allocate(n, dtype);
  logdetApply(n, band, factor, 0, vf, 0, target, 0, 0, n);
  return target;
}

/** L D Lᵀ as a dense matrix, accumulated in float64. */
export function factorToDense(F: BandedMatrix): Matrix {
  const { n, band, data } = F, w = band + 1;
  checkAllocationOf('LogDetInverse.toDense', 'n²', [n, n]);
  const acc = new Float64Array(n * n);
  // X = Σ_j D_jj l_j l_jᵀ with l_j the j-th column of L (1 at j, L[j+k][j] below).
  for (let j = 0; j < n; j++) {
    const d = data[j * w], kMax = Math.min(band, n - 1 - j);
    for (let a = 0; a <= kMax; a++) {
      const la = a === 0 ? 1 : data[j * w + a];
      for (let b = 0; b <= kMax; b++) {
        const lb = b === 0 ? 1 : data[j * w + b];
        acc[(j + a) * n + j + b] += d * la * lb;
      }
    }
  }
  const out = allocate(n * n, dtypeOf(data));
  out.set(acc);
  return { rows: n, cols: n, data: out };
}
