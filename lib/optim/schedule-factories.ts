import { checkSchedule, type Schedule, type ScheduleSpec } from './schedules.js';

type Spec<K extends ScheduleSpec['kind']> = Extract<ScheduleSpec, { kind: K }>;

/**
 * The same value at every step.
 * @param value the value (finite).
 * @returns the schedule, plain data.
 * @throws {TypeError} value not a number. @throws {RangeError} NaN or ±Infinity.
 * @example
 * ```ts
 * import { adam, constantSchedule } from 'sublinear/optim';
 * const opt = adam({ lr: constantSchedule(1e-3) }); // the same steps as adam({ lr: 1e-3 })
 * ```
 */
export function constantSchedule(value: number): Spec<'constant'> {
  return checkSchedule('constantSchedule', 'value', { kind: 'constant', value }) as Spec<'constant'>;
}

/**
 * From `init` to `end` in a straight line over `steps` steps, starting at step `begin` (optax's
 * linear_schedule): value(t) = init + (end − init)·clip((t − begin)/steps, 0, 1).
 * @param options init, end (finite), steps > 0, begin (integer ≥ 0, default 0).
 * @returns the schedule, plain data.
 * @throws {TypeError} a missing field. @throws {RangeError} a value out of range or an unknown key.
 * @example
 * ```ts
 * import { linearSchedule, scheduleValue } from 'sublinear/optim';
 * const s = linearSchedule({ init: 0, end: 1, steps: 4 });
 * console.log([0, 1, 4, 9].map((t) => scheduleValue(s, t))); // [0, 0.25, 1, 1]
 * ```
 */
export function linearSchedule(options: { init: number; end: number; steps: number; begin?: number }): Spec<'linear'> {
  return checkSchedule('linearSchedule', 'options', { ...options, kind: 'linear' }) as Spec<'linear'>;
}

/**
 * Cosine decay from `init` to `alpha·init` over `decaySteps` steps, then constant (optax's
 * cosine_decay_schedule): init·((1 − alpha)·(½(1 + cos(π·min(t, decaySteps)/decaySteps)))^exponent + alpha).
 * @param options init (finite), decaySteps > 0, alpha (default 0), exponent > 0 (default 1).
 * @returns the schedule, plain data.
 * @throws {TypeError} a missing field. @throws {RangeError} a value out of range or an unknown key.
 * @example
 * ```ts
 * import { cosineDecaySchedule, scheduleValue } from 'sublinear/optim';
 * const s = cosineDecaySchedule({ init: 1, decaySteps: 100 });
 * console.log(scheduleValue(s, 50)); // 0.5 (up to rounding)
 * ```
 */
export function cosineDecaySchedule(options: { init: number; decaySteps: number; alpha?: number; exponent?: number }): Spec<'cosine'> {
  return checkSchedule('cosineDecaySchedule', 'options', { ...options, kind: 'cosine' }) as Spec<'cosine'>;
}

/**
 * Linear warmup from `init` to `peak` over `warmupSteps` steps, then cosine decay to `end` by step
 * `decaySteps` (which counts the warmup), as optax's warmup_cosine_decay_schedule.
 * @param options init, peak, end (default 0) finite; warmupSteps integer ≥ 0; decaySteps > warmupSteps;
 *   exponent > 0 (default 1).
 * @returns the schedule, plain data.
 * @throws {TypeError} a missing field. @throws {RangeError} a value out of range or an unknown key.
 * @example
 * ```ts
 * import { adamw, warmupCosineDecaySchedule } from 'sublinear/optim';
 * const lr = warmupCosineDecaySchedule({ init: 0, peak: 1e-3, warmupSteps: 100, decaySteps: 1000, end: 1e-5 });
 * const opt = adamw({ lr, weightDecay: 1e-4 });
 * ```
 */
export function warmupCosineDecaySchedule(options: { init: number; peak: number; warmupSteps: number; decaySteps: number; end?: number; exponent?: number }): Spec<'warmupCosine'> {
  return checkSchedule('warmupCosineDecaySchedule', 'options', { ...options, kind: 'warmupCosine' }) as Spec<'warmupCosine'>;
}

/**
 * Starts at `init` and is multiplied by `scales[i]` from step `boundaries[i]` on (optax's
 * piecewise_constant_schedule, the scales cumulative).
 * @param options init (finite), boundaries (strictly increasing integers ≥ 0), scales (one finite number per boundary).
 * @returns the schedule, plain data.
 * @throws {TypeError} arrays missing. @throws {RangeError} boundaries out of order, lengths that differ.
 * @example
 * ```ts
 * import { piecewiseConstantSchedule, scheduleValue } from 'sublinear/optim';
 * const s = piecewiseConstantSchedule({ init: 1, boundaries: [10, 20], scales: [0.1, 0.5] });
 * console.log([9, 10, 20].map((t) => scheduleValue(s, t))); // [1, 0.1, 0.05]
 * ```
 */
export function piecewiseConstantSchedule(options: { init: number; boundaries: number[]; scales: number[] }): Spec<'piecewiseConstant'> {
  return checkSchedule('piecewiseConstantSchedule', 'options', { ...options, kind: 'piecewiseConstant' }) as Spec<'piecewiseConstant'>;
}

/**
 * One schedule after another (optax's join_schedules): `schedules[0]` before `boundaries[0]`, then
 * `schedules[i]` evaluated at t − boundaries[i − 1] (each schedule starts again from its step 0).
 * @param schedules the schedules (plain data or functions). @param boundaries strictly increasing steps, one fewer than schedules.
 * @returns the schedule: plain data when every part is.
 * @throws {TypeError} not schedules. @throws {RangeError} boundaries out of order or of the wrong count.
 * @example
 * ```ts
 * import { constantSchedule, joinSchedules, linearSchedule, scheduleValue } from 'sublinear/optim';
 * const s = joinSchedules([linearSchedule({ init: 0, end: 1, steps: 10 }), constantSchedule(0.5)], [10]);
 * console.log([5, 10, 50].map((t) => scheduleValue(s, t))); // [0.5, 0.5, 0.5]
 * ```
 */
export function joinSchedules(schedules: Schedule[], boundaries: number[]): Spec<'join'> {
  return checkSchedule('joinSchedules', 'join', { kind: 'join', schedules, boundaries }) as Spec<'join'>;
}
