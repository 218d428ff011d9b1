import { checkFinite, checkFiniteArray, checkInteger, checkOneOf, checkOptions, checkPositive, invalidRange, invalidType } from '../core/errors.js';
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
  checkInteger(fn, `${name}.n`, H.n);
  checkInteger(fn, `${name}.band`, H.band, 0, MAX_BAND);
  const length = H.n! * (H.band! + 1);
  if (H.data.length !== length) throw invalidRange(fn, `${name}.data.length`, `n·(band + 1) = ${length}`, H.data.length);
  if (finite) checkFiniteArray(fn, `${name}.data`, H.data);
  return H as BandedMatrix;
}

/** A zero n × n banded matrix. */
function zeros(n: number, band: number, dtype: Dtype = 'float64'): BandedMatrix {
  checkInteger('BandedMatrix.zeros', 'n', n);
  checkInteger('BandedMatrix.zeros', 'band', band, 0, MAX_BAND);
  checkOneOf('BandedMatrix.zeros', 'dtype', dtype, DTYPES);
  return { n, band, data: allocate(n * (band + 1), dtype) };
}

/** The band of a square matrix, read from its lower triangle (the upper one is assumed symmetric). */
function fromDense(A: Matrix, band: number): BandedMatrix {
  checkMatrix('BandedMatrix.fromDense', 'A', A);
  if (A.rows !== A.cols) throw invalidRange('BandedMatrix.fromDense', 'A.cols', `A.rows = ${A.rows} (a square matrix)`, A.cols);
  checkInteger('BandedMatrix.fromDense', 'band', band, 0, MAX_BAND);
  const n = A.rows, w = band + 1, data = allocate(n * w, dtypeOf(A.data));
  for (let j = 0; j < n; j++) for (let k = 0; k < w && j + k < n; k++) data[j * w + k] = A.data[(j + k) * n + j];
  return { n, band, data };
}

/** The full symmetric n × n matrix (zeros off the band). O(n²) memory: for small n. */
function toDense(H: BandedMatrix): Matrix {
  checkBanded('BandedMatrix.toDense', 'H', H, false);
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
 * O(n·band). Validates before writing, so a rejected call leaves H as it was. Returns H.
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
 * A new matrix c·H + shift·I with the same storage: `biasCorrected(H, step, beta2)` uses
 * c = 1 / (1 − β₂^step) (the EMA's bias correction).
 */
function scaled(H: BandedMatrix, c: number, shift = 0): BandedMatrix {
  checkBanded('BandedMatrix.scaled', 'H', H, false);
  checkFinite('BandedMatrix.scaled', 'c', c);
  checkFinite('BandedMatrix.scaled', 'shift', shift);
  const { n, band, data } = H, w = band + 1, out = allocate(data.length, dtypeOf(data));
  for (let i = 0; i < data.length; i++) out[i] = c * data[i];
  for (let j = 0; j < n; j++) out[j * w] += shift;
  return { n, band, data: out };
}

/** H / (1 − β₂^step): the bias-corrected EMA after `step` ≥ 1 updates from zero. */
function biasCorrected(H: BandedMatrix, step: number, beta2: number): BandedMatrix {
  checkInteger('BandedMatrix.biasCorrected', 'step', step, 1);
  checkFinite('BandedMatrix.biasCorrected', 'beta2', beta2);
  if (!(beta2 >= 0 && beta2 < 1)) throw invalidRange('BandedMatrix.biasCorrected', 'beta2', 'a number in [0, 1)', beta2);
  return scaled(H, 1 / (1 - beta2 ** step));
}

/** Options of BandedMatrix.damped: exactly one of the two. */
export interface DampingOptions {
  /** Add this to every diagonal entry. */
  absolute?: number;
  /** Add this times the largest absolute row sum max_i Σ_j |H_ij| to every diagonal entry. */
  relative?: number;
}

/** H + ε·I, ε absolute or relative to the largest absolute row sum (an upper bound on ‖H‖₂). */
function damped(H: BandedMatrix, options: DampingOptions): BandedMatrix {
  const fn = 'BandedMatrix.damped';
  checkBanded(fn, 'H', H, false);
  const o = checkOptions(fn, 'options', options);
  if ((o.absolute === undefined) === (o.relative === undefined)) throw invalidType(fn, 'options', 'an object with exactly one of absolute, relative', o);
  if (o.absolute !== undefined) return scaled(H, 1, checkPositive(fn, 'options.absolute', o.absolute, true));
  const rel = checkPositive(fn, 'options.relative', o.relative, true);
  return scaled(H, 1, rel * largestRowSum(H));
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
