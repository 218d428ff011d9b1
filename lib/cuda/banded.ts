/**
 * Deprecated entry points with a CUDA path for sketching and the banded LogDet preconditioner.
 * Without CUDA they run the modules' own kernels: the fwht and logdetApply ops (what sublinear/sketch
 * and sublinear/logdet run) and sublinear/logdet's factor kernel, in this file's layouts.
 */
import { checkFinite, checkInteger, invalidRange, invalidType } from '../core/errors.js';
import { DTYPE_EPSILON, DTYPE_MAX, type FloatArray } from '../core/matrix.js';
import { fwht as fwhtOp, logdetApply as logdetApplyOp } from '../core/kernels/ops.js';
import { factorColumns, factorScratchLength, scratch } from '../logdet/kernels.js';
import { fwhtGpu, logdetApplyGpu, logdetFactorGpu } from './gpu-ops.js';
import { MAX_GPU_BAND } from './kernels.js';
import { contextFor, type BackendOptions } from './status.js';
import { checkBackendOptions, checkFloatArray, checkLength, checkPowerOfTwo, checkSameDtype } from './validate.js';

/**
 * Unnormalized fast Walsh–Hadamard transform (natural order, entries of H are ±1) of each
 * consecutive length-N block of `data`, in place, in O(N log N) per block: SRHT's mixing step
 * (scale by 1/√N for the orthonormal transform). Without CUDA this is the kernel ops' `fwht` (what
 * sublinear/sketch's transform runs), every stage rounded to the data's precision as on the GPU.
 *
 * @deprecated Use `walshHadamardTransform` from sublinear/sketch; kept as a thin wrapper (with its CUDA path).
 * @param data - One or more blocks of length N (Float32Array or Float64Array, finite).
 * @param length - N, a power of two dividing data.length.
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns `data`, transformed.
 * @throws {TypeError} If data is not a float array.
 * @throws {RangeError} If length is not a power of two dividing data.length, or an entry is not finite.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { fwht } from 'sublinear/cuda';
 * console.log(fwht(new Float64Array([1, 0, 1, 0]), 4)); // Float64Array [2, 2, 0, 0]
 * ```
 */
export function fwht(data: FloatArray, length: number, options?: BackendOptions): FloatArray {
  const fn = 'fwht';
  checkFloatArray(fn, 'data', data);
  checkPowerOfTwo(fn, 'length', length);
  if (data.length % length !== 0) throw invalidRange(fn, 'data.length', `a multiple of length (${length})`, data.length);
  const ctx = contextFor(checkBackendOptions(fn, options).backend, fn);
  return ctx ? fwhtGpu(ctx, data, length) : fwhtOp(length, data.length / length, data, 1, length, 0);
}

/** X = L D Lᵀ, the banded LogDet (SONew) preconditioner of a band of H. */
export interface LogdetFactor {
  n: number;
  band: number;
  /** n × band, row-major: L[j·band + k − 1] = L[j + k, j] = −ψ_j[k − 1] (zero past n). */
  L: FloatArray;
  /** D[j] = 1 / s_j. */
  D: FloatArray;
  /** dropped[j] = 1 where some of column j's edges were dropped as ill-conditioned (L = 0 there). */
  dropped: Uint8Array;
  droppedCount: number;
}

/**
 * The banded LogDet factor of SONew (one independent solve per column): for column j, with
 * I = {j+1 … min(j+b, n−1)}, ψ = H[I,I]⁻¹ H[I,j], s = H[j,j] − H[j,I] ψ, L[I,j] = −ψ, D[j] = 1/s, so
 * that X = L D Lᵀ is the banded matrix whose inverse equals H on the band. The solves use Cholesky
 * in float64. sublinear/logdet's rule for an ill-conditioned column, on both paths: I is cut to its
 * longest prefix whose Cholesky pivots exceed delta times their diagonal and whose s exceeds
 * delta·H[j,j] (and whose ψ fits the storage); the edges past it are dropped (L = 0) and the column
 * is counted in `dropped`. Without CUDA this runs sublinear/logdet's factor kernel.
 *
 * @deprecated Use `bandedLogDetInverse` from sublinear/logdet; kept as a thin wrapper (with its CUDA path).
 * @param band - n × (b + 1), row-major: band[j·(b+1) + k] = H[j, j+k] (entries past n ignored); finite, H[j, j] > 0.
 * @param n - The dimension.
 * @param b - The band width, 0 ≤ b ≤ 8 (the CUDA kernel's limit).
 * @param options - `delta` (default: machine epsilon of the precision), `backend`.
 * @returns The factor, in band's precision.
 * @throws {TypeError} If band is not a float array.
 * @throws {RangeError} If band.length ≠ n (b + 1), b is out of range, delta is not finite and ≥ 0, or a diagonal entry is not > 0.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { logdetFactor, logdetApply } from 'sublinear/cuda';
 * const f = logdetFactor(new Float64Array([2, 1, 2, 0]), 2, 1); // H = [[2, 1], [1, 2]]
 * console.log(logdetApply(f, new Float64Array([1, 0]))); // H⁻¹ e₀ = Float64Array [0.666…, -0.333…]
 * ```
 */
export function logdetFactor(band: FloatArray, n: number, b: number, options?: BackendOptions & { delta?: number }): LogdetFactor {
  const fn = 'logdetFactor';
  checkInteger(fn, 'n', n);
  checkInteger(fn, 'b', b, 0, MAX_GPU_BAND);
  checkFloatArray(fn, 'band', band);
  checkLength(fn, 'band', band, n * (b + 1));
  for (let j = 0; j < n; j++) if (!(band[j * (b + 1)] > 0)) throw invalidRange(fn, `band[${j * (b + 1)}]`, 'a diagonal entry > 0', band[j * (b + 1)]);
  const opts = checkBackendOptions(fn, options, ['backend', 'delta']);
  const delta = opts.delta ?? DTYPE_EPSILON[band instanceof Float32Array ? 'float32' : 'float64'];
  if (checkFinite(fn, 'options.delta', delta) < 0) throw invalidRange(fn, 'options.delta', 'a finite number ≥ 0', delta);
  const ctx = contextFor(opts.backend, fn);
  const Ctor = band.constructor as Float64ArrayConstructor;
  const L = new Ctor(n * b) as FloatArray, D = new Ctor(n) as FloatArray, dropped = new Uint8Array(n);
  if (n > 0 && ctx) logdetFactorGpu(ctx, band, n, b, delta, L, D, dropped);
  else if (n > 0) logdetFactorHost(band, n, b, delta, L, D, dropped);
  return { n, band: b, L, D, dropped, droppedCount: dropped.reduce((a, v) => a + v, 0) };
}

/**
 * Applies the preconditioner: u = X g = L D Lᵀ g, two banded sweeps in O(n b). Without CUDA this
 * runs the kernel ops' `logdetApply` (what sublinear/logdet's apply runs: float64 sums, rounded once).
 *
 * @deprecated Use `bandedLogDetInverse(H).apply(g)` from sublinear/logdet; kept as a thin wrapper (with its CUDA path).
 * @param factor - From {@link logdetFactor}.
 * @param g - Vector of length factor.n in the factor's precision (finite).
 * @param options - `backend`: 'auto' (default), 'js' or 'cuda'.
 * @returns A new vector u.
 * @throws {TypeError} If factor is not an object or g is not a float array of the factor's precision.
 * @throws {RangeError} If g.length ≠ factor.n or an entry is not finite.
 * @throws {CudaUnavailableError} If backend is 'cuda' and CUDA is unavailable.
 * @example
 * ```ts
 * import { logdetFactor, logdetApply } from 'sublinear/cuda';
 * const f = logdetFactor(new Float32Array([4, 0, 0, 4, 0, 0]), 2, 2); // H = 4 I
 * console.log(logdetApply(f, new Float32Array([1, 2]))); // Float32Array [0.25, 0.5]
 * ```
 */
export function logdetApply(factor: LogdetFactor, g: FloatArray, options?: BackendOptions): FloatArray {
  const fn = 'logdetApply';
  if (factor === null || typeof factor !== 'object' || !(factor.L instanceof Float32Array || factor.L instanceof Float64Array)) {
    throw invalidType(fn, 'factor', 'a LogdetFactor', factor);
  }
  checkFloatArray(fn, 'g', g);
  checkSameDtype(fn, 'g', factor.L, g);
  checkLength(fn, 'g', g, factor.n);
  const ctx = contextFor(checkBackendOptions(fn, options).backend, fn);
  const u = new (g.constructor as Float64ArrayConstructor)(factor.n) as FloatArray;
  if (factor.n === 0) return u;
  if (ctx) return logdetApplyGpu(ctx, factor.L, factor.D, factor.n, factor.band, g, u);
  const { n, band: b, L, D } = factor, w = b + 1, f = new Float64Array(n * w);
  for (let j = 0; j < n; j++) {
    f[j * w] = D[j];
    for (let k = 1; k <= b; k++) f[j * w + k] = L[j * b + k - 1];
  }
  return logdetApplyOp(n, b, f, 0, g, 0, u, 0, 0, n);
}

/**
 * sublinear/logdet's factor kernel on H as given (no scaling, no diagonal floor: every diagonal entry
 * is > 0), one column at a time so that each column's drops are known, unpacked to L, D, dropped.
 */
function logdetFactorHost(band: FloatArray, n: number, b: number, delta: number, L: FloatArray, D: FloatArray, dropped: Uint8Array): void {
  const w = b + 1, f = new (band.constructor as Float64ArrayConstructor)(n * w) as FloatArray;
  const stats = Float64Array.of(0, 0, Infinity), work = scratch(factorScratchLength(b));
  const maxEntry = DTYPE_MAX[band instanceof Float32Array ? 'float32' : 'float64'];
  for (let j = 0; j < n; j++) {
    const before = stats[0];
    factorColumns(n, b, band, f, j, j + 1, 1, 0, Number.MIN_VALUE, delta, 1, maxEntry, work, stats);
    dropped[j] = stats[0] > before ? 1 : 0;
    D[j] = f[j * w];
    for (let k = 1; k <= b; k++) L[j * b + k - 1] = f[j * w + k];
  }
}
