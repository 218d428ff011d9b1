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
import { checkAllocationOf, MAX_ELEMENTS } from '../core/allocation.js';
import { checkInteger, checkOneOf, invalidRange } from '../core/errors.js';
import { DTYPES, type Dtype, type FloatArray } from '../core/matrix.js';
import { sharedArray } from '../core/shared-memory.js';
import { residentOrShared } from '../core/wasm-array.js';

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

/**
 * The layout of n trees of m leaves each (d the vector length, 0 for a MaxTree).
 * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} n, m, d not integers ≥ 0 (n, m ≤ 2³¹ − 1), an
 * unknown dtype, blockSize not a power of two in [1, 1024].
 * @param n - trees. @param m - leaves per tree. @param d - vector length. @param dtype - storage. @param blockSize - leaves per block.
 * @returns the layout (strides of leaves and heap nodes).
 * @example
 * ```ts
 * import { treeLayout } from 'sublinear/maxtree';
 * console.log(treeLayout(2, 40, 3, 'float64').leafStride); // 48: three blocks of 16
 * ```
 */
/** A RangeError naming `fn` unless the forest's leaves and heap nodes fit the allocation cap. */
export function checkForestSize(fn: string, layout: TreeLayout): void {
  const bytes = layout.dtype === 'float32' ? 4 : 8;
  checkAllocationOf(fn, 'the forest (trees × padded leaves)', [layout.n, layout.leafStride], bytes);
  checkAllocationOf(fn, 'the forest (trees × heap nodes)', [layout.n, layout.nodeStride], bytes);
}

export function treeLayout(n: number, m: number, d: number, dtype: Dtype, blockSize = DEFAULT_BLOCK_SIZE): TreeLayout {
  const fn = 'treeLayout';
  checkInteger(fn, 'n', n, 0, MAX_ELEMENTS);
  checkInteger(fn, 'm', m, 0, MAX_ELEMENTS);
  checkInteger(fn, 'd', d, 0, MAX_ELEMENTS);
  checkOneOf(fn, 'dtype', dtype, DTYPES);
  checkInteger(fn, 'blockSize', blockSize, 1, 1024);
  if ((blockSize & (blockSize - 1)) !== 0) throw invalidRange(fn, 'blockSize', 'a power of two in [1, 1024]', blockSize);
  const blocks = Math.ceil(m / blockSize);
  let heapLeaves = 1;
  while (heapLeaves < blocks) heapLeaves *= 2;
  return { n, m, d, blockSize, blocks, heapLeaves, leafStride: blocks * blockSize, nodeStride: 2 * heapLeaves, dtype };
}

/** New shared leaf and node arrays for `layout`, every entry −∞ (all padding until built). */
export function allocateForest(layout: TreeLayout, fn = 'allocateForest'): { leaves: FloatArray; nodes: FloatArray } {
  checkForestSize(fn, layout);
  const leaves = sharedArray(layout.dtype, layout.n * layout.leafStride).fill(-Infinity);
  const nodes = sharedArray(layout.dtype, layout.n * layout.nodeStride).fill(-Infinity);
  return { leaves, nodes };
}

/**
 * Leaf and node arrays for a forest that is about to be built (init): only the padding leaves
 * (j ≥ m in each tree) are set to −∞, because the build writes every other leaf and every heap node,
 * so fresh memory is touched once, by the build, instead of twice. With `resident` the arrays live in
 * the wasm memory (resident arrays, reused memory when earlier ones were freed; ordinary shared
 * arrays where none can be made).
 */
export function allocateForestForBuild(layout: TreeLayout, fn: string, resident: boolean): { leaves: FloatArray; nodes: FloatArray } {
  checkForestSize(fn, layout);
  const alloc = resident ? residentOrShared : sharedArray;
  const leaves = alloc(layout.dtype, layout.n * layout.leafStride), nodes = alloc(layout.dtype, layout.n * layout.nodeStride);
  if (layout.leafStride > layout.m) for (let t = 0; t < layout.n; t++) leaves.fill(-Infinity, t * layout.leafStride + layout.m, (t + 1) * layout.leafStride);
  return { leaves, nodes };
}
