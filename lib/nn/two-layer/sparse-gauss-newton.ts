/**
 * Algorithm 5 of the threshold-tree paper: Gauss–Newton on the two-layer shifted-ReLU network with
 * active sets from threshold queries and implicit weights, so a step costs O(n²K + n³) plus the tree
 * work, where K ≈ m^0.76/(b√(2π)) is the number of active neurons per input — never O(d).
 */
import { checkOptions } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkPool, type KernelPool } from '../../core/pool.js';
import { choleskySolver, GaussNewtonRule } from './gauss-newton-rule.js';
import { ImplicitNetwork } from './implicit-network.js';
import { checkBuildWork } from './initial-leaves.js';
import { indexFactory } from './index-factory.js';
import { denseInputs } from './inputs.js';
import { withLeafBackend } from './leaf-backend.js';
import { sketchedSolver } from './sketched-solve.js';
import { checkTargets, heldOutInputs, resolveOptions } from './trainer-common.js';
import type { GaussNewtonOptions } from './trainer-types.js';
import { TwoLayerTrainer } from './two-layer-trainer.js';

/**
 * Sparse Gauss–Newton trainer (Algorithm 5). Each `step()`: S_i = {r : ⟨w_r, x_i⟩ ≥ b} by threshold
 * search; f_i from S_i; r = f − y; H_ij = G_ij |S_i ∩ S_j| / m; H g = r (Cholesky, or the
 * sketch-preconditioned iteration); c_{r,i} −= η a_r g_i/√m for r ∈ S_i; the touched leaves move by the
 * data Gram kernel in one batch. Inputs are scaled to unit norm. W = W₀ + C·X is formed only by
 * `materializeWeights()`. A singular H (an input with no active neuron, duplicate inputs) is reported
 * in the result's `status` and the weights are left as they were.
 *
 * @example
 * ```ts
 * import { Rng } from 'sublinear/core';
 * import { SparseGaussNewton } from 'sublinear/nn';
 * const rng = new Rng(1), n = 8, d = 32;
 * const X = { rows: n, cols: d, data: rng.fillGaussian(new Float64Array(n * d)) };
 * const y = rng.fillGaussian(new Float64Array(n));
 * const trainer = new SparseGaussNewton(X, y, { width: 4096, seed: 7 });
 * for (let t = 0; t < 3; t++) {
 *   const { loss, active, timings } = trainer.step();
 *   console.log(loss.toExponential(2), active.mean.toFixed(0), 'active of', trainer.width, timings.total.toFixed(1), 'ms');
 * }
 * console.log(trainer.loss() < 1e-3); // true
 * ```
 */
/** A parsed, built trainer handed from `create` to the constructor (set only for that synchronous call). */
let handoff: ReturnType<typeof parse> | null = null;

/** The constructor's checks and network; with `deferBuild` the leaves are left for buildLeavesOnPool. */
function parse(X: Matrix, y: ArrayLike<number>, options: GaussNewtonOptions | undefined, deferBuild: boolean, fn = 'SparseGaussNewton') {
  const inputs = denseInputs(fn, X);
  const targets = checkTargets(fn, y, inputs.count);
  const o = resolveOptions(fn, options, inputs.count, 'gauss-newton');
  checkBuildWork(fn, o.width, inputs.count, inputs.dim);
  const held = heldOutInputs(fn, options?.heldOut, inputs.dim);
  const leafInputs = withLeafBackend(fn, inputs, o.backend);
  const net = new ImplicitNetwork(leafInputs, o.width, o.threshold, o.seed, indexFactory(o.index), o.onProgress, { dtype: o.dtype, heldOut: held, deferBuild: deferBuild && leafInputs === inputs });
  return { inputs, targets, o, net };
}

export class SparseGaussNewton extends TwoLayerTrainer<ImplicitNetwork> {
  /** The threshold search in use ('auto' resolved). */
  readonly index: 'tree' | 'scan';

  /**
   * @param X - the n × d inputs (rows scaled to unit norm on a copy), finite, no zero row, 1 ≤ n ≤ 4096.
   * @param y - n finite targets.
   * @param options - width m ∈ [2, 2^24] (default 4096), threshold b (default √(0.48 ln m)), stepSize η > 0 (default 1), seed, solver ('cholesky' | 'sketch'), index ('auto' | 'tree' | 'scan'), backend ('auto' | 'js' | 'cuda') for the initial leaves, dtype ('float64' | 'float32') of the leaves and C, heldOut inputs for predictHeldOut(), onProgress(done, total) during the build.
   * @throws {TypeError} X not a Matrix, y not an array of numbers, options of the wrong kind.
   * @throws {RangeError} non-finite data, a zero row, y of the wrong length, m or n out of range, a build
   * of more than m·d·(n + 256) = 2^40 multiply-adds (minutes of CPU; checked before allocating, as KroneckerSGD's).
   * @throws {CudaUnavailableError} backend 'cuda' where no GPU is available.
   */
  constructor(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions) {
    const { inputs, targets, o, net } = handoff ?? parse(X, y, options, false);
    handoff = null;
    super(inputs, targets, o, net, new GaussNewtonRule<ImplicitNetwork>(o.stepSize, o.solver === 'sketch' ? sketchedSolver(o.seed) : choleskySolver));
    this.index = o.index;
  }

  /**
   * The constructor with the build's O(m n d) part on a pool: this thread draws W₀ block by block while
   * the pool's threads form the leaves (and held-out products), then the heaps; the same trainer, bit
   * for bit, as `new SparseGaussNewton(X, y, options)`. Without `pool` (or on a runtime without shared
   * memory, or with backend 'cuda') it builds on this thread. Pass the pool to `step({ pool })` as well.
   *
   * @param X - as the constructor's. @param y - as the constructor's.
   * @param options - the constructor's options and `pool` (a KernelPool from createKernelPool in sublinear/workers).
   * @returns a Promise of the trainer; it rejects with the constructor's errors (checked before any work).
   * @throws nothing synchronously: bad input rejects.
   * @example
   * ```ts
   * import { Rng } from 'sublinear/core';
   * import { SparseGaussNewton } from 'sublinear/nn';
   * import { createKernelPool } from 'sublinear/workers';
   * const rng = new Rng(1), X = { rows: 8, cols: 32, data: rng.fillGaussian(new Float64Array(256)) };
   * const pool = createKernelPool({ threads: 2 });
   * const trainer = await SparseGaussNewton.create(X, rng.fillGaussian(new Float64Array(8)), { width: 4096, seed: 7, pool });
   * const { loss } = await trainer.step({ pool });
   * console.log(loss > 0); // true
   * await pool.destroy();
   * ```
   */
  static async create(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions & { pool?: KernelPool }): Promise<SparseGaussNewton> {
    const fn = 'SparseGaussNewton.create';
    const { pool: given, ...rest } = checkOptions(fn, 'options', options) as GaussNewtonOptions & { pool?: unknown };
    const pool = given === undefined ? undefined : checkPool(fn, given, 'options.pool');
    const parsed = parse(X, y, options === undefined ? undefined : rest, pool !== undefined, fn);
    if (pool) await parsed.net.buildLeavesOnPool(pool);
    handoff = parsed;
    try {
      return new SparseGaussNewton(X, y, rest);
    } finally {
      handoff = null;
    }
  }

  /**
   * The fixed output signs a_r.
   * @returns a copy (length m).
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const a = new SparseGaussNewton({ rows: 1, cols: 1, data: new Float64Array([1]) }, [0], { width: 8 }).outputSigns();
   * console.log(a.every((s) => s === 1 || s === -1)); // true
   * ```
   */
  outputSigns(): Float64Array {
    return this.net.signs.slice();
  }
}
