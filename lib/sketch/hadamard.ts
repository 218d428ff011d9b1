/**
 * walshHadamardTransform: the public, validating wrapper of the in-place FWHT kernel.
 */
import { checkBoolean, checkFiniteArray, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { fwht } from '../core/kernels/ops.js';

/**
 * x ← H x in place, with H the Sylvester–Hadamard matrix of order n = x.length (a power of two),
 * in O(n log n) additions; with `normalize` (default true) H/√n, an orthogonal map that preserves
 * ‖x‖. This is the transform inside the SRHT.
 *
 * @param x - a Float64Array or Float32Array whose length is a power of two, finite.
 * @param options - `{ normalize?: boolean }` (default true).
 * @returns x, transformed.
 * @throws {TypeError} x not a float array. @throws {RangeError} a length that is not a power of two,
 * or a NaN or ±Infinity entry (x is left untouched).
 * @example
 * ```ts
 * import { walshHadamardTransform } from 'sublinear/sketch';
 * console.log(walshHadamardTransform(new Float64Array([1, 0, 0, 0]), { normalize: false })); // [1, 1, 1, 1]
 * ```
 */
export function walshHadamardTransform<T extends Float64Array | Float32Array>(x: T, options?: { normalize?: boolean }): T {
  const fn = 'walshHadamardTransform';
  if (!(x instanceof Float64Array || x instanceof Float32Array)) throw invalidType(fn, 'x', 'a Float64Array or Float32Array', x);
  const n = x.length;
  if (n === 0 || (n & (n - 1)) !== 0) throw invalidRange(fn, 'x.length', 'a power of two', n);
  checkFiniteArray(fn, 'x', x);
  const normalize = checkBoolean(fn, 'options.normalize', checkOptions(fn, 'options', options, ['normalize']).normalize, true);
  if (x instanceof Float32Array) {
    const y = Float64Array.from(x);
    fwht(n, 1, y, 1, n, 0);
    const scale = normalize ? 1 / Math.sqrt(n) : 1;
    for (let i = 0; i < n; i++) x[i] = scale * y[i];
    return x;
  }
  fwht(n, 1, x, 1, n, 0);
  if (normalize) { const scale = 1 / Math.sqrt(n); for (let i = 0; i < n; i++) x[i] *= scale; }
  return x;
}
