/**
 * LeafIndex over maxtree's ThresholdSearch: O(K log m) queries and batched leaf moves. The trainers
 * know the leaves z_{i,r} = ⟨w_r, x_i⟩ from blocked products or the Gram kernel, never W itself, so
 * the forest is built over placeholder one-dimensional data and weights (d = 1, all zero) and the
 * leaves are then set by one moveLeavesAll; from there on only moveLeavesAll touches them.
 */
import { ThresholdSearch } from '../maxtree/index.js';
import type { LeafIndex } from './leafIndex.js';

export function treeIndex(leaves: Float64Array, inputs: number, width: number): LeafIndex {
  const search = ThresholdSearch.init({ data: new Float64Array(inputs), weights: new Float64Array(width), d: 1 });
  const all = Int32Array.from({ length: width }, (_, r) => r);
  search.moveLeavesAll(all, leaves);
  const stride = search.layout.leafStride, stored = search.buffers.leaves;
  return {
    inputs, width,
    query(i, tau, out) {
      const hits = search.query(i, tau, out);
      if (hits.buffer === out.buffer) return [hits.length, out];
      const grown = new Int32Array(2 * hits.length);
      grown.set(hits);
      return [hits.length, grown];
    },
    leaf: (i, r) => stored[i * stride + r],
    moveLeaves(neurons, count, deltas) {
      search.moveLeavesAll(count === neurons.length ? neurons : neurons.subarray(0, count), deltas.length === inputs * count ? deltas : deltas.subarray(0, inputs * count));
    },
  };
}
