/**
 * The wasm backend's gather-sum kernel: Y, scale and out are used in place when they live in the
 * module's memory (wasmArray) and copied through scratch otherwise; the row starts (rebased to 0) and
 * the row indices they reach are copied. The SIMD kernel is assembly/gather-sum.ts; its sums are the
 * js reference's, bit for bit. Callers that gather from one Y many times should make Y resident
 * (otherwise every call copies Y from offsetY on).
 */
import { gatherSumJs } from '../js/gather-sum.js';
import type { GatherSumKernel } from '../types.js';
import type { WasmHeap } from './heap.js';
import type { WasmExports } from './instance.js';
import { residentAddress } from './staging.js';

/** The module's gather-sum export (byte addresses and byte strides). */
export interface GatherSumExports {
  gatherSum64(count: number, width: number, start: number, rows: number, y: number, ldy: number, scale: number, out: number, ldo: number): void;
}

/** The wasm gather-sum kernel bound to an instance and its heap. */
export function wasmGatherSum(e: WasmExports, heap: WasmHeap): GatherSumKernel {
  const x = e as WasmExports & GatherSumExports;
  return (count, s, width, start, oS, rows, Y, oY, ldy, scale, oA, out, oO, ldo) => {
    if (count === 0) return out;
    if (width === 0) return out;
    const p0 = start[oS], p1 = start[oS + count], nnz = p1 - p0;
    let py = residentAddress(heap, Y, oY), pa = residentAddress(heap, scale, oA), po = residentAddress(heap, out, oO);
    const yLength = Math.min(Y.length - oY, s === 0 ? 0 : (s - 1) * ldy + width), outLength = (count - 1) * ldo + width;
    const need = [4 * (count + 1), 4 * Math.max(1, nnz), py < 0 ? 8 * yLength : 0, pa < 0 ? 8 * count : 0, po < 0 ? 8 * outLength : 0];
    const at = heap.scratch(need);
    if (at === undefined) return gatherSumJs(count, s, width, start, oS, rows, Y, oY, ldy, scale, oA, out, oO, ldo);
    const buffer = heap.memory.buffer, starts = new Int32Array(buffer, at[0], count + 1);
    for (let c = 0; c <= count; c++) starts[c] = start[oS + c] - p0;
    new Int32Array(buffer, at[1], nnz).set(rows.subarray(p0, p1));
    if (py < 0) { py = at[2]; new Float64Array(buffer, py, yLength).set(Y.subarray(oY, oY + yLength)); }
    if (pa < 0) { pa = at[3]; new Float64Array(buffer, pa, count).set(scale.subarray(oA, oA + count)); }
    const copied = po < 0;
    if (copied) po = at[4];
    x.gatherSum64(count, width, at[0], at[1], py, ldy * 8, pa, po, ldo * 8);
    if (copied) {
      const src = new Float64Array(buffer, po, outLength);
      if (ldo === width) out.set(src, oO);
      else for (let c = 0; c < count; c++) out.set(src.subarray(c * ldo, c * ldo + width), oO + c * ldo);
    }
    return out;
  };
}
