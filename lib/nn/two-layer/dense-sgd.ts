/** Minibatch SGD with explicit weights: O(m s d) per step. The baseline of KroneckerSGD. */
import { DenseNetwork } from './dense-network.js';
import { sgdInputs, type SgdInputs } from './inputs.js';
import { SgdRule } from './sgd-rule.js';
import { checkDenseSize, checkTargets, resolveOptions } from './trainer-common.js';
import type { SgdOptions } from './trainer-types.js';
import { TwoLayerTrainer } from './two-layer-trainer.js';

/**
 * Dense SGD: the same network, minibatches and update as KroneckerSGD (same seed ⇒ same trajectory),
 * with W held explicitly and Kronecker inputs materialized to d-dimensional rows. Each step computes
 * the m × s inner products and writes the change through d-dimensional rows.
 *
 * @example
 * ```ts
 * import { DenseSGD, KroneckerSGD } from 'sublinear/nn';
 * const x = { rows: 3, cols: 3, data: new Float64Array([1, 0, 0, 0, 1, 0, 1, 1, 1]) };
 * const dense = new DenseSGD({ kind: 'square', x }, [1, 0, -1], { width: 256, batchSize: 2 });
 * const kron = new KroneckerSGD({ kind: 'square', x }, [1, 0, -1], { width: 256, batchSize: 2 });
 * console.log(Math.abs(dense.step().loss - kron.step().loss) < 1e-12); // true
 * ```
 */
export class DenseSGD extends TwoLayerTrainer<DenseNetwork> {
  /** Minibatch size s. */
  readonly batchSize: number;

  /**
   * @param inputs - as KroneckerSGD. @param y - n finite targets. @param options - as KroneckerSGD (`index` ignored).
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} as KroneckerSGD.
   */
  constructor(inputs: SgdInputs, y: ArrayLike<number>, options?: SgdOptions) {
    const fn = 'DenseSGD';
    const data = sgdInputs(fn, inputs);
    const targets = checkTargets(fn, y, data.count);
    const o = resolveOptions(fn, options, data.count, 'sgd');
    checkDenseSize(fn, o.width, data.dim);
    const net = new DenseNetwork(data.dense(), data.count, data.dim, o.width, o.threshold, o.seed, null, o.onProgress);
    super(data, targets, o, net, new SgdRule(o.stepSize, o.seed, data.count, o.batchSize));
    this.batchSize = o.batchSize;
  }

  /**
   * The fixed output signs a_r (with the leaves or W, what evaluating the network elsewhere needs).
   * @returns a copy (length m).
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * const a = new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 8 }).outputSigns();
   * console.log(a.length, a.every((s) => s === 1 || s === -1)); // 8 true
   * ```
   */
  outputSigns(): Float64Array {
    return this.net.signs.slice();
  }
}
