/**
 * Converters between this package's `Matrix` and ml-matrix's matrices, by shape only: ml-matrix is
 * never imported (pass its `Matrix` class to toMlMatrix), so this costs nothing to users without it.
 * Both directions copy: ml-matrix keeps one Float64Array per row, this package one row-major array.
 */
import { checkInteger, checkOneOf, invalidRange, invalidType } from './errors.js';
import { allocate, checkMatrix, DTYPES, type Dtype, type Matrix } from './matrix.js';

/** What fromMlMatrix reads: ml-matrix's Matrix (or any matrix with rows, columns and get). */
export interface MlMatrixLike {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/** What toMlMatrix builds with: ml-matrix's `Matrix` class (`new Matrix(rows, columns)`, `set`). */
export type MlMatrixClass<T> = new (rows: number, columns: number) => T & { set(row: number, column: number, value: number): unknown };

/**
 * A copy of an ml-matrix matrix as a `Matrix` (row-major, float64 unless `dtype` says float32).
 * @param m an ml-matrix Matrix (anything with rows, columns and get(i, j)).
 * @param dtype 'float64' (default) or 'float32'.
 * @returns the matrix.
 * @throws {TypeError} not a matrix of that shape. @throws {RangeError} a NaN or ±Infinity entry, an unknown dtype.
 * @example
 * ```ts
 * import { Matrix as MlMatrix } from 'ml-matrix';
 * import { fromMlMatrix } from 'sublinear/core';
 * const A = fromMlMatrix(new MlMatrix([[1, 2], [3, 4]])); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * ```
 */
export function fromMlMatrix(m: MlMatrixLike, dtype: Dtype = 'float64'): Matrix {
  const fn = 'fromMlMatrix';
  if (m === null || typeof m !== 'object' || typeof m.get !== 'function') throw invalidType(fn, 'm', 'an ml-matrix Matrix (rows, columns, get)', m);
  const rows = checkInteger(fn, 'm.rows', m.rows), cols = checkInteger(fn, 'm.columns', m.columns);
  checkOneOf(fn, 'dtype', dtype, DTYPES);
  const values = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = m.get(i, j);
      if (typeof v !== 'number') throw invalidType(fn, `m[${i}][${j}]`, 'a number', v);
      if (!Number.isFinite(v)) throw invalidRange(fn, `m[${i}][${j}]`, 'a finite number', v);
      values[i * cols + j] = v;
    }
  }
  const data = allocate(rows * cols, dtype);
  data.set(values);
  return { rows, cols, data };
}

/**
 * A copy of a `Matrix` as an ml-matrix matrix, built with the class you pass.
 * @param matrix the matrix (finite entries).
 * @param MlMatrix ml-matrix's `Matrix` class (or any class with `new (rows, columns)` and `set(i, j, v)`).
 * @returns the new ml-matrix matrix.
 * @throws {TypeError} not a Matrix, MlMatrix not a class. @throws {RangeError} a NaN or ±Infinity entry.
 * @example
 * ```ts
 * import { Matrix as MlMatrix } from 'ml-matrix';
 * import { matrix, toMlMatrix } from 'sublinear/core';
 * const m = toMlMatrix(matrix([[1, 2], [3, 4]]), MlMatrix);
 * console.log(m.get(1, 0)); // 3
 * ```
 */
export function toMlMatrix<T>(matrix: Matrix, MlMatrix: MlMatrixClass<T>): T {
  const A = checkMatrix('toMlMatrix', 'matrix', matrix);
  if (typeof MlMatrix !== 'function') throw invalidType('toMlMatrix', 'MlMatrix', "ml-matrix's Matrix class", MlMatrix);
  const out = new MlMatrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) out.set(i, j, A.data[i * A.cols + j]);
  return out;
}
