/**
 * Minibatch SGD on the two-layer shifted-ReLU network with implicit weights: the leaves move by the
 * data Gram kernel, which for Kronecker inputs costs O(p + q) per entry to precompute, so a step
 * costs O(n·s·K) plus tree work whatever d = p·q is (papers/kronecker-sgd-summary.md).
 */
import type { Matrix } from '../../core/matrix.js';
import { ImplicitNetwork } from './implicit-network.js';
import { indexFactory } from './index-factory.js';
import { batchSampler, sgdForward, sgdInputs, type SgdInputs } from './sgd-common.js';
import { checkTargets, residual, resolveOptions, zeroTimings } from './trainer-common.js';
import type { SgdOptions, StepResult } from './trainer-types.js';

/**
 * Kronecker SGD. Inputs are x_i = left_i ⊗ right_i (`{ kind: 'product', left, right }`, d = p·q), or
 * x_i = vec(x_i x_iᵀ) (`{ kind: 'square', x }`, d = p²), or plain rows (a Matrix); each factor is
 * scaled to unit norm. Each `step()` samples a minibatch B (seeded), queries S_i for i ∈ B, and takes
 * c_{r,i} −= η a_r (f_i − y_i)/√m for r ∈ S_i: the gradient step on ½ Σ_{i∈B} (f_i − y_i)².
 * W = W₀ + C·X is formed only by `materializeWeights()`.
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
export class KroneckerSGD {
  readonly width: number;
  /** The threshold search in use ('auto' resolved). */
  readonly index: 'tree' | 'scan';
  readonly threshold: number;
  readonly stepSize: number;
  readonly batchSize: number;
  readonly inputs: number;
  readonly dim: number;
  private readonly net: ImplicitNetwork;
  private readonly targets: Float64Array;
  private readonly nextBatch: () => Int32Array;
  private readonly all: Int32Array;
  private stepCount = 0;

  /**
   * @param inputs - `{ kind: 'product', left: n × p, right: n × q }`, `{ kind: 'square', x: n × p }`, or an n × d Matrix; finite, no zero row, 1 ≤ n ≤ 4096.
   * @param y - n finite targets.
   * @param options - width m ∈ [2, 2^24] (default 4096), threshold b, stepSize η > 0 (default 1/(batchSize·P(z ≥ b))), batchSize ∈ [1, n] (default min(n, 16)), seed, index ('auto' | 'tree' | 'scan').
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} non-finite data, a zero row, mismatched factor rows, y of the wrong length, m, n or the batch size out of range.
   */
  constructor(inputs: SgdInputs, y: ArrayLike<number>, options?: SgdOptions) {
    const fn = 'KroneckerSGD';
    const data = sgdInputs(fn, inputs);
    this.targets = checkTargets(fn, y, data.count);
    const o = resolveOptions(fn, options, data.count, 'sgd');
    this.width = o.width; this.index = o.index; this.threshold = o.threshold; this.stepSize = o.stepSize; this.batchSize = o.batchSize;
    this.inputs = data.count; this.dim = data.dim;
    this.net = new ImplicitNetwork(data, o.width, o.threshold, o.seed, indexFactory(o.index));
    this.nextBatch = batchSampler(o.seed, data.count, o.batchSize);
    this.all = Int32Array.from({ length: data.count }, (_, i) => i);
  }

  /** Steps taken so far. */
  get steps(): number { return this.stepCount; }

  /**
   * One minibatch SGD step.
   * @returns the minibatch loss before the step, active-set statistics over the batch, neurons
   * touched, phase timings, and the implicit change (coefficients per touched neuron × batch input).
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * const left = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * const r = new KroneckerSGD({ kind: 'product', left, right: left }, [1, -1], { width: 256, batchSize: 2 }).step();
   * console.log(r.update.inputs.length); // 2
   * ```
   */
  step(): StepResult {
    const timings = zeroTimings(), start = performance.now();
    const step = ++this.stepCount;
    const which = this.nextBatch();
    const { loss, residual: outputGradient, active, coefficients: r } = sgdForward(this.net, which, this.targets, this.width, this.threshold, this.stepSize, timings);
    const t = performance.now();
    const { neurons, deltas, leafMs } = this.net.applyStep(which, r, false);
    timings.leaves = leafMs;
    timings.update = performance.now() - t - leafMs;
    timings.total = performance.now() - start;
    return { step, status: 'stepped', loss, residual: outputGradient, active, touched: neurons.length, timings, solverIterations: 0, update: { neurons, inputs: which, coefficients: deltas } };
  }

  /**
   * Outputs f(x_i) at the current weights for every input. @returns n outputs.
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * console.log(new KroneckerSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   */
  predict(): Float64Array {
    return this.net.activate(this.all, zeroTimings());
  }

  /**
   * ½‖f − y‖² over all n inputs at the current weights. @returns the loss.
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * console.log(new KroneckerSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   */
  loss(): number {
    return residual(this.predict(), this.targets, this.all)[1];
  }

  /**
   * W = W₀ + C·X explicitly (m × d): O(m n d). @returns a new Matrix.
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * const x = { rows: 1, cols: 3, data: new Float64Array([1, 2, 3]) };
   * console.log(new KroneckerSGD({ kind: 'square', x }, [0], { width: 4 }).materializeWeights().cols); // 9
   * ```
   */
  materializeWeights(): Matrix {
    return this.net.materialize();
  }
}
