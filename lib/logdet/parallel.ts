/**
 * The banded LogDet inverse on a pool: the factor split by column block, X v split by row block.
 * Columns and rows are independent in the kernels, so the factor and X v are bit-identical to
 * `bandedLogDetInverse` and `LogDetInverse.apply`.
 */
import { checkFiniteArray, invalidRange, type FloatArray, type KernelTaskOptions, type KernelPool } from '../core/index.js';
import type { BandedMatrix } from './banded.js';
import { factorSetup, inverseFromFactor, type LogDetInverse, type LogDetOptions } from './inverse.js';
import { runBlocks, splitRange } from '../core/partition.js';
import { arrayRef, sharedArray, toShared } from '../core/shared-memory.js';
import { checkPool } from '../core/pool.js';

/**
 * `bandedLogDetInverse(H, options)` with the factor's columns split across the pool's threads.
 *
 * @param pool - the pool to run on.
 * @param H - the banded statistics (finite).
 * @param options - the edge-dropping threshold, and a signal.
 * @returns the factor of `bandedLogDetInverse` bit for bit, on shared memory, and the same diagnostics
 *   (`smallestSchurRatio` may differ in its last ulp: the kernel's running minimum breaks near-ties by
 *   column order, and the blocks are folded with an exact min).
 * @throws {TypeError} a pool or H of the wrong kind. @throws {RangeError} a non-finite entry, a threshold outside (0, 1).
 * @throws {KernelTaskError} a task failed (no factor is returned).
 * @example
 * ```ts
 * import { createKernelPool, parallelLogDetInverse } from 'sublinear/workers';
 * import { BandedMatrix } from 'sublinear/logdet';
 * import { matrix } from 'sublinear/core';
 * const pool = createKernelPool({ threads: 1 });
 * const H = BandedMatrix.fromDense(matrix([[4, 1, 0], [1, 4, 1], [0, 1, 4]]), 1);
 * const X = await parallelLogDetInverse(pool, H);
 * console.log(X.apply([1, 0, 0]), X.diagnostics.droppedEdges); // first column of X, 0
 * await pool.close();
 * ```
 */
export async function parallelLogDetInverse(pool: KernelPool, H: BandedMatrix, options?: LogDetOptions & KernelTaskOptions): Promise<LogDetInverse> {
  const fn = 'parallelLogDetInverse';
  checkPool(fn, pool);
  const { scale, floor, delta, maxEntry, dtype } = factorSetup(fn, H, options);
  const { n, band } = H;
  const h = arrayRef(toShared(H.data));
  const factor = sharedArray(dtype, H.data.length);
  const f = arrayRef(factor);
  const signal = options?.signal;
  const blockStats = await runBlocks<number[]>(pool, 'logdet.factor', splitRange(0, n, pool.threads), ([start, end]) => ({
    n, band, h, f, start, end, scale, floor, delta, maxEntry,
  }), signal ? { signal } : undefined);
  const stats = Float64Array.of(0, 0, Infinity);
  for (const [dropped, raised, ratio] of blockStats) {
    stats[0] += dropped; stats[1] += raised;
    if (ratio < stats[2]) stats[2] = ratio;
  }
  return inverseFromFactor(H, factor, stats);
}

/**
 * X v for a LogDet inverse, rows split across the pool's threads: `X.apply(v, out)` on a pool.
 *
 * @param pool - the pool to run on.
 * @param X - a LogDet inverse (from bandedLogDetInverse or parallelLogDetInverse).
 * @param v - a finite vector of length n.
 * @param options - `out` (a Float64Array or Float32Array of length n, may be v) and a signal.
 * @returns out, or a new array of X's dtype, holding X v bit for bit as `X.apply` computes it.
 * @throws {RangeError} v or out of the wrong length, a non-finite entry. @throws {KernelTaskError} a task failed (out is then untouched).
 */
export async function parallelLogDetApply(
  pool: KernelPool, X: LogDetInverse, v: ArrayLike<number>, options?: { out?: FloatArray } & KernelTaskOptions,
): Promise<FloatArray> {
  const fn = 'parallelLogDetApply';
  checkPool(fn, pool);
  const { n, band, factor } = X;
  checkFiniteArray(fn, 'v', v, n);
  const out = options?.out;
  if (out !== undefined && !((out instanceof Float64Array || out instanceof Float32Array) && out.length === n)) {
    throw invalidRange(fn, 'options.out', `a Float64Array or Float32Array of length ${n}`, out);
  }
  const dtype = factor.data instanceof Float32Array ? 'float32' : 'float64';
  const vs = toShared(v instanceof Float64Array || v instanceof Float32Array ? v : Float64Array.from(v));
  // Write into scratch (never aliasing v), then commit into out only when every block succeeded.
  const scratch = sharedArray(out instanceof Float32Array || (!out && dtype === 'float32') ? 'float32' : 'float64', n);
  const refs = { n, band, f: arrayRef(toShared(factor.data)), v: arrayRef(vs), out: arrayRef(scratch) };
  const signal = options?.signal;
  await runBlocks(pool, 'logdet.apply', splitRange(0, n, pool.threads), ([start, end]) => ({ ...refs, start, end }), signal ? { signal } : undefined);
  if (!out) return scratch;
  out.set(scratch);
  return out;
}
