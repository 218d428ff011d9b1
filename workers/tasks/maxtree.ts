/**
 * Max-tree tasks over a ThresholdSearch's shared arrays (lib/maxtree/kernels.ts), each on a block of
 * trees [start, end): build (inner products and heaps), stage the leaves of new weights into scratch,
 * commit staged leaves and recompute their ancestors, and query every tree of the block.
 */
import { applySchedule, buildHeaps, computeLeaves, queryTree } from '../../lib/maxtree/kernels.js';
import type { TreeLayout } from '../../lib/maxtree/layout.js';
import { firstNonFinite } from '../../lib/core/errors.js';
import { viewOf, type SharedArrayRef } from '../../lib/core/shared-memory.js';
import type { KernelTaskSet } from './types.js';

type Floats = SharedArrayRef<'float64' | 'float32'>;
const floats = (ref: SharedArrayRef) => viewOf(ref) as Float64Array;

/** Payload of 'maxtree.build': the leaves and heaps of trees [start, end) from data and weights. */
export interface BuildPayload { layout: TreeLayout; data: Floats; weights: Floats; leaves: Floats; nodes: Floats; start: number; end: number }

/** Payload of 'maxtree.stage': staged[t·k + q] = ⟨x_t, z_q⟩ for trees [start, end), k rows of z. */
export interface StagePayload { layout: TreeLayout; data: Floats; z: Floats; k: number; staged: Floats; start: number; end: number }

/**
 * Payload of 'maxtree.commit': leaf (t, indices[q]) = staged[(t − firstTree)·k + q], then the
 * schedule's nodes, for trees [start, end).
 */
export interface CommitPayload {
  layout: TreeLayout; leaves: Floats; nodes: Floats; indices: SharedArrayRef<'int32'>; k: number;
  staged: Floats; firstTree: number; schedule: SharedArrayRef<'int32'>; start: number; end: number;
}

/** Payload of 'maxtree.queryAll': hits of trees [start, end) ≥ tau, back to back into `out`. */
export interface QueryAllPayload { layout: TreeLayout; leaves: Floats; nodes: Floats; tau: number; out: SharedArrayRef<'int32'>; start: number; end: number }

function build({ layout, data, weights, leaves, nodes, start, end }: BuildPayload): { firstNonFinite: number } {
  const L = floats(leaves);
  computeLeaves(floats(data), floats(weights), L, layout, start, end, 0, layout.m);
  buildHeaps(L, floats(nodes), layout, start, end);
  return { firstNonFinite: firstNonFinite(L, start, end, layout.m, layout.leafStride) };
}

function stage({ layout, data, z, k, staged, start, end }: StagePayload): { firstNonFinite: number } {
  const S = floats(staged);
  computeLeaves(floats(data), floats(z), S, { ...layout, m: k, leafStride: k }, start, end, 0, k);
  return { firstNonFinite: firstNonFinite(S, start, end, k, k) };
}

function commit({ layout, leaves, nodes, indices, k, staged, firstTree, schedule, start, end }: CommitPayload): null {
  const L = floats(leaves), S = floats(staged), idx = viewOf(indices);
  for (let t = start; t < end; t++) for (let q = 0; q < k; q++) L[t * layout.leafStride + idx[q]] = S[(t - firstTree) * k + q];
  applySchedule(L, floats(nodes), layout, viewOf(schedule), start, end);
  return null;
}

/** Returns each tree's hit count; `complete` is false when `out` was too short (then only counts are exact). */
function queryAll({ layout, leaves, nodes, tau, out, start, end }: QueryAllPayload): { counts: number[]; complete: boolean } {
  const L = floats(leaves), N = floats(nodes), o = viewOf(out);
  const counts: number[] = [];
  let p = 0, complete = true;
  for (let t = start; t < end; t++) {
    const count = queryTree(L, N, layout, t, tau, complete ? o.subarray(p) : EMPTY);
    if (p + count > o.length) complete = false;
    counts.push(count);
    p += count;
  }
  return { counts, complete };
}
const EMPTY = new Int32Array(0);

export const maxtreeTasks: KernelTaskSet = {
  'maxtree.build': build,
  'maxtree.stage': stage,
  'maxtree.commit': commit,
  'maxtree.queryAll': queryAll,
};
