/**
 * The minibatch SGD step rule of KroneckerSGD and DenseSGD: a seeded minibatch B of s inputs, then
 * Δw_r = −η a_r Σ_{i∈B, r∈S_i} (f_i − y_i) x_i/√m, the gradient step on ½ Σ_{i∈B} (f_i − y_i)².
 */
import { Rng } from '../../core/rng.js';
import { stepUpdate, type TrainerNetwork } from './network.js';
import type { StepRule } from './step-rule.js';
import { activeStats, residual } from './trainer-common.js';
import type { StepResult, StepTimings } from './trainer-types.js';

/** Seed stream of the minibatches (0 and 1 are the signs and W₀). */
const BATCH_STREAM = 2;

/** The minibatch sequence of a seed: s distinct inputs per step, the same for every trainer. */
export function batchSampler(seed: number, count: number, batchSize: number): () => Int32Array {
  const rng = new Rng(seed, BATCH_STREAM);
  return () => rng.sample(count, batchSize).sort();
}

export class SgdRule implements StepRule<TrainerNetwork> {
  private readonly nextBatch: () => Int32Array;

  constructor(private readonly stepSize: number, seed: number, count: number, batchSize: number) {
    this.nextBatch = batchSampler(seed, count, batchSize);
  }

  step(net: TrainerNetwork, targets: Float64Array, _all: Int32Array, step: number, timings: StepTimings): StepResult {
    const which = this.nextBatch();
    const f = net.activate(which, timings);
    const [r, loss] = residual(f, targets, which);
    const outputGradient = r.slice(); // r becomes the coefficients −η (f − y)/√m below
    const scale = -this.stepSize / Math.sqrt(net.width);
    for (let k = 0; k < r.length; k++) r[k] *= scale;
    const active = activeStats(net.activeCount, which, net.width, net.threshold);
    const t = performance.now();
    const { touched, neurons, coefficients, leafMs } = net.applyStep(which, r, false);
    timings.leaves = leafMs;
    timings.update = performance.now() - t - leafMs;
    return { step, status: 'stepped', loss, residual: outputGradient, active, touched, timings, solverIterations: 0, update: stepUpdate(neurons, which, coefficients) };
  }
}
