import fc from 'fast-check';
import { checkFinite, checkInteger, checkNumericArray, checkOneOf, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { DTYPES, type Dtype, type Matrix } from '../core/matrix.js';

/** The longest array an arbitrary may be asked for (a property test is not a load test). */
export const MAX_ARBITRARY_LENGTH = 2 ** 20;

/** Constraints of finiteArray. */
export interface FiniteArrayConstraints {
  /** Smallest length (default 0). */
  minLength?: number;
  /** Largest length (default 16). */
  maxLength?: number;
  /** Smallest value (default −1e3). */
  min?: number;
  /** Largest value (default 1e3). */
  max?: number;
  /** Storage (default 'float64'); float32 values are rounded as float32 stores them. */
  dtype?: Dtype;
}

/** An arbitrary Float64Array or Float32Array of finite values (no NaN, no ±Infinity; −0 included). */
export function finiteArray(constraints: FiniteArrayConstraints = {}): fc.Arbitrary<Float64Array | Float32Array> {
  const fn = 'finiteArray';
  const c = checkOptions(fn, 'constraints', constraints, ['minLength', 'maxLength', 'min', 'max', 'dtype']);
  const { minLength = 0, maxLength = Math.max(16, minLength), min = -1e3, max = 1e3, dtype = 'float64' } = c;
  checkLengths(fn, minLength, maxLength);
  checkFinite(fn, 'constraints.min', min);
  checkFinite(fn, 'constraints.max', max);
  if (min > max) throw invalidRange(fn, 'constraints.max', `≥ constraints.min (${min})`, max);
  checkOneOf(fn, 'constraints.dtype', dtype, DTYPES);
  const value = dtype === 'float32'
    ? fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true, noDefaultInfinity: true })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.array(value, { minLength, maxLength }).map((v) => (dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v)));
}

/** Constraints of matrixArbitrary. */
export interface MatrixConstraints {
  /** Exact row count, or a range (default 1…8). */
  rows?: number | { min: number; max: number };
  /** Exact column count, or a range (default 1…8). */
  cols?: number | { min: number; max: number };
  /** Entry range (default ±10). */
  min?: number;
  max?: number;
  /** Storage (default 'float64'). */
  dtype?: Dtype;
}

function dimension(fn: string, name: string, d: number | { min: number; max: number } | undefined): fc.Arbitrary<number> {
  if (typeof d === 'number') return fc.constant(checkInteger(fn, name, d, 0, 4096));
  if (d === undefined) return fc.integer({ min: 1, max: 8 });
  checkOptions(fn, name, d, ['min', 'max']);
  checkInteger(fn, `${name}.min`, d.min, 0, 4096);
  checkInteger(fn, `${name}.max`, d.max, d.min, 4096);
  return fc.integer(d);
}

/** Validates a length range: integers with 0 ≤ minLength ≤ maxLength ≤ MAX_ARBITRARY_LENGTH. */
export function checkLengths(fn: string, minLength: unknown, maxLength: unknown): void {
  checkInteger(fn, 'constraints.minLength', minLength, 0, MAX_ARBITRARY_LENGTH);
  checkInteger(fn, 'constraints.maxLength', maxLength, minLength as number, MAX_ARBITRARY_LENGTH);
}

/** An arbitrary Matrix `{ rows, cols, data }` of finite entries. */
export function matrixArbitrary(constraints: MatrixConstraints = {}): fc.Arbitrary<Matrix> {
  const fn = 'matrixArbitrary';
  const c = checkOptions(fn, 'constraints', constraints, ['rows', 'cols', 'min', 'max', 'dtype']);
  const { min = -10, max = 10, dtype = 'float64' } = c;
  const rowsArb = dimension(fn, 'constraints.rows', c.rows), colsArb = dimension(fn, 'constraints.cols', c.cols);
  checkFinite(fn, 'constraints.min', min);
  checkFinite(fn, 'constraints.max', max);
  if (min > max) throw invalidRange(fn, 'constraints.max', `≥ constraints.min (${min})`, max);
  checkOneOf(fn, 'constraints.dtype', dtype, DTYPES);
  return fc.tuple(rowsArb, colsArb).chain(([rows, cols]) =>
    finiteArray({ minLength: rows * cols, maxLength: rows * cols, min, max, dtype }).map((data) => ({ rows, cols, data })),
  );
}

/** max_i |a_i − b_i| / max(‖b‖_∞, tiny): a relative error that is 0 for equal arrays. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  checkNumericArray('relativeError', 'actual', actual);
  checkNumericArray('relativeError', 'expected', expected);
  if (actual.length !== expected.length) return Infinity;
  let diff = 0, scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  if (Number.isNaN(diff)) return Infinity;
  return diff === 0 ? 0 : diff / Math.max(scale, Number.MIN_VALUE);
}

/**
 * Throws an Error naming `label`, the worst index, both values and the relative error when
 * `actual` and `expected` differ by more than `rtol`·‖expected‖_∞ + `atol` anywhere.
 */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-12, atol = 0, label = 'value'): void {
  const fn = 'assertClose';
  checkNumericArray(fn, 'actual', actual);
  checkNumericArray(fn, 'expected', expected);
  // A tolerance of the wrong kind ('0.5') must not turn the comparison into one that always passes.
  if (typeof rtol !== 'number') throw invalidType(fn, 'rtol', 'a finite number ≥ 0', rtol);
  if (typeof atol !== 'number') throw invalidType(fn, 'atol', 'a finite number ≥ 0', atol);
  if (!(Number.isFinite(rtol) && rtol >= 0)) throw invalidRange(fn, 'rtol', 'a finite number ≥ 0', rtol);
  if (!(Number.isFinite(atol) && atol >= 0)) throw invalidRange(fn, 'atol', 'a finite number ≥ 0', atol);
  if (typeof label !== 'string') throw invalidType(fn, 'label', 'a string', label);
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length} differs from expected ${expected.length}`);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  const bound = rtol * scale + atol;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= bound)) {
      throw new Error(`${label}[${i}] = ${actual[i]} but expected ${expected[i]} (|diff| ${d} > bound ${bound}, relative ${relativeError(actual, expected)})`);
    }
  }
}
