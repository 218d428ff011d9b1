/**
 * The threshold query of the blocked leaves (blocked-leaves.ts), with the network's output summed on
 * the way: the active set {r : z_{i,r} ≥ τ} of input i, ascending, and s = Σ_r a_r (z_{i,r} − τ) over it
 * in the same ascending order (f_i = s/√m), so the forward pass needs no second pass over the leaves.
 * One code path for both indexes and for the pool's workers.
 *
 * Two phases: the heap is walked depth first only to list the candidate blocks (their heap leaf is
 * ≥ τ; the heaps are small and dense, so this stays in cache), then the candidates' lines are read with
 * a branch-free inner loop. The candidates' lines are far apart (one per block of n·B leaves), so each
 * is a cache miss; without a data-dependent branch the processor keeps several of them in flight
 * instead of waiting for one at a time. Trusted: callers validate.
 */
import type { BlockedLeaves, HeapLeaves } from './blocked-leaves.js';

/** Candidate blocks of the latest query (one scratch per thread, grown when short). */
let candidates = new Int32Array(1024);

/**
 * Writes the active neurons of input i (ascending) into `out` (a larger array is returned when it is
 * short) and returns [count, out, s] with s = Σ signs[r]·(z_{i,r} − τ) summed in ascending r (0 without
 * `signs`). With `heap`, only the blocks whose maximum is ≥ τ are read; without it, every block is.
 */
export function queryLeaves(leaves: BlockedLeaves, heap: HeapLeaves | null, i: number, tau: number, out: Int32Array, signs: Float64Array | null): [number, Int32Array, number] {
  const blocks = leaves.blocks, B = leaves.blockSize;
  let count = 0;
  if (heap) {
    count = candidateBlocks(heap, blocks, i, tau);
    if (count === 0) return [0, out, 0];
  } else {
    if (candidates.length < blocks) candidates = new Int32Array(blocks);
    for (let b = 0; b < blocks; b++) candidates[b] = b;
    count = blocks;
  }
  // At most B hits per candidate: room for all of them, so the scan appends without a bounds test.
  if (out.length < count * B) out = new Int32Array(Math.max(16, 2 * count * B));
  return signs ? scanSummed(leaves, i, tau, out, count, signs) : scanCandidates(leaves, i, tau, out, count);
}

/** Lists, ascending, the blocks b < blocks whose heap leaf of input i is ≥ τ; returns how many. */
function candidateBlocks(heap: HeapLeaves, blocks: number, i: number, tau: number): number {
  const { nodes, stride, first: L } = heap, o = i * stride;
  if (!(nodes[o + 1] >= tau)) return 0;
  let count = 0, k = 1;
  for (;;) {
    if (nodes[o + k] >= tau) {
      if (k < L) { k <<= 1; continue; }
      const b = k - L;
      if (b < blocks) {
        if (count === candidates.length) { const grown = new Int32Array(2 * count); grown.set(candidates); candidates = grown; }
        candidates[count++] = b;
      }
    }
    while (k & 1) k >>= 1;
    if (k === 0) break;
    k++;
  }
  return count;
}

function scanCandidates(leaves: BlockedLeaves, i: number, tau: number, out: Int32Array, blocks: number): [number, Int32Array, number] {
  const n = leaves.inputs, shift = leaves.shift, B = leaves.blockSize, width = leaves.width, v = leaves.values, list = candidates;
  let count = 0;
  for (let c = 0; c < blocks; c++) {
    const b = list[c], base = (b * n + i) << shift, r0 = b << shift, end = Math.min(B, width - r0);
    for (let q = 0; q < end; q++) {
      out[count] = r0 + q;
      count += v[base + q] >= tau ? 1 : 0;
    }
  }
  return [count, out, 0];
}

function scanSummed(leaves: BlockedLeaves, i: number, tau: number, out: Int32Array, blocks: number, signs: Float64Array): [number, Int32Array, number] {
  const n = leaves.inputs, shift = leaves.shift, B = leaves.blockSize, width = leaves.width, v = leaves.values, list = candidates;
  let count = 0, sum = 0;
  for (let c = 0; c < blocks; c++) {
    const b = list[c], base = (b * n + i) << shift, r0 = b << shift, end = Math.min(B, width - r0);
    for (let q = 0; q < end; q++) {
      const z = v[base + q], r = r0 + q;
      out[count] = r;
      // Adding +0 for a miss leaves the sum's bits as they are (it starts at +0, so it is never −0).
      const hit = z >= tau;
      count += hit ? 1 : 0;
      sum += hit ? signs[r] * (z - tau) : 0;
    }
  }
  return [count, out, sum];
}
