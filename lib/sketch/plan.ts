/**
 * The plain-data description of a sketch S (s × N) from which every entry is rebuilt, identically on
 * any machine, thread or worker: `planSketch(spec)` derives it from the seed with lib/core's Rng.
 * - gaussian: row i of S is N draws of N(0, 1/s) from `new Rng(seed, 2 + i)`.
 * - countsketch / osnap: column j holds ζ nonzeros ±1/√ζ (ζ = 1 for countsketch), one in each of ζ
 *   equal row blocks, placed by a stateless 32-bit hash of (key, j, t) with the key drawn from
 *   `new Rng(seed, 0)`; nothing of size N is stored, so N may be ~10⁸.
 * - srht: S = (1/√s) P H Σ: Σ = diag of hashed signs, H the N'×N' Hadamard matrix (N' = next power of
 *   two ≥ N, the input zero-padded), P keeps s distinct rows drawn by `new Rng(seed, 1).sample(N', s)`.
 * Trusted: no validation here (lib/sketch/sketch.ts validates).
 */
import { Rng } from '../core/rng.js';
import type { Dtype } from '../core/matrix.js';
import { nextPowerOfTwo } from './fwht.js';

export type SketchKind = 'gaussian' | 'countsketch' | 'osnap' | 'srht';

/** What a user passes to build a sketch; the same spec gives the same S everywhere. */
export interface SketchSpec {
  kind: SketchKind;
  /** s, the sketch dimension (rows of S). */
  rows: number;
  /** N, the ambient dimension (columns of S, rows of the A it is applied to). */
  cols: number;
  seed: number;
  /** ζ for osnap (default 8); 1 for countsketch. */
  nnzPerColumn?: number;
  /** Output storage; default: the dtype of the input. */
  dtype?: Dtype;
}

/** Everything the kernels need, derived once from a spec. */
export interface SketchPlan {
  readonly kind: SketchKind;
  readonly rows: number;
  readonly cols: number;
  readonly seed: number;
  readonly dtype: Dtype | undefined;
  /** ζ (sparse kinds), 0 otherwise. */
  readonly nnz: number;
  /** Hash keys (sparse kinds and SRHT signs). */
  readonly key0: number;
  readonly key1: number;
  /** N' (srht), N otherwise. */
  readonly padded: number;
  /** The s rows of H kept, ascending (srht only). */
  readonly sampledRows: Int32Array;
  /** The materialized Gaussian S (s × N), built lazily when s·N ≤ GAUSSIAN_CACHE_ENTRIES. */
  gaussian: Float64Array | null;
}

/** Largest Gaussian S (entries) kept in memory between applications (128 MiB); larger ones are regenerated row by row. */
export const GAUSSIAN_CACHE_ENTRIES = 1 << 24;

/** Default ζ for osnap. */
export const DEFAULT_OSNAP_NNZ = 8;

/** Derives the plan of a spec (trusted input). */
export function planSketch(spec: SketchSpec): SketchPlan {
  const { kind, rows, cols, seed } = spec;
  const keys = new Rng(seed, 0);
  const key0 = keys.nextUint32() | 0, key1 = keys.nextUint32() | 0;
  const nnz = kind === 'countsketch' ? 1 : kind === 'osnap' ? (spec.nnzPerColumn ?? DEFAULT_OSNAP_NNZ) : 0;
  const padded = kind === 'srht' ? nextPowerOfTwo(cols) : cols;
  const sampledRows = kind === 'srht' ? new Rng(seed, 1).sample(padded, rows).sort() : new Int32Array(0);
  return { kind, rows, cols, seed, dtype: spec.dtype, nnz, key0, key1, padded, sampledRows, gaussian: null };
}

/** A 32-bit finalizer (lowbias32): every input bit affects every output bit. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of nonzero t of column j: a uniform 32-bit word. */
export function columnHash(plan: SketchPlan, j: number, t: number): number {
  return mix32((mix32((j ^ plan.key0) >>> 0) + Math.imul(t + 1, 0x9e3779b9)) ^ plan.key1);
}

/** Row i of the Gaussian S (length N, entries N(0, 1/s)) into `out`. */
export function gaussianRow(plan: SketchPlan, i: number, out: Float64Array): Float64Array {
  if (plan.gaussian) {
    out.set(plan.gaussian.subarray(i * plan.cols, (i + 1) * plan.cols));
    return out;
  }
  const rng = new Rng(plan.seed, 2 + i);
  const scale = 1 / Math.sqrt(plan.rows);
  for (let j = 0; j < plan.cols; j++) out[j] = scale * rng.gaussian();
  return out;
}

/** Builds and caches the Gaussian S when it is small enough; returns it or null. */
export function materializeGaussian(plan: SketchPlan): Float64Array | null {
  if (plan.gaussian || plan.kind !== 'gaussian' || plan.rows * plan.cols > GAUSSIAN_CACHE_ENTRIES) return plan.gaussian;
  const S = new Float64Array(plan.rows * plan.cols);
  const row = new Float64Array(plan.cols);
  for (let i = 0; i < plan.rows; i++) S.set(gaussianRow(plan, i, row), i * plan.cols);
  plan.gaussian = S;
  return S;
}
