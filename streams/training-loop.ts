import { map, Observable, Subject, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { checkFiniteArray, checkInteger, checkOptions, invalidRange, invalidType } from '../lib/core/errors.js';
import { copyVector, type GradientEvent, type Vector } from './event.js';
import { trampoline } from './trampoline.js';
import { NonFiniteError } from './fail-on-non-finite.js';

/** What a gradient function returns for the parameters it is given. */
export interface LossAndGradient<V extends Vector = Vector> {
  loss: number;
  gradient: V;
  diagnostics?: Record<string, number>;
  timings?: Record<string, number>;
}

/** Options of trainingLoop. */
export interface TrainingLoopOptions<V extends Vector> {
  /** Initial parameters; copied, never written. */
  params: V;
  /** The loss and gradient at `params` for step `step`. Its arrays may be reused by it: the loop copies. */
  lossAndGradient: (params: V, step: number) => LossAndGradient<V>;
  /**
   * Gradient events in, events carrying `update` out, one for one (e.g. `applyTransform(adam(…))`,
   * possibly after `clipByNorm`, or an offloaded step). May be asynchronous: the next step starts when
   * the update of this one arrives. Default: plain gradient descent with step 1 (update = −gradient).
   */
  pipeline?: OperatorFunction<GradientEvent<V>, GradientEvent<V>>;
  /** Stop after this many steps (default 100). */
  steps?: number;
  /** Stop after the first event for which this returns true (it is emitted). */
  until?: (event: GradientEvent<V>) => boolean;
  /** Run each step as a task on this scheduler (e.g. asyncScheduler, to yield between steps); default: synchronously. */
  scheduler?: SchedulerLike;
}

/**
 * A training loop as a stream: at each step it takes the loss and gradient at the current parameters,
 * sends the gradient event through `pipeline`, adds the update that comes back to the parameters, and
 * emits the event (with `params` holding the parameters after the update). It completes after `steps`
 * steps or when `until` says so, errors with NonFiniteError on a NaN or infinite loss, and stops
 * computing as soon as the subscriber unsubscribes (a synchronous loop checks before every step).
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { trainingLoop } from 'sublinear/streams';
 * // minimize ½‖x − 3‖² by gradient descent with step 0.5
 * trainingLoop({
 *   params: new Float64Array([0]),
 *   lossAndGradient: (x) => ({ loss: 0.5 * (x[0] - 3) ** 2, gradient: new Float64Array([x[0] - 3]) }),
 *   pipeline: map((e) => ({ ...e, update: e.gradient.map((g) => -0.5 * g) })),
 *   steps: 20,
 * }).subscribe((e) => console.log(e.step, e.loss)); // the loss quarters every step
 * ```
 * @param options - see TrainingLoopOptions.
 * @returns a cold Observable of events; each subscription trains from `options.params` afresh.
 * @throws {TypeError} params not a Float64Array/Float32Array, lossAndGradient not a function.
 * @throws {RangeError} non-finite params, steps not a non-negative integer.
 */
export function trainingLoop<V extends Vector>(options: TrainingLoopOptions<V>): Observable<GradientEvent<V>> {
  const fn = 'trainingLoop';
  if (options === undefined) throw invalidType(fn, 'options', 'an object { params, lossAndGradient, … }', options);
  checkOptions(fn, 'options', options, ['params', 'lossAndGradient', 'pipeline', 'steps', 'until', 'scheduler']);
  const { params: initial, lossAndGradient, pipeline = descend as unknown as OperatorFunction<GradientEvent<V>, GradientEvent<V>>, until, scheduler } = options;
  if (!(initial instanceof Float64Array || initial instanceof Float32Array)) throw invalidType(fn, 'options.params', 'a Float64Array or Float32Array', initial);
  checkFiniteArray(fn, 'options.params', initial);
  if (typeof lossAndGradient !== 'function') throw invalidType(fn, 'options.lossAndGradient', 'a function', lossAndGradient);
  const steps = checkInteger(fn, 'options.steps', options.steps ?? 100);
  if (until !== undefined && typeof until !== 'function') throw invalidType(fn, 'options.until', 'a function', until);
  if (typeof pipeline !== 'function') throw invalidType(fn, 'options.pipeline', 'an RxJS operator (a function from Observable to Observable)', pipeline);
  if (scheduler !== undefined && (scheduler === null || typeof scheduler !== 'object' || typeof scheduler.schedule !== 'function')) throw invalidType(fn, 'options.scheduler', 'an RxJS scheduler', scheduler);

  return new Observable<GradientEvent<V>>((subscriber) => {
    const params = copyVector(initial);
    const input = new Subject<GradientEvent<V>>();
    let step = 0;

    const runStep = () => {
      if (subscriber.closed) return;
      let event: GradientEvent<V>;
      try {
        const out = lossAndGradient(params, step);
        if (!Number.isFinite(out.loss)) throw new NonFiniteError(step, 'loss', out.loss);
        if (out.gradient?.length !== params.length) throw invalidRange(fn, 'lossAndGradient(…).gradient.length', `${params.length} (the parameter count)`, out.gradient?.length);
        event = { step, loss: out.loss, gradient: copyVector(out.gradient), params: copyVector(params), diagnostics: out.diagnostics, timings: out.timings };
      } catch (error) {
        subscriber.error(error);
        return;
      }
      input.next(event);
    };
    const next = scheduler ? () => { subscriber.add(scheduler.schedule(runStep)); } : trampoline(runStep, () => subscriber.closed);

    subscriber.add(input.pipe(pipeline).subscribe({
      next: (event) => {
        const update = event.update;
        if (!update || update.length !== params.length) {
          subscriber.error(invalidRange(fn, 'pipeline output .update', `a vector of length ${params.length}`, update));
          return;
        }
        for (let i = 0; i < params.length; i++) params[i] += update[i];
        subscriber.next({ ...event, params: copyVector(params) });
        step++;
        let stop = step >= steps;
        try {
          stop ||= until?.(event) ?? false;
        } catch (error) {
          subscriber.error(error);
          return;
        }
        if (stop) subscriber.complete();
        else next();
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    }));
    if (steps === 0) subscriber.complete();
    else next();
    return () => input.complete();
  });
}

/** The default pipeline: update = −gradient. */
function descend<V extends Vector>(source: Observable<GradientEvent<V>>): Observable<GradientEvent<V>> {
  return source.pipe(map((e) => ({ ...e, update: e.gradient.map((g) => -g) as V })));
}
