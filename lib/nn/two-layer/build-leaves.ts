/**
 * Building the initial leaves ⟨w₀_r, x_i⟩ of the implicit-weight network for any inputs (their own
 * piecewise build, or blocks of W₀ through `leafValues`), with progress, and the public `initialLeaves`.
 */
import { checkOptions, invalidRange } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkBuildWork } from './initial-leaves.js';
import { sgdInputs, type SgdInputs, type TrainingInputs } from './inputs.js';
import { forEachInitialBlock, INIT_BLOCK_ROWS } from './shifted-relu.js';
import { resolveOptions } from './trainer-common.js';
import type { ProgressCallback } from './trainer-types.js';

/**
 * The initial leaves of any TrainingInputs: their own piecewise build when they have one (Kronecker
 * inputs), else blocks of W₀ (rows·d ≤ INIT_BLOCK_CELLS) through `leafValues`; `onProgress(done, m)`
 * after each piece or block.
 */
export function initialLeafValues(inputs: TrainingInputs, width: number, seed: number, onProgress?: ProgressCallback): Float64Array {
  if (inputs.initialLeaves) return inputs.initialLeaves(width, seed, onProgress);
  const n = inputs.count, leaves = new Float64Array(n * width);
  forEachInitialBlock(width, inputs.dim, seed, INIT_BLOCK_ROWS, (r0, rows, block) => {
    const values = inputs.leafValues(block, rows);
    for (let i = 0; i < n; i++) leaves.set(values.subarray(i * rows, (i + 1) * rows), i * width + r0);
    onProgress?.(r0 + rows, width);
  });
  return leaves;
}

/** Options of {@link initialLeaves}. */
export interface InitialLeavesOptions {
  /** Hidden width m, as for the trainers. Default 4096 (at most 2^28/n). */
  width?: number;
  /** Seed of W₀, as for the trainers. Default 0. */
  seed?: number;
  /** Build progress `(done, total)`, as the trainers' option. */
  onProgress?: ProgressCallback;
}

const KEYS = ['width', 'seed', 'onProgress'];

/**
 * The n × m initial leaves z_{i,r} = ⟨w₀_r, x_i⟩ that every trainer with this seed and width starts
 * from (inputs scaled to unit norm as the trainers scale them): the leaves of held-out inputs, for
 * instance, which then move by Σ_j Δc_{r,j}⟨x_j, x⟩ with each step's `update`. W₀ is regenerated in
 * pieces of bounded size and never stored: memory O(n·m) plus a fixed budget, time O(m·n·d); for
 * Kronecker inputs xᵀ W_r x (aᵀ W_r b) through core's GEMM, never forming an x_i.
 *
 * @param inputs - as KroneckerSGD's: an n × d Matrix, `{ kind: 'product', left, right }` or `{ kind: 'square', x }`.
 * @param options - width, seed, onProgress.
 * @returns an n × m Matrix (row i: input i; column r: neuron r), float64.
 * @throws {TypeError} inputs or options of the wrong kind, onProgress not a function.
 * @throws {RangeError} as KroneckerSGD's constructor; an unknown option; m·d·(n + 256) > 2^40.
 * @example
 * ```ts
 * import { DenseSGD, initialLeaves } from 'sublinear/nn';
 * const x = { rows: 2, cols: 3, data: new Float64Array([1, 2, 2, 0, 3, 4]) };
 * const z = initialLeaves({ kind: 'square', x }, { width: 8, seed: 3 });
 * const W = new DenseSGD({ kind: 'square', x }, [0, 0], { width: 8, seed: 3 }).materializeWeights();
 * let direct = 0; // ⟨w₀_0, vec(x̂ x̂ᵀ)⟩ with x̂ = x_0/3
 * for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) direct += W.data[a * 3 + b] * (x.data[a] / 3) * (x.data[b] / 3);
 * console.log(z.rows, z.cols, Math.abs(z.data[0] - direct) < 1e-12); // 2 8 true
 * ```
 */
export function initialLeaves(inputs: SgdInputs, options?: InitialLeavesOptions): Matrix {
  const fn = 'initialLeaves';
  const data = sgdInputs(fn, inputs);
  const given = checkOptions(fn, 'options', options);
  for (const key of Object.keys(given)) if (!KEYS.includes(key)) throw invalidRange(fn, `options.${key}`, `one of the known options (${KEYS.join(', ')})`, key);
  const o = resolveOptions(fn, { width: given.width, seed: given.seed, onProgress: given.onProgress }, data.count, 'sgd');
  checkBuildWork(fn, o.width, data.count, data.dim);
  return { rows: data.count, cols: o.width, data: initialLeafValues(data, o.width, o.seed, o.onProgress ?? undefined) };
}
