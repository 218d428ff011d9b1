/**
 * LeafIndex over maxtree's blocked max-tree forest (the layout of ThresholdSearch), driven through
 * its trusted kernels: O(K log m) queries and batched leaf moves with one shared ancestor schedule.
 * The trainers know the leaves z_{i,r} = ⟨w_r, x_i⟩ from blocked products or the Gram kernel, never
 * W, so the forest is built from the leaf values directly (a d = 1 layout: no data or weights held),
 * and the per-element validation of the public ThresholdSearch methods (costly at n·|U| ≈ 10⁵–10⁶
 * moved leaves per step) is skipped: the implicit network's moves are finite sums of finite terms.
 */
import { addToLeaves, ancestorSchedule, applySchedule, buildHeaps, queryTree } from '../maxtree/kernels.js';
import { allocateForest, treeLayout } from '../maxtree/layout.js';
import type { LeafIndex } from './leafIndex.js';

/** Leaves per block under one heap node (maxtree's default). */
const BLOCK_SIZE = 16;

export function treeIndex(values: Float64Array, inputs: number, width: number): LeafIndex {
  const layout = treeLayout(inputs, width, 1, 'float64', BLOCK_SIZE);
  const { leaves, nodes } = allocateForest(layout);
  const stride = layout.leafStride;
  for (let i = 0; i < inputs; i++) leaves.set(values.subarray(i * width, (i + 1) * width), i * stride);
  buildHeaps(leaves, nodes, layout, 0, inputs);
  return {
    inputs, width,
    query(i, tau, out) {
      const count = queryTree(leaves, nodes, layout, i, tau, out);
      if (count <= out.length) return [count, out];
      const grown = new Int32Array(2 * count);
      queryTree(leaves, nodes, layout, i, tau, grown);
      return [count, grown];
    },
    leaf: (i, r) => leaves[i * stride + r],
    moveLeaves(neurons, count, deltas) {
      addToLeaves(leaves, layout, neurons, count, deltas, 0, count, 0, inputs);
      applySchedule(leaves, nodes, layout, ancestorSchedule(layout, neurons, count), 0, inputs);
    },
  };
}
