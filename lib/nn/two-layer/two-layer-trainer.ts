/**
 * The skeleton every two-layer trainer shares: a network (implicit or explicit weights) driven by a
 * step rule (Gauss–Newton or SGD), with the step's timing and the read-only accessors written once.
 * The public trainers only parse their inputs, pick the network and the rule, and add their own fields.
 */
import { checkOptions } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkPool, type PoolOptions } from '../../core/pool.js';
import type { TrainingInputs } from './inputs.js';
import type { TrainerNetwork } from './network.js';
import type { StepRule } from './step-rule.js';
import { allInputs, residual, zeroTimings, type ResolvedOptions } from './trainer-common.js';
import type { StepResult } from './trainer-types.js';

export abstract class TwoLayerTrainer<N extends TrainerNetwork> {
  /** Hidden width m. */
  readonly width: number;
  /** Shift b. */
  readonly threshold: number;
  /** Step size η. */
  readonly stepSize: number;
  /** Number of inputs n and their dimension d. */
  readonly inputs: number;
  readonly dim: number;
  protected readonly net: N;
  private readonly targets: Float64Array;
  private readonly rule: StepRule<N>;
  private readonly all: Int32Array;
  private stepCount = 0;

  /** Takes validated parts: the inputs, targets and options the subclass checked, its network and rule. */
  protected constructor(data: TrainingInputs, targets: Float64Array, options: ResolvedOptions, net: N, rule: StepRule<N>) {
    this.width = options.width; this.threshold = options.threshold; this.stepSize = options.stepSize;
    this.inputs = data.count; this.dim = data.dim;
    this.targets = targets;
    this.net = net;
    this.rule = rule;
    this.all = allInputs(data.count);
  }

  /** Steps attempted so far. */
  get steps(): number { return this.stepCount; }

  /**
   * One step of the trainer's rule. Gauss–Newton (SparseGaussNewton, DenseGaussNewton; Algorithm 5,
   * lines 9–43): the loss over all n inputs before the step, status 'singular' (with a message) when H
   * is singular, in which case nothing changed. SGD (KroneckerSGD, DenseSGD): one seeded minibatch.
   * The dense baselines write the change into W, so their update.neurons and update.coefficients are empty.
   *
   * With `{ pool }` it returns a Promise of the same result, bit for bit, with the step's heavy part split
   * over the pool's threads: SparseGaussNewton's leaf moves and heap repairs (by neuron blocks, then by
   * inputs). The other trainers run the step on this thread and resolve with it. Do not start a step
   * before the previous one settled; a pooled step whose worker fails leaves the leaves partly moved, and
   * the trainer refuses further steps (build a new one).
   * @returns the loss before the step, active-set statistics, neurons touched, phase timings and the
   * implicit weight change (coefficients per touched neuron × input of the step); a Promise of it with a pool.
   * @throws {TypeError} options or options.pool of the wrong kind; @throws {RangeError} an unknown option key;
   * @throws {Error} after a failed pooled step, or while a pooled step is running.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * const result = new SparseGaussNewton(X, [1, -1], { width: 1024 }).step();
   * console.log(result.status, result.loss > 0); // 'stepped' true
   * ```
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * console.log(new DenseGaussNewton(X, [1, -1], { width: 1024 }).step().status); // 'stepped'
   * ```
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * const left = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * const r = new KroneckerSGD({ kind: 'product', left, right: left }, [1, -1], { width: 256, batchSize: 2 }).step();
   * console.log(r.update.inputs.length); // 2
   * ```
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) }, [1, -1], { width: 64 }).step().step); // 1
   * ```
   */
  step(): StepResult;
  /**
   * The same step with its heavy part on a pool (see above): a Promise of the sequential result, bit for bit.
   * @param options - `{ pool }`: a KernelPool from `createKernelPool` in sublinear/workers.
   * @returns a Promise of the StepResult.
   * @throws {TypeError} options or options.pool of the wrong kind; @throws {RangeError} an unknown option key;
   * @throws {Error} after a failed pooled step, or while a pooled step is running.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * import { createKernelPool } from 'sublinear/workers';
   * const pool = createKernelPool({ threads: 2 });
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * console.log((await new SparseGaussNewton(X, [1, -1], { width: 1024 }).step({ pool })).status); // 'stepped'
   * await pool.destroy();
   * ```
   */
  step(options: Pick<PoolOptions, 'pool'>): Promise<StepResult>;
  step(options?: Pick<PoolOptions, 'pool'>): StepResult | Promise<StepResult> {
    const fn = `${this.constructor.name}.step`;
    const o = options === undefined ? undefined : checkOptions(fn, 'options', options, ['pool']);
    const pool = o?.pool === undefined ? undefined : checkPool(fn, o.pool, 'options.pool');
    if (this.broken !== null) {
      const error = new Error(`${fn}: ${this.broken}`);
      return pool ? Promise.reject(error) : (() => { throw error; })();
    }
    const timings = zeroTimings(), start = performance.now();
    if (!pool || !this.rule.stepOnPool) {
      const result = this.rule.step(this.net, this.targets, this.all, ++this.stepCount, timings);
      timings.total = performance.now() - start;
      return pool ? Promise.resolve(result) : result;
    }
    this.broken = 'a pooled step is still running (await it before the next step)';
    return this.rule.stepOnPool(this.net, this.targets, this.all, ++this.stepCount, timings, pool).then((result) => {
      this.broken = null;
      timings.total = performance.now() - start;
      return result;
    }, (error: unknown) => {
      this.broken = `a pooled step failed (${(error as Error)?.message ?? error}); its leaves may be partly moved: build a new trainer`;
      throw error;
    });
  }

  /** Why steps are refused (a pooled step running or failed), or null. */
  private broken: string | null = null;

  /**
   * The network's outputs f(x_i) at the current weights, for every input (queries each one).
   * @returns a new Float64Array of n outputs.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 1, cols: 3, data: new Float64Array([1, 2, 2]) };
   * console.log(new SparseGaussNewton(X, [0], { width: 64 }).predict().length); // 1
   * ```
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * console.log(new KroneckerSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).predict().length); // 1
   * ```
   */
  predict(): Float64Array {
    this.usable('predict');
    return this.net.activate(this.all, zeroTimings());
  }

  /**
   * The network's outputs on the held-out inputs of `options.heldOut` (Gauss–Newton trainers), at the
   * current weights: inputs it was never trained on, to measure how it generalizes.
   * @returns a new Float64Array of t outputs, empty when no held-out inputs were given.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 2, data: new Float64Array([1, 0, 0, 1]) };
   * const heldOut = { rows: 1, cols: 2, data: new Float64Array([1, 1]) };
   * const trainer = new SparseGaussNewton(X, [1, -1], { width: 256, heldOut });
   * trainer.step();
   * console.log(trainer.predictHeldOut().length); // 1
   * ```
   */
  predictHeldOut(): Float64Array {
    this.usable('predictHeldOut');
    return this.net.predictHeldOut ? this.net.predictHeldOut() : new Float64Array(0);
  }

  /**
   * ½‖f − y‖² over all n inputs at the current weights.
   * @returns the loss.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 1, cols: 2, data: new Float64Array([3, 4]) };
   * console.log(new SparseGaussNewton(X, [0], { width: 64 }).loss() >= 0); // true
   * ```
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * console.log(new KroneckerSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 32 }).loss() >= 0); // true
   * ```
   */
  loss(): number {
    this.usable('loss');
    return residual(this.predict(), this.targets, this.all)[1];
  }

  /**
   * The explicit first-layer weights (m × d, float64): W = W₀ + C·X for the implicit trainers, O(m n d)
   * time and O(m d) memory; a copy of W for the dense baselines.
   * @returns a new Matrix.
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const X = { rows: 2, cols: 3, data: new Float64Array([1, 0, 0, 0, 1, 0]) };
   * const W = new SparseGaussNewton(X, [1, 0], { width: 16 }).materializeWeights();
   * console.log(W.rows, W.cols); // 16 3
   * ```
   * @example
   * ```ts
   * import { DenseGaussNewton } from 'sublinear/nn';
   * console.log(new DenseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 4 }).materializeWeights().rows); // 4
   * ```
   * @example
   * ```ts
   * import { KroneckerSGD } from 'sublinear/nn';
   * const x = { rows: 1, cols: 3, data: new Float64Array([1, 2, 3]) };
   * console.log(new KroneckerSGD({ kind: 'square', x }, [0], { width: 4 }).materializeWeights().cols); // 9
   * ```
   * @example
   * ```ts
   * import { DenseSGD } from 'sublinear/nn';
   * console.log(new DenseSGD({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0], { width: 4 }).materializeWeights().rows); // 4
   * ```
   */
  materializeWeights(): Matrix {
    this.usable('materializeWeights');
    return this.net.materialize();
  }

  /**
   * Returns at once the memory the trainer keeps in the wasm memory — the sparse trainers' leaves and
   * heaps, which the garbage collector does not see (it may reclaim them late, and never inside a
   * synchronous loop) — for the next trainer to reuse; the dense baselines keep none. Every method
   * then throws; a second dispose does nothing.
   * @returns nothing.
   * @throws {Error} while a pooled step is running (await it first).
   * @example
   * ```ts
   * import { SparseGaussNewton } from 'sublinear/nn';
   * const t = new SparseGaussNewton({ rows: 1, cols: 2, data: new Float64Array([1, 1]) }, [0.5], { width: 64 });
   * t.step();
   * t.dispose();
   * try { t.predict(); } catch (e) { console.log((e as Error).message); } // SparseGaussNewton.predict: the trainer was disposed
   * ```
   */
  dispose(): void {
    if (this.broken !== null && this.broken.startsWith('a pooled step is still running')) throw new Error(`${this.constructor.name}.dispose: a pooled step is still running (await it first)`);
    if (this.disposed) return;
    this.disposed = true;
    this.broken = 'the trainer was disposed';
    this.net.dispose?.();
  }

  private disposed = false;

  /** Throws when the trainer was disposed. */
  private usable(method: string): void {
    if (this.disposed) throw new Error(`${this.constructor.name}.${method}: the trainer was disposed`);
  }
}
