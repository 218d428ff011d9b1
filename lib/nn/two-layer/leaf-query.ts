/**
 * The threshold query of the blocked leaves (blocked-leaves.ts), with the network's output summed on
 * the way: the active set {r : z_{i,r} ≥ τ} of input i, ascending, and s = Σ_r a_r (z_{i,r} − τ) over it
 * in the same ascending order (f_i = s/√m), so the forward pass needs no second pass over the leaves.
 * One code path for both indexes and for the pool's workers.
 *
 * Two phases: the heap is walked level by level only to list the candidate blocks (their heap leaf
 * is ≥ τ), then the candidates' lines are read with a branch-free inner loop. One input's candidate
 * lines are far apart (one per block of n·B leaves); a step's queries therefore run together
 * (queryMany): the (block, input) pairs of all inputs are bucketed by block and read in memory order.
 * Trusted: callers validate.
 */
import type { BlockedLeaves, HeapLeaves } from './blocked-leaves.js';

/** Candidate blocks of the latest query (one scratch per thread, grown when short). */
let candidates = new Int32Array(1024);

/**
 * Writes the active neurons of input i (ascending) into `out` (a larger array is returned when it is
 * short) and returns [count, out, s] with s = Σ signs[r]·(z_{i,r} − τ) summed in ascending r: queryMany
 * for one input. With `heap`, only the blocks whose maximum is ≥ τ are read; without it, every block is.
 */
export function queryLeaves(leaves: BlockedLeaves, heap: HeapLeaves | null, i: number, tau: number, out: Int32Array, signs: Float64Array): [number, Int32Array, number] {
  const outs = [out], counts = new Int32Array(1), sums = new Float64Array(1);
  queryMany(leaves, heap, [i], 0, 1, tau, outs, counts, sums, signs);
  return [counts[0], outs[0], sums[0]];
}

/** Frontier of the breadth-first heap walk (one scratch per thread, grown when short). */
let frontier = new Int32Array(1024);

/**
 * Lists, ascending, the blocks b < blocks whose heap leaf of input i is ≥ τ; returns how many. The heap
 * is walked level by level: a level's qualifying nodes are known before any of their children is
 * read, so the children's loads do not wait on each other (several cache misses in flight, where a
 * depth-first walk waits for each node before choosing the next).
 */
function candidateBlocks(heap: HeapLeaves, blocks: number, i: number, tau: number): number {
  const { nodes, stride, first: L } = heap, o = i * stride;
  if (!(nodes[o + 1] >= tau)) return 0;
  if (L === 1) { candidates[0] = 0; return blocks > 0 ? 1 : 0; }
  // current level's qualifying nodes in candidates[0 … size) (ascending); the next level's go to frontier
  let cur = candidates, next = frontier, size = 1;
  cur[0] = 1;
  for (let width = 1; width < L; width <<= 1) {
    if (next.length < 2 * size) next = new Int32Array(Math.max(2 * next.length, 2 * size));
    let count = 0;
    for (let q = 0; q < size; q++) {
      const left = cur[q] << 1;
      next[count] = left;
      count += nodes[o + left] >= tau ? 1 : 0;
      next[count] = left + 1;
      count += nodes[o + left + 1] >= tau ? 1 : 0;
    }
    const t = cur; cur = next; next = t; size = count;
  }
  // cur holds heap leaves L + b, ascending: the candidate blocks (padding blocks past `blocks` dropped).
  let count = 0;
  for (let q = 0; q < size; q++) { const b = cur[q] - L; if (b < blocks) cur[count++] = b; }
  // Keep two distinct buffers: the result in `candidates`, the other one as the next call's frontier.
  if (cur === candidates) frontier = next;
  else {
    if (candidates.length < count) candidates = new Int32Array(cur.length);
    candidates.set(cur.subarray(0, count));
    frontier = cur;
  }
  return count;
}

// Scratch of queryMany (one per thread, grown when short): every input's candidate blocks one list
// after another, and the same pairs bucketed by block.
let flat = new Int32Array(4096);
let bucketStart = new Int32Array(1024);
let bucketItems = new Int32Array(4096);

/**
 * The queries of the inputs which[k0 … k1) together, reading the leaves in memory order: each input's
 * candidate blocks come from its heap (every block without one), then the (block, input) pairs are
 * bucketed by block and the lines read block by block. A block's n lines are adjacent, so the reads
 * walk forward through the leaves instead of jumping n·B leaves per candidate of one input. Writes
 * outs[k] (a larger array replaces a short one), counts[k] and sums[k] for k in [k0, k1): the active
 * neurons ascending and s = Σ signs[r]·(z − τ) in ascending r, the bits of queryLeaves for each input.
 */
export function queryMany(leaves: BlockedLeaves, heap: HeapLeaves | null, which: ArrayLike<number>, k0: number, k1: number, tau: number, outs: Int32Array[], counts: Int32Array, sums: Float64Array, signs: Float64Array): void {
  const n = leaves.inputs, B = leaves.blockSize, shift = leaves.shift, blocks = leaves.blocks, width = leaves.width, v = leaves.values;
  for (let k = k0; k < k1; k++) { counts[k] = 0; sums[k] = 0; }
  if (!heap) {
    // Every block of every listed input: one forward pass over the leaves.
    for (let k = k0; k < k1; k++) if (outs[k].length < width) outs[k] = new Int32Array(width);
    for (let b = 0; b < blocks; b++) for (let k = k0; k < k1; k++) scanLine(v, (b * n + which[k]) << shift, b << shift, Math.min(B, width - (b << shift)), tau, outs, counts, sums, signs, k);
    return;
  }
  // Candidates per input, one list after another (flat[begin … end) for input k, in order).
  if (bucketStart.length < blocks + 1) bucketStart = new Int32Array(blocks + 1);
  bucketStart.fill(0, 0, blocks + 1);
  let total = 0;
  for (let k = k0; k < k1; k++) {
    const count = candidateBlocks(heap, blocks, which[k], tau);
    if (flat.length < total + count) { const grown = new Int32Array(2 * (total + count)); grown.set(flat.subarray(0, total)); flat = grown; }
    flat.set(candidates.subarray(0, count), total);
    counts[k] = count; // candidates for now: sizes the output
    for (let c = 0; c < count; c++) bucketStart[candidates[c] + 1]++;
    total += count;
  }
  for (let b = 0; b < blocks; b++) bucketStart[b + 1] += bucketStart[b];
  if (bucketItems.length < total) bucketItems = new Int32Array(2 * total);
  // Bucket the pairs by block; inputs enter each bucket in ascending k.
  for (let k = k0, at = 0; k < k1; k++) {
    const count = counts[k];
    if (outs[k].length < count * B) outs[k] = new Int32Array(Math.max(16, 2 * count * B));
    for (let c = 0; c < count; c++) bucketItems[bucketStart[flat[at + c]]++] = k;
    at += count;
    counts[k] = 0;
  }
  // bucketStart[b] is now the end of bucket b (the start of b + 1).
  for (let b = 0, from = 0; b < blocks; b++) {
    const to = bucketStart[b], r0 = b << shift, end = Math.min(B, width - r0);
    for (let p = from; p < to; p++) { const k = bucketItems[p]; scanLine(v, (b * n + which[k]) << shift, r0, end, tau, outs, counts, sums, signs, k); }
    from = to;
  }
}

/**
 * Appends the active lanes of one line (leaves r0 … r0 + end − 1 at v[base …]) to input k's list and sum.
 * The lanes' tests first make a bit mask (few instructions per line, so many lines' loads are in flight
 * at once when the leaves are out of cache), then only the set bits are visited, in ascending lane
 * order: the same list and the same sum, bit for bit, as adding every lane's term or 0 (the sum starts
 * at +0 and so is never −0, where adding +0 would change it).
 */
function scanLine(v: BlockedLeaves['values'], base: number, r0: number, end: number, tau: number, outs: Int32Array[], counts: Int32Array, sums: Float64Array, signs: Float64Array, k: number): void {
  let mask = 0;
  for (let q = 0; q < end; q++) mask |= +(v[base + q] >= tau) << q;
  if (mask === 0) return;
  const out = outs[k];
  let count = counts[k], sum = sums[k];
  do {
    const low = mask & -mask, q = 31 - Math.clz32(low), r = r0 + q;
    out[count++] = r;
    sum += signs[r] * (v[base + q] - tau);
    mask ^= low;
  } while (mask !== 0);
  counts[k] = count; sums[k] = sum;
}
