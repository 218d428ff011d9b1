/**
 * (A_1 ⊗ … ⊗ A_K) x on a pool: the plan of `kronMatVec`, each mode product split over threads by
 * outer slice (or by output row when a mode has fewer slices than threads), with a barrier between
 * modes. Bit-identical to `kronMatVec`.
 */
import { checkFiniteArray, checkOptions, invalidRange, type FloatArray, type KernelPool, type KernelTaskOptions, type Matrix } from '../core/index.js';
import { kronPlan } from './kernels.js';
import { asFloatArray, checkFactors, MAX_LENGTH, resultDtype, shapes, toDtype } from './validate.js';
import { runBlocks, splitRange, type Block } from '../core/partition.js';
import { arrayRef, sharedArray, toShared } from '../core/shared-memory.js';
import { checkPool } from '../core/pool.js';

/** Options of `parallelKronMatVec`. */
export interface ParallelKronOptions extends KernelTaskOptions {
  /** Apply the transposed product (A_1ᵀ ⊗ … ⊗ A_Kᵀ) y (default false). */
  transpose?: boolean;
}

/**
 * `kronMatVec` (or `kronMatVecTranspose`) on a pool: each mode product is split across threads.
 *
 * @param pool - the pool to run on.
 * @param factors - A_1 … A_K (p_k × q_k), a non-empty array of finite matrices.
 * @param x - a vector of length Π q_k (Π p_k with `transpose`).
 * @param options - transpose, signal.
 * @returns the same array `kronMatVec` returns, bit for bit.
 * @throws {TypeError} a pool, factor or vector of the wrong kind.
 * @throws {RangeError} x of the wrong length, an empty factor list, a non-finite entry, intermediates over 2³¹ − 1 entries.
 * @throws {KernelTaskError} a task failed.
 * @example
 * ```ts
 * import { createKernelPool, parallelKronMatVec } from 'sublinear/workers';
 * import { matrix } from 'sublinear/core';
 * const pool = createKernelPool({ threads: 1 });
 * const A = matrix([[1, 2], [3, 4]]), B = matrix([[0, 1], [1, 0]]);
 * console.log(await parallelKronMatVec(pool, [A, B], [1, 2, 3, 4])); // Float64Array [10, 7, 22, 15]
 * await pool.close();
 * ```
 */
export async function parallelKronMatVec(pool: KernelPool, factors: readonly Matrix[], x: ArrayLike<number>, options?: ParallelKronOptions): Promise<FloatArray> {
  const fn = 'parallelKronMatVec';
  checkPool(fn, pool);
  const f = checkFactors(fn, factors);
  const { transpose = false, signal } = checkOptions(fn, 'options', options);
  checkFiniteArray(fn, transpose ? 'y' : 'x', x, transpose ? f.rowProduct : f.colProduct);
  const plan = kronPlan(f.rows, f.cols, transpose, 1);
  if (plan.workLength > MAX_LENGTH) throw invalidRange(fn, 'factors', 'factors whose intermediates fit in 2³¹ − 1 entries', shapes(f.rows, f.cols));
  const a = f.data.map((d) => arrayRef(toShared(d)));
  const work = [sharedArray('float64', plan.workLength), sharedArray('float64', plan.steps.length > 1 ? plan.workLength : 0)];
  let src = arrayRef(toShared(asFloatArray(x)));
  let dst = work[0];
  for (let s = 0; s < plan.steps.length; s++) {
    const { factor, L, p, q, R } = plan.steps[s];
    dst = work[s % 2];
    const byRows = L < pool.threads && !transpose && p > 1;
    const blocks: Block[] = splitRange(0, byRows ? p : L, pool.threads);
    const out = arrayRef(dst);
    const input = src;
    await runBlocks(pool, 'kron.modeProduct', blocks, ([start, end]) => ({
      L, p, q, R, a: a[factor], transposeA: transpose, x: input, out, split: byRows ? 'rows' : 'outer', start, end,
    }), signal ? { signal } : undefined);
    src = out;
  }
  return toDtype(dst.subarray(0, plan.outputLength), resultDtype(f.allFloat32, x instanceof Float32Array));
}
