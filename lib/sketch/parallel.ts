/**
 * S·A and Sᵀ·Y on a pool, split by column block. Columns are independent in every sketch kernel, so
 * the result is bit-identical to `sketch.apply` / `sketch.applyTranspose`.
 */
import { checkMatrix, checkOptions, dtypeOf, invalidRange, invalidType, type KernelPool, type KernelTaskOptions, type Matrix } from '../core/index.js';
import type { Sketch } from './sketch.js';
import { runBlocks, splitRange } from '../core/partition.js';
import { arrayRef, sharedMatrix, toShared } from '../core/shared-memory.js';
import { checkPool } from '../core/pool.js';

/** Options of `parallelSketchApply`. */
export interface ParallelSketchOptions extends KernelTaskOptions {
  /** Apply Sᵀ to an s × m matrix instead of S to an N × k one (default false). */
  transpose?: boolean;
}

/**
 * `sketch.apply(A)` (or `sketch.applyTranspose(A)`) with the columns of A split across the pool's threads.
 *
 * @param pool - the pool to run on.
 * @param sketch - a sketch from `createSketch`.
 * @param A - N × k (s × m with `transpose`), finite.
 * @param options - transpose, signal.
 * @returns the product, bit for bit as the sketch's own method computes it, on shared memory.
 * @throws {TypeError} a pool, sketch or matrix of the wrong kind. @throws {RangeError} A with the wrong row count or a non-finite entry.
 * @throws {KernelTaskError} a task failed.
 * @example
 * ```ts
 * import { createKernelPool, parallelSketchApply } from 'sublinear/workers';
 * import { createSketch } from 'sublinear/sketch';
 * import { zeros } from 'sublinear/core';
 * const pool = createKernelPool({ threads: 1 });
 * const S = createSketch({ kind: 'osnap', rows: 16, cols: 100, seed: 1 });
 * const SA = await parallelSketchApply(pool, S, zeros(100, 8));
 * console.log(SA.rows, SA.cols); // 16 8
 * await pool.close();
 * ```
 */
export async function parallelSketchApply(pool: KernelPool, sketch: Sketch, A: Matrix, options?: ParallelSketchOptions): Promise<Matrix> {
  const fn = 'parallelSketchApply';
  checkPool(fn, pool);
  if (sketch === null || typeof sketch !== 'object' || typeof sketch.spec !== 'object' || typeof sketch.apply !== 'function') {
    throw invalidType(fn, 'sketch', 'a Sketch (see createSketch)', sketch);
  }
  checkMatrix(fn, 'A', A);
  const { transpose = false, signal } = checkOptions(fn, 'options', options);
  const inRows = transpose ? sketch.rows : sketch.cols, outRows = transpose ? sketch.cols : sketch.rows;
  if (A.rows !== inRows) throw invalidRange(fn, 'A.rows', `${inRows} (the ${transpose ? 'rows' : 'columns'} of S)`, A.rows);
  const out = sharedMatrix(outRows, A.cols, sketch.spec.dtype ?? dtypeOf(A.data));
  const refs = { spec: { ...sketch.spec }, transpose, input: arrayRef(toShared(A.data)), k: A.cols, out: arrayRef(out.data) };
  await runBlocks(pool, 'sketch.apply', splitRange(0, A.cols, pool.threads), ([start, end]) => ({ ...refs, start, end }), signal ? { signal } : undefined);
  return out;
}
