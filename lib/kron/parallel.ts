/**
 * (A_1 ⊗ … ⊗ A_K) x on a pool, the driver behind `kronMatVec(factors, x, { pool })`: the plan of the
 * sequential product, each mode product split over threads by outer slice (or by output row when a
 * mode has fewer slices than threads), with a barrier between modes. Bit-identical to the sequential
 * product. Inputs are trusted (the public function validated them).
 */
import type { FloatArray } from '../core/matrix.js';
import { runBlocks, splitRange, type Block } from '../core/partition.js';
import type { KernelPool } from '../core/pool.js';
import { arrayRef, sharedArray, toShared } from '../core/shared-memory.js';
import type { KronPlan } from './kernels.js';
import type { Factors } from './validate.js';

/** Runs `plan` on x over the pool; returns the float64 result (a view on shared scratch). */
export async function kronMatVecOnPool(
  pool: KernelPool, f: Factors, plan: KronPlan, x: FloatArray, transpose: boolean, signal?: AbortSignal,
): Promise<Float64Array> {
  const a = f.data.map((d) => arrayRef(toShared(d)));
  const work = [sharedArray('float64', plan.workLength), sharedArray('float64', plan.steps.length > 1 ? plan.workLength : 0)];
  let src = arrayRef(toShared(x));
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
  return dst.subarray(0, plan.outputLength);
}
