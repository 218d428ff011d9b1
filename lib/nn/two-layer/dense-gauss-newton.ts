/**
 * Gauss–Newton with explicit weights and a dense Jacobian: O(m n d + n³) per step. The baseline of
 * SparseGaussNewton (same seed ⇒ same W₀, signs and, step for step, the same trajectory).
 */
import type { Matrix } from '../../core/matrix.js';
import { DenseNetwork } from './dense-network.js';
import { denseInputs } from './inputs.js';
import { activeStats, checkDenseSize, allInputs, checkTargets, choleskySolveOrPivot, residual, resolveOptions, zeroTimings } from './trainer-common.js';
import type { GaussNewtonOptions, StepResult } from './trainer-types.js';

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
export class DenseGaussNewton {
  readonly width: number;
  readonly threshold: number;
  readonly stepSize: number;
  readonly inputs: number;
  readonly dim: number;
  private readonly net: DenseNetwork;
  private readonly targets: Float64Array;
  private readonly gram: Float64Array;
  private readonly all: Int32Array;
  private stepCount = 0;

  /**
   * @param X - the n × d inputs (rows scaled to unit norm on a copy).
   * @param y - n finite targets.
   * @param options - as SparseGaussNewton.
   * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} non-finite data, a zero row, y of the wrong length, m or n out of range.
   */
  constructor(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions) {
    const fn = 'DenseGaussNewton';
    const inputs = denseInputs(fn, X);
    this.targets = checkTargets(fn, y, inputs.count);
    const { width, threshold, stepSize, seed } = resolveOptions(fn, options, inputs.count, 'gauss-newton');
    checkDenseSize(fn, width, inputs.dim);
    this.width = width; this.threshold = threshold; this.stepSize = stepSize;
    this.inputs = inputs.count; this.dim = inputs.dim;
    this.gram = inputs.gram();
    this.net = new DenseNetwork(inputs.dense(), inputs.count, inputs.dim, width, threshold, seed);
    this.all = allInputs(inputs.count);
  }

  /** Steps attempted so far. */
  get steps(): number { return this.stepCount; }

  /**
   * One dense Gauss–Newton step.
   * @returns as SparseGaussNewton.step (update.coefficients is empty: the change went straight into W).
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * console.log(new DenseGaussNewton(X, [1, -1], { width: 1024 }).step().status); // 'stepped'
   * ```
   */
  step(): StepResult {
    const timings = zeroTimings(), start = performance.now(), all = this.all, n = this.inputs;
    const step = ++this.stepCount;
    const f = this.net.activate(all, timings);
    const [r, loss] = residual(f, this.targets, all);
    const outputGradient = r.slice(); // r itself is scaled or solved in place below
    const active = activeStats(this.net.activeCount, null, this.width, this.threshold);
    let t = performance.now();
    const H = this.net.gaussNewtonGram(all, this.gram);
    timings.gram = performance.now() - t;
    t = performance.now();
    const g = choleskySolveOrPivot(n, H, r);
    timings.solve = performance.now() - t;
    const empty = { neurons: new Int32Array(0), inputs: all.slice(), coefficients: new Float64Array(0) };
    if (typeof g === 'number') {
      timings.total = performance.now() - start;
      const message = `the Gauss–Newton Gram H = G ∘ |S_i ∩ S_j|/m is singular at input ${g} (active neurons there: ${this.net.activeCount[g]}); weights unchanged`;
      return { step, status: 'singular', message, loss, residual: outputGradient, active, touched: 0, timings, solverIterations: 0, update: empty };
    }
    const scale = -this.stepSize / Math.sqrt(this.width);
    for (let k = 0; k < n; k++) g[k] *= scale;
    t = performance.now();
    const touched = this.net.applyStep(all, g);
    timings.update = performance.now() - t;
    timings.total = performance.now() - start;
    return { step, status: 'stepped', loss, residual: outputGradient, active, touched, timings, solverIterations: 0, update: empty };
  }

  /**
   * Outputs f(x_i) at the current weights. @returns n outputs.
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   */
  predict(): Float64Array {
    return this.net.activate(this.all, zeroTimings());
  }

  /**
   * ½‖f − y‖² at the current weights. @returns the loss.
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   */
  loss(): number {
    return residual(this.predict(), this.targets, this.all)[1];
  }

  /**
   * A copy of W (m × d). @returns a new Matrix.
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 4 }).materializeWeights().rows); // 4
   * ```
   */
  materializeWeights(): Matrix {
    return { rows: this.width, cols: this.dim, data: this.net.weights.slice() };
  }
}
