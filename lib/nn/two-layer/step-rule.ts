/** A trainer's step rule: one step of the network on its targets (private to lib/nn). */
import type { StepResult, StepTimings } from './trainer-types.js';
import type { TrainerNetwork } from './network.js';

export interface StepRule<N extends TrainerNetwork> {
  /**
   * Step number `step` of `net` towards `targets` (`all`: every input index); fills every phase of
   * `timings` but `total`, and returns the whole result with that same `timings` object.
   */
  step(net: N, targets: Float64Array, all: Int32Array, step: number, timings: StepTimings): StepResult;
}
