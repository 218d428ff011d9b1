/** Checked transforms: fwht, the sparse sketches' apply and transpose, the banded LogDet apply (see ../checked-ops.ts). */
import { checkInteger, invalidRange, invalidType } from '../errors.js';
import type { FloatArray } from '../matrix.js';
import * as raw from '../kernels/ops.js';
import { block, size, strided } from './shared.js';

/**
 * Checked `ops.fwht`: the in-place fast Walsh–Hadamard transform of `count` vectors of length n.
 * @throws {TypeError} x not a Float64Array or Float32Array.
 * @throws {RangeError} n not a power of two, a stride below 1, or entries past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.fwht(2, 2, Float64Array.of(1, 2, 3, 4), 1, 2, 0)); // Float64Array [3, -1, 7, -1]
 * ```
 */
export function fwht<T extends FloatArray>(n: number, count: number, x: T, stride: number, batchStride: number, offset: number): T {
  const fn = 'ops.fwht';
  size(fn, 'n', n, 1);
  if ((n & (n - 1)) !== 0) throw invalidRange(fn, 'n', 'a power of two', n);
  size(fn, 'count', count);
  if (!(x instanceof Float64Array || x instanceof Float32Array)) throw invalidType(fn, 'x', 'a Float64Array or Float32Array', x);
  const s = size(fn, 'stride', stride, 1), b = size(fn, 'batchStride', batchStride, 1), o = size(fn, 'offset', offset);
  const end = count === 0 ? 0 : o + (n - 1) * s + (count - 1) * b + 1;
  if (end > x.length) throw invalidRange(fn, 'x.length', `≥ ${end} (what n, count, stride, batchStride and offset reach)`, x.length);
  return raw.fwht(n, count, x, stride, batchStride, offset);
}

/** The sizes n, s, nnz, width of a sparse sketch and its pairs: n·nnz row indices in [0, s) and values from offsetRows (one pass over the indices). */
function pairs(fn: string, n: number, s: number, nnz: number, width: number, rows: unknown, values: unknown, offsetRows: unknown): void {
  size(fn, 'n', n); size(fn, 's', s); size(fn, 'nnz', nnz); size(fn, 'width', width);
  if (!(rows instanceof Int32Array)) throw invalidType(fn, 'rows', 'an Int32Array', rows);
  if (!(values instanceof Float64Array)) throw invalidType(fn, 'values', 'a Float64Array', values);
  const o = size(fn, 'offsetRows', offsetRows), end = o + n * nnz;
  if (end > rows.length) throw invalidRange(fn, 'rows.length', `≥ ${end} (what n, nnz and offsetRows reach)`, rows.length);
  if (end > values.length) throw invalidRange(fn, 'values.length', `≥ ${end} (what n, nnz and offsetRows reach)`, values.length);
  for (let i = o; i < end; i++) if (!(rows[i] >= 0 && rows[i] < s)) throw invalidRange(fn, `rows[${i}]`, `a row index in [0, ${s})`, rows[i]);
}

/**
 * Checked `ops.sparseSketch`: out += S·A for a sparse S given as (row, value) pairs.
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes past an array's end, or a row index outside [0, s).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.sparseSketch(2, 1, 1, 1, Int32Array.of(0, 0), Float64Array.of(1, -1), 0, Float64Array.of(3, 1), 0, 1, new Float64Array(1), 0, 1); // [2]
 * ```
 */
export function sparseSketch<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  A: FloatArray, offsetA: number, lda: number, out: T, offsetOut: number, ldo: number,
): T {
  const fn = 'ops.sparseSketch';
  pairs(fn, n, s, nnz, width, rows, values, offsetRows);
  block(fn, 'A', A, n, width, offsetA, lda, 'lda', 'offsetA');
  block(fn, 'out', out, s, width, offsetOut, ldo, 'ldo', 'offsetOut');
  return raw.sparseSketch(n, s, nnz, width, rows, values, offsetRows, A, offsetA, lda, out, offsetOut, ldo);
}

/**
 * Checked `ops.sparseSketchTranspose`: out = Sᵀ·Y for a sparse S given as (row, value) pairs.
 * @throws {TypeError} wrong kinds. @throws {RangeError} sizes past an array's end, or a row index outside [0, s).
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.sparseSketchTranspose(2, 1, 1, 1, Int32Array.of(0, 0), Float64Array.of(1, -1), 0, Float64Array.of(3), 0, 1, new Float64Array(2), 0, 1); // [3, -3]
 * ```
 */
export function sparseSketchTranspose<T extends FloatArray>(
  n: number, s: number, nnz: number, width: number, rows: Int32Array, values: Float64Array, offsetRows: number,
  Y: FloatArray, offsetY: number, ldy: number, out: T, offsetOut: number, ldo: number,
): T {
  const fn = 'ops.sparseSketchTranspose';
  pairs(fn, n, s, nnz, width, rows, values, offsetRows);
  block(fn, 'Y', Y, s, width, offsetY, ldy, 'ldy', 'offsetY');
  block(fn, 'out', out, n, width, offsetOut, ldo, 'ldo', 'offsetOut');
  return raw.sparseSketchTranspose(n, s, nnz, width, rows, values, offsetRows, Y, offsetY, ldy, out, offsetOut, ldo);
}

/**
 * Checked `ops.logdetApply`: X v on rows [start, end) for a banded factor X = L D Lᵀ.
 * @throws {TypeError} wrong kinds. @throws {RangeError} a range outside [0, n], or arrays shorter than the factor and vectors.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * ops.logdetApply(2, 0, Float64Array.of(2, 3), 0, Float64Array.of(1, 1), 0, new Float64Array(2), 0, 0, 2); // [2, 3]
 * ```
 */
export function logdetApply<T extends FloatArray>(
  n: number, band: number, f: FloatArray, offsetF: number, v: FloatArray, offsetV: number, out: T, offsetOut: number, start: number, end: number,
): T {
  const fn = 'ops.logdetApply';
  size(fn, 'n', n); size(fn, 'band', band);
  const s = checkInteger(fn, 'start', start, 0, n), e = checkInteger(fn, 'end', end, s, n);
  strided(fn, 'f', f, n * (band + 1), 1, offsetF, 'stride', 'offsetF');
  strided(fn, 'v', v, n, 1, offsetV, 'stride', 'offsetV');
  strided(fn, 'out', out, e, 1, offsetOut, 'stride', 'offsetOut');
  return raw.logdetApply(n, band, f, offsetF, v, offsetV, out, offsetOut, start, end);
}
