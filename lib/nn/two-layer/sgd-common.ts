/** Pieces shared by KroneckerSGD and DenseSGD (private to lib/nn). */
import { Rng } from '../../core/rng.js';
import { invalidType } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { denseInputs, kroneckerInputs, type KroneckerInputs, type TrainingInputs } from './inputs.js';
import { activeStats, residual } from './trainer-common.js';
import type { ActiveStats, StepTimings } from './trainer-types.js';

/** Seed stream of the minibatches (0 and 1 are the signs and W₀). */
const BATCH_STREAM = 2;

/** Dense rows, or Kronecker-structured inputs. */
export type SgdInputs = Matrix | KroneckerInputs;

export function sgdInputs(fn: string, inputs: SgdInputs): TrainingInputs {
  if (inputs === null || typeof inputs !== 'object') throw invalidType(fn, 'inputs', "a Matrix, { kind: 'product', left, right } or { kind: 'square', x }", inputs);
  return 'kind' in inputs ? kroneckerInputs(fn, inputs) : denseInputs(fn, inputs as Matrix);
}

/** The minibatch sequence of a seed: s distinct inputs per step, the same for every trainer. */
export function batchSampler(seed: number, count: number, batchSize: number): () => Int32Array {
  const rng = new Rng(seed, BATCH_STREAM);
  return () => rng.sample(count, batchSize).sort();
}

/** What an SGD step needs of its network: outputs of some inputs, and the active count per input. */
interface ActivatingNetwork {
  activate(which: Int32Array, timings: StepTimings): Float64Array;
  readonly activeCount: ArrayLike<number>;
}

/**
 * The first half of an SGD step on minibatch `which`: the outputs, the loss ½‖f − y‖² over the batch,
 * f − y (a fresh copy, for StepResult.residual), the active-set statistics, and the coefficients
 * −η (f − y)/√m that the network applies to the batch inputs.
 */
export function sgdForward(
  net: ActivatingNetwork, which: Int32Array, targets: Float64Array, width: number, threshold: number, stepSize: number, timings: StepTimings,
): { loss: number; residual: Float64Array; active: ActiveStats; coefficients: Float64Array } {
  const f = net.activate(which, timings);
  const [r, loss] = residual(f, targets, which);
  const copy = r.slice();
  const scale = -stepSize / Math.sqrt(width);
  for (let k = 0; k < r.length; k++) r[k] *= scale;
  return { loss, residual: copy, active: activeStats(net.activeCount, which, width, threshold), coefficients: r };
}
