/**
 * Memory layout of a forest of blocked max-trees, shared by MaxTree (one tree), ThresholdSearch
 * (n trees) and the trusted kernels that workers run over the same SharedArrayBuffers.
 *
 * Each tree has m leaf values grouped in blocks of `blockSize` consecutive leaves, and an implicit
 * max-heap over the blocks: heap node 1 is the root, node k has children 2k and 2k + 1, and node
 * `heapLeaves + b` holds the maximum of block b. Blocks past the last one, and leaves past m in the
 * last block, hold −∞ (padding). Node 0 is unused (−∞). The n trees lie back to back: the leaves of
 * tree i at `leaves[i·leafStride + j]`, its heap at `nodes[i·nodeStride + k]`.
 */
import type { Dtype, FloatArray } from '../core/matrix.js';
import { sharedArray } from '../core/shared-memory.js';

/** Shape of a blocked max-tree forest (plain numbers: it can be posted to a worker as is). */
export interface TreeLayout {
  /** Number of trees (rows of data; 1 for a MaxTree). */
  readonly n: number;
  /** Number of leaves per tree (rows of weights). */
  readonly m: number;
  /** Length of each data and weight vector (0 for a MaxTree, which has none). */
  readonly d: number;
  /** Leaves scanned linearly under one heap node: a power of two in [1, 1024]. */
  readonly blockSize: number;
  /** ⌈m / blockSize⌉. */
  readonly blocks: number;
  /** Heap leaves: the smallest power of two ≥ blocks; node heapLeaves + b is block b. */
  readonly heapLeaves: number;
  /** Distance between the leaves of consecutive trees: blocks · blockSize. */
  readonly leafStride: number;
  /** Distance between the heaps of consecutive trees: 2 · heapLeaves. */
  readonly nodeStride: number;
  /** Storage of data, weights, leaves and nodes. */
  readonly dtype: Dtype;
}

/** Default leaves per block: 16 keeps the heap at 1/8 of the leaves and a block scan one cache line or two. */
export const DEFAULT_BLOCK_SIZE = 16;

/** The layout of n trees of m leaves (trusted: positive integers, blockSize a power of two). */
export function treeLayout(n: number, m: number, d: number, dtype: Dtype, blockSize = DEFAULT_BLOCK_SIZE): TreeLayout {
  const blocks = Math.ceil(m / blockSize);
  let heapLeaves = 1;
  while (heapLeaves < blocks) heapLeaves *= 2;
  return { n, m, d, blockSize, blocks, heapLeaves, leafStride: blocks * blockSize, nodeStride: 2 * heapLeaves, dtype };
}

/** New shared leaf and node arrays for `layout`, every entry −∞ (all padding until built). */
export function allocateForest(layout: TreeLayout): { leaves: FloatArray; nodes: FloatArray } {
  const leaves = sharedArray(layout.dtype, layout.n * layout.leafStride).fill(-Infinity);
  const nodes = sharedArray(layout.dtype, layout.n * layout.nodeStride).fill(-Infinity);
  return { leaves, nodes };
}
