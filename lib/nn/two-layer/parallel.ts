/**
 * The implicit-weight network's per-tree work on a pool: a step's threshold queries split by inputs,
 * its leaf moves split by neuron blocks
 * (each worker moves its blocks in all n inputs and refreshes their block maxima: disjoint memory),
 * then the heaps' dirty ancestors split by inputs (each input's heap is independent). The workers run
 * the same kernels as the sequential path (leaf-moves.ts, blocked-leaves.ts, tree-index.ts) on the same
 * shared arrays, so the leaves and heaps are bit-identical to one thread's.
 */
import { runBlocks, splitRange } from '../../core/partition.js';
import type { KernelPool } from '../../core/pool.js';
import { arrayRef, isShared, toShared, type SharedArrayRef } from '../../core/shared-memory.js';
import type { FloatArray } from '../../core/matrix.js';
import type { LeafDtype } from './blocked-leaves.js';
import type { LeafIndex } from './leaf-index.js';
import { withMoveFill, type MoveRows } from './leaf-moves.js';
import { sharedBuffer } from '../../core/shared-buffer.js';
import type { TrainingInputs } from './inputs.js';
import { initialBlockRows, initialChunks, INIT_BLOCK_ROWS } from './shifted-relu.js';
import { heapSchedule } from './tree-index.js';
import { residentMoves, type ResidentMoves } from './wasm-moves.js';

/** Shared references to a step's MoveRows. */
export interface MoveRowsRef { n: number; scaled: SharedArrayRef; positions: SharedArrayRef; start: SharedArrayRef; neurons: SharedArrayRef; signs: SharedArrayRef }

/** Payload of 'nn.moveLeaves': move neurons c0 … c1 − 1 of `rows` (whole blocks), write their blocks to dirty[c0 …]. */
export interface MoveLeavesPayload {
  inputs: number; width: number; dtype: LeafDtype; values: SharedArrayRef;
  heap: { nodes: SharedArrayRef; stride: number; first: number } | null;
  rows: MoveRowsRef; c0: number; c1: number; dirty: SharedArrayRef;
  /** Set when the worker is to run the wasm kernels on the caller's memory (its scratch is scratch[0]). */
  wasm: ResidentMoves | null;
}

/** Payload of 'nn.repairHeaps': recompute the scheduled nodes (or, without a schedule, every internal node) of inputs i0 … i1 − 1. */
export interface RepairHeapsPayload {
  nodes: SharedArrayRef; stride: number; L: number; schedule: SharedArrayRef | null; size: number; i0: number; i1: number;
  /** Set when the nodes are float64 in the caller's wasm memory (at byte `nodes`): a full sweep runs the wasm kernel there. */
  wasm: { memory: ResidentMoves['memory']; nodes: number } | null;
}

/** Payload of 'nn.query': the active sets and output sums of the listed inputs (leaf-query.ts on the shared leaves and heaps). */
export interface QueryPayload {
  leaves: { inputs: number; width: number; dtype: LeafDtype; values: SharedArrayRef };
  heap: { nodes: SharedArrayRef; stride: number; first: number } | null;
  which: number[]; tau: number; signs: SharedArrayRef;
}

/** What 'nn.query' returns: per listed input its count and sum, and the active sets one after another. */
export interface QueryResults { counts: Int32Array; sums: Float64Array; lists: Int32Array }

/**
 * The threshold queries (with the output sums) of the inputs `which`, split by inputs over the pool's
 * threads: the results of `index.query(i, tau, out, signs)` for each, in order, bit for bit.
 */
export async function queryOnPool(pool: KernelPool, index: LeafIndex, which: Int32Array, tau: number, signs: Float64Array): Promise<QueryResults[]> {
  const { leaves, heap } = index.shared();
  const leavesRef = { inputs: leaves.inputs, width: leaves.width, dtype: leaves.dtype, values: arrayRef(leaves.values as Float64Array) };
  const heapRef = heap ? { nodes: arrayRef(heap.nodes as Float64Array), stride: heap.stride, first: heap.first } : null, signsRef = arrayRef(toShared(signs));
  return runBlocks<QueryResults>(pool, 'nn.query', splitRange(0, which.length, pool.threads), ([k0, k1]) => ({
    leaves: leavesRef, heap: heapRef, which: Array.from(which.subarray(k0, k1)), tau, signs: signsRef,
  } satisfies QueryPayload));
}

/** The neuron ranges [c0, c1) of about `parts` equal shares, cut only between blocks of `shift` bits. */
export function blockAlignedRanges(neurons: Int32Array, count: number, shift: number, parts: number): [number, number][] {
  const ranges: [number, number][] = [];
  let c0 = 0;
  for (const [, end] of splitRange(0, count, Math.max(1, parts))) {
    let c1 = end;
    while (c1 < count && c1 > 0 && neurons[c1] >> shift === neurons[c1 - 1] >> shift) c1++;
    if (c1 > c0) { ranges.push([c0, c1]); c0 = c1; }
  }
  return ranges;
}

/** Whether the index's arrays live on shared memory (else the pooled path runs on this thread). */
export function poolable(index: LeafIndex): boolean {
  const { leaves, heap } = index.shared();
  return isShared(leaves.values) && (heap === null || isShared(heap.nodes as Float64Array));
}

/**
 * Moves the leaves of `rows.neurons[0 … count)` in every input, as `index.moveBy` with
 * `withMoveFill(rows, …)` does, on the pool's threads; bit-identical. Runs on this thread when the index is
 * not on shared memory.
 */
export async function moveLeavesOnPool(pool: KernelPool, index: LeafIndex, rows: MoveRows, count: number): Promise<void> {
  if (count === 0) return;
  if (!poolable(index)) { withMoveFill(rows, (fill) => index.moveBy(rows.neurons, count, fill)); return; }
  const { leaves, heap } = index.shared();
  const ref = (a: Float64Array | Int32Array) => arrayRef(toShared(a));
  const rowsRef: MoveRowsRef = { n: rows.n, scaled: ref(rows.scaled), positions: ref(rows.positions), start: ref(rows.start), neurons: ref(rows.neurons), signs: ref(rows.signs) };
  const ranges = blockAlignedRanges(rows.neurons, count, leaves.shift, pool.threads);
  // The wasm kernels in place on this thread's memory where the leaves live there (wasm-moves.ts), else the js kernels on shared arrays.
  const resident = residentMoves(leaves, heap, rows, count, ranges.length);
  const sweepOn = resident && heap ? { memory: resident.moves.memory, nodes: resident.moves.nodes } : null;
  let dirty = resident?.dirty ?? toShared(new Int32Array(count));
  const heapRef = heap ? { nodes: arrayRef(toShared(heap.nodes as Float64Array)), stride: heap.stride, first: heap.first } : null;
  let moved: number[];
  try {
    moved = await runBlocks<number>(pool, 'nn.moveLeaves', ranges, ([c0, c1]) => ({
      inputs: leaves.inputs, width: leaves.width, dtype: leaves.dtype, values: arrayRef(leaves.values as Float64Array), heap: heapRef,
      rows: rowsRef, c0, c1, dirty: arrayRef(dirty),
      wasm: resident ? { ...resident.moves, scratch: [resident.moves.scratch[ranges.findIndex(([a]) => a === c0)]] } : null,
    } satisfies MoveLeavesPayload));
    if (resident) dirty = resident.dirty.slice(0, count); // a copy: the resident one is freed below
  } finally {
    resident?.release();
  }
  if (!heap || !heapRef) return;
  const L = heap.first;
  if (L === 1) return;
  // The dirty blocks, ascending: each range's list, in range order.
  const all = new Int32Array(moved.reduce((a, b) => a + b, 0));
  let at = 0;
  ranges.forEach(([c0], q) => { all.set(dirty.subarray(c0, c0 + moved[q]), at); at += moved[q]; });
  const [schedule, size] = heapSchedule(all, all.length, L, new Int32Array(2 * all.length + 32));
  const scheduleRef = size < 0 ? null : arrayRef(toShared(schedule.subarray(0, size)));
  await runBlocks(pool, 'nn.repairHeaps', splitRange(0, leaves.inputs, pool.threads), ([i0, i1]) => ({
    nodes: heapRef.nodes, stride: heap.stride, L, schedule: scheduleRef, size: Math.max(size, 0), i0, i1, wasm: sweepOn,
  } satisfies RepairHeapsPayload));
}


/** Payload of 'nn.initialLeaves': the leaves (and held-out products) of W₀'s rows r0 … r0 + rows − 1, given in `block`. */
export interface InitialLeavesPayload {
  x: SharedArrayRef; n: number; d: number; block: SharedArrayRef; r0: number; rows: number;
  leaves: { inputs: number; width: number; dtype: LeafDtype; values: SharedArrayRef };
  held: { x: SharedArrayRef; t: number; initial: SharedArrayRef } | null;
}

/** Payload of 'nn.buildHeaps': block maxima and internal nodes of the heaps of inputs i0 … i1 − 1. */
export interface BuildHeapsPayload {
  leaves: { inputs: number; width: number; dtype: LeafDtype; values: SharedArrayRef };
  nodes: SharedArrayRef; stride: number; first: number; i0: number; i1: number;
}

/** Blocks of W₀ in flight per thread: enough to keep the workers busy while this thread draws. */
const IN_FLIGHT_PER_THREAD = 2;

/**
 * The initial leaves of dense inputs into `index` (fresh, on shared memory) and the held-out products,
 * on a pool: this thread draws W₀ block by block, the workers multiply and write; then the heaps by
 * inputs. Bit-identical to the sequential build. `onProgress(done, m)` as blocks finish.
 */
export async function buildLeavesOnPool(
  pool: KernelPool, index: LeafIndex, inputs: TrainingInputs, width: number, seed: number,
  held: { x: Float64Array; count: number; initial: FloatArray } | null, onProgress: ((done: number, total: number) => void) | null,
): Promise<void> {
  const { leaves, heap } = index.shared(), n = inputs.count, d = inputs.dim;
  const leavesRef = { inputs: leaves.inputs, width: leaves.width, dtype: leaves.dtype, values: arrayRef(leaves.values as Float64Array) };
  const x = arrayRef(toShared(inputs.dense()));
  const heldRef = held ? { x: arrayRef(toShared(held.x)), t: held.count, initial: arrayRef(held.initial as Float64Array) } : null;
  const limit = IN_FLIGHT_PER_THREAD * pool.threads, inFlight: Promise<void>[] = [];
  let failure: { error: unknown } | null = null, done = 0;
  for (const [r0, rows, block] of initialChunks(width * d, d, seed, initialBlockRows(d, INIT_BLOCK_ROWS), (length) => new Float64Array(sharedBuffer(8 * length)))) {
    if (failure) break;
    const payload: InitialLeavesPayload = { x, n, d, block: arrayRef(block), r0, rows, leaves: leavesRef, held: heldRef };
    inFlight.push(pool.run('nn.initialLeaves', payload).then(() => { done += rows; onProgress?.(done, width); }, (error: unknown) => { failure ??= { error }; }));
    if (inFlight.length >= limit) await inFlight.shift();
  }
  await Promise.all(inFlight);
  if (failure) throw (failure as { error: unknown }).error;
  if (!heap) return;
  await runBlocks(pool, 'nn.buildHeaps', splitRange(0, n, pool.threads), ([i0, i1]) => ({
    leaves: leavesRef, nodes: arrayRef(heap.nodes as Float64Array), stride: heap.stride, first: heap.first, i0, i1,
  } satisfies BuildHeapsPayload));
}
