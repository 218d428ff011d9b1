import { checkAllocationOf } from '../core/allocation.js';
import { checkFinite, checkFiniteArray, checkInteger, checkOneOf, checkOptions, checkPositive, invalidRange, invalidType } from '../core/errors.js';
import { MAX_ELEMENTS } from '../core/allocation.js';
import { allocate, checkMatrix, dtypeOf, DTYPES, type Dtype, type FloatArray, type Matrix } from '../core/matrix.js';
import { emaOuterColumns } from './kernels.js';

/**
 * A symmetric banded matrix: H[i][j] = 0 for |i − j| > band. Column j's k-th subdiagonal entry
 * H[j + k][j] lives at `data[j * (band + 1) + k]` (k = 0 is the diagonal); slots past n are zero.
 * A plain object, so it can live on a SharedArrayBuffer and travel to workers.
 */
export interface BandedMatrix<T extends FloatArray = FloatArray> {
  readonly n: number;
  readonly band: number;
  readonly data: T;
}

/** The largest band accepted (a band this wide is a dense matrix in disguise). */
export const MAX_BAND = 64;

/** Validates a BandedMatrix argument (kind, shape, finite entries unless `finite` is false). */
export function checkBanded(fn: string, name: string, value: unknown, finite = true): BandedMatrix {
  if (value === null || typeof value !== 'object') throw invalidType(fn, name, 'a BandedMatrix { n, band, data }', value);
  const H = value as Partial<BandedMatrix>;
  if (!(H.data instanceof Float64Array || H.data instanceof Float32Array)) throw invalidType(fn, `${name}.data`, 'a Float64Array or Float32Array', H.data);
  checkInteger(fn, `${name}.n`, H.n, 0, MAX_ELEMENTS);
  checkInteger(fn, `${name}.band`, H.band, 0, MAX_BAND);
  const length = H.n! * (H.band! + 1);
  if (H.data.length !== length) throw invalidRange(fn, `${name}.data.length`, `n·(band + 1) = ${length}`, H.data.length);
  if (finite && !allFinite(H.data)) checkFiniteArray(fn, `${name}.data`, H.data); // names the entry
  return H as BandedMatrix;
}

/** True when every entry is finite: one tight pass (x·0 is NaN exactly for NaN and ±Infinity). */
export function allFinite(data: Float64Array | Float32Array): boolean {
  let acc = 0;
  for (let i = 0; i < data.length; i++) acc += data[i] * 0;
  return acc === 0;
}

/**
 * A zero n × n banded matrix (BandedMatrix.zeros).
 * @param n the order. @param band the number of subdiagonals kept, 0 … 64. @param dtype 'float64' (default) or 'float32'.
 * @returns a new BandedMatrix of zeros.
 * @throws {TypeError} a non-number n or band. @throws {RangeError} n or band out of range, an unknown dtype.
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.zeros(5, 2, 'float32'); // data: Float32Array(15)
 * ```
 */
function zeros(n: number, band: number, dtype: Dtype = 'float64'): BandedMatrix {
  checkInteger('BandedMatrix.zeros', 'n', n);
  checkInteger('BandedMatrix.zeros', 'band', band, 0, MAX_BAND);
  checkOneOf('BandedMatrix.zeros', 'dtype', dtype, DTYPES);
  checkAllocationOf('BandedMatrix.zeros', 'n·(band + 1)', [n, band + 1], dtype === 'float32' ? 4 : 8);
  return { n, band, data: allocate(n * (band + 1), dtype) };
}

/**
 * The band of a square matrix, read from its lower triangle (the upper one is taken as its mirror)
 * (BandedMatrix.fromDense). Keeps A's dtype.
 * @param A a square Matrix with finite entries. @param band subdiagonals kept, 0 … 64.
 * @returns a new BandedMatrix.
 * @throws {TypeError} A not a Matrix. @throws {RangeError} A not square, a non-finite entry, band out of range.
 * @example
 * ```ts
 * import { matrix } from 'sublinear/core';
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.fromDense(matrix([[2, 1, 9], [1, 2, 1], [9, 1, 2]]), 1); // drops the 9s
 * console.log(H.data); // [2, 1, 2, 1, 2, 0]
 * ```
 */
function fromDense(A: Matrix, band: number): BandedMatrix {
  checkMatrix('BandedMatrix.fromDense', 'A', A);
  if (A.rows !== A.cols) throw invalidRange('BandedMatrix.fromDense', 'A.cols', `A.rows = ${A.rows} (a square matrix)`, A.cols);
  checkInteger('BandedMatrix.fromDense', 'band', band, 0, MAX_BAND);
  const n = A.rows, w = band + 1, data = allocate(n * w, dtypeOf(A.data));
  for (let j = 0; j < n; j++) for (let k = 0; k < w && j + k < n; k++) data[j * w + k] = A.data[(j + k) * n + j];
  return { n, band, data };
}

/**
 * The full symmetric n × n matrix, zeros off the band (BandedMatrix.toDense). O(n²) memory: for small n.
 * @param H the banded matrix. @returns a new dense Matrix of H's dtype.
 * @throws {TypeError} H not a BandedMatrix. @throws {RangeError} inconsistent n, band and data length.
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * console.log(BandedMatrix.toDense({ n: 2, band: 1, data: Float64Array.of(2, 1, 3, 0) }).data); // [2, 1, 1, 3]
 * ```
 */
function toDense(H: BandedMatrix): Matrix {
  checkBanded('BandedMatrix.toDense', 'H', H, false);
  checkAllocationOf('BandedMatrix.toDense', 'H.n²', [H.n, H.n], H.data.BYTES_PER_ELEMENT);
  const { n, band, data } = H, w = band + 1, out = allocate(n * n, dtypeOf(data));
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < w && j + k < n; k++) {
      out[(j + k) * n + j] = data[j * w + k];
      out[j * n + j + k] = data[j * w + k];
    }
  }
  return { rows: n, cols: n, data: out };
}

/**
 * In place, H ← β·H + (1 − β)·g gᵀ on the band: the exponential moving average of outer products,
 * O(n·band) (BandedMatrix.emaOuter). Validates before writing, so a rejected call leaves H as it was.
 * @param H the statistics, updated in place. @param g the gradient, length n, finite. @param beta the decay in [0, 1].
 * @returns H.
 * @throws {TypeError} H not a BandedMatrix or g not numeric. @throws {RangeError} g's length, a non-finite entry, beta outside [0, 1].
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.zeros(3, 1);
 * BandedMatrix.emaOuter(H, [1, 2, 3], 0.5); // H.data = [0.5, 1, 2, 3, 4.5, 0]
 * ```
 */
function emaOuter(H: BandedMatrix, g: ArrayLike<number>, beta: number): BandedMatrix {
  const fn = 'BandedMatrix.emaOuter';
  checkBanded(fn, 'H', H, false);
  checkFiniteArray(fn, 'g', g, H.n);
  checkFinite(fn, 'beta', beta);
  if (beta < 0 || beta > 1) throw invalidRange(fn, 'beta', 'a number in [0, 1]', beta);
  const gf = g instanceof Float64Array || g instanceof Float32Array ? g : Float64Array.from(g);
  emaOuterColumns(H.n, H.band, H.data, gf, beta, 0, H.n);
  return H;
}

/**
 * A new matrix c·H + shift·I with H's storage (BandedMatrix.scaled).
 * @param H the matrix. @param c the factor. @param shift added to the diagonal (default 0).
 * @returns the new BandedMatrix.
 * @throws {TypeError} H not a BandedMatrix. @throws {RangeError} a non-finite c or shift.
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.scaled({ n: 2, band: 1, data: Float64Array.of(1, 2, 3, 0) }, 10, 1); // [11, 20, 31, 0]
 * ```
 */
function scaled(H: BandedMatrix, c: number, shift = 0): BandedMatrix {
  return scaledAs('BandedMatrix.scaled', H, c, shift, 'c', 'shift');
}

/** scaled, reporting errors as `fn` (biasCorrected and damped share it), with the names of c and shift in `fn`'s terms. */
function scaledAs(fn: string, H: BandedMatrix, c: number, shift: number, cName: string, shiftName: string): BandedMatrix {
  checkBanded(fn, 'H', H);
  checkFinite(fn, cName, c);
  checkFinite(fn, shiftName, shift);
  const { n, band, data } = H, w = band + 1, out = allocate(data.length, dtypeOf(data));
  for (let i = 0; i < data.length; i++) out[i] = c * data[i];
  for (let j = 0; j < n; j++) out[j * w] += shift;
  if (!allFinite(out)) {
    let i = 0;
    while (Number.isFinite(out[i])) i++;
    throw invalidRange(fn, cName, `small enough that ${cName}·H + ${shiftName}·I is finite in ${dtypeOf(data)}`, `${c} (entry ${i} becomes ${out[i]})`);
  }
  return { n, band, data: out };
}

/**
 * H / (1 − β₂^step): the bias-corrected EMA after `step` ≥ 1 updates from zero (BandedMatrix.biasCorrected).
 * @param H the EMA. @param step updates so far, ≥ 1. @param beta2 the EMA's decay in [0, 1).
 * @returns a new BandedMatrix.
 * @throws {TypeError} H not a BandedMatrix. @throws {RangeError} step or beta2 out of range.
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.zeros(2, 1);
 * BandedMatrix.emaOuter(H, [1, 1], 0.9);
 * console.log(BandedMatrix.biasCorrected(H, 1, 0.9).data); // [1, 1, 1, 0]
 * ```
 */
function biasCorrected(H: BandedMatrix, step: number, beta2: number): BandedMatrix {
  checkInteger('BandedMatrix.biasCorrected', 'step', step, 1);
  checkFinite('BandedMatrix.biasCorrected', 'beta2', beta2);
  if (!(beta2 >= 0 && beta2 < 1)) throw invalidRange('BandedMatrix.biasCorrected', 'beta2', 'a number in [0, 1)', beta2);
  return scaledAs('BandedMatrix.biasCorrected', H, 1 / (1 - beta2 ** step), 0, '1/(1 − beta2^step)', 'shift');
}

/** Options of BandedMatrix.damped: exactly one of the two. */
export interface DampingOptions {
  /** Add this to every diagonal entry. */
  absolute?: number;
  /** Add this times the largest absolute row sum max_i Σ_j |H_ij| to every diagonal entry. */
  relative?: number;
}

/**
 * H + ε·I with ε absolute, or relative to the largest absolute row sum (an upper bound on ‖H‖₂)
 * (BandedMatrix.damped).
 * @param H the matrix. @param options exactly one of absolute ≥ 0, relative ≥ 0.
 * @returns a new BandedMatrix.
 * @throws {TypeError} H not a BandedMatrix, not exactly one option. @throws {RangeError} a negative or non-finite ε.
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = { n: 2, band: 1, data: Float64Array.of(1, -3, 1, 0) };
 * console.log(BandedMatrix.damped(H, { relative: 0.5 }).data); // [3, -3, 3, 0]: + 0.5·4
 * ```
 */
function damped(H: BandedMatrix, options: DampingOptions): BandedMatrix {
  const fn = 'BandedMatrix.damped';
  checkBanded(fn, 'H', H, false);
  const o = checkOptions(fn, 'options', options, ['absolute', 'relative']);
  if ((o.absolute === undefined) === (o.relative === undefined)) throw invalidType(fn, 'options', 'an object with exactly one of absolute, relative', o);
  if (o.absolute !== undefined) return scaledAs(fn, H, 1, checkPositive(fn, 'options.absolute', o.absolute, true), 'c', 'options.absolute');
  const rel = checkPositive(fn, 'options.relative', o.relative, true);
  checkBanded(fn, 'H', H);
  return scaledAs(fn, H, 1, rel * largestRowSum(H), 'c', 'options.relative·(largest row sum)');
}

/** max_i Σ_j |H_ij| over the full symmetric matrix, O(n·band). */
export function largestRowSum(H: BandedMatrix): number {
  const { n, band, data } = H, w = band + 1, sums = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    sums[j] += Math.abs(data[j * w]);
    for (let k = 1; k < w && j + k < n; k++) {
      const a = Math.abs(data[j * w + k]);
      sums[j] += a; sums[j + k] += a;
    }
  }
  let max = 0;
  for (let i = 0; i < n; i++) if (sums[i] > max) max = sums[i];
  return max;
}

/**
 * Constructors and operations of BandedMatrix (plain objects; these functions validate and never
 * keep references).
 *
 * @example
 * ```ts
 * import { BandedMatrix } from 'sublinear/logdet';
 * const H = BandedMatrix.zeros(4, 1);
 * BandedMatrix.emaOuter(H, [1, 2, 3, 4], 0.9);              // H = 0.1·g gᵀ on the band
 * const Hc = BandedMatrix.biasCorrected(H, 1, 0.9);          // = g gᵀ on the band
 * const Hd = BandedMatrix.damped(Hc, { relative: 1e-3 });    // + 1e-3·max row sum on the diagonal
 * console.log(BandedMatrix.toDense(Hd).data[5]);              // H[1][1] = 4 + 0.028 (max row sum 28)
 * ```
 */
export const BandedMatrix = { zeros, fromDense, toDense, emaOuter, scaled, biasCorrected, damped } as const;
