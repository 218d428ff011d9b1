/**
 * createSketch: the validating public layer over plan.ts and kernels.ts.
 */
import { checkInteger, checkOneOf, checkOptions, invalidRange, invalidType } from '../core/errors.js';
import { allocate, checkMatrix, dtypeOf, DTYPES, type Dtype, type FloatArray, type Matrix } from '../core/matrix.js';
import { checkPool, settle, wantsPool, type KernelPool, type PoolOptions } from '../core/pool.js';
import { checkFiniteVector } from './validate.js';
import { sketchApplyOnPool } from './parallel.js';
import { nextPowerOfTwo } from './fwht.js';
import { applySketchToColumns, applyTransposeToColumns } from './kernels.js';
import { DEFAULT_OSNAP_NNZ, planSketch, type SketchKind, type SketchPlan, type SketchSpec } from './plan.js';

export const SKETCH_KINDS: readonly SketchKind[] = ['gaussian', 'countsketch', 'osnap', 'srht'];

/** Largest padded length N' of an SRHT (2³⁰). */
const MAX_SRHT_PADDED = 2 ** 30;

/**
 * An oblivious sketch S (s × N): a fixed random linear map, rebuilt bit for bit from its spec.
 * Outputs take `spec.dtype`, or else the dtype of the input.
 */
export interface Sketch {
  /** The spec it was built from (pass it to a worker to rebuild the same S there). */
  readonly spec: Readonly<Required<Omit<SketchSpec, 'dtype'>>> & { readonly dtype?: Dtype };
  /** s. */
  readonly rows: number;
  /** N. */
  readonly cols: number;
  /** The trusted plan used by the kernels (lib/sketch/kernels.ts). */
  readonly plan: SketchPlan;
  /**
   * S · A for A of shape N × k (a new s × k matrix). With `{ pool }`, A's columns are split over the
   * pool's threads and the call returns a Promise of the same matrix, bit for bit, on shared memory.
   */
  apply(A: Matrix, options?: { pool?: undefined }): Matrix;
  apply(A: Matrix, options: PoolOptions): Promise<Matrix>;
  /** S · x for x of length N (a new array of length s). */
  applyVector(x: FloatArray | readonly number[]): FloatArray;
  /** Sᵀ · Y for Y of shape s × m (a new N × m matrix); with `{ pool }`, as for `apply`. */
  applyTranspose(Y: Matrix, options?: { pool?: undefined }): Matrix;
  applyTranspose(Y: Matrix, options: PoolOptions): Promise<Matrix>;
  /** Sᵀ · y for y of length s (a new array of length N). */
  applyTransposeVector(y: FloatArray | readonly number[]): FloatArray;
}

/** The validated pool of a method's options, or undefined. */
function poolOf(fn: string, options: Partial<PoolOptions> | undefined): KernelPool | undefined {
  const { pool } = checkOptions(fn, 'options', options);
  return pool === undefined ? undefined : checkPool(fn, pool, 'options.pool');
}

/**
 * Builds an oblivious subspace embedding S (s × N). Gaussian: dense N(0, 1/s). CountSketch: one ±1
 * per column. OSNAP: ζ nonzeros ±1/√ζ per column, one per row block. SRHT: (1/√s)·P·H·Σ with random
 * signs Σ, the fast Walsh–Hadamard transform H over the input zero-padded to a power of two, and s
 * rows kept uniformly without replacement. The same spec gives the same S on every machine and worker.
 *
 * @param spec - `{ kind, rows: s, cols: N, seed, nnzPerColumn? (osnap ζ, default 8), dtype? }`.
 * @returns the sketch, with apply / applyVector / applyTranspose / applyTransposeVector.
 * @throws {TypeError} a spec field of the wrong kind. @throws {RangeError} rows or cols < 1, an
 * SRHT with rows > N' (the padded length) or N' > 2³⁰, an osnap ζ outside [1, rows], countsketch
 * with nnzPerColumn ≠ 1.
 * @example
 * ```ts
 * import { createSketch } from 'sublinear/sketch';
 * import { matrix } from 'sublinear/core';
 * const S = createSketch({ kind: 'srht', rows: 4, cols: 6, seed: 1 });
 * const SA = S.apply(matrix([[1, 0], [0, 1], [1, 1], [2, 0], [0, 2], [1, -1]]));
 * console.log(SA.rows, SA.cols); // 4 2
 * ```
 */
export function createSketch(spec: SketchSpec): Sketch {
  const fn = 'createSketch';
  if (spec === null || typeof spec !== 'object') throw invalidType(fn, 'spec', 'an object { kind, rows, cols, seed }', spec);
  const kind = checkOneOf(fn, 'spec.kind', spec.kind, SKETCH_KINDS);
  const rows = checkInteger(fn, 'spec.rows', spec.rows, 1, 2 ** 31 - 1);
  const cols = checkInteger(fn, 'spec.cols', spec.cols, 1, 2 ** 31 - 1);
  const seed = checkInteger(fn, 'spec.seed', spec.seed);
  if (spec.dtype !== undefined) checkOneOf(fn, 'spec.dtype', spec.dtype, DTYPES);
  let nnz = 0;
  if (kind === 'countsketch') {
    if (spec.nnzPerColumn !== undefined && spec.nnzPerColumn !== 1) throw invalidRange(fn, 'spec.nnzPerColumn', '1 for countsketch (use osnap for more)', spec.nnzPerColumn);
    nnz = 1;
  } else if (kind === 'osnap') {
    nnz = checkInteger(fn, 'spec.nnzPerColumn', spec.nnzPerColumn ?? Math.min(DEFAULT_OSNAP_NNZ, rows), 1, rows);
  } else if (spec.nnzPerColumn !== undefined) {
    throw invalidRange(fn, 'spec.nnzPerColumn', `undefined for a ${kind} sketch (it is dense)`, spec.nnzPerColumn);
  }
  if (kind === 'srht') {
    const padded = nextPowerOfTwo(cols);
    if (padded > MAX_SRHT_PADDED) throw invalidRange(fn, 'spec.cols', `at most 2^30 for srht`, cols);
    if (rows > padded) throw invalidRange(fn, 'spec.rows', `≤ ${padded} (the padded length of an srht on ${cols} columns)`, rows);
  }
  const full: SketchSpec = { kind, rows, cols, seed, nnzPerColumn: nnz || undefined, dtype: spec.dtype };
  const plan = planSketch(full);
  const frozen = Object.freeze({ kind, rows, cols, seed, nnzPerColumn: nnz, ...(spec.dtype ? { dtype: spec.dtype } : {}) });
  const outType = (input: FloatArray): Dtype => spec.dtype ?? dtypeOf(input);
  // S·A (or Sᵀ·A with `transpose`), validated as `fn`; on a pool when the options name one.
  const product = (fn: string, name: string, A: Matrix, transpose: boolean, options?: Partial<PoolOptions>): Matrix | Promise<Matrix> => {
    const inRows = transpose ? rows : cols, outRows = transpose ? cols : rows;
    checkMatrix(fn, name, A);
    if (A.rows !== inRows) throw invalidRange(fn, `${name}.rows`, `${inRows} (the ${transpose ? 'rows' : 'columns'} of S)`, A.rows);
    const pool = poolOf(fn, options);
    if (pool) return sketchApplyOnPool(pool, frozen, transpose, A, outRows, outType(A.data), options?.signal);
    const out = allocate(outRows * A.cols, outType(A.data));
    (transpose ? applyTransposeToColumns : applySketchToColumns)(plan, A.data, A.cols, 0, A.cols, out);
    return { rows: outRows, cols: A.cols, data: out };
  };
  return {
    spec: frozen, rows, cols, plan,
    apply: ((A: Matrix, options?: Partial<PoolOptions>) =>
      settle(wantsPool(options), () => product('Sketch.apply', 'A', A, false, options))) as Sketch['apply'],
    applyVector(x) {
      const v = checkFiniteVector('Sketch.applyVector', 'x', x, cols);
      const out = allocate(rows, outType(v));
      applySketchToColumns(plan, v, 1, 0, 1, out);
      return out;
    },
    applyTranspose: ((Y: Matrix, options?: Partial<PoolOptions>) =>
      settle(wantsPool(options), () => product('Sketch.applyTranspose', 'Y', Y, true, options))) as Sketch['applyTranspose'],
    applyTransposeVector(y) {
      const v = checkFiniteVector('Sketch.applyTransposeVector', 'y', y, rows);
      const out = allocate(cols, outType(v));
      applyTransposeToColumns(plan, v, 1, 0, 1, out);
      return out;
    },
  };
}
