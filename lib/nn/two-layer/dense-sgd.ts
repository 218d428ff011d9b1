/** Minibatch SGD with explicit weights: O(m s d) per step. The baseline of KroneckerSGD. */
import type { Matrix } from '../../core/matrix.js';
import { DenseNetwork } from './dense-network.js';
import { batchSampler, sgdForward, sgdInputs, type SgdInputs } from './sgd-common.js';
import { checkDenseSize, checkTargets, residual, resolveOptions, zeroTimings } from './trainer-common.js';
import type { SgdOptions, StepResult } from './trainer-types.js';

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
export class DenseSGD {
  readonly width: number;
  readonly threshold: number;
  readonly stepSize: number;
  readonly batchSize: number;
  readonly inputs: number;
  readonly dim: number;
  private readonly net: DenseNetwork;
  private readonly targets: Float64Array;
  private readonly nextBatch: () => Int32Array;
  private readonly all: Int32Array;
  private stepCount = 0;

  /**
   * @param inputs - as KroneckerSGD. @param y - n finite targets. @param options - as KroneckerSGD (`index` ignored).
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} as KroneckerSGD.
   */
  constructor(inputs: SgdInputs, y: ArrayLike<number>, options?: SgdOptions) {
    const fn = 'DenseSGD';
    const data = sgdInputs(fn, inputs);
    this.targets = checkTargets(fn, y, data.count);
    const o = resolveOptions(fn, options, data.count, 'sgd');
    checkDenseSize(fn, o.width, data.dim);
    this.width = o.width; this.threshold = o.threshold; this.stepSize = o.stepSize; this.batchSize = o.batchSize;
    this.inputs = data.count; this.dim = data.dim;
    this.net = new DenseNetwork(data.dense(), data.count, data.dim, o.width, o.threshold, o.seed);
    this.nextBatch = batchSampler(o.seed, data.count, o.batchSize);
    this.all = Int32Array.from({ length: data.count }, (_, i) => i);
  }

  /** Steps taken so far. */
  get steps(): number { return this.stepCount; }

  /**
   * One minibatch SGD step. @returns as KroneckerSGD.step (update.coefficients empty: the change went into W).
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) }, [1, -1], { width: 64 }).step().step); // 1
   * ```
   */
  step(): StepResult {
    const timings = zeroTimings(), start = performance.now();
    const step = ++this.stepCount;
    const which = this.nextBatch();
    const { loss, residual: outputGradient, active, coefficients: r } = sgdForward(this.net, which, this.targets, this.width, this.threshold, this.stepSize, timings);
    const t = performance.now();
    const touched = this.net.applyStep(which, r);
    timings.update = performance.now() - t;
    timings.total = performance.now() - start;
    return { step, status: 'stepped', loss, residual: outputGradient, active, touched, timings, solverIterations: 0, update: { neurons: new Int32Array(0), inputs: which, coefficients: new Float64Array(0) } };
  }

  /**
   * Outputs at the current weights. @returns n outputs.
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   */
  predict(): Float64Array {
    return this.net.activate(this.all, zeroTimings());
  }

  /**
   * ½‖f − y‖² over all inputs. @returns the loss.
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   */
  loss(): number {
    return residual(this.predict(), this.targets, this.all)[1];
  }

  /**
   * A copy of W (m × d). @returns a new Matrix.
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 4 }).materializeWeights().rows); // 4
   * ```
   */
  materializeWeights(): Matrix {
    return { rows: this.width, cols: this.dim, data: this.net.weights.slice() };
  }
}
