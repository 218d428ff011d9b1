/**
 * Parallel dense products on a pool: C = A · B split by row block, C = A · Bᵀ split by column block.
 * Each entry is computed by the same kernel as `matmul` in the same order, so the result is
 * bit-identical to `matmul` for any number of threads.
 */
import { checkOptions, invalidRange } from './errors.js';
import { checkMatrix, type Matrix } from './matrix.js';
import type { KernelPool, KernelTaskOptions } from './pool.js';
import { runBlocks, splitRange } from './partition.js';
import { matrixRef, sharedMatrix, toSharedMatrix } from './shared-memory.js';
import { checkPool } from './pool.js';

/** Options of the parallel products. */
export interface ParallelProductOptions extends KernelTaskOptions {
  /** Multiply B transposed: C = A · Bᵀ (B is n × k), split by column block of C. */
  transposeB?: boolean;
}

/**
 * A · B (or A · Bᵀ) computed on `pool`, written into a new matrix on shared memory. Inputs already on
 * shared memory are not copied.
 *
 * @param pool - the pool to run on.
 * @param A - m × k.
 * @param B - k × n (n × k with `transposeB`).
 * @param options - transposeB, signal.
 * @returns the m × n product (float32 only when both inputs are float32), on a SharedArrayBuffer.
 * @throws {TypeError} a pool or matrix of the wrong kind. @throws {RangeError} inner dimensions differ, or non-finite entries.
 * @throws {KernelTaskError} a task failed (nothing the caller holds was written).
 * @example
 * ```ts
 * import { createKernelPool, parallelMatmul } from 'sublinear/workers';
 * import { matrix, toRows } from 'sublinear/core';
 * const pool = createKernelPool({ threads: 1 });
 * const C = await parallelMatmul(pool, matrix([[1, 2], [3, 4]]), matrix([[1, 1]]), { transposeB: true });
 * console.log(toRows(C)); // [[3], [7]]
 * await pool.close();
 * ```
 */
export async function parallelMatmul(pool: KernelPool, A: Matrix, B: Matrix, options?: ParallelProductOptions): Promise<Matrix> {
  const fn = 'parallelMatmul';
  checkPool(fn, pool);
  checkMatrix(fn, 'A', A);
  checkMatrix(fn, 'B', B);
  const { transposeB = false, signal } = checkOptions(fn, 'options', options);
  const k = A.cols, kb = transposeB ? B.cols : B.rows, n = transposeB ? B.rows : B.cols;
  if (k !== kb) throw invalidRange(fn, transposeB ? 'B.cols' : 'B.rows', `${k} (the inner dimension of A)`, kb);
  const dtype = A.data instanceof Float32Array && B.data instanceof Float32Array ? 'float32' : 'float64';
  const C = sharedMatrix(A.rows, n, dtype);
  const refs = { A: matrixRef(toSharedMatrix(A)), B: matrixRef(toSharedMatrix(B)), C: matrixRef(C) };
  const taskOptions = signal ? { signal } : undefined;
  if (transposeB) {
    await runBlocks(pool, 'core.gemmNT', splitRange(0, n, pool.threads), ([start, end]) => ({ ...refs, start, end }), taskOptions);
  } else {
    await runBlocks(pool, 'core.gemm', splitRange(0, A.rows, pool.threads), ([start, end]) => ({ ...refs, beta: 0, start, end }), taskOptions);
  }
  return C;
}
