import { concatMap, defer, identity, map, observeOn, range, takeWhile, type Observable, type SchedulerLike } from 'rxjs';
import { checkPool, type KernelPool } from '../lib/core/pool.js';
import { checkInteger, checkOneOf, checkOptions, invalidType } from '../lib/core/errors.js';
import type { StepResult } from '../lib/nn/index.js';
import type { GradientEvent } from './event.js';
import { NonFiniteError } from './fail-on-non-finite.js';

/** Anything that trains one step at a time: the trainers of `sublinear/nn`, or your own. */
export interface Steppable {
  /** One step; with `{ pool }` (the trainers of `sublinear/nn`; only called when fromTrainer is given a pool) a Promise of it. */
  step(): StepResult;
}

/** A gradient event from a trainer: the gradient is ∂loss/∂f over the step's inputs; `result` is the whole step. */
export interface TrainerEvent extends GradientEvent<Float64Array> {
  readonly result: StepResult;
}

/** The error a trainer stream fails with when a step is refused (a singular Gauss–Newton system). */
export class TrainerStepError extends Error {
  override name = 'TrainerStepError';
  constructor(readonly result: StepResult) {
    super(`trainer step ${result.step} refused: ${result.message ?? result.status}`);
  }
}

/**
 * The steps of a trainer as a stream of gradient events: each subscription calls `trainer.step()` up
 * to `steps` times (a trainer is stateful: subscribe once), emitting the loss before the step, the
 * output-space gradient f − y as `gradient`, the active-set statistics, neurons touched and solver
 * iterations as `diagnostics`, and the phase timings. Like `range` mapped through `step()`, stopped
 * by `until`, a NaN loss (NonFiniteError) or a refused step (TrainerStepError, unless
 * `onRefused: 'emit'`). Unsubscribing stops before the next step. With `pool`, each step is
 * `await trainer.step({ pool })` (the trainers split their heavy work over it; the events are the same).
 *
 * @example
 * ```ts
 * import { Rng } from 'sublinear/core';
 * import { SparseGaussNewton } from 'sublinear/nn';
 * import { fromTrainer } from 'sublinear/streams';
 * const rng = new Rng(3), n = 8, d = 16;
 * const X = { rows: n, cols: d, data: rng.fillGaussian(new Float64Array(n * d)) };
 * const trainer = new SparseGaussNewton(X, rng.fillGaussian(new Float64Array(n)), { width: 2048, seed: 1 });
 * fromTrainer(trainer, { steps: 3 }).subscribe((e) => console.log(e.step, e.loss.toExponential(2), e.diagnostics?.activeMean));
 * ```
 * @param trainer - an object with step(): StepResult.
 * @param options - `steps` (integer ≥ 0, default 10), `until(event)`, `scheduler` to run each step as a
 *   scheduled task, `onRefused` ('error' | 'emit', default 'error'), `pool` (a KernelPool for the steps).
 * @returns a cold Observable of TrainerEvent.
 * @throws {TypeError} a trainer without step(). @throws {RangeError} steps not an integer ≥ 0.
 */
export function fromTrainer(
  trainer: Steppable,
  options?: { steps?: number; until?: (event: TrainerEvent) => boolean; scheduler?: SchedulerLike; onRefused?: 'error' | 'emit'; pool?: KernelPool },
): Observable<TrainerEvent> {
  const fn = 'fromTrainer';
  if (trainer === null || typeof trainer !== 'object' || typeof trainer.step !== 'function') throw invalidType(fn, 'trainer', 'an object with step()', trainer);
  const o = checkOptions(fn, 'options', options, ['steps', 'until', 'scheduler', 'onRefused', 'pool']);
  const pool = o.pool === undefined ? undefined : checkPool(fn, o.pool, 'options.pool');
  if (o.scheduler !== undefined && (o.scheduler === null || typeof o.scheduler !== 'object' || typeof o.scheduler.schedule !== 'function')) throw invalidType(fn, 'options.scheduler', 'an RxJS scheduler', o.scheduler);
  const steps = checkInteger(fn, 'options.steps', o.steps ?? 10);
  const onRefused = checkOneOf(fn, 'options.onRefused', o.onRefused ?? 'error', ['error', 'emit'] as const);
  const until = o.until;
  const check = (index: number, result: StepResult): TrainerEvent => {
    if (!Number.isFinite(result.loss)) throw new NonFiniteError(index, 'loss', result.loss);
    if (result.status !== 'stepped' && onRefused === 'error') throw new TrainerStepError(result);
    return toEvent(index, result);
  };
  if (until !== undefined && typeof until !== 'function') throw invalidType(fn, 'options.until', 'a function', until);
  return defer(() => range(0, steps)).pipe(
    o.scheduler ? observeOn(o.scheduler) : identity,
    pool
      ? concatMap(async (index) => check(index, await (trainer.step as (options: { pool: KernelPool }) => Promise<StepResult> | StepResult)({ pool })))
      : map((index) => check(index, trainer.step())),
    takeWhile((event) => !(until?.(event) ?? false), true),
  );
}

function toEvent(index: number, result: StepResult): TrainerEvent {
  const { active } = result;
  return {
    step: index,
    loss: result.loss,
    gradient: result.residual,
    diagnostics: {
      activeMean: active.mean, activeMin: active.min, activeMax: active.max,
      activePredicted: active.predicted, activeExpected: active.expected,
      touched: result.touched, solverIterations: result.solverIterations,
    },
    timings: { ...result.timings },
    result,
  };
}
