/**
 * The wasm backend's fast Walsh–Hadamard transform: vectors resident in the module's memory
 * (wasmArray) and already compact are transformed in place; others are copied into the memory as
 * compact blocks (a row-major n × count block when they are interleaved entry by entry, batchStride
 * 1; else count vectors of n one after the other), runs the SIMD kernel (assembly/fwht.ts) and copies
 * them back, writing only the vectors' entries. Every stage is rounded to the dtype as the js
 * reference rounds it: the same bits, float32 and float64.
 */
import type { FloatArray } from '../../matrix.js';
import type { FwhtKernel } from '../types.js';
import type { WasmHeap } from './heap.js';
import { reserve, type WasmExports } from './instance.js';
import { residentAddress } from './staging.js';

/** The module's FWHT exports: H down every column of `count` consecutive compact n × width blocks at byte address x. */
export interface FwhtExports {
  fwht32(n: number, width: number, count: number, x: number): void;
  fwht64(n: number, width: number, count: number, x: number): void;
}

/** Moves the vectors between `data` and the compact copy `buf` (in: data → buf). */
function transfer(n: number, count: number, data: FloatArray, stride: number, batchStride: number, offset: number, buf: FloatArray, into: boolean, rows: boolean): void {
  if (rows) { // buf is n × count: entry i of vector c at i·count + c
    if (stride === count) {
      if (into) buf.set(data.subarray(offset, offset + n * count)); else data.set(buf, offset);
      return;
    }
    for (let i = 0; i < n; i++) {
      const at = offset + i * stride;
      if (into) buf.set(data.subarray(at, at + count), i * count); else data.set(buf.subarray(i * count, (i + 1) * count), at);
    }
    return;
  }
  // buf is count × n: entry i of vector c at c·n + i
  if (stride === 1 && batchStride === n) {
    if (into) buf.set(data.subarray(offset, offset + n * count)); else data.set(buf, offset);
    return;
  }
  for (let c = 0; c < count; c++) {
    const at = offset + c * batchStride;
    if (stride === 1) {
      if (into) buf.set(data.subarray(at, at + n), c * n); else data.set(buf.subarray(c * n, (c + 1) * n), at);
      continue;
    }
    if (into) for (let i = 0; i < n; i++) buf[c * n + i] = data[at + i * stride];
    else for (let i = 0; i < n; i++) data[at + i * stride] = buf[c * n + i];
  }
}

/** The wasm FWHT kernel bound to an instance and its heap. */
export function wasmFwht(e: WasmExports, heap: WasmHeap): FwhtKernel {
  const x = e as WasmExports & FwhtExports;
  return function fwht<T extends FloatArray>(n: number, count: number, data: T, stride: number, batchStride: number, offset: number): T {
    if (n <= 1 || count <= 0) return data;
    const single = data instanceof Float32Array, size = single ? 4 : 8;
    // Resident vectors already laid out as a compact block are transformed where they are.
    const compactRows = batchStride === 1 && count > 1 && stride === count, compactVectors = stride === 1 && (batchStride === n || count === 1);
    const at = compactRows || compactVectors ? residentAddress(heap, data, offset) : -1;
    if (at >= 0) {
      (single ? x.fwht32 : x.fwht64)(n, compactRows ? count : 1, compactRows ? 1 : count, at);
      return data;
    }
    const [p] = reserve(e.memory, [n * count * size]);
    const buf = single ? new Float32Array(e.memory.buffer, p, n * count) : new Float64Array(e.memory.buffer, p, n * count);
    const rows = batchStride === 1 && count > 1;
    transfer(n, count, data, stride, batchStride, offset, buf, true, rows);
    (single ? x.fwht32 : x.fwht64)(n, rows ? count : 1, rows ? 1 : count, p);
    transfer(n, count, data, stride, batchStride, offset, buf, false, rows);
    return data;
  };
}
