/**
 * The public face of the trusted kernels (blas.ts, decompositions.ts): the same functions, with their
 * sizes, offsets, array kinds and flags checked once per call (O(1), never a pass over the data) so a
 * bad argument is a TypeError or RangeError naming the kernel instead of a silent out-of-bounds read
 * or write. The library's own layers call the unchecked kernels directly.
 */
import * as blas from './blas.js';
import * as dec from './decompositions.js';
import { checkBoolean, checkFinite, checkInteger, checkNumericArray, invalidRange, invalidType } from './errors.js';
import { MAX_ELEMENTS } from './allocation.js';
import type { FloatArray } from './matrix.js';

type Arr = FloatArray | number[];

function size(fn: string, name: string, v: unknown): number {
  return checkInteger(fn, name, v, 0, MAX_ELEMENTS);
}

/** A numeric array read from `offset` for `needed` entries. */
function reads(fn: string, name: string, a: unknown, needed: number): ArrayLike<number> {
  const arr = checkNumericArray(fn, name, a);
  if (arr.length < needed) throw invalidRange(fn, `${name}.length`, `≥ ${needed} (the entries the sizes and offsets reach)`, arr.length);
  return arr;
}

/** A Float64Array, Float32Array or plain array written for `needed` entries. */
function writes(fn: string, name: string, a: unknown, needed: number, plainAllowed = true): Arr {
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

function qrShape(fn: string, m: number, n: number, a: unknown, tau: unknown): void {
  size(fn, 'm', m); size(fn, 'n', n);
  if (m < n) throw invalidRange(fn, 'm', `≥ n (${n})`, m);
  writes(fn, 'a', a, m * n, false);
  if (!(tau instanceof Float64Array)) throw invalidType(fn, 'tau', 'a Float64Array', tau);
  if (tau.length < n) throw invalidRange(fn, 'tau.length', `≥ n (${n})`, tau.length);
}

/**
 * Householder QR of the m×n `a` in place (m ≥ n), reflector scalars into `tau`.
 * @throws {TypeError} wrong kinds. @throws {RangeError} m < n, arrays shorter than their shapes.
 * @example
 * ```ts
 * import { qrInPlace } from 'sublinear/core';
 * const a = Float64Array.of(3, 4), tau = new Float64Array(1);
 * qrInPlace(2, 1, a, tau); // a[0] = ±5
 * ```
 */
export function qrInPlace(m: number, n: number, a: FloatArray, tau: Float64Array): void {
  qrShape('qrInPlace', m, n, a, tau);
  dec.qrInPlace(m, n, a, tau);
}

/**
 * b ← Qᵀ b for the factors of qrInPlace. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { qrApplyQtInPlace, qrInPlace } from 'sublinear/core';
 * const a = Float64Array.of(3, 4), tau = new Float64Array(1), b = [3, 4];
 * qrInPlace(2, 1, a, tau);
 * qrApplyQtInPlace(2, 1, a, tau, b); // b[0] = ±5
 * ```
 */
export function qrApplyQtInPlace(m: number, n: number, a: FloatArray, tau: Float64Array, b: FloatArray | number[]): void {
  qrShape('qrApplyQtInPlace', m, n, a, tau);
  writes('qrApplyQtInPlace', 'b', b, m);
  dec.qrApplyQtInPlace(m, n, a, tau, b);
}

/**
 * b ← Q b for the factors of qrInPlace. @throws {TypeError} wrong kinds. @throws {RangeError} arrays shorter than their shapes.
 * @example
 * ```ts
 * import { qrApplyQInPlace, qrInPlace } from 'sublinear/core';
 * const a = Float64Array.of(3, 4), tau = new Float64Array(1), b = [1, 0];
 * qrInPlace(2, 1, a, tau);
 * qrApplyQInPlace(2, 1, a, tau, b); // b = ±[0.6, 0.8]
 * ```
 */
export function qrApplyQInPlace(m: number, n: number, a: FloatArray, tau: Float64Array, b: FloatArray | number[]): void {
  qrShape('qrApplyQInPlace', m, n, a, tau);
  writes('qrApplyQInPlace', 'b', b, m);
  dec.qrApplyQInPlace(m, n, a, tau, b);
}

/**
 * Lower Cholesky factor of the n×n `a` in place; returns −1, or the first pivot that is not > 0.
 * @throws {TypeError} wrong kinds. @throws {RangeError} a shorter than n².
 * @example
 * ```ts
 * import { choleskyInPlace } from 'sublinear/core';
 * console.log(choleskyInPlace(1, Float64Array.of(4))); // -1 (success; a = [2])
 * ```
 */
export function choleskyInPlace(n: number, a: FloatArray): number {
  const fn = 'choleskyInPlace';
  size(fn, 'n', n);
  writes(fn, 'a', a, n * n, false);
  return dec.choleskyInPlace(n, a);
}

/**
 * Solves T x = b in place for the n×n triangular `t` (row stride ld). @throws {TypeError} wrong kinds.
 * @throws {RangeError} ld < n, arrays shorter than their shapes.
 * @example
 * ```ts
 * import { triangularSolveInPlace } from 'sublinear/core';
 * const b = [4];
 * triangularSolveInPlace(1, Float64Array.of(2), b, true, false); // b = [2]
 * ```
 */
export function triangularSolveInPlace(n: number, t: FloatArray, b: FloatArray | number[], lower: boolean, transpose: boolean, ld = n, unitDiagonal = false): void {
  const fn = 'triangularSolveInPlace';
  size(fn, 'n', n);
  checkInteger(fn, 'ld', ld, n, MAX_ELEMENTS);
  reads(fn, 't', t, n === 0 ? 0 : (n - 1) * ld + n);
  writes(fn, 'b', b, n);
  checkBoolean(fn, 'lower', lower); checkBoolean(fn, 'transpose', transpose); checkBoolean(fn, 'unitDiagonal', unitDiagonal);
  dec.triangularSolveInPlace(n, t, b, lower, transpose, ld, unitDiagonal);
}
