/**
 * The public face of the trusted BLAS-like kernels (blas.ts; decompositions: checked-decompositions.ts): the same functions, with their
 * sizes, offsets, array kinds and flags checked once per call (O(1), never a pass over the data) so a
 * bad argument is a TypeError or RangeError naming the kernel instead of a silent out-of-bounds read
 * or write. The library's own layers call the unchecked kernels directly.
 */
import * as blas from './blas.js';
import { checkBoolean, checkFinite, checkInteger, checkNumericArray, invalidRange, invalidType } from './errors.js';
import { MAX_ELEMENTS } from './allocation.js';
import type { FloatArray } from './matrix.js';

/** A float typed array or a plain array of numbers. */
export type Arr = FloatArray | number[];

export function size(fn: string, name: string, v: unknown): number {
  return checkInteger(fn, name, v, 0, MAX_ELEMENTS);
}

/** A numeric array read from `offset` for `needed` entries. */
export function reads(fn: string, name: string, a: unknown, needed: number): ArrayLike<number> {
  const arr = checkNumericArray(fn, name, a);
  if (arr.length < needed) throw invalidRange(fn, `${name}.length`, `≥ ${needed} (the entries the sizes and offsets reach)`, arr.length);
  return arr;
}

/** A Float64Array, Float32Array or plain array written for `needed` entries. */
export function writes(fn: string, name: string, a: unknown, needed: number, plainAllowed = true): Arr {
  if (!(a instanceof Float64Array || a instanceof Float32Array || (plainAllowed && Array.isArray(a)))) {
    throw invalidType(fn, name, plainAllowed ? 'a Float64Array, Float32Array or array' : 'a Float64Array or Float32Array', a);
  }
  if (a.length < needed) throw invalidRange(fn, `${name}.length`, `≥ ${needed} (the entries the sizes reach)`, a.length);
  return a;
}

/**
 * Σ x[xo + i]·y[yo + i] for i < n. @throws {TypeError} wrong kinds. @throws {RangeError} sizes or offsets past an array's end.
 * @example
 * ```ts
 * import { dot } from 'sublinear/core';
 * console.log(dot(2, [1, 2], 0, [3, 4], 0)); // 11
 * ```
 */
export function dot(n: number, x: Arr, xo: number, y: Arr, yo: number): number {
  const fn = 'dot';
  size(fn, 'n', n); size(fn, 'xo', xo); size(fn, 'yo', yo);
  reads(fn, 'x', x, xo + n); reads(fn, 'y', y, yo + n);
  return blas.dot(n, x, xo, y, yo);
}

/**
 * y[yo + i] += alpha·x[xo + i] for i < n. @throws {TypeError} wrong kinds. @throws {RangeError} a non-finite alpha, ranges past an array's end.
 * @example
 * ```ts
 * import { axpy } from 'sublinear/core';
 * const y = [1, 1];
 * axpy(2, 3, [1, 2], 0, y, 0); // y = [4, 7]
 * ```
 */
export function axpy(n: number, alpha: number, x: Arr, xo: number, y: Arr, yo: number): void {
  const fn = 'axpy';
  size(fn, 'n', n); checkFinite(fn, 'alpha', alpha); size(fn, 'xo', xo); size(fn, 'yo', yo);
  reads(fn, 'x', x, xo + n); writes(fn, 'y', y, yo + n);
  blas.axpy(n, alpha, x, xo, y, yo);
}

/**
 * ‖x[xo + i·stride]‖₂ for i < n, without overflow or underflow. @throws {TypeError} wrong kinds. @throws {RangeError} a range past x's end.
 * @example
 * ```ts
 * import { nrm2 } from 'sublinear/core';
 * console.log(nrm2(2, [3, 4])); // 5
 * ```
 */
export function nrm2(n: number, x: Arr, xo = 0, stride = 1): number {
  const fn = 'nrm2';
  size(fn, 'n', n); size(fn, 'xo', xo); checkInteger(fn, 'stride', stride, 1, MAX_ELEMENTS);
  reads(fn, 'x', x, n === 0 ? 0 : xo + (n - 1) * stride + 1);
  return blas.nrm2(n, x, xo, stride);
}

function gemm(fn: string, m: number, n: number, k: number, A: unknown, B: unknown, C: unknown, beta: number, aLen: number, bLen: number): void {
  checkFinite(fn, 'beta', beta);
  reads(fn, 'A', A, aLen); reads(fn, 'B', B, bLen); writes(fn, 'C', C, m * n);
}

/**
 * C (m×n) = A (m×k)·B (k×n) + beta·C, row-major. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { gemmNN } from 'sublinear/core';
 * const C = new Float64Array(1);
 * gemmNN(1, 1, 2, [1, 2], [3, 4], C); // C = [11]
 * ```
 */
export function gemmNN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  const fn = 'gemmNN';
  size(fn, 'm', m); size(fn, 'n', n); size(fn, 'k', k);
  gemm(fn, m, n, k, A, B, C, beta, m * k, k * n);
  blas.gemmNN(m, n, k, A, B, C, beta);
}

/**
 * C (m×n) = A (m×k)·Bᵀ (B n×k) + beta·C. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { gemmNT } from 'sublinear/core';
 * const C = new Float64Array(1);
 * gemmNT(1, 1, 2, [1, 2], [3, 4], C); // C = [11]
 * ```
 */
export function gemmNT(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  const fn = 'gemmNT';
  size(fn, 'm', m); size(fn, 'n', n); size(fn, 'k', k);
  gemm(fn, m, n, k, A, B, C, beta, m * k, n * k);
  blas.gemmNT(m, n, k, A, B, C, beta);
}

/**
 * C (m×n) = Aᵀ (A k×m)·B (k×n) + beta·C. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { gemmTN } from 'sublinear/core';
 * const C = new Float64Array(1);
 * gemmTN(1, 1, 2, [1, 2], [3, 4], C); // C = [11]
 * ```
 */
export function gemmTN(m: number, n: number, k: number, A: Arr, B: Arr, C: Arr, beta = 0): void {
  const fn = 'gemmTN';
  size(fn, 'm', m); size(fn, 'n', n); size(fn, 'k', k);
  gemm(fn, m, n, k, A, B, C, beta, k * m, k * n);
  blas.gemmTN(m, n, k, A, B, C, beta);
}

/**
 * y = A (m×n)·x, or Aᵀ·x with `transpose`. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { gemv } from 'sublinear/core';
 * const y = new Float64Array(1);
 * gemv(1, 2, [1, 2], [3, 4], y); // y = [11]
 * ```
 */
export function gemv(m: number, n: number, A: Arr, x: Arr, y: Arr, transpose = false): void {
  const fn = 'gemv';
  size(fn, 'm', m); size(fn, 'n', n); checkBoolean(fn, 'transpose', transpose);
  reads(fn, 'A', A, m * n); reads(fn, 'x', x, transpose ? m : n); writes(fn, 'y', y, transpose ? n : m);
  blas.gemv(m, n, A, x, y, transpose);
}

