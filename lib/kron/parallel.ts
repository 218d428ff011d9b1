/**
 * (A_1 ⊗ … ⊗ A_K) x on a pool, the driver behind `kronMatVec(factors, x, { pool })`: the plan of the
 * sequential product, each mode product split over threads by outer slice (or by output row when a
 * mode has fewer slices than threads), with a barrier between modes. Bit-identical to the sequential
 * product. Inputs are trusted (the public function validated them).
 *
 * The workers need their operands on shared memory. Factors and x that are not there are copied into
 * a shared scratch that calls reuse, which also holds the two work buffers: fresh memory pays a page
 * fault per page on its first touch, and paying it for the copies and buffers on every call made the
 * pool slower than one thread. The result is copied out of the scratch into a fresh array of the
 * result's dtype before the scratch is let go, so no caller ever holds a view on it. One call holds
 * the scratch at a time; a concurrent call allocates its own.
 */
import type { Dtype, FloatArray } from '../core/matrix.js';
import { runBlocks, splitRange, type Block } from '../core/partition.js';
import type { KernelPool } from '../core/pool.js';
import { sharedBuffer } from '../core/shared-buffer.js';
import { arrayRef, isShared } from '../core/shared-memory.js';
import type { KronPlan } from './kernels.js';
import { toDtype, type Factors } from './validate.js';

/** Scratch kept between calls only up to this size; a larger request gets memory of its own. */
const SCRATCH_KEEP_BYTES = 64 << 20;
let scratch: ArrayBufferLike | null = null;
let scratchBusy = false;

/** Shared memory of `bytes` bytes: the reused scratch when it is free (grown when short), else a new buffer. */
function acquire(bytes: number): { buffer: ArrayBufferLike; reused: boolean } {
  if (scratchBusy || bytes > SCRATCH_KEEP_BYTES) return { buffer: sharedBuffer(Math.max(8, bytes)), reused: false };
  if (scratch === null || scratch.byteLength < bytes) scratch = sharedBuffer(Math.max(8, bytes));
  scratchBusy = true;
  return { buffer: scratch, reused: true };
}

/** Runs `plan` on x over the pool; returns the result in a fresh array of `dtype` (float64 sums rounded once). */
export async function kronMatVecOnPool(
  pool: KernelPool, f: Factors, plan: KronPlan, x: FloatArray, transpose: boolean, dtype: Dtype, signal?: AbortSignal,
): Promise<FloatArray> {
  const twoBuffers = plan.steps.length > 1;
  // Byte layout of the scratch: a copy of each operand not on shared memory, then the work buffers
  // (8-byte aligned regions).
  const operands = [...f.data, x], at: number[] = [];
  let bytes = 0;
  for (const d of operands) { at.push(bytes); if (!isShared(d)) bytes += Math.ceil(d.byteLength / 8) * 8; }
  const workAt = bytes;
  bytes += (twoBuffers ? 2 : 1) * plan.workLength * 8;
  const held = acquire(bytes);
  try {
    const place = (d: FloatArray, k: number): FloatArray => {
      if (isShared(d)) return d;
      const copy = d instanceof Float32Array ? new Float32Array(held.buffer, at[k], d.length) : new Float64Array(held.buffer, at[k], d.length);
      copy.set(d);
      return copy;
    };
    const a = f.data.map((d, k) => arrayRef(place(d, k)));
    const work = [new Float64Array(held.buffer, workAt, plan.workLength), twoBuffers ? new Float64Array(held.buffer, workAt + plan.workLength * 8, plan.workLength) : new Float64Array(0)];
    let src = arrayRef(place(x, f.data.length));
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
    return toDtype(dst.subarray(0, plan.outputLength), dtype);
  } finally {
    if (held.reused) scratchBusy = false;
  }
}
