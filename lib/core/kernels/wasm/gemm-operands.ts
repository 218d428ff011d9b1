/**
 * Operands of the wasm GEMM (gemm.ts, gemm-swapped.ts): an operand that already lives in the
 * module's memory (a resident array, see heap.ts) is read, or written, in place at its address; any
 * other is copied into scratch first (and C copied back after). Only addresses and strides differ
 * between the two, never the order of any sum, so both give the same bits.
 */
import type { FloatArray } from '../../matrix.js';
import { wasmHeap } from './heap.js';
import { residentAddress } from './staging.js';
import type { WasmMemory } from './instance.js';

export type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

/** Rows per sweep call: short calls let V8 move from baseline to optimized wasm code after the first ones. */
export const CHUNK = 128;

/** The byte address of `array[offset]` when `array` lives in `memory` (the heap's), else −1. */
export function addressIn(memory: WasmMemory, array: FloatArray, offset: number): number {
  const heap = wasmHeap();
  return heap !== undefined && heap.memory === memory ? residentAddress(heap, array, offset) : -1;
}

/** Byte range [start, end) of a rows × cols operand stored at `at` with row stride ld (elements of `size` bytes). */
export function extent(at: number, rows: number, cols: number, ld: number, size: number): [number, number] {
  return [at, at + ((rows - 1) * ld + cols) * size];
}

/** Whether two byte ranges share a byte. */
export function overlaps(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

/** Copies rows × cols entries of `src` (row stride ld, from offset) into memory at `ptr`, compact (stride cols). */
export function copyIn(T: Ctor, memory: WasmMemory, ptr: number, src: FloatArray, offset: number, rows: number, cols: number, ld: number): void {
  const dst = new T(memory.buffer, ptr, rows * cols);
  if (ld === cols || rows === 1) { dst.set(src.subarray(offset, offset + rows * cols)); return; }
  for (let r = 0; r < rows; r++) dst.set(src.subarray(offset + r * ld, offset + r * ld + cols), r * cols);
}

/** Copies a compact rows × cols block at `ptr` out to `dst` (row stride ld, from offset). */
export function copyOut(T: Ctor, memory: WasmMemory, ptr: number, dst: FloatArray, offset: number, rows: number, cols: number, ld: number): void {
  const src = new T(memory.buffer, ptr, rows * cols);
  if (ld === cols || rows === 1) { dst.set(src, offset); return; }
  for (let r = 0; r < rows; r++) dst.set(src.subarray(r * cols, (r + 1) * cols), offset + r * ld);
}

/** Columns of a transpose handled per pass: the 8 KiB or so of source rows it touches stay in L1. */
const TILE = 64;

/**
 * dst[od + i·ld + j] = src[j·rows + i] for i < rows, j < cols (src compact cols × rows, the
 * transpose of the block), tile by tile so that each source line is read once from cache.
 */
export function transposeOut(src: FloatArray, rows: number, cols: number, dst: FloatArray, od: number, ld: number): void {
  for (let j0 = 0; j0 < cols; j0 += TILE) {
    const j1 = Math.min(cols, j0 + TILE);
    for (let i = 0; i < rows; i++) {
      const row = od + i * ld;
      for (let j = j0; j < j1; j++) dst[row + j] = src[j * rows + i];
    }
  }
}

/** The inverse of transposeOut: dst[j·rows + i] = src[os + i·ld + j] (dst compact cols × rows). */
export function transposeIn(src: FloatArray, os: number, ld: number, rows: number, cols: number, dst: FloatArray): void {
  for (let j0 = 0; j0 < cols; j0 += TILE) {
    const j1 = Math.min(cols, j0 + TILE);
    for (let i = 0; i < rows; i++) {
      const row = os + i * ld;
      for (let j = j0; j < j1; j++) dst[j * rows + i] = src[row + j];
    }
  }
}
