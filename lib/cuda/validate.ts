/** Argument checks shared by the kernel entry points (private). */
import { checkInteger, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import type { FloatArray } from '../core/matrix.js';
import type { BackendOptions } from './status.js';

/** Throws unless `value` is a Float32Array or Float64Array whose entries are finite (or, with `allowMinusInfinity`, −∞). */
export function checkFloatArray(fn: string, name: string, value: unknown, allowMinusInfinity = false): FloatArray {
  if (!(value instanceof Float32Array) && !(value instanceof Float64Array)) throw invalidType(fn, name, 'a Float32Array or Float64Array', value);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (!Number.isFinite(v) && !(allowMinusInfinity && v === -Infinity)) {
      throw invalidRange(fn, `${name}[${i}]`, allowMinusInfinity ? 'a finite number or -Infinity' : 'a finite number', v);
    }
  }
  return value;
}

/** Throws a TypeError unless `b` has the same precision (constructor) as `a`. */
export function checkSameDtype(fn: string, name: string, a: FloatArray, b: FloatArray): void {
  if (a.constructor !== b.constructor) throw invalidType(fn, name, `a ${a.constructor.name} like the first operand`, b);
}

/** Throws a RangeError unless `array.length` equals `length`. */
export function checkLength(fn: string, name: string, array: ArrayLike<number>, length: number): void {
  if (array.length !== length) throw invalidRange(fn, `${name}.length`, `${length}`, array.length);
}

/** Throws unless `value` is an integer power of two in [1, max]. */
export function checkPowerOfTwo(fn: string, name: string, value: unknown, max = 2 ** 30): number {
  const v = checkInteger(fn, name, value, 1, max);
  if ((v & (v - 1)) !== 0) throw invalidRange(fn, name, 'a power of two', v);
  return v;
}

/** Validates the options object and returns it (undefined → {}). */
export function checkBackendOptions<T extends BackendOptions>(fn: string, options: T | undefined): T {
  return checkOptions(fn, 'options', options);
}
