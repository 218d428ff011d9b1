/** Checked fused optimizer steps: adam, rmsprop (see ../checked-ops.ts). */
import { checkBoolean, checkFinite, invalidRange } from '../errors.js';
import type { FloatArray } from '../matrix.js';
import * as raw from '../kernels/ops.js';
import { size, strided } from './shared.js';

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
