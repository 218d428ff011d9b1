/**
 * Shared memory for kernel tasks. A task never receives a copy of a large array: it receives a
 * reference (the SharedArrayBuffer, a byte offset, a length or a shape and a dtype), builds a view
 * on the same memory in its thread, and writes its results there. Nothing here imports piscina, so
 * library modules can describe their buffers for a pool without loading one.
 */
import { checkAllocation, checkAllocationOf } from './allocation.js';
import { checkInteger, checkOneOf, invalidRange, invalidType } from './errors.js';
import { checkMatrix } from './matrix.js';
import { sharedBuffer, sharedMemoryAvailable } from './shared-buffer.js';
import type { Dtype, FloatArray, Matrix } from './matrix.js';

/** Element types a shared reference can carry. */
export type SharedDtype = 'float64' | 'float32' | 'int32' | 'uint32' | 'uint8';

/** The typed array of each shared dtype. */
export interface SharedArrays {
  float64: Float64Array;
  float32: Float32Array;
  int32: Int32Array;
  uint32: Uint32Array;
  uint8: Uint8Array;
}

/** Any typed array a shared reference can describe. */
export type SharedTypedArray = SharedArrays[SharedDtype];

const CONSTRUCTORS = { float64: Float64Array, float32: Float32Array, int32: Int32Array, uint32: Uint32Array, uint8: Uint8Array } as const;
type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset?: number, length?: number) => SharedTypedArray;
const viewConstructor = (dtype: SharedDtype) => CONSTRUCTORS[dtype] as unknown as ViewConstructor;
export { sharedMemoryAvailable } from './shared-buffer.js';
export const SHARED_DTYPES = Object.keys(CONSTRUCTORS) as readonly SharedDtype[];

/** A vector in shared memory: `length` elements of `dtype` from `byteOffset` in `buffer`. */
export interface SharedArrayRef<D extends SharedDtype = SharedDtype> {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly length: number;
  readonly dtype: D;
}

/** A row-major matrix in shared memory: `rows × cols` floats from `byteOffset` in `buffer`. */
export interface SharedMatrixRef {
  readonly buffer: SharedArrayBuffer;
  readonly byteOffset: number;
  readonly rows: number;
  readonly cols: number;
  readonly dtype: Dtype;
}

/** The dtype of a typed array that a shared reference can carry, or undefined. */
export function sharedDtypeOf(array: unknown): SharedDtype | undefined {
  for (const dtype of SHARED_DTYPES) if (array instanceof CONSTRUCTORS[dtype]) return dtype;
  return undefined;
}

/** True when `array` is a view on a SharedArrayBuffer (so threads can share it without a copy). */
export function isShared(array: ArrayBufferView): boolean {
  if (!ArrayBuffer.isView(array)) throw invalidType('isShared', 'array', 'a typed array or DataView', array);
  return sharedMemoryAvailable() && array.buffer instanceof SharedArrayBuffer;
}

/**
 * A new zeroed typed array on its own SharedArrayBuffer (on a plain ArrayBuffer where the runtime has
 * no SharedArrayBuffer, e.g. a browser page without cross-origin isolation; see `isShared`).
 *
 * @param dtype - element type.
 * @param length - number of elements.
 * @returns the array; post it (or a reference to it) to any thread without a copy.
 * @throws {RangeError} an unknown dtype or a negative or non-integer length.
 * @example
 * ```ts
 * import { sharedArray } from 'sublinear/workers';
 * const x = sharedArray('float64', 4); // Float64Array(4) on a SharedArrayBuffer
 * ```
 */
export function sharedArray<D extends SharedDtype>(dtype: D, length: number): SharedArrays[D] {
  checkOneOf('sharedArray', 'dtype', dtype, SHARED_DTYPES);
  checkInteger('sharedArray', 'length', length);
  checkAllocation('sharedArray', 'length', length, CONSTRUCTORS[dtype].BYTES_PER_ELEMENT);
  return new (viewConstructor(dtype))(sharedBuffer(length * CONSTRUCTORS[dtype].BYTES_PER_ELEMENT)) as SharedArrays[D];
}

/**
 * The same array when it already lives on a SharedArrayBuffer, else a shared copy of it.
 *
 * @param array - a Float64Array, Float32Array, Int32Array, Uint32Array or Uint8Array.
 * @returns an array of the same type and values on shared memory.
 * @throws {TypeError} another kind of value.
 * @example
 * ```ts
 * import { toShared } from 'sublinear/workers';
 * const x = toShared(new Float64Array([1, 2, 3])); // a shared copy; toShared(x) === x
 * ```
 */
export function toShared<T extends SharedTypedArray>(array: T): T {
  const dtype = sharedDtypeOf(array);
  if (dtype === undefined) throw invalidType('toShared', 'array', `one of ${SHARED_DTYPES.join(', ')} typed arrays`, array);
  if (isShared(array)) return array;
  const copy = sharedArray(dtype, array.length);
  (copy as Float64Array).set(array as Float64Array);
  return copy as T;
}

/**
 * A reference to a shared typed array, to put in a task payload.
 *
 * @param array - a typed array on a SharedArrayBuffer.
 * @returns its buffer, byte offset, length and dtype.
 * @throws {TypeError} an array that is not on shared memory (use `toShared` first).
 */
export function arrayRef<T extends SharedTypedArray>(array: T): SharedArrayRef {
  const dtype = sharedDtypeOf(array);
  if (dtype === undefined || !isShared(array)) throw invalidType('arrayRef', 'array', 'a typed array on a SharedArrayBuffer (see toShared)', array);
  return { buffer: array.buffer as SharedArrayBuffer, byteOffset: array.byteOffset, length: array.length, dtype };
}

/** The typed array a reference describes: a view on the same memory, in whatever thread calls it. */
export function viewOf<D extends SharedDtype>(ref: SharedArrayRef<D>): SharedArrays[D] {
  checkRef('viewOf', ref, ref?.length, CONSTRUCTORS[ref?.dtype as SharedDtype]?.BYTES_PER_ELEMENT);
  return new (viewConstructor(ref.dtype))(ref.buffer, ref.byteOffset, ref.length) as SharedArrays[D];
}

/** A zero `rows × cols` matrix whose data lives on a SharedArrayBuffer. */
export function sharedMatrix(rows: number, cols: number, dtype: Dtype = 'float64'): Matrix {
  checkInteger('sharedMatrix', 'rows', rows);
  checkInteger('sharedMatrix', 'cols', cols);
  checkOneOf('sharedMatrix', 'dtype', dtype, ['float64', 'float32']);
  checkAllocationOf('sharedMatrix', 'rows·cols', [rows, cols], dtype === 'float32' ? 4 : 8);
  return { rows, cols, data: sharedArray(dtype, rows * cols) };
}

/** The same matrix when its data is shared, else a copy on shared memory. */
export function toSharedMatrix(A: Matrix): Matrix {
  checkMatrix('toSharedMatrix', 'A', A, false);
  return isShared(A.data) ? A : { rows: A.rows, cols: A.cols, data: toShared(A.data) };
}

/** A reference to a matrix whose data is shared; throws a TypeError if it is not. */
export function matrixRef(A: Matrix): SharedMatrixRef {
  checkMatrix('matrixRef', 'A', A, false);
  if (!isShared(A.data)) throw invalidType('matrixRef', 'A.data', 'an array on a SharedArrayBuffer (see toSharedMatrix)', A.data);
  const ref = arrayRef(A.data);
  return { buffer: ref.buffer, byteOffset: ref.byteOffset, rows: A.rows, cols: A.cols, dtype: ref.dtype as Dtype };
}

/** The matrix a reference describes, as a view on the same memory. */
export function matrixOf(ref: SharedMatrixRef): Matrix {
  checkInteger('matrixOf', 'ref.rows', ref?.rows);
  checkInteger('matrixOf', 'ref.cols', ref?.cols);
  if (ref.dtype !== 'float64' && ref.dtype !== 'float32') checkOneOf('matrixOf', 'ref.dtype', ref.dtype, ['float64', 'float32']);
  checkRef('matrixOf', ref, ref.rows * ref.cols, ref.dtype === 'float32' ? 4 : 8);
  const data = new (viewConstructor(ref.dtype))(ref.buffer, ref.byteOffset, ref.rows * ref.cols) as FloatArray;
  return { rows: ref.rows, cols: ref.cols, data };
}

/** Validates a shared reference: its buffer, dtype, offset and that `length` elements fit in the buffer. */
function checkRef(fn: string, ref: unknown, length: unknown, bytes: number | undefined): void {
  if (ref === null || typeof ref !== 'object') throw invalidType(fn, 'ref', 'a shared reference { buffer, byteOffset, length, dtype }', ref);
  const r = ref as { buffer?: unknown; byteOffset?: unknown; dtype?: unknown };
  if (!(r.buffer instanceof SharedArrayBuffer)) throw invalidType(fn, 'ref.buffer', 'a SharedArrayBuffer', r.buffer);
  checkOneOf(fn, 'ref.dtype', r.dtype, SHARED_DTYPES);
  const offset = checkInteger(fn, 'ref.byteOffset', r.byteOffset);
  const n = checkInteger(fn, 'ref.length', length);
  if (offset % bytes! !== 0) throw invalidRange(fn, 'ref.byteOffset', `a multiple of ${bytes}`, offset);
  if (offset + n * bytes! > r.buffer.byteLength) throw invalidRange(fn, 'ref', `within its buffer of ${r.buffer.byteLength} bytes`, `${n} elements from byte ${offset}`);
}
