/**
 * The earlier names of the pooled calls, kept for one release. Every module now takes a pool the same
 * way, as `{ pool }` in the options of the function itself (`matmul(A, B, { pool })`,
 * `kronMatVec(factors, x, { pool })`, `sketch.apply(A, { pool })`,
 * `bandedLogDetInverse(H, { pool })`, `X.apply(v, { pool })`, `ThresholdSearch.init({ …, pool })`),
 * which returns a Promise of the sequential result, bit for bit. These wrappers call the same code
 * and report errors under their own names.
 */
import { checkOptions, invalidType, type FloatArray, type KernelPool, type KernelTaskOptions, type Matrix } from '../lib/core/index.js';
import { checkPool } from '../lib/core/pool.js';
import { matmulWith } from '../lib/core/linalg.js';
import { kronMatVecWith } from '../lib/kron/matvec.js';
import type { BandedMatrix, LogDetInverse, LogDetOptions } from '../lib/logdet/index.js';
import { applyWith, bandedLogDetInverseWith } from '../lib/logdet/inverse.js';
import type { Sketch } from '../lib/sketch/index.js';

/** Options of `parallelMatmul`. @deprecated use `matmul(A, B, { transposeB, pool })`. */
export interface ParallelProductOptions extends KernelTaskOptions {
  /** Multiply B transposed: C = A · Bᵀ (B is n × k), split by column block of C. */
  transposeB?: boolean;
}

/** Options of `parallelKronMatVec`. @deprecated use `kronMatVec(factors, x, { pool })`. */
export interface ParallelKronOptions extends KernelTaskOptions {
  /** Apply the transposed product (A_1ᵀ ⊗ … ⊗ A_Kᵀ) y (default false). */
  transpose?: boolean;
}

/** Options of `parallelSketchApply`. @deprecated use `sketch.apply(A, { pool })`. */
export interface ParallelSketchOptions extends KernelTaskOptions {
  /** Apply Sᵀ to an s × m matrix instead of S to an N × k one (default false). */
  transpose?: boolean;
}

/**
 * A · B (or A · Bᵀ) on `pool`. @deprecated use `matmul(A, B, { transposeB, pool })`.
 * @param pool - the pool. @param A - m × k. @param B - k × n (n × k with `transposeB`). @param options - transposeB, signal.
 * @returns the product on shared memory, bit-identical to `matmul`.
 * @throws {TypeError} a pool or matrix of the wrong kind. @throws {RangeError} inner dimensions differ, or non-finite entries.
 */
export async function parallelMatmul(pool: KernelPool, A: Matrix, B: Matrix, options?: ParallelProductOptions): Promise<Matrix> {
  const fn = 'parallelMatmul';
  checkPool(fn, pool);
  const o = checkOptions(fn, 'options', options);
  return matmulWith(fn, A, B, { ...o, pool });
}

/**
 * `kronMatVec` (or `kronMatVecTranspose`) on a pool. @deprecated use `kronMatVec(factors, x, { pool })`.
 * @param pool - the pool. @param factors - A_1 … A_K. @param x - the vector. @param options - transpose, signal.
 * @returns the same array `kronMatVec` returns, bit for bit.
 * @throws {TypeError} a pool, factor or vector of the wrong kind. @throws {RangeError} x of the wrong length, a non-finite entry.
 */
export async function parallelKronMatVec(pool: KernelPool, factors: readonly Matrix[], x: ArrayLike<number>, options?: ParallelKronOptions): Promise<FloatArray> {
  const fn = 'parallelKronMatVec';
  checkPool(fn, pool);
  const { transpose = false, signal } = checkOptions(fn, 'options', options);
  return kronMatVecWith(fn, factors, x, transpose, { pool, signal });
}

/**
 * `sketch.apply(A)` (or `applyTranspose`) on a pool. @deprecated use `sketch.apply(A, { pool })`.
 * @param pool - the pool. @param sketch - from `createSketch`. @param A - the matrix. @param options - transpose, signal.
 * @returns the product on shared memory, bit for bit as the sketch's own method computes it.
 * @throws {TypeError} a pool, sketch or matrix of the wrong kind. @throws {RangeError} A with the wrong row count or a non-finite entry.
 */
export async function parallelSketchApply(pool: KernelPool, sketch: Sketch, A: Matrix, options?: ParallelSketchOptions): Promise<Matrix> {
  const fn = 'parallelSketchApply';
  checkPool(fn, pool);
  if (sketch === null || typeof sketch !== 'object' || typeof sketch.spec !== 'object' || typeof sketch.apply !== 'function') {
    throw invalidType(fn, 'sketch', 'a Sketch (see createSketch)', sketch);
  }
  const { transpose = false, signal } = checkOptions(fn, 'options', options);
  return await (transpose ? sketch.applyTranspose(A, { pool, signal }) : sketch.apply(A, { pool, signal }));
}

/**
 * `bandedLogDetInverse(H, options)` on a pool. @deprecated use `bandedLogDetInverse(H, { pool })`.
 * @param pool - the pool. @param H - the banded statistics. @param options - threshold, signal.
 * @returns the factor of `bandedLogDetInverse` bit for bit, on shared memory.
 * @throws {TypeError} a pool or H of the wrong kind. @throws {RangeError} a non-finite entry, a threshold outside (0, 1).
 */
export async function parallelLogDetInverse(pool: KernelPool, H: BandedMatrix, options?: LogDetOptions & KernelTaskOptions): Promise<LogDetInverse> {
  const fn = 'parallelLogDetInverse';
  checkPool(fn, pool);
  return bandedLogDetInverseWith(fn, H, { ...checkOptions(fn, 'options', options), pool });
}

/**
 * X v on a pool. @deprecated use `X.apply(v, { pool, out })`.
 * @param pool - the pool. @param X - a LogDet inverse. @param v - a finite vector of length n. @param options - out, signal.
 * @returns out, or a new array of X's dtype, holding X v bit for bit as `X.apply` computes it.
 * @throws {RangeError} v or out of the wrong length, a non-finite entry.
 */
export async function parallelLogDetApply(pool: KernelPool, X: LogDetInverse, v: ArrayLike<number>, options?: { out?: FloatArray } & KernelTaskOptions): Promise<FloatArray> {
  const fn = 'parallelLogDetApply';
  checkPool(fn, pool);
  const dtype = X.factor.data instanceof Float32Array ? 'float32' : 'float64';
  return applyWith(fn, X.factor, dtype, v, { ...checkOptions(fn, 'options', options), pool });
}
