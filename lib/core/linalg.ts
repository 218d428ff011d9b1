/**
 * Small dense linear algebra on the shared Matrix type: products, Householder QR, Cholesky and
 * triangular solves. Validates its arguments once, then calls the trusted kernels.
 */
import { gemv, nrm2 } from './blas.js';
import { gemm } from './kernels/ops.js';
import { choleskyInPlace, qrApplyQInPlace, qrApplyQtInPlace, qrInPlace, triangularSolveInPlace } from './decompositions.js';
import { checkFiniteArray, checkOptions, invalidRange } from './errors.js';
import { allocate, checkMatrix, dtypeOf, type FloatArray, type Matrix } from './matrix.js';
import { matmulOnPool } from './parallel.js';
import { checkPool, settle, wantsPool, type PoolOptions } from './pool.js';

function outDtype(...arrays: FloatArray[]) {
  return arrays.every((a) => a instanceof Float32Array) ? 'float32' : 'float64';
}

/** Options of `matmul`. */
export interface MatmulOptions {
  /** Multiply by Aᵀ (A is k × m); not with `pool`. */
  transposeA?: boolean;
  /** Multiply by Bᵀ (B is n × k). */
  transposeB?: boolean;
}

/**
 * op(A) · op(B), where op transposes when asked, run by the selected kernel backend (see setBackend:
 * wasm by default; float64 results are the same on every backend, float32 ones differ by the order
 * of rounding, see docs/kernels.md). With `{ pool }` the product is split over the pool's
 * threads (by row block, or by column block with `transposeB`) and the call returns a Promise of a
 * matrix on shared memory, bit-identical to the sequential result.
 *
 * @param A - m × k (k × m with `transposeA`), finite.
 * @param B - k × n (n × k with `transposeB`), finite.
 * @param options - transposeA, transposeB; pool and signal to run on a pool.
 * @returns the m × n product (float32 only when both inputs are float32).
 * @throws {TypeError} a matrix, option or pool of the wrong kind.
 * @throws {RangeError} inner dimensions differ; a NaN or ±Infinity entry; transposeA with a pool.
 * @throws {KernelTaskError} on a pool: a task failed.
 * @example
 * ```ts
 * import { matrix, matmul, toRows } from 'sublinear/core';
 * const C = matmul(matrix([[1, 2], [3, 4]]), matrix([[1], [1]]));
 * console.log(toRows(C)); // [[3], [7]]
 * ```
 * @example
 * ```ts
 * import { matrix, matmul, toRows } from 'sublinear/core';
 * import { createKernelPool } from 'sublinear/workers';
 * const pool = createKernelPool({ threads: 2 });
 * const C = await matmul(matrix([[1, 2], [3, 4]]), matrix([[1, 1]]), { transposeB: true, pool });
 * console.log(toRows(C)); // [[3], [7]]
 * await pool.close();
 * ```
 */
export function matmul(A: Matrix, B: Matrix, options?: MatmulOptions): Matrix;
export function matmul(A: Matrix, B: Matrix, options: MatmulOptions & PoolOptions): Promise<Matrix>;
export function matmul(A: Matrix, B: Matrix, options?: MatmulOptions & Partial<PoolOptions>): Matrix | Promise<Matrix> {
  return settle(wantsPool(options), () => matmulWith('matmul', A, B, options));
}

/** `matmul` reporting errors as `fn` (the deprecated `parallelMatmul` shares it). */
export function matmulWith(fn: string, A: Matrix, B: Matrix, options?: MatmulOptions & Partial<PoolOptions>): Matrix | Promise<Matrix> {
  checkMatrix(fn, 'A', A);
  checkMatrix(fn, 'B', B);
  const { transposeA = false, transposeB = false, pool, signal } = checkOptions(fn, 'options', options);
  const m = transposeA ? A.cols : A.rows, k = transposeA ? A.rows : A.cols;
  const kb = transposeB ? B.cols : B.rows, n = transposeB ? B.rows : B.cols;
  if (k !== kb) throw invalidRange(fn, transposeB ? 'B.cols' : 'B.rows', `${k} (the inner dimension of A)`, kb);
  if (pool !== undefined) {
    checkPool(fn, pool, 'options.pool');
    if (transposeA) throw invalidRange(fn, 'options.transposeA', 'false with options.pool (transpose A first)', transposeA);
    return matmulOnPool(pool, A, B, transposeB, signal);
  }
  const C = allocate(m * n, outDtype(A.data, B.data));
  if (transposeA && transposeB) {
    // Aᵀ Bᵀ = (B A)ᵀ
    const BA = allocate(n * m, dtypeOf(C));
    gemm(false, false, n, m, k, B.data, 0, k, A.data, 0, m, BA, 0, m, false);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C[i * n + j] = BA[j * m + i];
  } else {
    gemm(transposeA, transposeB, m, n, k, A.data, 0, A.cols, B.data, 0, B.cols, C, 0, n, false);
  }
  return { rows: m, cols: n, data: C };
}

/** A · x, or Aᵀ · x with `transpose`. @throws {RangeError} x of the wrong length. */
export function matvec(A: Matrix, x: ArrayLike<number>, transpose = false): Float64Array {
  checkMatrix('matvec', 'A', A);
  checkFiniteArray('matvec', 'x', x, transpose ? A.rows : A.cols);
  const y = new Float64Array(transpose ? A.cols : A.rows);
  gemv(A.rows, A.cols, A.data, x as FloatArray, y, transpose);
  return y;
}

/** Euclidean norm, guarded against overflow and underflow. */
export function norm2(x: ArrayLike<number>): number {
  checkFiniteArray('norm2', 'x', x);
  return nrm2(x.length, x as FloatArray);
}

/** A Householder QR factorization A = Q R of an m×n matrix with m ≥ n. */
export interface QR {
  readonly rows: number;
  readonly cols: number;
  /** Compact factors: R on and above the diagonal, reflector tails below (LAPACK layout). */
  readonly factors: FloatArray;
  readonly tau: Float64Array;
  /** The n×n upper-triangular R. */
  R(): Matrix;
  /** The thin m×n Q with orthonormal columns. */
  Q(): Matrix;
  /** Qᵀ b (length m). */
  applyQt(b: ArrayLike<number>): Float64Array;
  /** Q b (length m). */
  applyQ(b: ArrayLike<number>): Float64Array;
  /** The least-squares solution argmin ‖A x − b‖. @throws {RangeError} when R is numerically singular. */
  solve(b: ArrayLike<number>): Float64Array;
  /** |R_nn| / |R_11|-style rank test: the smallest |R_jj| over the largest. */
  diagonalRatio(): number;
}

/**
 * Householder QR of A (m×n, m ≥ n); A is not modified.
 *
 * @example
 * ```ts
 * import { matrix, qr } from 'sublinear/core';
 * const f = qr(matrix([[1, 0], [0, 1], [1, 1]]));
 * console.log(f.solve([1, 2, 3])); // Float64Array [1, 2] (least squares)
 * ```
 * @throws {RangeError} m < n.
 */
export function qr(A: Matrix): QR {
  checkMatrix('qr', 'A', A);
  const m = A.rows, n = A.cols;
  if (m < n) throw invalidRange('qr', 'A.rows', `≥ A.cols (${n})`, m);
  const factors = allocate(m * n, dtypeOf(A.data));
  factors.set(A.data);
  const tau = new Float64Array(n);
  qrInPlace(m, n, factors, tau);
  const diagonalRatio = () => {
    let lo = Infinity, hi = 0;
    for (let j = 0; j < n; j++) { const d = Math.abs(factors[j * n + j]); lo = Math.min(lo, d); hi = Math.max(hi, d); }
    return n === 0 ? 1 : hi === 0 ? 0 : lo / hi;
  };
  const applyQt = (b: ArrayLike<number>) => {
    checkFiniteArray('qr.applyQt', 'b', b, m);
    const y = Float64Array.from(b);
    qrApplyQtInPlace(m, n, factors, tau, y);
    return y;
  };
  return {
    rows: m, cols: n, factors, tau, diagonalRatio, applyQt,
    R() {
      const R = allocate(n * n, dtypeOf(factors));
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) R[i * n + j] = factors[i * n + j];
      return { rows: n, cols: n, data: R };
    },
    Q() {
      const Q = allocate(m * n, dtypeOf(factors));
      const e = new Float64Array(m);
      for (let j = 0; j < n; j++) {
        e.fill(0); e[j] = 1;
        qrApplyQInPlace(m, n, factors, tau, e);
        for (let i = 0; i < m; i++) Q[i * n + j] = e[i];
      }
      return { rows: m, cols: n, data: Q };
    },
    applyQ(b) {
      checkFiniteArray('qr.applyQ', 'b', b, m);
      const y = Float64Array.from(b);
      qrApplyQInPlace(m, n, factors, tau, y);
      return y;
    },
    solve(b) {
      const ratio = diagonalRatio();
      if (!(ratio > 1e-14 * Math.max(m, n))) throw invalidRange('qr.solve', 'A', 'of full column rank', `a matrix with min|R_jj|/max|R_jj| = ${ratio.toExponential(2)}`);
      const y = applyQt(b).subarray(0, n).slice();
      triangularSolveInPlace(n, factors, y, false, false);
      return y;
    },
  };
}

/**
 * The lower Cholesky factor L of a symmetric positive-definite A (A = L Lᵀ); reads A's lower triangle.
 *
 * @example
 * ```ts
 * import { matrix, cholesky, toRows } from 'sublinear/core';
 * console.log(toRows(cholesky(matrix([[4, 2], [2, 5]])))); // [[2, 0], [1, 2]]
 * ```
 * @throws {RangeError} A not square, or not positive definite (names the failing pivot).
 */
export function cholesky(A: Matrix): Matrix {
  checkMatrix('cholesky', 'A', A);
  if (A.rows !== A.cols) throw invalidRange('cholesky', 'A.cols', `A.rows (${A.rows}): a square matrix`, A.cols);
  const L = allocate(A.rows * A.rows, dtypeOf(A.data));
  L.set(A.data);
  const fail = choleskyInPlace(A.rows, L);
  if (fail >= 0) throw invalidRange('cholesky', 'A', 'positive definite', `a matrix whose pivot ${fail} is not > 0`);
  return { rows: A.rows, cols: A.rows, data: L };
}

/**
 * Solves T x = b (or Tᵀ x = b) for a triangular T.
 * @throws {RangeError} T not square, or b of the wrong length.
 */
export function solveTriangular(T: Matrix, b: ArrayLike<number>, options?: { lower?: boolean; transpose?: boolean }): Float64Array {
  checkMatrix('solveTriangular', 'T', T);
  if (T.rows !== T.cols) throw invalidRange('solveTriangular', 'T.cols', `T.rows (${T.rows}): a square matrix`, T.cols);
  checkFiniteArray('solveTriangular', 'b', b, T.rows);
  const { lower = true, transpose = false } = checkOptions('solveTriangular', 'options', options);
  const x = Float64Array.from(b);
  triangularSolveInPlace(T.rows, T.data, x, lower, transpose);
  return x;
}

/** Solves A x = b for symmetric positive-definite A by Cholesky. @throws {RangeError} A not positive definite. */
export function choleskySolve(A: Matrix, b: ArrayLike<number>): Float64Array {
  const L = cholesky(A);
  checkFiniteArray('choleskySolve', 'b', b, A.rows);
  const x = Float64Array.from(b);
  triangularSolveInPlace(L.rows, L.data, x, true, false);
  triangularSolveInPlace(L.rows, L.data, x, true, true);
  return x;
}
