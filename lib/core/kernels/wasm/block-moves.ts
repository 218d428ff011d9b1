/**
 * The wasm backend's block-moves kernel: float64 values (and heap nodes) that live in the module's
 * memory (wasmArray) are moved in place by the SIMD kernel (assembly/block-moves.ts: branch-free
 * maxima by f64x2.pmax in the reference's comparison tree, so the same bits); the chunk's neurons and
 * moves are copied in unless resident, the dirty blocks copied out. Values or nodes outside the memory
 * (copying the whole layout per call would cost more than the moves) and float32 run the js reference.
 */
import { blockMovesJs } from '../js/block-moves.js';
import { heapSweepJs } from '../js/heap-sweep.js';
import type { BlockMovesKernel, HeapSweepKernel } from '../types.js';
import type { WasmHeap } from './heap.js';
import type { WasmExports } from './instance.js';
import { residentAddress } from './staging.js';

/** The module's block-moves export (byte addresses). */
export interface BlockMovesExports {
  blockMoves64(n: number, count: number, neurons: number, moves: number, values: number, heap: number, nodes: number, nodeStride: number, first: number, dirty: number): number;
  heapSweep64(count: number, L: number, nodes: number, strideBytes: number): void;
}

/** The wasm block-moves kernel bound to an instance and its heap. */
export function wasmBlockMoves(e: WasmExports, heap: WasmHeap): BlockMovesKernel {
  const x = e as WasmExports & BlockMovesExports;
  return (n, count, neurons, oN, moves, oM, values, nodes, nodeStride, first, dirty, oD) => {
    if (count === 0) return 0;
    const pv = values instanceof Float64Array ? heap.addressOf(values) : -1;
    const pn = nodes === null ? 0 : nodes instanceof Float64Array ? heap.addressOf(nodes) : -1;
    if (pv < 0 || pn < 0) return blockMovesJs(n, count, neurons, oN, moves, oM, values, nodes, nodeStride, first, dirty, oD);
    let pm = residentAddress(heap, moves, oM);
    const at = heap.scratch([4 * count, 4 * count, pm < 0 ? 8 * count * n : 0]);
    if (at === undefined) return blockMovesJs(n, count, neurons, oN, moves, oM, values, nodes, nodeStride, first, dirty, oD);
    const buffer = heap.memory.buffer;
    new Int32Array(buffer, at[0], count).set(neurons.subarray(oN, oN + count));
    if (pm < 0) { pm = at[2]; new Float64Array(buffer, pm, count * n).set(moves.subarray(oM, oM + count * n)); }
    const moved = x.blockMoves64(n, count, at[0], pm, pv, nodes === null ? 0 : 1, pn, nodeStride, first, at[1]);
    if (dirty) dirty.set(new Int32Array(buffer, at[1], moved), oD);
    return moved;
  };
}

/** The wasm heap-sweep kernel: float64 nodes resident in the module's memory are swept in place; others run the js reference. */
export function wasmHeapSweep(e: WasmExports, heap: WasmHeap): HeapSweepKernel {
  const x = e as WasmExports & BlockMovesExports;
  return (count, L, nodes, offset, stride) => {
    const at = nodes instanceof Float64Array && L >= 2 ? residentAddress(heap, nodes, offset) : -1;
    if (at < 0 || count === 0) return heapSweepJs(count, L, nodes, offset, stride);
    x.heapSweep64(count, L, at, stride * 8);
    return nodes;
  };
}
