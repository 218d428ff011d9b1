/**
 * Resident arrays: typed arrays that live inside the wasm backend's linear memory, so its kernels
 * (ops.*, and every module's hot path through them) read and write them in place instead of copying
 * them in and out on each call. The memory is a shared `WebAssembly.Memory` where the runtime has
 * SharedArrayBuffer, so a resident array is also a shared array: `isShared` is true, `arrayRef` /
 * `viewOf` pass it to a worker without a copy. Growth of the memory keeps every array valid (a shared
 * memory never moves or detaches). Where no shared wasm memory can be made (no WebAssembly, or a page
 * without cross-origin isolation) `wasmArray` returns an ordinary shared (or plain) array instead and
 * the kernels copy it as they copy any other array: same results, no speed-up.
 */
import { checkAllocation } from './allocation.js';
import { checkInteger, checkOneOf, invalidRange, invalidType } from './errors.js';
import { wasmHeap, wasmHeapFailure, type WasmHeap } from './kernels/wasm/heap.js';
import { SHARED_DTYPES, sharedArray, sharedDtypeOf, type SharedArrays, type SharedDtype, type SharedTypedArray } from './shared-memory.js';
import type { FloatArray } from './matrix.js';

const CONSTRUCTORS = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, uint8: Uint8Array } as const;
type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => SharedTypedArray;

/** Blocks of arrays not freed explicitly go back to the heap when the array is garbage-collected. */
const reclaim = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<number>((at) => { residentHeap()?.release(at); })
  : undefined;
/** The arrays handed out and not freed: array → its block's address. */
const handedOut = new WeakMap<object, number>();
/** Fallback arrays (wasm memory unavailable or full): freeing them is a no-op. */
const fallbacks = new WeakSet<object>();
/** Arrays freed explicitly (a second free is a RangeError). */
const freed = new WeakSet<object>();

/** The heap when resident arrays can be made here (a shared wasm memory), else undefined. */
function residentHeap(): WasmHeap | undefined {
  const heap = wasmHeap();
  return heap !== undefined && heap.shared ? heap : undefined;
}

/** Where resident allocation stands in this thread: see wasmMemoryStatus. */
export interface WasmMemoryStatus {
  /** True when wasmArray returns arrays inside the wasm memory (else ordinary arrays). */
  resident: boolean;
  /** Why it does not, when `resident` is false. */
  reason?: string;
  /** Bytes the memory has now (it grows as needed, never shrinks, up to 4 GiB). */
  bytes: number;
  /** Bytes in blocks in use: resident arrays and the kernels' scratch. */
  used: number;
  /** Resident arrays alive (not freed, not collected). */
  arrays: number;
}

/**
 * A zeroed typed array inside the wasm backend's memory (a "resident" array): the wasm kernels use
 * it in place, skipping the copy in and out that every other array costs them, which is most of the
 * time of memory-bound ops (dot, axpy, scal, adam, rmsprop) on large arrays. It is also a shared
 * array (see `isShared`, `arrayRef`): threads can use it without a copy.
 *
 * Release it with `freeWasmArray` when done, or let it be garbage-collected (its block is then
 * reused). Views made from it (`subarray`, `new Float32Array(a.buffer, …)`) do not keep it alive,
 * and must not be used after it is freed. Where no shared wasm memory exists here, or when the
 * memory (4 GiB) is full, the result is an ordinary shared array (`isWasmResident` tells which).
 *
 * @param dtype - 'float64', 'float32', 'int32', 'uint32' or 'uint8'.
 * @param length - number of elements (an integer ≥ 0).
 * @returns the zeroed array.
 * @throws {RangeError} an unknown dtype, a length that is not an integer ≥ 0 or is too large to allocate.
 * @example
 * ```ts
 * import { freeWasmArray, isWasmResident, ops, wasmArray } from 'sublinear/core';
 * const x = wasmArray('float32', 1 << 16).fill(1), y = wasmArray('float32', 1 << 16);
 * ops.axpy(x.length, 2, x, 1, 0, y, 1, 0); // no copy on the wasm backend
 * console.log(y[0], isWasmResident(y)); // 2 true (false where wasm memory is unavailable)
 * freeWasmArray(x); freeWasmArray(y);
 * ```
 */
export function wasmArray<D extends SharedDtype>(dtype: D, length: number): SharedArrays[D] {
  checkOneOf('wasmArray', 'dtype', dtype, SHARED_DTYPES);
  checkInteger('wasmArray', 'length', length);
  const size = CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
  checkAllocation('wasmArray', 'length', length, size);
  const array = residentArray(dtype, length);
  if (array !== undefined) return array.fill(0) as SharedArrays[D];
  const fallback = sharedArray(dtype, length);
  fallbacks.add(fallback);
  return fallback;
}

/** A resident array (contents unspecified), or undefined when none can be made; trusted arguments. */
export function residentArray<D extends SharedDtype>(dtype: D, length: number): SharedArrays[D] | undefined {
  const heap = residentHeap();
  if (heap === undefined || length === 0) return undefined;
  const at = heap.alloc(length * CONSTRUCTORS[dtype].BYTES_PER_ELEMENT);
  if (at === undefined) return undefined;
  const array = new (CONSTRUCTORS[dtype] as unknown as ViewConstructor)(heap.memory.buffer, at, length) as SharedArrays[D];
  handedOut.set(array, at);
  reclaim?.register(array, at, array);
  return array;
}

/**
 * A resident array when one can be made (contents unspecified: the caller overwrites every entry),
 * else a zeroed shared array; trusted arguments. For library structures whose caller asked for
 * resident memory: they free it with freeWasmArray (a no-op on the fallback's miss, see isWasmResident).
 */
export function residentOrShared<D extends SharedDtype>(dtype: D, length: number): SharedArrays[D] {
  return residentArray(dtype, length) ?? sharedArray(dtype, length);
}

/** Frees `array` now when it is a resident array still handed out (returns true), else leaves it to the garbage collector. */
export function releaseIfResident(array: SharedTypedArray): boolean {
  const at = handedOut.get(array);
  if (at === undefined) return false;
  handedOut.delete(array);
  freed.add(array);
  reclaim?.unregister(array);
  residentHeap()?.release(at);
  return true;
}

/**
 * A zeroed array like `params` (same type and length): resident when `params` is (the caller opted
 * into resident arrays, and their sharing semantics) and the memory allows, else an ordinary one. For
 * library state that the wasm kernels step alongside the parameters (optimizer moments).
 */
export function residentZerosLike<T extends FloatArray>(params: T, like: FloatArray = params): T {
  const dtype = like instanceof Float32Array ? 'float32' : 'float64';
  const heap = residentHeap();
  const array = heap !== undefined && heap.addressOf(params) >= 0 ? residentArray(dtype, like.length) : undefined;
  if (array !== undefined) return array.fill(0) as T;
  return (like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length)) as unknown as T;
}

/**
 * Returns a resident array's memory to the allocator now (instead of at garbage collection). The
 * array, and every view on its memory, must not be used afterwards: the memory is reused. An array
 * wasmArray returned as an ordinary fallback is accepted and left to the garbage collector.
 *
 * @param array - an array returned by wasmArray.
 * @returns nothing.
 * @throws {TypeError} not an array wasmArray returned (a copy, a subarray, or another array).
 * @throws {RangeError} an array already freed.
 * @example
 * ```ts
 * import { freeWasmArray, wasmArray } from 'sublinear/core';
 * const state = wasmArray('float64', 1024);
 * freeWasmArray(state); // its 8 KiB are reused by the next wasmArray
 * ```
 */
export function freeWasmArray(array: SharedTypedArray): void {
  if (!ArrayBuffer.isView(array) || sharedDtypeOf(array) === undefined) throw invalidType('freeWasmArray', 'array', 'an array returned by wasmArray', array);
  if (fallbacks.has(array)) return;
  const at = handedOut.get(array);
  if (at === undefined) {
    if (freed.has(array)) throw invalidRange('freeWasmArray', 'array', 'an array not freed yet', 'an array already freed');
    throw invalidType('freeWasmArray', 'array', 'an array returned by wasmArray (not a copy or a view of one)', array);
  }
  handedOut.delete(array);
  freed.add(array);
  reclaim?.unregister(array);
  residentHeap()?.release(at);
}

/**
 * True when `array` lives inside this thread's wasm memory (a resident array, or a view on one), so
 * the wasm kernels use it without a copy.
 *
 * @param array - any typed array.
 * @returns whether it is resident.
 * @throws {TypeError} not a typed array.
 * @example
 * ```ts
 * import { isWasmResident, wasmArray } from 'sublinear/core';
 * console.log(isWasmResident(wasmArray('float64', 8)), isWasmResident(new Float64Array(8))); // true false
 * ```
 */
export function isWasmResident(array: ArrayBufferView): boolean {
  if (!ArrayBuffer.isView(array)) throw invalidType('isWasmResident', 'array', 'a typed array or DataView', array);
  const heap = residentHeap();
  return heap !== undefined && heap.addressOf(array) >= 0;
}

/**
 * Where resident allocation stands in this thread: whether wasmArray makes resident arrays (and why
 * not), the memory's size, the bytes in use and the number of live resident arrays.
 *
 * @returns a fresh snapshot.
 * @throws nothing.
 * @example
 * ```ts
 * import { wasmMemoryStatus } from 'sublinear/core';
 * const s = wasmMemoryStatus();
 * console.log(s.resident, s.bytes, s.used); // true 65536 0 under Node before any allocation
 * ```
 */
export function wasmMemoryStatus(): WasmMemoryStatus {
  const heap = wasmHeap();
  if (heap === undefined) return { resident: false, reason: wasmHeapFailure(), bytes: 0, used: 0, arrays: 0 };
  const used = heap.used, bytes = heap.size, arrays = liveArrays(heap);
  if (!heap.shared) return { resident: false, reason: 'SharedArrayBuffer is not available here (a page without cross-origin isolation): the wasm memory is a plain one, which detaches its arrays when it grows', bytes, used, arrays };
  return { resident: true, bytes, used, arrays };
}

function liveArrays(heap: WasmHeap): number {
  return heap.blocks - (heap.hasScratch ? 1 : 0);
}
