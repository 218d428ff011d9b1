/** A trainer's step rule: one step of the network on its targets (private to lib/nn). */
import type { StepResult, StepTimings } from './trainer-types.js';
import type { KernelPool } from '../../core/pool.js';
import type { TrainerNetwork } from './network.js';

export interface StepRule<N extends TrainerNetwork> {
  /**
   * Step number `step` of `net` towards `targets` (`all`: every input index); fills every phase of
   * `timings` but `total`, and returns the whole result with that same `timings` object.
   */
  step(net: N, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings): StepResult;
  /** `step` with the network's heavy parts on a pool (bit-identical); absent where the rule has no pooled path. */
  stepOnPool?(net: N, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings, pool: KernelPool): Promise<StepResult>;
}
