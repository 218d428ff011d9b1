/**
 * Dense products on a pool, the driver behind `matmul(A, B, { pool })`: C = A · B split by row
 * block, C = A · Bᵀ split by column block. Each entry is computed by the same kernel as the
 * sequential `matmul`, in the same order, so the result is bit-identical for any number of threads.
 * Inputs are trusted (the public function validated them).
 */
import type { Matrix } from './matrix.js';
import { runBlocks, splitRange } from './partition.js';
import type { KernelPool } from './pool.js';
import { matrixRef, sharedMatrix, toSharedMatrix } from './shared-memory.js';

/** A · B (or A · Bᵀ) on `pool`, into a new matrix on shared memory; shared inputs are not copied. */
export async function matmulOnPool(pool: KernelPool, A: Matrix, B: Matrix, transposeB: boolean, signal?: AbortSignal): Promise<Matrix> {
  const n = transposeB ? B.rows : B.cols;
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
