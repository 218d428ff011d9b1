/**
 * One error template for the whole package:
 * `<fn>: invalid argument. <name> must be <expected>. Value: <value>.`
 * TypeError for a value of the wrong kind, RangeError for a value out of range.
 * Validators throw before anything is written, so a structure that rejects input is left as it was.
 */

/** Short, readable description of any value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? value.slice(0, 120) + '…' : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    const length = 'length' in value ? (value as unknown as { length: number }).length : value.byteLength;
    return `${name}(${length})`;
  }
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `${name} {…}` : '{…}';
  }
  return String(value);
}

function message(fn: string, name: string, expected: string, value: unknown): string {
  return `${fn}: invalid argument. ${name} must be ${expected}. Value: ${describeValue(value)}.`;
}

/** A TypeError in the package template: `name` has the wrong kind of value. */
export function invalidType(fn: string, name: string, expected: string, value: unknown): TypeError {
  return new TypeError(message(fn, name, expected, value));
}

/** A RangeError in the package template: `name` has a value out of range. */
export function invalidRange(fn: string, name: string, expected: string, value: unknown): RangeError {
  return new RangeError(message(fn, name, expected, value));
}

/** Throws a TypeError unless `value` is a number, a RangeError unless it is an integer in [min, max]. */
export function checkInteger(fn: string, name: string, value: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number') throw invalidType(fn, name, 'an integer', value);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    throw invalidRange(fn, name, range, value);
  }
  return value;
}

/** Throws a TypeError unless `value` is a number, a RangeError if it is NaN or ±Infinity. */
export function checkFinite(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw invalidType(fn, name, 'a finite number', value);
  if (!Number.isFinite(value)) throw invalidRange(fn, name, 'a finite number', value);
  return value;
}

/** Throws a TypeError unless `value` is a number, a RangeError unless it is finite and > 0 (or ≥ 0). */
export function checkPositive(fn: string, name: string, value: unknown, allowZero = false): number {
  checkFinite(fn, name, value);
  const v = value as number;
  if (allowZero ? v < 0 : v <= 0) throw invalidRange(fn, name, allowZero ? 'a finite number ≥ 0' : 'a finite number > 0', v);
  return v;
}

/** Any array-like of numbers: plain arrays and every numeric typed array. */
export type NumericArray = ArrayLike<number>;

/** Throws a TypeError unless `value` is an array or a numeric typed array. */
export function checkNumericArray(fn: string, name: string, value: unknown): NumericArray {
  const ok = Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView) && !(value instanceof BigInt64Array) && !(value instanceof BigUint64Array));
  if (!ok) throw invalidType(fn, name, 'an array or typed array of numbers', value);
  return value as NumericArray;
}

/**
 * Throws a TypeError unless every entry is a number, a RangeError naming the first NaN or ±Infinity
 * (`name[i]`). Checks the whole array before anything is written anywhere.
 */
export function checkFiniteArray(fn: string, name: string, value: unknown, length?: number): NumericArray {
  const array = checkNumericArray(fn, name, value);
  if (length !== undefined && array.length !== length) {
    throw invalidRange(fn, `${name}.length`, `${length}`, array.length);
  }
  if (Array.isArray(array)) {
    for (let i = 0; i < array.length; i++) {
      const v = array[i];
      if (typeof v !== 'number') throw invalidType(fn, `${name}[${i}]`, 'a number', v);
      if (!Number.isFinite(v)) throw invalidRange(fn, `${name}[${i}]`, 'a finite number', v);
    }
  } else {
    const bad = firstNonFinite(array as Float64Array);
    if (bad >= 0) throw invalidRange(fn, `${name}[${bad}]`, 'a finite number', array[bad]);
  }
  return array;
}

/**
 * Flat index of the first NaN or ±Infinity among rows [rowStart, rowEnd) of `values`, each row `m`
 * entries long and `stride` apart (defaults: the whole array as one row), or −1. A fast pass per row
 * sums x − x, which is 0 exactly for finite x and NaN otherwise.
 */
export function firstNonFinite(values: ArrayLike<number>, rowStart = 0, rowEnd = 1, m = values.length, stride = m): number {
  for (let t = rowStart; t < rowEnd; t++) {
    const base = t * stride;
    let acc = 0;
    for (let j = 0; j < m; j++) acc += values[base + j] - values[base + j];
    if (acc === 0) continue;
    for (let j = 0; j < m; j++) if (!Number.isFinite(values[base + j])) return base + j;
  }
  return -1;
}

/** Throws a TypeError unless `value` is a plain options object (or undefined, which gives {}). */
export function checkOptions<T extends object>(fn: string, name: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidType(fn, name, 'an object', value);
  return value;
}

/** Throws a RangeError unless `value` is one of `allowed`. */
export function checkOneOf<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string') throw invalidType(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  if (!(allowed as readonly string[]).includes(value)) throw invalidRange(fn, name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
  return value as T;
}
