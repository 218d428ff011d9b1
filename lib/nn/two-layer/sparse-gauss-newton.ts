/**
 * Algorithm 5 of the threshold-tree paper: Gauss–Newton on the two-layer shifted-ReLU network with
 * active sets from threshold queries and implicit weights, so a step costs O(n²K + n³) plus the tree
 * work, where K ≈ m^0.76/(b√(2π)) is the number of active neurons per input — never O(d).
 */
import type { Matrix } from '../../core/matrix.js';
import { choleskySolver, GaussNewtonRule } from './gauss-newton-rule.js';
import { ImplicitNetwork } from './implicit-network.js';
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
export class SparseGaussNewton extends TwoLayerTrainer<ImplicitNetwork> {
  /** The threshold search in use ('auto' resolved). */
  readonly index: 'tree' | 'scan';

  /**
   * @param X - the n × d inputs (rows scaled to unit norm on a copy), finite, no zero row, 1 ≤ n ≤ 4096.
   * @param y - n finite targets.
   * @param options - width m ∈ [2, 2^24] (default 4096), threshold b (default √(0.48 ln m)), stepSize η > 0 (default 1), seed, solver ('cholesky' | 'sketch'), index ('auto' | 'tree' | 'scan'), backend ('auto' | 'js' | 'cuda') for the initial leaves, dtype ('float64' | 'float32') of the leaves and C, heldOut inputs for predictHeldOut(), onProgress(done, total) during the build.
   * @throws {TypeError} X not a Matrix, y not an array of numbers, options of the wrong kind.
   * @throws {RangeError} non-finite data, a zero row, y of the wrong length, m or n out of range.
   * @throws {CudaUnavailableError} backend 'cuda' where no GPU is available.
   */
  constructor(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions) {
    const fn = 'SparseGaussNewton';
    const inputs = denseInputs(fn, X);
    const targets = checkTargets(fn, y, inputs.count);
    const o = resolveOptions(fn, options, inputs.count, 'gauss-newton');
    const held = heldOutInputs(fn, options?.heldOut, inputs.dim);
    const net = new ImplicitNetwork(withLeafBackend(fn, inputs, o.backend), o.width, o.threshold, o.seed, indexFactory(o.index), o.onProgress, { dtype: o.dtype, heldOut: held });
    super(inputs, targets, o, net, new GaussNewtonRule(o.stepSize, o.solver === 'sketch' ? sketchedSolver(o.seed) : choleskySolver));
    this.index = o.index;
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
