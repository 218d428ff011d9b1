/**
 * The public face of the trusted decompositions (decompositions.ts): sizes, array kinds and lengths
 * checked once per call (O(1)) before the kernel touches memory. See checked-kernels.ts.
 */
import * as dec from './decompositions.js';
import { checkBoolean, checkInteger, invalidRange, invalidType } from './errors.js';
import { MAX_ELEMENTS } from './allocation.js';
import type { FloatArray } from './matrix.js';
import { reads, size, writes } from './checked-kernels.js';

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
