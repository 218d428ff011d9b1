/**
 * LeafIndex with a max-heap over each input's blocks of leaves (the neuron-blocked layout of
 * blocked-leaves.ts: a block is one cache line). Queries walk the heap depth-first, O(K log m)
 * (leaf-query.ts).
 *
 * Moves are batched the way the memory wants them: a step moves every touched neuron in all n
 * inputs, so it goes block by block in ascending neuron order (each block's n·B leaves are one
 * contiguous region), refreshes the block's maximum in each input right there (the block is still
 * in L1), and then recomputes each dirty ancestor once, level by level, with one schedule shared by
 * all inputs (every input has the same dirty blocks) — or, when the dirty ancestors are most of the
 * heap, sweeps each input's internal nodes in one pass, which is cheaper per node (no indirection)
 * and sequential (see SWEEP_FRACTION).
 */
import type { FloatArray } from '../../core/matrix.js';
import { leafArray, releaseLeafArray } from './leaf-memory.js';
import { heapSweep } from '../../core/kernels/ops.js';
import { BlockedLeaves, type LeafDtype } from './blocked-leaves.js';
import { queryLeaves, queryMany } from './leaf-query.js';
import type { LeafIndex } from './leaf-index.js';

/**
 * Sweep every internal node instead of following the dirty schedule when the schedule holds more
 * than this fraction of them. Measured with benchmarks/tree-repair-probe.ts (n = 256, L = 8192 heap
 * leaves, CPU time): a node of the schedule costs 1.25–1.7× a node of the sweep (the indirection), so
 * the two meet when the schedule is about 0.6–0.8 of the heap.
 */
export const SWEEP_FRACTION = 0.7;

/** Recomputes every internal node of the heaps of inputs i0 … i1 − 1 (heap leaves at L … 2L − 1), bottom up (the heapSweep op). */
export function sweepHeaps(nodes: FloatArray, stride: number, L: number, i0: number, i1: number): void {
  heapSweep(i1 - i0, L, nodes, i0 * stride, stride);
}

/**
 * The ancestors of the dirty blocks (ascending), each once, level by level (children before parents),
 * into `schedule` (grown when short); returns it and its length, or length −1 when it would exceed
 * SWEEP_FRACTION of the L − 1 internal nodes (then sweep instead).
 */
export function heapSchedule(dirty: Int32Array, dirtyCount: number, L: number, schedule: Int32Array): [Int32Array, number] {
  let size = 0, lo = 0;
  const cap = 2 * dirtyCount + 32;
  if (schedule.length < cap) schedule = new Int32Array(cap);
  // Level above the heap leaves: parents of L + b, deduplicated (the dirty blocks ascend).
  for (let q = 0; q < dirtyCount; q++) { const p = (L + dirty[q]) >> 1; if (size === 0 || schedule[size - 1] !== p) schedule[size++] = p; }
  while (schedule[size - 1] > 1) {
    const hi = size;
    for (let q = lo; q < hi; q++) { const p = schedule[q] >> 1; if (schedule[size - 1] !== p) schedule[size++] = p; }
    lo = hi;
    if (size > SWEEP_FRACTION * L) return [schedule, -1];
  }
  return [schedule, size > SWEEP_FRACTION * L ? -1 : size];
}

/** Recomputes the scheduled nodes (children before parents) of the heaps of inputs i0 … i1 − 1. */
export function applyHeapSchedule(nodes: FloatArray, stride: number, schedule: Int32Array, size: number, i0: number, i1: number): void {
  for (let i = i0; i < i1; i++) {
    const o = i * stride;
    for (let q = 0; q < size; q++) { const k = schedule[q], a = nodes[o + 2 * k], c = nodes[o + 2 * k + 1]; nodes[o + k] = a > c ? a : c; }
  }
}

/** Heap leaves (a power of two ≥ the blocks) of a tree index over `blocks` blocks. */
export const heapLeaves = (blocks: number): number => { let L = 1; while (L < blocks) L *= 2; return L; };

export function treeIndex(inputs: number, width: number, dtype: LeafDtype = 'float64'): LeafIndex {
  const leaves = new BlockedLeaves(inputs, width, dtype);
  const v = leaves.values, n = inputs, blocks = leaves.blocks;
  const L = heapLeaves(blocks), stride = 2 * L;
  // Beside the leaves in the wasm memory where there is room (the blockMoves op writes the heap leaves in place).
  const nodes = leafArray(dtype, n * stride).fill(-Infinity);
  const dirty = new Int32Array(blocks);
  let schedule: Int32Array = new Int32Array(64);

  const heap = { nodes, stride, first: L };
  let dirtyCount = 0;

  /** Ancestors of the dirty blocks, each once, level by level — or a sweep when they are most of the heap. */
  const repair = (): void => {
    if (dirtyCount === 0 || L === 1) { dirtyCount = 0; return; }
    let size: number;
    [schedule, size] = heapSchedule(dirty, dirtyCount, L, schedule);
    if (size < 0) sweepHeaps(nodes, stride, L, 0, n);
    else applyHeapSchedule(nodes, stride, schedule, size, 0, n);
    dirtyCount = 0;
  };

  return {
    inputs, width, dtype,
    shared: () => ({ leaves, heap }),
    query: (i, tau, out, signs) => queryLeaves(leaves, heap, i, tau, out, signs),
    queryMany: (which, k0, k1, tau, outs, counts, sums, signs) => queryMany(leaves, heap, which, k0, k1, tau, outs, counts, sums, signs),
    leaf: (i, r) => v[leaves.at(i, r)],
    gather: (i, neurons, count, out) => leaves.gather(i, neurons, count, out),
    writeColumns: (r0, rows, values) => leaves.writeColumns(r0, rows, values),
    build() {
      for (let b = 0; b < blocks; b++) leaves.blockMaxima(b, heap);
      sweepHeaps(nodes, stride, L, 0, n);
    },
    moveLeaves(neurons, count, deltas) { dirtyCount = leaves.moveDense(neurons, count, deltas, heap, dirty); repair(); },
    moveBy(neurons, count, fill) { dirtyCount = leaves.move(neurons, count, fill, heap, dirty); repair(); },
    dispose() { leaves.dispose(); releaseLeafArray(nodes); },
  };
}
