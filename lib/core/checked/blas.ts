/** Checked level-1 and level-3 ops: gemm, dot, axpy, scal, nrm2 (see ../checked-ops.ts). */
import { checkBoolean, checkFinite } from '../errors.js';
import type { FloatArray } from '../matrix.js';
import * as raw from '../kernels/ops.js';
import { block, size, strided } from './shared.js';

/**
 * Checked `ops.gemm`: C = op(A)·op(B) (+ C with accumulate). @throws {TypeError} wrong kinds.
 * @throws {RangeError} a size, offset or leading dimension that reaches outside an array.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const C = new Float64Array(1);
 * ops.gemm(false, false, 1, 1, 2, Float64Array.of(1, 2), 0, 2, Float64Array.of(3, 4), 0, 1, C, 0, 1, false); // C = [11]
 * ```
 */
export function gemm<T extends FloatArray>(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  A: FloatArray, offsetA: number, lda: number, B: FloatArray, offsetB: number, ldb: number,
  C: T, offsetC: number, ldc: number, accumulate: boolean,
): T {
  const fn = 'ops.gemm';
  checkBoolean(fn, 'transA', transA); checkBoolean(fn, 'transB', transB); checkBoolean(fn, 'accumulate', accumulate);
  size(fn, 'm', m); size(fn, 'n', n); size(fn, 'k', k);
  block(fn, 'A', A, transA ? k : m, transA ? m : k, offsetA, lda, 'lda', 'offsetA');
  block(fn, 'B', B, transB ? n : k, transB ? k : n, offsetB, ldb, 'ldb', 'offsetB');
  block(fn, 'C', C, m, n, offsetC, ldc, 'ldc', 'offsetC');
  return raw.gemm(transA, transB, m, n, k, A, offsetA, lda, B, offsetB, ldb, C, offsetC, ldc, accumulate);
}

/**
 * Checked `ops.dot`. @throws {TypeError} wrong kinds. @throws {RangeError} ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.dot(2, Float64Array.of(1, 9, 2), 2, 0, Float64Array.of(3, 4), 1, 0)); // 11
 * ```
 */
export function dot(n: number, x: FloatArray, strideX: number, offsetX: number, y: FloatArray, strideY: number, offsetY: number): number {
  const fn = 'ops.dot';
  size(fn, 'n', n);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  strided(fn, 'y', y, n, strideY, offsetY, 'strideY', 'offsetY');
  return raw.dot(n, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * Checked `ops.axpy`: y ← y + alpha·x. @throws {TypeError} wrong kinds. @throws {RangeError} a non-finite alpha, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.axpy(2, 2, Float64Array.of(1, 2), 1, 0, Float64Array.of(1, 1), 1, 0)); // Float64Array [3, 5]
 * ```
 */
export function axpy<T extends FloatArray>(n: number, alpha: number, x: FloatArray, strideX: number, offsetX: number, y: T, strideY: number, offsetY: number): T {
  const fn = 'ops.axpy';
  size(fn, 'n', n); checkFinite(fn, 'alpha', alpha);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  strided(fn, 'y', y, n, strideY, offsetY, 'strideY', 'offsetY');
  return raw.axpy(n, alpha, x, strideX, offsetX, y, strideY, offsetY);
}

/**
 * Checked `ops.scal`: x ← alpha·x. @throws {TypeError} wrong kinds. @throws {RangeError} a non-finite alpha, a range past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.scal(2, 3, Float64Array.of(1, 2), 1, 0)); // Float64Array [3, 6]
 * ```
 */
export function scal<T extends FloatArray>(n: number, alpha: number, x: T, strideX: number, offsetX: number): T {
  const fn = 'ops.scal';
  size(fn, 'n', n); checkFinite(fn, 'alpha', alpha);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  return raw.scal(n, alpha, x, strideX, offsetX);
}

/**
 * Checked `ops.nrm2`. @throws {TypeError} wrong kinds. @throws {RangeError} a range past x's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * console.log(ops.nrm2(2, Float64Array.of(3, 4), 1, 0)); // 5
 * ```
 */
export function nrm2(n: number, x: FloatArray, strideX: number, offsetX: number): number {
  const fn = 'ops.nrm2';
  size(fn, 'n', n);
  strided(fn, 'x', x, n, strideX, offsetX, 'strideX', 'offsetX');
  return raw.nrm2(n, x, strideX, offsetX);
}
