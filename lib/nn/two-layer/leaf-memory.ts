/**
 * Where the trainers' leaves and heaps live: in this thread's wasm memory (resident arrays, which the
 * wasm kernels move in place) while the memory in use stays under RESIDENT_BUDGET_BYTES, else on
 * ordinary shared memory. The garbage collector does not see the wasm memory (it may reclaim a
 * dropped trainer's resident arrays late, and never inside a synchronous loop), so the budget bounds
 * what trainers built one after another can hold there; `dispose()` on a trainer returns its arrays
 * at once. Trusted.
 */
import { sharedBuffer } from '../../core/shared-buffer.js';
import { freeWasmArray, isWasmResident, residentArray, wasmMemoryStatus } from '../../core/wasm-array.js';
import type { FloatArray } from '../../core/matrix.js';

/** The most wasm memory in use (bytes) after which new leaves and heaps go to ordinary shared memory. */
export const RESIDENT_BUDGET_BYTES = 1 << 30;

/** A `length`-entry array of `dtype` (contents unspecified when resident, zero otherwise). */
export function leafArray(dtype: 'float64' | 'float32', length: number): FloatArray {
  const bytes = length * (dtype === 'float32' ? 4 : 8);
  const resident = wasmMemoryStatus().used + bytes <= RESIDENT_BUDGET_BYTES ? residentArray(dtype, length) : undefined;
  return resident ?? (dtype === 'float32' ? new Float32Array(sharedBuffer(bytes)) : new Float64Array(sharedBuffer(bytes)));
}

/** Returns a leafArray's memory now when it is resident (nothing to do otherwise). */
export function releaseLeafArray(array: FloatArray): void {
  if (isWasmResident(array)) freeWasmArray(array);
}
