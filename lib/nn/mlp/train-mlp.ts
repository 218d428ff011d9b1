import { allocate, checkInteger, checkMatrix, checkOneOf, checkOptions, dtypeOf, invalidRange, invalidType, Rng, type FloatArray, type Matrix } from '../../core/index.js';
import { applyUpdates, type GradientTransformation, type NamedParams } from '../../optim/index.js';
import type { Mlp } from './mlp.js';

/** Named tensors: one flat vector per tensor, as {@link Mlp.tensors} gives (`sublinear/optim`'s NamedParams). */
export type NamedTensors = NamedParams;

/**
 * An optimizer step in the optax shape of `sublinear/optim` (its `GradientTransformation`): `init`
 * makes the state, `update` maps gradients to additive updates and the next state.
 */
export type OptimizerStep<S, P> = GradientTransformation<S, P>;

/** Options of {@link trainMlp}. */
export interface TrainMlpOptions {
  /** Optimizer steps, an integer ≥ 1. */
  steps: number;
  /** Rows per minibatch, in [1, rows]. Default 100. */
  batchSize?: number;
  /** Seed of the minibatch order (a fresh permutation per epoch, the last partial batch dropped). Default 0. */
  seed?: number;
  /** Loss on the whole data set every this many steps and after the last (0: never). Default 0. */
  evaluateEvery?: number;
}

/** What {@link trainMlp} returns. */
export interface TrainMlpResult<S> {
  /** The trained parameters (the array passed in, updated in place). */
  params: FloatArray;
  /** The optimizer state after the last step. */
  state: S;
  /** Minibatch loss at each step, before that step's update; shorter if training diverged. */
  batchLosses: Float64Array;
  /** Whole-data-set losses `{ step, loss }` (step = updates applied so far), with evaluateEvery. */
  evaluations: { step: number; loss: number }[];
  /** True when an update made a parameter NaN or ±Infinity; training stopped there (params keep the last finite values). */
  diverged: boolean;
  /** Seconds in loss and gradient, and in the optimizer's update plus applying it. */
  seconds: { gradient: number; optimizer: number };
}

/** Mean loss over all rows, in chunks of `batch` rows. */
function datasetLoss(net: Mlp, params: FloatArray, inputs: Matrix, targets: Matrix, batch: number): number {
  let total = 0;
  for (let start = 0; start < inputs.rows; start += batch) {
    const rows = Math.min(batch, inputs.rows - start);
    const X = { rows, cols: inputs.cols, data: inputs.data.subarray(start * inputs.cols, (start + rows) * inputs.cols) };
    const Y = { rows, cols: targets.cols, data: targets.data.subarray(start * targets.cols, (start + rows) * targets.cols) };
    total += net.loss(params, X, Y) * rows;
  }
  return total / inputs.rows;
}

/**
 * Minibatch training of an {@link Mlp} with any optimizer step over its flat parameter vector (or,
 * with `tensors: 'layers'`, over its named layer tensors). Each step: loss and gradient on the next
 * minibatch, `update`, params += updates in place. Deterministic for a given seed and optimizer.
 *
 * @param net - the network.
 * @param params - its parameters, updated in place.
 * @param data - `{ inputs, targets }` with one example per row (an autoencoder passes the same matrix twice).
 * @param optimizer - a `sublinear/optim` transformation (or anything with the same init/update shape).
 * @param options - steps, batchSize, seed, evaluateEvery; `tensors`: 'flat' (default) or 'layers'.
 * @returns the parameters, the final state, per-step and evaluation losses, whether it diverged, timings.
 * @throws {TypeError} arguments of the wrong kind. @throws {RangeError} steps < 1, a batch size outside [1, rows], shapes that do not fit the net.
 * @example
 * ```ts
 * import { loadMnist } from 'sublinear/data';
 * import { Mlp, trainMlp } from 'sublinear/nn';
 * import { adam } from 'sublinear/optim';
 * const { images } = loadMnist({ count: 500 });
 * const net = new Mlp({ sizes: [784, 32, 784] }); // a small autoencoder
 * const run = trainMlp(net, net.initParams(1), { inputs: images, targets: images }, adam({ lr: 3e-3 }), { steps: 20, batchSize: 50, evaluateEvery: 10 });
 * console.log(run.evaluations); // whole-set loss after 10 and 20 steps, falling
 * ```
 */
export function trainMlp<S>(
  net: Mlp, params: FloatArray, data: { inputs: Matrix; targets: Matrix },
  optimizer: OptimizerStep<S, FloatArray> | OptimizerStep<S, NamedTensors>,
  options: TrainMlpOptions & { tensors?: 'flat' | 'layers' },
): TrainMlpResult<S> {
  const fn = 'trainMlp';
  if (data === null || typeof data !== 'object') throw invalidType(fn, 'data', 'an object { inputs, targets }', data);
  const inputs = checkMatrix(fn, 'data.inputs', data.inputs), targets = checkMatrix(fn, 'data.targets', data.targets);
  if (targets.rows !== inputs.rows) throw invalidRange(fn, 'data.targets.rows', `data.inputs.rows = ${inputs.rows}`, targets.rows);
  if (optimizer === null || typeof optimizer !== 'object' || typeof optimizer.init !== 'function' || typeof optimizer.update !== 'function') {
    throw invalidType(fn, 'optimizer', 'a transformation { init, update }', optimizer);
  }
  const o = checkOptions(fn, 'options', options);
  const steps = checkInteger(fn, 'options.steps', o.steps, 1);
  const batch = o.batchSize === undefined ? Math.min(100, inputs.rows) : checkInteger(fn, 'options.batchSize', o.batchSize, 1, Math.max(1, inputs.rows));
  const seed = o.seed === undefined ? 0 : checkInteger(fn, 'options.seed', o.seed);
  const evaluateEvery = o.evaluateEvery === undefined ? 0 : checkInteger(fn, 'options.evaluateEvery', o.evaluateEvery);
  const named = (o.tensors === undefined ? 'flat' : checkOneOf(fn, 'options.tensors', o.tensors, ['flat', 'layers'])) === 'layers';
  net.loss(params, { rows: 1, cols: inputs.cols, data: inputs.data.subarray(0, inputs.cols) }, { rows: 1, cols: targets.cols, data: targets.data.subarray(0, targets.cols) });

  const opt = optimizer as OptimizerStep<S, FloatArray | NamedTensors>;
  const grad = allocate(params.length, dtypeOf(params)), backup = allocate(params.length, dtypeOf(params));
  const view = (v: FloatArray): FloatArray | NamedTensors => (named ? net.tensors(v) : v);
  const paramView = view(params), gradView = view(grad);
  let state = opt.init(paramView);
  const X = { rows: batch, cols: inputs.cols, data: allocate(batch * inputs.cols, dtypeOf(inputs.data)) };
  const Y = { rows: batch, cols: targets.cols, data: allocate(batch * targets.cols, dtypeOf(targets.data)) };
  const rng = new Rng(seed), order = new Int32Array(inputs.rows).map((_, i) => i);
  const perEpoch = Math.floor(inputs.rows / batch);
  const losses = new Float64Array(steps), evaluations: { step: number; loss: number }[] = [];
  const seconds = { gradient: 0, optimizer: 0 };
  let done = 0, diverged = false;
  for (let step = 0; step < steps; step++) {
    const slot = step % perEpoch;
    if (slot === 0) rng.shuffle(order);
    for (let r = 0; r < batch; r++) {
      const row = order[slot * batch + r];
      X.data.set(inputs.data.subarray(row * inputs.cols, (row + 1) * inputs.cols), r * inputs.cols);
      Y.data.set(targets.data.subarray(row * targets.cols, (row + 1) * targets.cols), r * targets.cols);
    }
    let t = performance.now();
    losses[step] = net.lossAndGradient(params, X, Y, grad).loss;
    seconds.gradient += (performance.now() - t) / 1000;
    t = performance.now();
    const [updates, next] = opt.update(gradView, state, paramView);
    state = next;
    backup.set(params);
    applyUpdates(paramView, updates);
    seconds.optimizer += (performance.now() - t) / 1000;
    done = step + 1;
    if (!params.every(Number.isFinite)) { params.set(backup); diverged = true; break; }
    if (evaluateEvery > 0 && (done % evaluateEvery === 0 || done === steps)) evaluations.push({ step: done, loss: datasetLoss(net, params, inputs, targets, batch) });
  }
  return { params, state, batchLosses: losses.subarray(0, done), evaluations, diverged, seconds };
}
