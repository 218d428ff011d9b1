/** Pieces shared by KroneckerSGD and DenseSGD (private to lib/nn). */
import { Rng } from '../core/rng.js';
import { invalidType } from '../core/errors.js';
import type { Matrix } from '../core/matrix.js';
import { denseInputs, kroneckerInputs, type KroneckerInputs, type TrainingInputs } from './inputs.js';

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
