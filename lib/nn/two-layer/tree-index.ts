/**
 * LeafIndex over maxtree's blocked max-tree forest (the layout of ThresholdSearch, maxtree's default
 * block size): queries through its trusted queryTree kernel, O(K log m), and leaf moves that rise
 * incrementally and repair a block whose maximum fell with maxtree's updatePath.
 * The trainers know the leaves z_{i,r} = ⟨w_r, x_i⟩ from blocked products or the Gram kernel, never
 * W, so the forest is built from the leaf values (a d = 1 layout: no data or weights held).
 *
 * Why not maxtree's batched move (addToLeaves, then applySchedule over ancestorSchedule, as
 * ThresholdSearch.moveLeavesAll does): a Gauss–Newton step moves every touched neuron in all n trees,
 * a sizable fraction of all leaves, and that schedule rescans every touched block (O(blockSize + log m)
 * per leaf: about a full rebuild at these densities). But the moves are small (the weights barely move
 * in this regime), so most leaves neither exceed their block's maximum nor held it: a rise only lifts
 * ancestors that are below it, and only a block whose maximum fell is repaired, once. O(1) per moved
 * leaf in the common case. Both give the same leaves and the same exact block and node maxima.
 */
import { buildHeaps, queryTree, updatePath } from '../../maxtree/kernels.js';
import { allocateForest, treeLayout } from '../../maxtree/layout.js';
import type { LeafIndex } from './leaf-index.js';

export function treeIndex(values: Float64Array, inputs: number, width: number): LeafIndex {
  const layout = treeLayout(inputs, width, 1, 'float64');
  const { leaves, nodes } = allocateForest(layout);
  const stride = layout.leafStride, nodeStride = layout.nodeStride, L = layout.heapLeaves;
  const blockSize = layout.blockSize, blockShift = 31 - Math.clz32(blockSize); // a power of two
  for (let i = 0; i < inputs; i++) leaves.set(values.subarray(i * width, (i + 1) * width), i * stride);
  buildHeaps(leaves, nodes, layout, 0, inputs);
  const blockStamp = new Int32Array(layout.blocks), dirty = new Int32Array(layout.blocks);
  let stamp = 0;

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
      for (let t = 0; t < inputs; t++) {
        const lo = t * stride, no = t * nodeStride, row = t * count;
        let dirtyCount = 0;
        stamp++;
        for (let q = 0; q < count; q++) {
          const j = neurons[q], old = leaves[lo + j], v = old + deltas[row + q];
          leaves[lo + j] = v;
          const block = j >> blockShift;
          let node = L + block;
          const max = nodes[no + node];
          if (v > max) {
            do { nodes[no + node] = v; node >>= 1; } while (node >= 1 && nodes[no + node] < v);
          } else if (old === max && v < old && blockStamp[block] !== stamp) {
            blockStamp[block] = stamp;
            dirty[dirtyCount++] = block;
          }
        }
        for (let k = 0; k < dirtyCount; k++) updatePath(leaves, nodes, layout, t, dirty[k] * blockSize);
      }
    },
  };
}
