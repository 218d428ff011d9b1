/**
 * Best-first search for the k largest leaves of one tree: a binary max-heap of candidates (heap
 * nodes and single leaves) keyed by value, ties broken by the leftmost leaf index under the
 * candidate, so the result is ordered by value descending, then index ascending. Cost
 * O(k (log m + blockSize) log k).
 */
import type { FloatArray } from '../core/matrix.js';
import type { TreeLayout } from './layout.js';

/** Candidate queue: parallel arrays, `id` ≥ 0 a heap node, `id` < 0 the leaf −id − 1. */
class CandidateQueue {
  readonly value: number[] = [];
  readonly position: number[] = [];
  readonly id: number[] = [];

  get size(): number { return this.id.length; }

  private before(a: number, b: number): boolean {
    const va = this.value[a], vb = this.value[b];
    return va > vb || (va === vb && this.position[a] < this.position[b]);
  }

  private swap(a: number, b: number): void {
    const { value, position, id } = this;
    [value[a], value[b]] = [value[b], value[a]];
    [position[a], position[b]] = [position[b], position[a]];
    [id[a], id[b]] = [id[b], id[a]];
  }

  push(value: number, position: number, id: number): void {
    this.value.push(value); this.position.push(position); this.id.push(id);
    let c = this.id.length - 1;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.before(c, p)) break;
      this.swap(c, p); c = p;
    }
  }

  /** Removes the best candidate and returns its id. */
  pop(): number {
    const top = this.id[0], last = this.id.length - 1;
    this.swap(0, last);
    this.value.pop(); this.position.pop(); this.id.pop();
    let p = 0;
    for (;;) {
      const l = 2 * p + 1, r = l + 1;
      let best = p;
      if (l < last && this.before(l, best)) best = l;
      if (r < last && this.before(r, best)) best = r;
      if (best === p) return top;
      this.swap(p, best); p = best;
    }
  }
}

/** The k (≤ m) indices of the largest leaves of tree `tree`, by value descending, ties by index ascending. */
export function topKTree(leaves: FloatArray, nodes: FloatArray, layout: TreeLayout, tree: number, k: number): Int32Array {
  const L = layout.heapLeaves, B = layout.blockSize;
  const no = tree * layout.nodeStride, lo = tree * layout.leafStride;
  const out = new Int32Array(k);
  const queue = new CandidateQueue();
  const leftmostLeaf = (node: number): number => {
    let first = node;
    while (first < L) first *= 2;
    return (first - L) * B;
  };
  if (k > 0) queue.push(nodes[no + 1], 0, 1);
  let found = 0;
  while (found < k && queue.size > 0) {
    const id = queue.pop();
    if (id < 0) { out[found++] = -id - 1; continue; }
    if (id >= L) {
      const start = (id - L) * B, end = Math.min(start + B, layout.m);
      for (let j = start; j < end; j++) queue.push(leaves[lo + j], j, -j - 1);
      continue;
    }
    for (const child of [2 * id, 2 * id + 1]) {
      const v = nodes[no + child];
      if (v > -Infinity) queue.push(v, leftmostLeaf(child), child);
    }
  }
  return out;
}
