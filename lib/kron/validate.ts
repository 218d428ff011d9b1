/** Argument checks shared by the public kron functions (private: index.ts does not export this file). */
import { invalidRange, invalidType } from '../core/errors.js';
import { checkMatrix, type Dtype, type FloatArray } from '../core/matrix.js';

/** Largest length the kron functions allocate for one array (2³¹ − 1 entries). */
export const MAX_LENGTH = 2 ** 31 - 1;

/** The validated shapes and storage of a factor list. */
export interface Factors {
  readonly rows: number[];
  readonly cols: number[];
  readonly data: FloatArray[];
  /** Π rows, Π cols. */
  readonly rowProduct: number;
  readonly colProduct: number;
  readonly allFloat32: boolean;
}

/**
 * Checks a non-empty array of finite matrices: a TypeError for a non-array or a non-matrix, a
 * RangeError for an empty list, a NaN or ±Infinity entry, or a product whose size is too large.
 */
export function checkFactors(fn: string, factors: unknown, name = 'factors'): Factors {
  if (!Array.isArray(factors)) throw invalidType(fn, name, 'a non-empty array of matrices', factors);
  if (factors.length === 0) throw invalidRange(fn, `${name}.length`, '≥ 1 (a non-empty array of matrices)', 0);
  const rows: number[] = [], cols: number[] = [], data: FloatArray[] = [];
  let rowProduct = 1, colProduct = 1, allFloat32 = true;
  factors.forEach((f, k) => {
    const m = checkMatrix(fn, `${name}[${k}]`, f);
    rows.push(m.rows); cols.push(m.cols); data.push(m.data);
    rowProduct *= m.rows; colProduct *= m.cols;
    allFloat32 &&= m.data instanceof Float32Array;
  });
  if (rowProduct > MAX_LENGTH || colProduct > MAX_LENGTH) {
    throw invalidRange(fn, name, `matrices whose Kronecker product has ≤ 2³¹ − 1 rows and columns`, `factors of shapes ${shapes(rows, cols)}`);
  }
  return { rows, cols, data, rowProduct, colProduct, allFloat32 };
}

/** "2×3, 4×4" for an error message. */
export function shapes(rows: readonly number[], cols: readonly number[]): string {
  return rows.map((r, k) => `${r}×${cols[k]}`).join(', ');
}

/** Checks a matrix list whose members all have the same row count (data sets: row i is point i). */
export function checkDataFactors(fn: string, data: unknown, name = 'data'): Factors & { n: number } {
  const f = checkFactors(fn, data, name);
  const n = f.rows[0];
  f.rows.forEach((r, k) => {
    if (r !== n) throw invalidRange(fn, `${name}[${k}].rows`, `${n} (every factor holds one row per data point)`, r);
  });
  return { ...f, n };
}

/** The result dtype: float32 when every input is stored in float32, float64 otherwise. */
export function resultDtype(...allFloat32: boolean[]): Dtype {
  return allFloat32.every(Boolean) ? 'float32' : 'float64';
}

/** Copies float64 values into a new array of `dtype` (float32 rounds each value once). */
export function toDtype(values: Float64Array, dtype: Dtype): FloatArray {
  return dtype === 'float32' ? Float32Array.from(values) : values.slice();
}

/** A Float64Array or Float32Array holding `x` (the array itself when it already is one). */
export function asFloatArray(x: ArrayLike<number>): FloatArray {
  return x instanceof Float64Array || x instanceof Float32Array ? x : Float64Array.from(x);
}

