/**
 * Algorithm 5 of the threshold-tree paper: Gauss–Newton on the two-layer shifted-ReLU network with
 * active sets from threshold queries and implicit weights, so a step costs O(n²K + n³) plus the tree
 * work, where K ≈ m^0.76/(b√(2π)) is the number of active neurons per input — never O(d).
 */
import type { Matrix } from '../../core/matrix.js';
import { ImplicitNetwork } from './implicit-network.js';
import { indexFactory } from './index-factory.js';
import { withLeafBackend } from './leaf-backend.js';
import { denseInputs } from './inputs.js';
import { activeStats, allInputs, checkTargets, choleskySolveOrPivot, residual, resolveOptions, zeroTimings, type ResolvedOptions } from './trainer-common.js';
import { gramEmbedding, solveGaussNewtonSketched } from './sketched-solve.js';
import type { GaussNewtonOptions, StepResult } from './trainer-types.js';

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
export class SparseGaussNewton {
  /** Hidden width m. */
  readonly width: number;
  /** The threshold search in use ('auto' resolved). */
  readonly index: 'tree' | 'scan';
  /** Shift b. */
  readonly threshold: number;
  /** Step size η. */
  readonly stepSize: number;
  /** Number of inputs n and their dimension d. */
  readonly inputs: number;
  readonly dim: number;
  private readonly net: ImplicitNetwork;
  private readonly targets: Float64Array;
  private readonly options: ResolvedOptions;
  private readonly all: Int32Array;
  private stepCount = 0;
  private embedding: Float64Array | undefined;

  /**
   * @param X - the n × d inputs (rows scaled to unit norm on a copy), finite, no zero row, 1 ≤ n ≤ 4096.
   * @param y - n finite targets.
   * @param options - width m ∈ [2, 2^24] (default 4096), threshold b (default √(0.48 ln m)), stepSize η > 0 (default 1), seed, solver ('cholesky' | 'sketch'), index ('auto' | 'tree' | 'scan'), backend ('auto' | 'js' | 'cuda') for the initial leaves.
   * @throws {TypeError} X not a Matrix, y not an array of numbers, options of the wrong kind.
   * @throws {RangeError} non-finite data, a zero row, y of the wrong length, m or n out of range.
   * @throws {CudaUnavailableError} backend 'cuda' where no GPU is available.
   */
  constructor(X: Matrix, y: ArrayLike<number>, options?: GaussNewtonOptions) {
    const fn = 'SparseGaussNewton';
    const inputs = denseInputs(fn, X);
    this.targets = checkTargets(fn, y, inputs.count);
    this.options = resolveOptions(fn, options, inputs.count, 'gauss-newton');
    const { width, threshold, stepSize, seed, index } = this.options;
    this.width = width; this.index = index; this.threshold = threshold; this.stepSize = stepSize;
    this.inputs = inputs.count; this.dim = inputs.dim;
    this.net = new ImplicitNetwork(withLeafBackend(fn, inputs, this.options.backend), width, threshold, seed, indexFactory(index));
    this.all = allInputs(inputs.count);
  }

  /** Steps attempted so far. */
  get steps(): number { return this.stepCount; }

  /**
   * One Gauss–Newton step (Algorithm 5, lines 9–43).
   * @returns the loss before the step, active-set statistics, neurons touched, phase timings and the
   * implicit weight change; status 'singular' (with a message) when H is singular, in which case nothing changed.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * const result = new SparseGaussNewton(X, [1, -1], { width: 1024 }).step();
   * console.log(result.status, result.loss > 0); // 'stepped' true
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
    const sketched = this.options.solver === 'sketch';
    const H = sketched ? null : this.net.gaussNewtonGram(all);
    if (sketched) this.net.prepareUnion(all);
    timings.gram = performance.now() - t;
    t = performance.now();
    let g: Float64Array | number, iterations = 0, why: string | undefined;
    if (sketched) {
      this.embedding ??= gramEmbedding(n, this.net.gram);
      ({ solution: g, iterations, message: why } = solveGaussNewtonSketched(this.net, all, this.embedding, r, this.options.seed + step));
    } else g = choleskySolveOrPivot(n, H!, r);
    timings.solve = performance.now() - t;
    if (typeof g === 'number') {
      this.net.discardUnion();
      timings.total = performance.now() - start;
      const where = g >= 0 ? ` at input ${g} (active neurons there: ${this.net.activeCount[g]})` : '';
      const message = `the Gauss–Newton Gram H = G ∘ |S_i ∩ S_j|/m is singular${where}${why ? ` (${why})` : ''}; weights unchanged`;
      return { step, status: 'singular', message, loss, residual: outputGradient, active, touched: 0, timings, solverIterations: iterations, update: { neurons: new Int32Array(0), inputs: all.slice(), coefficients: new Float64Array(0) } };
    }
    const scale = -this.stepSize / Math.sqrt(this.width);
    for (let k = 0; k < n; k++) g[k] *= scale;
    t = performance.now();
    const { neurons, deltas, leafMs } = this.net.applyStep(all, g, true);
    timings.leaves = leafMs;
    timings.update = performance.now() - t - leafMs;
    timings.total = performance.now() - start;
    return { step, status: 'stepped', loss, residual: outputGradient, active, touched: neurons.length, timings, solverIterations: iterations, update: { neurons, inputs: all.slice(), coefficients: deltas } };
  }

  /**
   * The network's outputs f(x_i) at the current weights (queries every input).
   * @returns a new Float64Array of n outputs.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 1, cols: 3, data: new Float64Array([1, 2, 2]) };
   * console.log(new SparseGaussNewton(X, [0], { width: 64 }).predict().length); // 1
   * ```
   */
  predict(): Float64Array {
    return this.net.activate(this.all, zeroTimings());
  }

  /**
   * ½‖f − y‖² at the current weights.
   * @returns the loss.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 1, cols: 2, data: new Float64Array([3, 4]) };
   * console.log(new SparseGaussNewton(X, [0], { width: 64 }).loss() >= 0); // true
   * ```
   */
  loss(): number {
    return residual(this.predict(), this.targets, this.all)[1];
  }

  /**
   * The explicit first-layer weights W = W₀ + C·X (m × d, float64): O(m n d) time, O(m d) memory.
   * @returns a new Matrix.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 3, data: new Float64Array([1, 0, 0, 0, 1, 0]) };
   * const W = new SparseGaussNewton(X, [1, 0], { width: 16 }).materializeWeights();
   * console.log(W.rows, W.cols); // 16 3
   * ```
   */
  materializeWeights(): Matrix {
    return this.net.materialize();
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
