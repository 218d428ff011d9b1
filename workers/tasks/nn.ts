/**
 * Tasks of the implicit-weight network (lib/nn/two-layer/parallel.ts): a share of a step's threshold
 * queries, a block-aligned share of a
 * step's leaf moves with their block maxima, and a share of the inputs' heap repairs, on the shared
 * leaves and heaps, and the dense baseline's products and update by rows of W, with the same kernels
 * as the main thread.
 */
import { viewOf, type SharedArrayRef } from '../../lib/core/shared-memory.js';
import { BlockedLeaves } from '../../lib/nn/two-layer/blocked-leaves.js';
import { withMoveFill } from '../../lib/nn/two-layer/leaf-moves.js';
import { moveResidentRange } from '../../lib/nn/two-layer/wasm-moves.js';
import { instanceOnMemory, type WasmExports } from '../../lib/core/kernels/wasm/instance.js';
import type { BlockMovesExports } from '../../lib/core/kernels/wasm/block-moves.js';
import type { BuildHeapsPayload, InitialLeavesPayload, MoveLeavesPayload, QueryPayload, QueryResults, RepairHeapsPayload } from '../../lib/nn/two-layer/parallel.js';
import { queryMany } from '../../lib/nn/two-layer/leaf-query.js';
import { denseProducts as products, denseUpdate as update, type DenseProductsPayload, type DenseUpdatePayload } from '../../lib/nn/two-layer/dense-network.js';
import { writeHeldOutBlock } from '../../lib/nn/two-layer/held-out.js';
import { denseLeafValues } from '../../lib/nn/two-layer/inputs.js';
import { applyHeapSchedule, sweepHeaps } from '../../lib/nn/two-layer/tree-index.js';
import type { KernelTaskSet } from './types.js';

const f64 = (ref: SharedArrayRef) => viewOf(ref) as Float64Array;
const i32 = (ref: SharedArrayRef) => viewOf(ref) as unknown as Int32Array;

/** Moves neurons c0 … c1 − 1; returns how many blocks it moved (written to dirty[c0 …]). */
function moveLeaves({ inputs, width, dtype, values, heap, rows, c0, c1, dirty, wasm }: MoveLeavesPayload): number {
  if (wasm) return moveResidentRange(instanceOnMemory(wasm.memory), wasm, wasm.scratch[0], c0, c1);
  const leaves = new BlockedLeaves(inputs, width, dtype, viewOf(values) as Float64Array);
  const all = { n: rows.n, scaled: f64(rows.scaled), positions: i32(rows.positions), start: i32(rows.start), neurons: i32(rows.neurons), signs: f64(rows.signs) };
  const neurons = all.neurons.subarray(c0, c1);
  const h = heap ? { nodes: viewOf(heap.nodes) as Float64Array, stride: heap.stride, first: heap.first } : null;
  return withMoveFill(all, (fill) => leaves.move(neurons, c1 - c0, (a, b, out) => fill(c0 + a, c0 + b, out), h, i32(dirty).subarray(c0, c1)));
}

/** Output lists of this thread's queries, reused. */
const queryOuts: Int32Array[] = [];

/** The active sets and output sums of the listed inputs, as the main thread's query computes them. */
function query({ leaves, heap, which, tau, signs }: QueryPayload): QueryResults {
  const source = new BlockedLeaves(leaves.inputs, leaves.width, leaves.dtype, viewOf(leaves.values) as Float64Array);
  const h = heap ? { nodes: viewOf(heap.nodes) as Float64Array, stride: heap.stride, first: heap.first } : null, a = f64(signs);
  const counts = new Int32Array(which.length), sums = new Float64Array(which.length);
  // This thread's output lists, kept from task to task (queryMany replaces a short one): no per-step allocation.
  while (queryOuts.length < which.length) queryOuts.push(new Int32Array(16));
  const outs = queryOuts.slice(0, which.length);
  queryMany(source, h, which, 0, which.length, tau, outs, counts, sums, a);
  outs.forEach((out, k) => { queryOuts[k] = out; });
  const lists = new Int32Array(counts.reduce((x, y) => x + y, 0));
  let at = 0;
  outs.forEach((out, k) => { lists.set(out.subarray(0, counts[k]), at); at += counts[k]; });
  return { counts, sums, lists };
}

function repairHeaps({ nodes, stride, L, schedule, size, i0, i1, wasm }: RepairHeapsPayload): null {
  if (wasm && schedule === null) {
    // The heapSweep op's wasm kernel, on the caller's memory where the heaps live.
    (instanceOnMemory(wasm.memory) as WasmExports & BlockMovesExports).heapSweep64(i1 - i0, L, wasm.nodes + 8 * i0 * stride, 8 * stride);
    return null;
  }
  const v = viewOf(nodes) as Float64Array;
  if (schedule === null) sweepHeaps(v, stride, L, i0, i1);
  else applyHeapSchedule(v, stride, i32(schedule), size, i0, i1);
  return null;
}

/** Leaves of one block of W₀ into the shared layout, and its held-out products. */
function initialLeaves({ x, n, d, block, r0, rows, leaves, held }: InitialLeavesPayload): null {
  const w = f64(block), target = new BlockedLeaves(leaves.inputs, leaves.width, leaves.dtype, viewOf(leaves.values) as Float64Array);
  target.writeColumns(r0, rows, denseLeafValues(f64(x), n, d, w, rows));
  if (held) writeHeldOutBlock(viewOf(held.initial) as Float64Array, held.t, leaves.width, denseLeafValues(f64(held.x), held.t, d, w, rows), r0, rows);
  return null;
}

/** Block maxima and internal nodes of inputs i0 … i1 − 1. */
function buildHeaps({ leaves, nodes, stride, first, i0, i1 }: BuildHeapsPayload): null {
  const source = new BlockedLeaves(leaves.inputs, leaves.width, leaves.dtype, viewOf(leaves.values) as Float64Array);
  const heap = { nodes: viewOf(nodes) as Float64Array, stride, first };
  for (let b = 0; b < source.blocks; b++) source.blockMaxima(b, heap, i0, i1);
  sweepHeaps(heap.nodes, stride, first, i0, i1);
  return null;
}

/** The dense baseline's products Z = W Xᵀ for rows r0 … r1 − 1. */
function denseProducts({ w, x, z, s, d, r0, r1 }: DenseProductsPayload): null {
  products(f64(w), f64(x), f64(z), s, d, r0, r1);
  return null;
}

/** The dense baseline's step on rows r0 … r1 − 1; returns how many changed. */
function denseUpdate({ w, z, signs, step, x, s, d, b, r0, r1 }: DenseUpdatePayload): number {
  return update(f64(w), f64(z), f64(signs), f64(step), f64(x), s, d, b, r0, r1);
}

export const nnTasks: KernelTaskSet = { 'nn.denseProducts': denseProducts, 'nn.denseUpdate': denseUpdate, 'nn.moveLeaves': moveLeaves, 'nn.query': query, 'nn.repairHeaps': repairHeaps, 'nn.initialLeaves': initialLeaves, 'nn.buildHeaps': buildHeaps };
