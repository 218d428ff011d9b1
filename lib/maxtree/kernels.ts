/**
 * Trusted kernels of the max-tree forest (see layout.ts): plain functions over raw typed arrays and
 * a tree range [treeStart, treeEnd), so a worker can run them on its share of the trees over the
 * same SharedArrayBuffers. No validation here: the public layer (MaxTree, ThresholdSearch) checks
 * every argument once. Comparisons are `≥ tau`; ±0 compare equal, as IEEE says.
 */
import type { FloatArray } from '../core/matrix.js';
import type { TreeLayout } from './layout.js';

export { computeLeaves, refreshLeaves, innerProductFlops } from './inner-products.js';
export { topKTree } from './top-k.js';

/** Max of block b of tree `tree`, scanning its blockSize leaves (padding leaves are −∞). */
export function blockMax(leaves: FloatArray, layout: TreeLayout, tree: number, block: number): number {
  const start = tree * layout.leafStride + block * layout.blockSize, end = start + layout.blockSize;
  let max = -Infinity;
  for (let k = start; k < end; k++) {
    const v = leaves[k];
    if (v > max) max = v;
  }
  return max;
}

/** Rebuilds the heaps of trees [treeStart, treeEnd) from their leaves: block maxima, then each level up. */
export function buildHeaps(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, treeStart: number, treeEnd: number): void {
  const L = layout.heapLeaves;
  for (let t = treeStart; t < treeEnd; t++) {
    const no = t * layout.nodeStride;
    nodes[no] = -Infinity;
    for (let b = 0; b < L; b++) nodes[no + L + b] = b < layout.blocks ? blockMax(leaves, layout, t, b) : -Infinity;
    for (let k = L - 1; k >= 1; k--) {
      const a = nodes[no + 2 * k], c = nodes[no + 2 * k + 1];
      nodes[no + k] = a >= c ? a : c;
    }
  }
}

/**
 * Writes into `out` (from index 0, at most out.length entries) every leaf index j < m of tree `tree`
 * whose value is ≥ tau, ascending, and returns how many there are (which may exceed out.length: then
 * only the first out.length were written). Three regimes, chosen on the fly from the fraction of
 * blocks that hold hits so far (measured: benchmarks/results/maxtree.md):
 * - sparse: a stackless depth-first walk over the heap, O(K log m);
 * - moderate (more than 1/8 of the blocks passed hold hits, after DENSE_AFTER of them): a linear scan
 *   of the block maxima, visiting the blocks that pass — streaming, m/blockSize reads — when the
 *   tree's leaves fit in STREAM_ABOVE_BYTES; larger trees go straight to a plain scan, because out of
 *   cache the skipping pattern costs more than streaming every leaf;
 * - dense (more than 2/3 of the blocks scanned hold hits): a plain linear scan of the leaves left.
 */
export function queryTree(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, tau: number, out: Int32Array): number {
  const L = layout.heapLeaves, B = layout.blockSize, m = layout.m;
  const no = tree * layout.nodeStride, lo = tree * layout.leafStride;
  let count = 0, node = 1, visited = 0;
  for (;;) {
    if (nodes[no + node] >= tau) {
      if (node < L) { node <<= 1; continue; }
      const block = node - L, start = block * B;
      count = scanInto(leaves, lo, start, Math.min(start + B, m), tau, out, count, m);
      if (++visited >= DENSE_AFTER && 8 * visited > block + 1) {
        return m * leaves.BYTES_PER_ELEMENT > STREAM_ABOVE_BYTES
          ? scanInto(leaves, lo, start + B, m, tau, out, count, m)
          : scanBlocks(leaves, nodes, layout, tree, tau, out, block + 1, count);
      }
    }
    while (node & 1) node >>= 1;
    if (node === 0) return count;
    node++;
  }
}

/** Blocks a query passes before it may switch regime (see queryTree). */
export const DENSE_AFTER = 32;

/** Leaf bytes per tree above which a moderate-density query streams all leaves (about the L2 size here). */
export const STREAM_ABOVE_BYTES = 2 ** 21;

/** queryTree's moderate regime from block `first` on: scan the block maxima, then the leaves of each block that passes. */
function scanBlocks(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, tau: number, out: Int32Array, first: number, count: number): number {
  const L = layout.heapLeaves, B = layout.blockSize, m = layout.m;
  const no = tree * layout.nodeStride + L, lo = tree * layout.leafStride;
  let visited = 0;
  for (let b = first; b < layout.blocks; b++) {
    if (nodes[no + b] >= tau) {
      const start = b * B, end = Math.min(start + B, m);
      count = scanInto(leaves, lo, start, end, tau, out, count, m);
      if (++visited >= DENSE_AFTER && 3 * visited > 2 * (b + 1 - first)) return scanInto(leaves, lo, end, m, tau, out, count, m);
    }
  }
  return count;
}

/** scanLeaves, or its capped form when out may be too short for every hit. */
function scanInto(leaves: FloatArray, lo: number, from: number, to: number, tau: number, out: Int32Array, count: number, m: number): number {
  return out.length >= m ? scanLeaves(leaves, lo, from, to, tau, out, count) : scanLeavesCapped(leaves, lo, from, to, tau, out, count);
}

/** Appends to out[count…] every j in [from, to) with leaves[lo + j] ≥ tau; returns the new count (out must have room). */
export function scanLeaves(leaves: FloatArray, lo: number, from: number, to: number, tau: number, out: Int32Array, count: number): number {
  for (let j = from; j < to; j++) if (leaves[lo + j] >= tau) out[count++] = j;
  return count;
}

/** scanLeaves that writes only while count < out.length and keeps counting past it. */
function scanLeavesCapped(leaves: FloatArray, lo: number, from: number, to: number, tau: number, out: Int32Array, count: number): number {
  const cap = out.length;
  for (let j = from; j < to; j++) {
    if (leaves[lo + j] >= tau) {
      if (count < cap) out[count] = j;
      count++;
    }
  }
  return count;
}

/** How many leaves of tree `tree` are ≥ tau (queryTree without the output). */
export function countTree(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, tau: number): number {
  return queryTree(leaves, nodes, layout, tree, tau, EMPTY);
}
const EMPTY = new Int32Array(0);

/** The smallest leaf index holding the maximum of tree `tree` (±0 count as equal). */
export function argmaxTree(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number): number {
  const L = layout.heapLeaves, no = tree * layout.nodeStride, lo = tree * layout.leafStride;
  const max = nodes[no + 1];
  let node = 1;
  while (node < L) node = nodes[no + 2 * node] === max ? 2 * node : 2 * node + 1;
  let j = (node - L) * layout.blockSize;
  while (leaves[lo + j] !== max) j++;
  return j;
}

/**
 * After leaf j of tree `tree` changed: recomputes its block maximum and the ancestors above it,
 * stopping at the first node whose value does not change. O(blockSize + log m).
 */
export function updatePath(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, j: number): void {
  const no = tree * layout.nodeStride;
  const block = Math.floor(j / layout.blockSize);
  let node = layout.heapLeaves + block;
  const v = blockMax(leaves, layout, tree, block);
  if (nodes[no + node] === v) return;
  nodes[no + node] = v;
  for (node >>= 1; node >= 1; node >>= 1) {
    const a = nodes[no + 2 * node], c = nodes[no + 2 * node + 1];
    const w = a >= c ? a : c;
    if (nodes[no + node] === w) return;
    nodes[no + node] = w;
  }
}

/**
 * The heap nodes to recompute after the leaves `leafIndices[0..count)` changed (any order, repeats
 * allowed), each node once, level by level from the blocks up to the root. Nodes ≥ heapLeaves are
 * blocks (rescan their leaves), the rest take the max of their children. The schedule depends only
 * on the indices, so it serves every tree that changed at the same leaves.
 */
export function ancestorSchedule(layout: TreeLayout, leafIndices: ArrayLike<number>, count: number): Int32Array {
  const level = new Int32Array(count);
  for (let q = 0; q < count; q++) level[q] = layout.heapLeaves + Math.floor(leafIndices[q] / layout.blockSize);
  level.sort();
  let width = 0;
  for (let q = 0; q < count; q++) if (q === 0 || level[q] !== level[q - 1]) level[width++] = level[q];
  const schedule: number[] = [];
  while (width > 0 && level[0] >= 1) {
    for (let q = 0; q < width; q++) schedule.push(level[q]);
    let next = 0;
    for (let q = 0; q < width; q++) {
      const parent = level[q] >> 1;
      if (next === 0 || level[next - 1] !== parent) level[next++] = parent;
    }
    width = level[0] === 0 ? 0 : next;
  }
  return Int32Array.from(schedule);
}

/** Recomputes the nodes of `schedule` (from ancestorSchedule) in trees [treeStart, treeEnd). */
export function applySchedule(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, schedule: Int32Array, treeStart: number, treeEnd: number): void {
  const L = layout.heapLeaves;
  for (let t = treeStart; t < treeEnd; t++) {
    const no = t * layout.nodeStride;
    for (let q = 0; q < schedule.length; q++) {
      const node = schedule[q];
      if (node >= L) {
        nodes[no + node] = blockMax(leaves, layout, t, node - L);
      } else {
        const a = nodes[no + 2 * node], c = nodes[no + 2 * node + 1];
        nodes[no + node] = a >= c ? a : c;
      }
    }
  }
}

/**
 * leaves[t][indices[q]] += deltas[deltaOffset + (t − treeStart)·deltaStride + q] for q < count and t in
 * [treeStart, treeEnd); the heaps are not touched (follow with applySchedule). Float32 storage rounds
 * each sum as float32 does.
 */
export function addToLeaves(
  leaves: FloatArray, layout: TreeLayout, indices: ArrayLike<number>, count: number,
  deltas: ArrayLike<number>, deltaOffset: number, deltaStride: number, treeStart: number, treeEnd: number,
): void {
  for (let t = treeStart; t < treeEnd; t++) {
    const lo = t * layout.leafStride, dofs = deltaOffset + (t - treeStart) * deltaStride;
    for (let q = 0; q < count; q++) leaves[lo + indices[q]] += deltas[dofs + q];
  }
}
