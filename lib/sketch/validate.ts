/** Private validation helpers of the sketch module. */
import { checkFiniteArray } from '../core/errors.js';
import type { FloatArray } from '../core/matrix.js';

/**
 * Checks a finite vector of the given length and returns it as a float array (a Float64Array copy
 * of a plain array; typed float arrays are returned as they are).
 */
export function checkFiniteVector(fn: string, name: string, value: unknown, length: number): FloatArray {
  const v = checkFiniteArray(fn, name, value, length);
  return v instanceof Float64Array || v instanceof Float32Array ? v : Float64Array.from(v);
}
