/**
 * Minibatch SGD on the two-layer shifted-ReLU network with implicit weights: the leaves move by the
 * data Gram kernel, which for Kronecker inputs costs O(p + q) per entry to precompute, so a step
 * costs O(n·s·K) plus tree work whatever d = p·q is (the Kronecker SGD paper, arXiv:2305.08001).
 */
import { ImplicitNetwork } from './implicit-network.js';
import { indexFactory } from './index-factory.js';
import { checkBuildWork } from './initial-leaves.js';
import { sgdInputs, type SgdInputs } from './inputs.js';
import { SgdRule } from './sgd-rule.js';
import { checkTargets, resolveOptions } from './trainer-common.js';
import type { SgdOptions } from './trainer-types.js';
import { TwoLayerTrainer } from './two-layer-trainer.js';

/**
 * Kronecker SGD. Inputs are x_i = left_i ⊗ right_i (`{ kind: 'product', left, right }`, d = p·q), or
 * x_i = vec(x_i x_iᵀ) (`{ kind: 'square', x }`, d = p²), or plain rows (a Matrix); each factor is
 * scaled to unit norm. Each `step()` samples a minibatch B (seeded), queries S_i for i ∈ B, and takes
 * c_{r,i} −= η a_r (f_i − y_i)/√m for r ∈ S_i: the gradient step on ½ Σ_{i∈B} (f_i − y_i)².
 * W = W₀ + C·X is formed only by `materializeWeights()`. Building it computes the n × m initial
 * leaves from W₀ regenerated in pieces (memory independent of d; for Kronecker inputs xᵀ W_r x or
 * aᵀ W_r b through core's GEMM), O(m·n·d) time, refused when m·d·(n + 256) > 2^40; `onProgress`
 * reports it.
 *
 * @example
 * ```ts
 * import { Rng } from 'sublinear/core';
 * import { KroneckerSGD } from 'sublinear/nn';
 * const rng = new Rng(5), n = 12, p = 8;
 * const x = { rows: n, cols: p, data: rng.fillGaussian(new Float64Array(n * p)) };
 * const y = rng.fillGaussian(new Float64Array(n));
 * const sgd = new KroneckerSGD({ kind: 'square', x }, y, { width: 2048, batchSize: 4 });
 * const before = sgd.loss();
 * for (let t = 0; t < 60; t++) sgd.step();
 * console.log(sgd.dim, sgd.loss() < before); // 64 true
 * ```
 */
export class KroneckerSGD extends TwoLayerTrainer<ImplicitNetwork> {
  /** The threshold search in use ('auto' resolved). */
  readonly index: 'tree' | 'scan';
  /** Minibatch size s. */
  readonly batchSize: number;

  /**
   * @param inputs - `{ kind: 'product', left: n × p, right: n × q }`, `{ kind: 'square', x: n × p }`, or an n × d Matrix; finite, no zero row, 1 ≤ n ≤ 4096.
   * @param y - n finite targets.
   * @param options - width m ∈ [2, 2^24] (default 4096), threshold b, stepSize η > 0 (default 1/(batchSize·P(z ≥ b))), batchSize ∈ [1, n] (default min(n, 16)), seed, index ('auto' | 'tree' | 'scan'), onProgress (build progress).
   * @throws {TypeError} arguments of the wrong kind, onProgress not a function. @throws {RangeError} non-finite data, a zero row, mismatched factor rows, y of the wrong length, m, n or the batch size out of range, m·d·(n + 256) > 2^40 (the build would take too long).
   */
  constructor(inputs: SgdInputs, y: ArrayLike<number>, options?: SgdOptions) {
    const fn = 'KroneckerSGD';
    const data = sgdInputs(fn, inputs);
    const targets = checkTargets(fn, y, data.count);
    const o = resolveOptions(fn, options, data.count, 'sgd');
    checkBuildWork(fn, o.width, data.count, data.dim);
    const net = new ImplicitNetwork(data, o.width, o.threshold, o.seed, indexFactory(o.index), o.onProgress);
    super(data, targets, o, net, new SgdRule(o.stepSize, o.seed, data.count, o.batchSize));
    this.index = o.index; this.batchSize = o.batchSize;
  }

  /**
   * The fixed output signs a_r (with the leaves or W, what evaluating the network elsewhere needs).
   * @returns a copy (length m).
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * const a = new KroneckerSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 8 }).outputSigns();
   * console.log(a.length, a.every((s) => s === 1 || s === -1)); // 8 true
   * ```
   */
  outputSigns(): Float64Array {
    return this.net.signs.slice();
  }
}
