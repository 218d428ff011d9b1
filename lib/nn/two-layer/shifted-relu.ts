/**
 * The two-layer shifted-ReLU network of the threshold-tree paper:
 * f(x) = (1/√m) Σ_r a_r φ_b(⟨w_r, x⟩), φ_b(z) = max(z − b, 0), a_r ∈ {±1} fixed, w_r ~ N(0, I_d),
 * inputs of unit norm. Initial weights are never stored by the sparse trainers: row r of W₀ is the
 * r-th block of one seeded Gaussian stream, so it can be regenerated on request.
 */
import { sharedBuffer } from '../../core/shared-buffer.js';
import { Rng } from '../../core/rng.js';
import { checkInteger, checkPositive } from '../../core/errors.js';

/** Streams used from the seed: the output signs and the first-layer weights. */
const SIGN_STREAM = 0;
const WEIGHT_STREAM = 1;

/** Most rows of W₀ generated at a time while building the leaves or W (either network). */
export const INIT_BLOCK_ROWS = 256;

/**
 * Most entries of W₀ held at once while it is regenerated (2^20 doubles, 8 MiB): a block has
 * min(INIT_BLOCK_ROWS, ⌊2^20 / d⌋) rows (at least one), so the build's memory does not grow with d.
 */
export const INIT_BLOCK_CELLS = 2 ** 20;

/** Rows per block of W₀ for dimension d: as many as fit INIT_BLOCK_CELLS, at most `maxRows`, at least one. */
export function initialBlockRows(dim: number, maxRows = INIT_BLOCK_ROWS): number {
  return Math.max(1, Math.min(maxRows, Math.floor(INIT_BLOCK_CELLS / Math.max(1, dim))));
}

/**
 * The paper's default shift b = √(0.48 ln m): about m^0.76/(b√(2π)) of m neurons fire per unit input.
 *
 * @param width - the number of hidden neurons m (≥ 2).
 * @returns b.
 * @throws {RangeError} width not an integer ≥ 2.
 * @example
 * ```ts
 * import { defaultThreshold } from 'sublinear/nn';
 * console.log(defaultThreshold(2 ** 16).toFixed(3)); // '2.307'
 * ```
 */
export function defaultThreshold(width: number): number {
  checkInteger('defaultThreshold', 'width', width, 2);
  return Math.sqrt(0.48 * Math.log(width));
}

/**
 * The paper's prediction of the active neurons per input, m^0.76/(b√(2π)) (the Gaussian tail
 * P(z ≥ b) ≈ e^{−b²/2}/(b√(2π)) times m, with e^{−b²/2} = m^{−0.24} at the default b).
 *
 * @param width - m (≥ 2).
 * @param threshold - b (> 0); defaults to √(0.48 ln m).
 * @returns the predicted count m^0.76/(b√(2π)) for the default b, m·e^{−b²/2}/(b√(2π)) otherwise.
 * @throws {RangeError} width not an integer ≥ 2, threshold not > 0.
 * @example
 * ```ts
 * import { predictedActive } from 'sublinear/nn';
 * console.log(Math.round(predictedActive(2 ** 16))); // 791
 * ```
 */
export function predictedActive(width: number, threshold?: number): number {
  checkInteger('predictedActive', 'width', width, 2);
  const b = threshold === undefined ? Math.sqrt(0.48 * Math.log(width)) : checkPositive('predictedActive', 'threshold', threshold);
  return (width * Math.exp(-b * b / 2)) / (b * Math.sqrt(2 * Math.PI));
}

/** The fixed output signs a_r ∈ {±1} for a seed (on shared memory where the runtime has it). */
export function outputSigns(width: number, seed: number): Float64Array {
  const rng = new Rng(seed, SIGN_STREAM);
  const a = new Float64Array(sharedBuffer(8 * width)); // shared: a pool's workers read the signs in place
  for (let r = 0; r < width; r++) a[r] = rng.sign();
  return a;
}

/**
 * Calls `visit(r0, rows, block)` for consecutive blocks of the seeded initial weights W₀ (m × d,
 * entries N(0, 1), one Gaussian stream in row-major order), `block` holding rows r0 … r0 + rows − 1
 * row-major and reused between calls. A block has initialBlockRows(d, blockRows) rows: at most
 * `blockRows`, and no more than fit INIT_BLOCK_CELLS entries (one row when d alone exceeds it).
 */
export function forEachInitialBlock(width: number, dim: number, seed: number, blockRows: number, visit: (r0: number, rows: number, block: Float64Array) => void): void {
  const step = initialBlockRows(dim, blockRows);
  forEachInitialChunk(width * dim, dim, seed, step, (u0, units, chunk) => visit(u0, units, chunk));
}

/**
 * Calls `visit(u0, units, chunk)` for consecutive pieces of the same stream viewed as a matrix of
 * `total / unit` rows of `unit` entries (for W₀ viewed as (m·p) × q, a unit is one row of one
 * reshaped W_r): `chunk` holds units u0 … u0 + units − 1, at most `maxUnits` of them, and is reused.
 * The values do not depend on how the stream is cut: chunk boundaries only change the memory.
 */
export function forEachInitialChunk(total: number, unit: number, seed: number, maxUnits: number, visit: (u0: number, units: number, chunk: Float64Array) => void): void {
  for (const [u0, units, chunk] of initialChunks(total, unit, seed, maxUnits)) visit(u0, units, chunk);
}

/**
 * The pieces of forEachInitialChunk as an iterator: [u0, units, chunk], each chunk a reused buffer, or a
 * fresh one from `fresh(length)` (for pieces handed to other threads while the next one is drawn).
 */
export function* initialChunks(total: number, unit: number, seed: number, maxUnits: number, fresh?: (length: number) => Float64Array): Generator<[number, number, Float64Array]> {
  const rng = new Rng(seed, WEIGHT_STREAM), count = total / unit;
  const reused = fresh ? null : new Float64Array(Math.min(maxUnits, count) * unit);
  for (let u0 = 0; u0 < count; u0 += maxUnits) {
    const units = Math.min(maxUnits, count - u0), chunk = reused ? reused.subarray(0, units * unit) : fresh!(units * unit);
    rng.fillGaussian(chunk);
    yield [u0, units, chunk];
  }
}

/** P(z ≥ b) for z ~ N(0, 1): ½ erfc(b/√2), Chebyshev fit of erfc with relative error < 1.2e-7 (Numerical Recipes' erfcc). */
export function gaussianTail(b: number): number {
  const x = b / Math.SQRT2, z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return 0.5 * (x >= 0 ? erfc : 2 - erfc);
}
