/**
 * S·A and Sᵀ·Y on a pool, the driver behind `sketch.apply(A, { pool })` and
 * `sketch.applyTranspose(Y, { pool })`: split by column block. Columns are independent in every
 * sketch kernel, so the result is bit-identical to the sequential one. Inputs are trusted (the
 * public method validated them); a worker rebuilds the same S from the spec.
 */
import type { Dtype, Matrix } from '../core/matrix.js';
import { runBlocks, splitRange } from '../core/partition.js';
import type { KernelPool } from '../core/pool.js';
import { arrayRef, sharedMatrix, toShared } from '../core/shared-memory.js';
import type { SketchSpec } from './plan.js';

/** S·A (or Sᵀ·A with `transpose`) for the sketch of `spec`, into a new matrix on shared memory. */
export async function sketchApplyOnPool(
  pool: KernelPool, spec: SketchSpec, transpose: boolean, A: Matrix, outRows: number, dtype: Dtype, signal?: AbortSignal,
): Promise<Matrix> {
  const out = sharedMatrix(outRows, A.cols, dtype);
  const refs = { spec: { ...spec }, transpose, input: arrayRef(toShared(A.data)), k: A.cols, out: arrayRef(out.data) };
  await runBlocks(pool, 'sketch.apply', splitRange(0, A.cols, pool.threads), ([start, end]) => ({ ...refs, start, end }), signal ? { signal } : undefined);
  return out;
}
