import { checkAllocation, MAX_ELEMENTS } from './allocation.js';
import { checkBoolean, checkFiniteArray, checkInteger, checkOneOf, invalidRange, invalidType } from './errors.js';
import { sharedBuffer } from './shared-buffer.js';

/** Element type of a matrix or vector: 64-bit or 32-bit IEEE floats. */
export type Dtype = 'float64' | 'float32';

/** Storage of a matrix or vector of the given dtype. */
export type FloatArray = Float64Array | Float32Array;

/** What the trusted kernels read and write: a float typed array or a plain array of numbers. */
export type DenseArray = FloatArray | number[];

/**
 * The shared dense matrix of every module: `rows × cols`, row-major, entry (i, j) at
 * `data[i * cols + j]`. `data` may be a view on a SharedArrayBuffer.
 */
export interface Matrix<T extends FloatArray = FloatArray> {
  readonly rows: number;
  readonly cols: number;
  readonly data: T;
}

export const DTYPES: readonly Dtype[] = ['float64', 'float32'];

/** Machine epsilon (the gap between 1 and the next number) of each dtype. */
export const DTYPE_EPSILON: Readonly<Record<Dtype, number>> = { float64: 2 ** -52, float32: 2 ** -23 };

/** The largest finite value of each dtype. */
export const DTYPE_MAX: Readonly<Record<Dtype, number>> = { float64: Number.MAX_VALUE, float32: 3.4028234663852886e38 };

/**
 * The dtype of a float array.
 * @param data - a Float64Array or Float32Array. @returns 'float64' or 'float32'.
 * @throws {TypeError} not a Float64Array or Float32Array.
 * @example
 * ```ts
 * import { dtypeOf } from 'sublinear/core';
 * console.log(dtypeOf(new Float32Array(2))); // 'float32'
 * ```
 */
export function dtypeOf(data: FloatArray): Dtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  throw invalidType('dtypeOf', 'data', 'a Float64Array or Float32Array', data);
}

/**
 * A new zeroed float array of the given dtype, optionally on a SharedArrayBuffer (on a plain
 * ArrayBuffer where the runtime has none: see sharedMemoryAvailable).
 * @throws {TypeError} a length, dtype or shared flag of the wrong kind. @throws {RangeError} a
 * negative or non-integer length, an unknown dtype, or more than the allocation cap (checkAllocation).
 * @param length - entries. @param dtype - 'float64' (default) or 'float32'. @param shared - on a SharedArrayBuffer.
 * @returns the zeroed array.
 * @example
 * ```ts
 * import { allocate } from 'sublinear/core';
 * console.log(allocate(3, 'float32')); // Float32Array [0, 0, 0]
 * ```
 */
export function allocate(length: number, dtype: Dtype = 'float64', shared = false): FloatArray {
  checkInteger('allocate', 'length', length);
  checkOneOf('allocate', 'dtype', dtype, DTYPES);
  checkBoolean('allocate', 'shared', shared);
  const bytes = dtype === 'float32' ? 4 : 8;
  checkAllocation('allocate', 'length', length, bytes);
  const buffer = shared ? sharedBuffer(length * bytes) : new ArrayBuffer(length * bytes);
  return dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
}

/** A zero matrix. */
export function zeros(rows: number, cols: number, dtype: Dtype = 'float64'): Matrix {
  checkInteger('zeros', 'rows', rows);
  checkInteger('zeros', 'cols', cols);
  checkOneOf('zeros', 'dtype', dtype, DTYPES);
  checkAllocation('zeros', 'rows·cols', checkDims('zeros', rows, cols), dtype === 'float32' ? 4 : 8);
  return { rows, cols, data: allocate(rows * cols, dtype) };
}

/**
 * A matrix from nested arrays (`rows[i][j]`), or from a flat row-major array with `rows`, `cols`.
 *
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * const A = matrix([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 * @throws {TypeError} ragged rows or non-numeric entries. @throws {RangeError} NaN or ±Infinity.
 */
export function matrix(values: readonly (readonly number[])[], dtype: Dtype = 'float64'): Matrix {
  if (!Array.isArray(values)) throw invalidType('matrix', 'values', 'an array of rows', values);
  checkOneOf('matrix', 'dtype', dtype, DTYPES);
  const rows = values.length;
  const cols = rows === 0 ? 0 : (values[0]?.length ?? 0);
  const max = DTYPE_MAX[dtype];
  for (let i = 0; i < rows; i++) {
    const row = values[i];
    if (!Array.isArray(row)) throw invalidType('matrix', `values[${i}]`, 'an array of numbers', row);
    if (row.length !== cols) throw invalidRange('matrix', `values[${i}].length`, `${cols} (rows must have equal length)`, row.length);
    checkFiniteArray('matrix', `values[${i}]`, row);
    for (let j = 0; j < cols; j++) {
      if (Math.abs(row[j]) > max && !Number.isFinite(Math.fround(row[j]))) {
        throw invalidRange('matrix', `values[${i}][${j}]`, `finite in ${dtype} (|v| ≤ ${max})`, row[j]);
      }
    }
  }
  checkAllocation('matrix', 'values', rows * cols, dtype === 'float32' ? 4 : 8);
  const data = allocate(rows * cols, dtype);
  for (let i = 0; i < rows; i++) data.set(values[i], i * cols);
  return { rows, cols, data };
}

/**
 * Nested arrays from a matrix, for printing and comparison.
 * @throws {TypeError} not a Matrix. @throws {RangeError} inconsistent or too large dimensions.
 */
export function toRows(A: Matrix): number[][] {
  checkMatrix('toRows', 'A', A, false);
  const out: number[][] = [];
  for (let i = 0; i < A.rows; i++) out.push(Array.from(A.data.subarray(i * A.cols, (i + 1) * A.cols)));
  return out;
}

/**
 * Aᵀ as a new matrix of the same dtype.
 * @throws {TypeError} not a Matrix. @throws {RangeError} inconsistent or too large dimensions.
 */
export function transpose(A: Matrix): Matrix {
  checkMatrix('transpose', 'A', A, false);
  const { rows, cols, data } = A;
  const out = allocate(rows * cols, dtypeOf(data));
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return { rows: cols, cols: rows, data: out };
}

/**
 * Validates a Matrix argument: a TypeError unless it is `{ rows, cols, data }` with a Float64Array or
 * Float32Array of length rows·cols, a RangeError for a NaN or ±Infinity entry (unless `finite` is false).
 */
export function checkMatrix(fn: string, name: string, value: unknown, finite = true): Matrix {
  if (value === null || typeof value !== 'object') throw invalidType(fn, name, 'a Matrix { rows, cols, data }', value);
  const m = value as Partial<Matrix>;
  if (!(m.data instanceof Float64Array || m.data instanceof Float32Array)) {
    throw invalidType(fn, `${name}.data`, 'a Float64Array or Float32Array', m.data);
  }
  checkInteger(fn, `${name}.rows`, m.rows, 0, MAX_ELEMENTS);
  checkInteger(fn, `${name}.cols`, m.cols, 0, MAX_ELEMENTS);
  if (m.data.length !== m.rows! * m.cols!) {
    throw invalidRange(fn, `${name}.data.length`, `rows·cols = ${m.rows! * m.cols!}`, m.data.length);
  }
  if (finite === true) {
    const d = m.data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) {
        const r = Math.floor(i / m.cols!), c = i - r * m.cols!;
        throw invalidRange(fn, `${name}[${r}][${c}]`, 'a finite number', d[i]);
      }
    }
  }
  return m as Matrix;
}

/** rows·cols for a matrix shape, refusing either dimension above MAX_ELEMENTS (so 2⁴⁰ × 0 is refused too). */
function checkDims(fn: string, rows: number, cols: number): number {
  checkInteger(fn, 'rows', rows, 0, MAX_ELEMENTS);
  checkInteger(fn, 'cols', cols, 0, MAX_ELEMENTS);
  return rows * cols;
}
