/**
 * ThresholdSearch on a pool: the parallel side of `ThresholdSearch.init/queryAll/updateMany/
 * moveLeavesAll({ pool })`. Every operation splits the n trees into blocks (one per thread) and runs
 * the same kernels as the sequential methods on each block, so results are bit-identical. Inner
 * products go to scratch first; the forest is only written by 'maxtree.commit', whose changes are
 * rolled back if any block fails, so a failed call leaves the structure as it was.
 */
import type { FloatArray } from '../core/matrix.js';
import type { TreeLayout } from './layout.js';
import { runBlocks, splitRange } from '../core/partition.js';
import { arrayRef, sharedArray, toShared } from '../core/shared-memory.js';
import type { KernelPool, PoolOptions } from '../core/pool.js';

/** The four arrays of a ThresholdSearch (on SharedArrayBuffers). */
export interface ForestArrays { readonly data: FloatArray; readonly weights: FloatArray; readonly leaves: FloatArray; readonly nodes: FloatArray }

/** Options of a pooled ThresholdSearch operation: the package's `PoolOptions`. */
export type ForestPoolOptions = PoolOptions;

const treeBlocks = (pool: KernelPool, n: number) => splitRange(0, n, pool.threads);
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : undefined);

function forestRefs(a: ForestArrays) {
  return { data: arrayRef(a.data), weights: arrayRef(a.weights), leaves: arrayRef(a.leaves), nodes: arrayRef(a.nodes) };
}

/** Builds leaves and heaps of every tree into `arrays` (fresh memory); resolves with the first non-finite leaf (flat index) or −1. */
export async function buildForestOnPool(pool: KernelPool, layout: TreeLayout, arrays: ForestArrays, signal?: AbortSignal): Promise<number> {
  const refs = forestRefs(arrays);
  const results = await runBlocks<{ firstNonFinite: number }>(pool, 'maxtree.build', treeBlocks(pool, layout.n),
    ([start, end]) => ({ layout, ...refs, start, end }), withSignal(signal));
  return results.find((r) => r.firstNonFinite >= 0)?.firstNonFinite ?? -1;
}

/** ⟨x_t, z_q⟩ for every tree t and each of the k rows of z, into new scratch (n × k); and its first non-finite entry or −1. */
export async function stageRowsOnPool(
  pool: KernelPool, layout: TreeLayout, data: FloatArray, z: FloatArray, k: number, signal?: AbortSignal,
): Promise<{ staged: FloatArray; firstNonFinite: number }> {
  const staged = sharedArray(layout.dtype, layout.n * k);
  const refs = { data: arrayRef(data), z: arrayRef(toShared(z)), staged: arrayRef(staged) };
  const results = await runBlocks<{ firstNonFinite: number }>(pool, 'maxtree.stage', treeBlocks(pool, layout.n),
    ([start, end]) => ({ layout, ...refs, k, start, end }), withSignal(signal));
  return { staged, firstNonFinite: results.find((r) => r.firstNonFinite >= 0)?.firstNonFinite ?? -1 };
}

/**
 * Writes staged[(t − t0)·k + q] into leaf (t, indices[q]) for trees [t0, t1) and recomputes the
 * `schedule` nodes, block by block of trees. Not abortable (a commit is short and must be whole); if
 * a block fails, every leaf and node the commit may have written is restored before it rejects.
 */
export async function commitLeavesOnPool(
  pool: KernelPool, layout: TreeLayout, arrays: ForestArrays, indices: ArrayLike<number>, staged: FloatArray,
  schedule: Int32Array, t0: number, t1: number,
): Promise<void> {
  const k = indices.length, { leafStride, nodeStride } = layout;
  const oldLeaves = new Float64Array((t1 - t0) * k), oldNodes = new Float64Array((t1 - t0) * schedule.length);
  for (let t = t0; t < t1; t++) {
    for (let q = 0; q < k; q++) oldLeaves[(t - t0) * k + q] = arrays.leaves[t * leafStride + indices[q]];
    for (let s = 0; s < schedule.length; s++) oldNodes[(t - t0) * schedule.length + s] = arrays.nodes[t * nodeStride + schedule[s]];
  }
  const refs = {
    leaves: arrayRef(arrays.leaves), nodes: arrayRef(arrays.nodes), indices: arrayRef(toShared(Int32Array.from(indices))),
    schedule: arrayRef(toShared(schedule)), k,
  };
  const stagedRef = arrayRef(toShared(staged));
  try {
    await runBlocks(pool, 'maxtree.commit', splitRange(t0, t1, pool.threads), ([start, end]) => ({
      layout, ...refs, staged: stagedRef, firstTree: t0, start, end,
    }));
  } catch (error) {
    for (let t = t0; t < t1; t++) {
      for (let q = k - 1; q >= 0; q--) arrays.leaves[t * leafStride + indices[q]] = oldLeaves[(t - t0) * k + q];
      for (let s = 0; s < schedule.length; s++) arrays.nodes[t * nodeStride + schedule[s]] = oldNodes[(t - t0) * schedule.length + s];
    }
    throw error;
  }
}

/** Per-structure output buffers of queryAll, one per block, reused across calls. */
const queryScratch = new WeakMap<FloatArray, Int32Array[]>();

/** query(t, tau) for every tree in compressed-row form, trees split across threads. */
export async function queryAllOnPool(
  pool: KernelPool, layout: TreeLayout, arrays: ForestArrays, tau: number, signal?: AbortSignal,
): Promise<{ offsets: Int32Array; indices: Int32Array }> {
  const blocks = treeBlocks(pool, layout.n);
  const refs = { leaves: arrayRef(arrays.leaves), nodes: arrayRef(arrays.nodes) };
  const cached = queryScratch.get(arrays.leaves) ?? [];
  queryScratch.delete(arrays.leaves); // a failed call must not leave a buffer a dying thread may still write
  const outs = blocks.map((_, b) => cached[b] ?? sharedArray('int32', 1024));
  const run = (b: number) => pool.run<{ counts: number[]; complete: boolean }>('maxtree.queryAll',
    { layout, ...refs, tau, out: arrayRef(outs[b]), start: blocks[b][0], end: blocks[b][1] }, withSignal(signal));
  const first = await Promise.allSettled(blocks.map((_, b) => run(b)));
  const failed = first.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const counts = first.map((r) => (r as PromiseFulfilledResult<{ counts: number[]; complete: boolean }>).value);
  const redo = counts.flatMap((c, b) => (c.complete ? [] : [b]));
  for (const b of redo) {
    const total = counts[b].counts.reduce((s, c) => s + c, 0);
    outs[b] = sharedArray('int32', Math.max(total, 2 * outs[b].length));
  }
  const second = await Promise.allSettled(redo.map((b) => run(b)));
  const failedAgain = second.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failedAgain) throw failedAgain.reason;
  const offsets = new Int32Array(layout.n + 1);
  let t = 0;
  for (const c of counts) for (const count of c.counts) { offsets[t + 1] = offsets[t] + count; t++; }
  const indices = new Int32Array(offsets[layout.n]);
  blocks.forEach(([start, end], b) => indices.set(outs[b].subarray(0, offsets[end] - offsets[start]), offsets[start]));
  queryScratch.set(arrays.leaves, outs);
  return { offsets, indices };
}
