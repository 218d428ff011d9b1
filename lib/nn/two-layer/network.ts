/**
 * What a trainer's step rule needs of the two-layer network, whether its weights are implicit
 * (ImplicitNetwork: W = W₀ + C·X, leaves in a threshold-search index) or explicit (DenseNetwork: W
 * held m × d). Private to lib/nn; trusted (the trainers validate).
 */
import type { KernelPool } from '../../core/pool.js';
import type { Matrix } from '../../core/matrix.js';

/** What applying one step changed: neurons touched, and for implicit weights their Δc (touched × s). */
export interface NetworkStep {
  touched: number;
  /** The touched neurons, ascending (empty for explicit weights: the change went into W). */
  neurons: Int32Array;
  /** Δc per touched neuron × input (empty for explicit weights), or a function that forms it on request. */
  coefficients: Float64Array | (() => Float64Array);
  /** Milliseconds spent moving leaves (0 for explicit weights). */
  leafMs: number;
}

export interface TrainerNetwork {
  readonly width: number;
  readonly threshold: number;
  /** Active neurons per input from the latest `activate`. */
  readonly activeCount: ArrayLike<number>;
  /** f for each input of `which` (same order); adds the query and forward times to `timings`. */
  activate(which: Int32Array, timings: { query: number; forward: number }): Float64Array;
  /** H_kl = G_ij |S_i ∩ S_j| / m over `which` from the latest activate; readies `applyStep` as `prepareStep` does. */
  gaussNewtonGram(which: Int32Array): Float64Array;
  /** Readies `applyStep(which, …, true)` without forming H. */
  prepareStep(which: Int32Array): void;
  /** Forgets a prepared step (one that was refused). */
  discardStep(): void;
  /** Δw_r = a_r·step[k]·x_{which[k]} for every r active on which[k]; `prepared` when gaussNewtonGram or prepareStep ran for `which`. */
  applyStep(which: Int32Array, step: Float64Array, prepared: boolean): NetworkStep;
  /** `activate` with its heavy part split over a pool's threads, bit-identical; absent where it has none. */
  activateOnPool?(which: Int32Array, timings: { query: number; forward: number }, pool: KernelPool): Promise<Float64Array>;
  /** `applyStep` with its heavy part split over a pool's threads, bit-identical; absent where it has none. */
  applyStepOnPool?(which: Int32Array, step: Float64Array, prepared: boolean, pool: KernelPool): Promise<NetworkStep>;
  /** f on the held-out inputs given at construction (empty when none); absent where a trainer takes none. */
  predictHeldOut?(): Float64Array;
  /** W as an explicit m × d matrix (a copy). */
  materialize(): Matrix;
  /** Returns the memory it keeps in the wasm memory at once; absent where it keeps none. */
  dispose?(): void;
}

/**
 * The public `update` of a StepResult: `coefficients` (touched × s) is formed on first read when the
 * network gave a function (the sparse trainers: tens of MB that most callers never look at), then kept.
 */
export function stepUpdate(neurons: Int32Array, inputs: Int32Array, coefficients: NetworkStep['coefficients']): { neurons: Int32Array; inputs: Int32Array; coefficients: Float64Array } {
  if (typeof coefficients !== 'function') return { neurons, inputs, coefficients };
  let formed: Float64Array | undefined;
  return { neurons, inputs, get coefficients() { return (formed ??= coefficients()); } };
}
