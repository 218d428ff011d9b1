/** The js backend's heap-sweep kernel (the reference; see HeapSweepKernel). */
import type { HeapSweepKernel } from '../types.js';

export const heapSweepJs: HeapSweepKernel = (count, L, nodes, offset, stride) => {
  for (let h = 0; h < count; h++) {
    const o = offset + h * stride;
    for (let k = L - 1; k >= 1; k--) { const a = nodes[o + 2 * k], c = nodes[o + 2 * k + 1]; nodes[o + k] = a > c ? a : c; }
  }
  return nodes;
};
