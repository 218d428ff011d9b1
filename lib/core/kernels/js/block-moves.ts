/**
 * The js backend's block-moves kernel (the reference; see BlockMovesKernel): the leaf moves of the
 * neuron-blocked layout, block by block in ascending order, each moved block's line maxima in the
 * same pass (the lines are in L1).
 */
import type { FloatArray } from '../../matrix.js';
import type { BlockMovesKernel } from '../types.js';

/** max(v[base … base + B)) for B = 8 or 16, as a balanced tree of `x > y ? x : y` comparisons (no loop-carried chain). */
export function lineMax(v: FloatArray, base: number, B: number): number {
  let a = v[base] > v[base + 1] ? v[base] : v[base + 1];
  let b = v[base + 2] > v[base + 3] ? v[base + 2] : v[base + 3];
  let c = v[base + 4] > v[base + 5] ? v[base + 4] : v[base + 5];
  let d = v[base + 6] > v[base + 7] ? v[base + 6] : v[base + 7];
  if (B === 16) {
    const e = v[base + 8] > v[base + 9] ? v[base + 8] : v[base + 9], f = v[base + 10] > v[base + 11] ? v[base + 10] : v[base + 11];
    const g = v[base + 12] > v[base + 13] ? v[base + 12] : v[base + 13], h = v[base + 14] > v[base + 15] ? v[base + 14] : v[base + 15];
    a = a > e ? a : e; b = b > f ? b : f; c = c > g ? c : g; d = d > h ? d : h;
  }
  a = a > b ? a : b; c = c > d ? c : d;
  return a > c ? a : c;
}

export const blockMovesJs: BlockMovesKernel = (n, count, neurons, oN, moves, oM, v, nodes, nodeStride, first, dirty, oD) => {
  const B = v instanceof Float32Array ? 16 : 8, shift = B === 16 ? 4 : 3, mask = B - 1;
  let c = 0, moved = 0;
  while (c < count) {
    const b = neurons[oN + c] >> shift;
    let e = c + 1;
    while (e < count && neurons[oN + e] >> shift === b) e++;
    const base = b * n * B;
    // Every neuron's moves (its lane of each of the block's n lines), then the lines' maxima.
    for (let q = c; q < e; q++) {
      const lane = neurons[oN + q] & mask, src = oM + q * n;
      for (let j = 0, at = base + lane; j < n; j++, at += B) v[at] += moves[src + j];
    }
    if (nodes) {
      if (B === 8) {
        for (let j = 0, line = base, at = first + b; j < n; j++, line += 8, at += nodeStride) {
          // lineMax inlined for the float64 line (the hot loop of a step): the same comparisons.
          const x0 = v[line], x1 = v[line + 1], x2 = v[line + 2], x3 = v[line + 3], x4 = v[line + 4], x5 = v[line + 5], x6 = v[line + 6], x7 = v[line + 7];
          const p = x0 > x1 ? x0 : x1, q = x2 > x3 ? x2 : x3, r = x4 > x5 ? x4 : x5, t = x6 > x7 ? x6 : x7;
          const u = p > q ? p : q, w = r > t ? r : t;
          nodes[at] = u > w ? u : w;
        }
      } else {
        for (let j = 0, line = base, at = first + b; j < n; j++, line += B, at += nodeStride) nodes[at] = lineMax(v, line, B);
      }
    }
    if (dirty) dirty[oD + moved] = b;
    moved++;
    c = e;
  }
  return moved;
};
