/**
 * Output handling shared by the query methods: write into the caller's buffer when given (and large
 * enough), else into a reusable scratch buffer, then copy out exactly the hits. A query never
 * allocates O(m) when K is small.
 */
import type { FloatArray } from '../core/matrix.js';
import type { TreeLayout } from './layout.js';
import { queryTree } from './kernels.js';

/** A growable scratch buffer owned by one structure. */
export interface Scratch {
  buffer: Int32Array;
}

/**
 * The hits of tree `tree` at tau: `out.subarray(0, K)` when out is given and has room, a new exact
 * array when it has not, and a copy out of `scratch` (grown as needed) when out is absent.
 */
export function collectHits(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, tau: number, out: Int32Array | undefined, scratch: Scratch): Int32Array {
  if (out !== undefined) {
    const count = queryTree(leaves, nodes, layout, tree, tau, out);
    if (count <= out.length) return out.subarray(0, count);
    const exact = new Int32Array(count);
    queryTree(leaves, nodes, layout, tree, tau, exact);
    return exact;
  }
  let count = queryTree(leaves, nodes, layout, tree, tau, scratch.buffer);
  if (count > scratch.buffer.length) {
    scratch.buffer = new Int32Array(Math.max(count, 2 * scratch.buffer.length));
    count = queryTree(leaves, nodes, layout, tree, tau, scratch.buffer);
  }
  return scratch.buffer.slice(0, count);
}

/** True when `i` is an integer in [0, limit): the fast path of the index checks (limit < 2^32). */
export function isIndex(i: unknown, limit: number): boolean {
  return typeof i === 'number' && i >>> 0 === i && i < limit;
}

/** True when tau is a number other than NaN: the fast path of checkTau. */
export function isThreshold(tau: unknown): boolean {
  return typeof tau === 'number' && tau === tau;
}
