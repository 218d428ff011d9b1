/**
 * The banded LogDet inverse on a pool, the driver behind `bandedLogDetInverse(H, { pool })` and
 * `X.apply(v, { pool })`: the factor split by column block, X v split by row block. Columns and rows
 * are independent in the kernels, so both are bit-identical to the sequential calls. Inputs are
 * trusted (the public functions validated them).
 */
import type { FloatArray } from '../core/matrix.js';
import { runBlocks, splitRange } from '../core/partition.js';
import type { KernelPool } from '../core/pool.js';
import { arrayRef, sharedArray, toShared } from '../core/shared-memory.js';
import type { BandedMatrix } from './banded.js';

/** The constants every column of the factor uses (see factorSetup in inverse.ts). */
export interface FactorConstants { dtype: 'float64' | 'float32'; delta: number; scale: number; floor: number; maxEntry: number }

/**
 * The factor of H's LogDet inverse on the pool, on shared memory, with its stats [dropped, raised,
 * min ratio] (the blocks' minima folded exactly, so the ratio may differ from the sequential one in
 * its last ulp where near-ties break by column order).
 */
export async function factorOnPool(
  pool: KernelPool, H: BandedMatrix, c: FactorConstants, signal?: AbortSignal,
): Promise<{ factor: FloatArray; stats: Float64Array }> {
  const { n, band } = H;
  const { scale, floor, delta, maxEntry } = c;
  const h = arrayRef(toShared(H.data));
  const factor = sharedArray(c.dtype, H.data.length);
  const f = arrayRef(factor);
  const blockStats = await runBlocks<number[]>(pool, 'logdet.factor', splitRange(0, n, pool.threads), ([start, end]) => ({
    n, band, h, f, start, end, scale, floor, delta, maxEntry,
  }), signal ? { signal } : undefined);
  const stats = Float64Array.of(0, 0, Infinity);
  for (const [dropped, raised, ratio] of blockStats) {
    stats[0] += dropped; stats[1] += raised;
    if (ratio < stats[2]) stats[2] = ratio;
  }
  return { factor, stats };
}

/** X v on the pool into shared scratch of `dtype` (never aliasing v); the caller commits it. */
export async function applyOnPool(
  pool: KernelPool, factor: BandedMatrix, v: FloatArray, dtype: 'float64' | 'float32', signal?: AbortSignal,
): Promise<FloatArray> {
  const { n, band } = factor;
  const scratch = sharedArray(dtype, n);
  const refs = { n, band, f: arrayRef(toShared(factor.data)), v: arrayRef(toShared(v)), out: arrayRef(scratch) };
  await runBlocks(pool, 'logdet.apply', splitRange(0, n, pool.threads), ([start, end]) => ({ ...refs, start, end }), signal ? { signal } : undefined);
  return scratch;
}
