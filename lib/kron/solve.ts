/** Solves with A_1 ⊗ … ⊗ A_K through one LU per factor: (⊗ A_k)⁻¹ = ⊗ A_k⁻¹, applied one mode at a time. */
import { checkFiniteArray, invalidRange } from '../core/errors.js';
import { checkMatrix, type FloatArray, type Matrix } from '../core/matrix.js';
import { luInPlace, luSolveRows } from './lu.js';
import { checkFactors, resultDtype, toDtype } from './validate.js';

/** The factored A_1 ⊗ … ⊗ A_K: solve as often as you like at O(N Σ n_k) per right-hand side. */
export interface KronLU {
  /** n_1 … n_K, the factors' sizes. */
  readonly sizes: readonly number[];
  /** Π n_k, the size of the product. */
  readonly size: number;
  /** x with (⊗ A_k) x = b. @throws {RangeError} b of the wrong length or non-finite. */
  solve(b: ArrayLike<number>): FloatArray;
  /** Z with (⊗ A_k) Z = B for B of size × r. @throws {RangeError} B of the wrong row count or non-finite. */
  solveMatrix(B: Matrix): Matrix;
}

/**
 * Factors every A_k once (LU with partial pivoting, in float64) for repeated Kronecker solves.
 *
 * @param factors - square, invertible, finite matrices A_1 … A_K.
 * @returns a {@link KronLU}; its solutions are float32 when every factor and the right-hand side are.
 * @throws {TypeError} not an array of matrices.
 * @throws {RangeError} an empty list, a non-square factor, a non-finite entry, or a factor that is
 * singular to working precision (a pivot |u_jj| ≤ n·ε·max|a_ij|), naming the factor and the pivot.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { kronLU } from 'sublinear/kron';
 * const lu = kronLU([matrix([[2, 0], [0, 4]]), matrix([[1, 1], [0, 1]])]);
 * console.log(lu.solve([3, 1, 8, 4])); // Float64Array [1, 0.5, 1, 1]
 * ```
 */
export function kronLU(factors: readonly Matrix[]): KronLU {
  return factorize('kronLU', factors);
}

function factorize(fn: string, factors: readonly Matrix[]): KronLU {
  const f = checkFactors(fn, factors);
  f.rows.forEach((n, k) => {
    if (f.cols[k] !== n) throw invalidRange(fn, `factors[${k}].cols`, `${n} (factors[${k}].rows: kronSolve needs square factors)`, f.cols[k]);
  });
  const lus = f.data.map((a, k) => {
    const n = f.rows[k];
    const lu = Float64Array.from(a), piv = new Int32Array(n);
    const bad = luInPlace(n, lu, piv);
    if (bad >= 0) {
      throw invalidRange(fn, `factors[${k}]`, `invertible (its LU pivot ${bad} is ≤ n·ε·max|a_ij|: singular to working precision)`, `a singular ${n}×${n} matrix`);
    }
    return { lu, piv };
  });
  const sizes = f.rows.slice(), size = f.rowProduct;
  const run = (values: FloatArray | ArrayLike<number>, rhs: number) => {
    const y = Float64Array.from(values as ArrayLike<number>);
    let L = 1;
    sizes.forEach((n, k) => {
      const R = (size / (L * n)) * rhs;
      for (let l = 0; l < L; l++) luSolveRows(n, R, lus[k].lu, lus[k].piv, y, l * n * R);
      L *= n;
    });
    return y;
  };
  return {
    sizes, size,
    solve(b) {
      checkFiniteArray('kronLU.solve', 'b', b, size);
      return toDtype(run(b, 1), resultDtype(f.allFloat32, b instanceof Float32Array));
    },
    solveMatrix(B) {
      checkMatrix('kronLU.solveMatrix', 'B', B);
      if (B.rows !== size) throw invalidRange('kronLU.solveMatrix', 'B.rows', `${size} (the size of the Kronecker product)`, B.rows);
      return { rows: size, cols: B.cols, data: toDtype(run(B.data, B.cols), resultDtype(f.allFloat32, B.data instanceof Float32Array)) };
    },
  };
}

/**
 * x with (A_1 ⊗ … ⊗ A_K) x = b, in the row-major convention of kronMatVec: each factor is factored
 * once (LU with partial pivoting), then the solves run one mode at a time in O(N Σ n_k) (N = Π n_k).
 * For many right-hand sides keep the factorization: {@link kronLU}.
 *
 * @param factors - square, invertible, finite matrices A_1 … A_K.
 * @param b - a finite vector of length Π n_k.
 * @returns x (float32 when every input is float32).
 * @throws {TypeError} not an array of matrices, b not an array of numbers.
 * @throws {RangeError} an empty list, a non-square or singular factor (named), b of the wrong length, a non-finite entry.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { kronMatVec, kronSolve } from 'sublinear/kron';
 * const factors = [matrix([[4, 1], [2, 3]]), matrix([[1, 2], [3, 4]])];
 * const x = kronSolve(factors, [1, 2, 3, 4]);
 * console.log(kronMatVec(factors, x)); // ≈ [1, 2, 3, 4]
 * ```
 */
export function kronSolve(factors: readonly Matrix[], b: ArrayLike<number>): FloatArray {
  const lu = factorize('kronSolve', factors);
  checkFiniteArray('kronSolve', 'b', b, lu.size);
  return lu.solve(b);
}
