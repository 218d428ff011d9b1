import fc from 'fast-check';
import type { Dtype, Matrix } from '../core/matrix.js';

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
  const { minLength = 0, maxLength = 16, min = -1e3, max = 1e3, dtype = 'float64' } = constraints;
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

function dimension(d: number | { min: number; max: number } | undefined): fc.Arbitrary<number> {
  if (typeof d === 'number') return fc.constant(d);
  return fc.integer(d ?? { min: 1, max: 8 });
}

/** An arbitrary Matrix `{ rows, cols, data }` of finite entries. */
export function matrixArbitrary(constraints: MatrixConstraints = {}): fc.Arbitrary<Matrix> {
  const { min = -10, max = 10, dtype = 'float64' } = constraints;
  return fc.tuple(dimension(constraints.rows), dimension(constraints.cols)).chain(([rows, cols]) =>
    finiteArray({ minLength: rows * cols, maxLength: rows * cols, min, max, dtype }).map((data) => ({ rows, cols, data })),
  );
}

/** max_i |a_i − b_i| / max(‖b‖_∞, tiny): a relative error that is 0 for equal arrays. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
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
