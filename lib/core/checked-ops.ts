/**
 * The public face of the kernel ops (lib/core/kernels/ops.ts): the same functions, exported as the
 * `ops` namespace of sublinear/core, with sizes, strides,
 * offsets, array kinds and flags checked once per call (O(1), never a pass over the data), so a bad
 * argument is a TypeError or RangeError naming the op instead of a read or write outside an array.
 * The library's own layers call the unchecked ops directly.
 */
import { MAX_ELEMENTS } from './allocation.js';
import { checkBoolean, checkFinite, checkInteger, invalidRange, invalidType } from './errors.js';
import type { FloatArray } from './matrix.js';
import * as raw from './kernels/ops.js';

function size(fn: string, name: string, v: unknown, min = 0): number {
  return checkInteger(fn, name, v, min, MAX_ELEMENTS);
}

/** A Float64Array or Float32Array holding n entries `stride` apart from `offset`. */
function strided(fn: string, name: string, a: unknown, n: number, stride: unknown, offset: unknown, strideName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const s = size(fn, strideName, stride, 1), o = size(fn, offsetName, offset);
  const end = n === 0 ? 0 : o + (n - 1) * s + 1;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what n, ${strideName} and ${offsetName} reach)`, a.length);
}

/** A row-major block of `rows` rows of `cols` entries, `ld` apart from `offset`. */
function block(fn: string, name: string, a: unknown, rows: number, cols: number, offset: unknown, ld: unknown, ldName: string, offsetName: string): void {
  if (!(a instanceof Float64Array || a instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', a);
  const o = size(fn, offsetName, offset), l = checkInteger(fn, ldName, ld, cols, MAX_ELEMENTS);
  const end = rows === 0 || cols === 0 ? 0 : o + (rows - 1) * l + cols;
  if (end > a.length) throw invalidRange(fn, `${name}.length`, `≥ ${end} (what the shape, ${ldName} and ${offsetName} reach)`, a.length);
}

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

/** A RangeError unless `value` is a finite number in [0, 1) (a decay rate). */
function decayRate(fn: string, name: string, value: number): void {
  if (!(checkFinite(fn, name, value) >= 0 && value < 1)) throw invalidRange(fn, name, 'a number in [0, 1)', value);
}

/**
 * Checked `ops.adam`: one fused Adam step over n entries (accumulate: add the update to params, the
 * default, or store it). @throws {TypeError} wrong kinds.
 * @throws {RangeError} non-finite or out-of-range scalars, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), g = Float64Array.of(1), mu = new Float64Array(1), nu = new Float64Array(1);
 * ops.adam(1, 0.1, 0.9, 0.999, 1e-8, 1, p, 0, g, 0, mu, 0, nu, 0); // p ≈ [0.9]
 * ```
 */
export function adam<T extends FloatArray>(
  n: number, lr: number, beta1: number, beta2: number, eps: number, count: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number,
  mu: FloatArray, offsetMu: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  const fn = 'ops.adam';
  size(fn, 'n', n);
  checkFinite(fn, 'lr', lr); checkFinite(fn, 'eps', eps);
  decayRate(fn, 'beta1', beta1); decayRate(fn, 'beta2', beta2);
  size(fn, 'count', count, 1);
  strided(fn, 'params', params, n, 1, offsetParams, 'stride', 'offsetParams');
  strided(fn, 'grads', grads, n, 1, offsetGrads, 'stride', 'offsetGrads');
  strided(fn, 'mu', mu, n, 1, offsetMu, 'stride', 'offsetMu');
  strided(fn, 'nu', nu, n, 1, offsetNu, 'stride', 'offsetNu');
  checkBoolean(fn, 'accumulate', accumulate);
  return raw.adam(n, lr, beta1, beta2, eps, count, params, offsetParams, grads, offsetGrads, mu, offsetMu, nu, offsetNu, accumulate);
}

/**
 * Checked `ops.rmsprop`: one fused RMSprop step over n entries. @throws {TypeError} wrong kinds.
 * @throws {RangeError} non-finite or out-of-range scalars, ranges past an array's end.
 * @example
 * ```ts
 * import { ops } from 'sublinear/core';
 * const p = Float64Array.of(1), nu = new Float64Array(1);
 * ops.rmsprop(1, 0.01, 0.75, 0, p, 0, Float64Array.of(2), 0, nu, 0); // p = [0.98]
 * ```
 */
export function rmsprop<T extends FloatArray>(
  n: number, lr: number, decay: number, eps: number,
  params: T, offsetParams: number, grads: FloatArray, offsetGrads: number, nu: FloatArray, offsetNu: number, accumulate = true,
): T {
  const fn = 'ops.rmsprop';
  size(fn, 'n', n);
  checkFinite(fn, 'lr', lr); decayRate(fn, 'decay', decay); checkFinite(fn, 'eps', eps);
  strided(fn, 'params', params, n, 1, offsetParams, 'stride', 'offsetParams');
  strided(fn, 'grads', grads, n, 1, offsetGrads, 'stride', 'offsetGrads');
  strided(fn, 'nu', nu, n, 1, offsetNu, 'stride', 'offsetNu');
  checkBoolean(fn, 'accumulate', accumulate);
  return raw.rmsprop(n, lr, decay, eps, params, offsetParams, grads, offsetGrads, nu, offsetNu, accumulate);
}
