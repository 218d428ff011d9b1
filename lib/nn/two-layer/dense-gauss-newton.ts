/**
 * Gauss–Newton with explicit weights and a dense Jacobian: O(m n d + n³) per step. The baseline of
 * SparseGaussNewton (same seed ⇒ same W₀, signs and, step for step, the same trajectory).
 */
import type { Matrix } from '../../core/matrix.js';
import { DenseNetwork } from './dense-network.js';
import { choleskySolver, GaussNewtonRule } from './gauss-newton-rule.js';
import { denseInputs } from './inputs.js';
import { checkDenseSize, checkTargets, resolveOptions, heldOutInputs } from './trainer-common.js';
import type { GaussNewtonOptions } from './trainer-types.js';
import { TwoLayerTrainer } from './two-layer-trainer.js';

/**
 * Dense Gauss–Newton trainer: each `step()` forms all m × n inner products W Xᵀ, the Gram
 * H = J Jᵀ = G ∘ (MᵀM)/m from the activation mask M, solves H g = r by Cholesky, and writes
 * W −= η Jᵀ g through the d-dimensional rows. Same options, results and errors as SparseGaussNewton
 * (the `solver` and `index` options are accepted and ignored: this one is always exact and dense).
 *
 * @example
 * ```ts
 * import { DenseGaussNewton, SparseGaussNewton } from 'sublinear/nn';
 * const X = { rows: 3, cols: 4, data: Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]) };
 * const y = [0.5, -0.5, 0.25];
 * const dense = new DenseGaussNewton(X, y, { width: 512, seed: 3 });
 * const sparse = new SparseGaussNewton(X, y, { width: 512, seed: 3 });
 * console.log(Math.abs(dense.step().loss - sparse.step().loss) < 1e-12); // true
 * ```
 */
export class DenseGaussNewton extends TwoLayerTrainer<DenseNetwork> {
  /**
   * @param X - the n × d inputs (rows scaled to unit norm on a copy).
   * @param y - n finite targets.
   * @param options - as SparseGaussNewton.
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} non-finite data, a zero row, y of the wrong length, m or n out of range.
   */
  constructor(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions) {
    const fn = 'DenseGaussNewton';
    const inputs = denseInputs(fn, X);
    const targets = checkTargets(fn, y, inputs.count);
    const o = resolveOptions(fn, options, inputs.count, 'gauss-newton');
    checkDenseSize(fn, o.width, inputs.dim);
    const held = heldOutInputs(fn, options?.heldOut, inputs.dim);
    const gram = inputs.gram();
    const net = new DenseNetwork(inputs.dense(), inputs.count, inputs.dim, o.width, o.threshold, o.seed, gram, o.onProgress);
    if (held) net.heldOut = { x: held.dense(), count: held.count };
    super(inputs, targets, o, net, new GaussNewtonRule(o.stepSize, choleskySolver));
  }
}
