import { invalidRange } from '../core/errors.js';
import { checkNonNegative, checkParams, checkRate } from './checks.js';
import { checkSchedule, valueAt, type Schedule, type Scheduled } from './schedules.js';
import type { GradientTransformation, Params } from './transform.js';

/** State of a transformation driven by a schedule. */
export interface ScheduleState {
  /** Updates taken so far: the schedule is evaluated at this step (0 at the first update). */
  count: number;
}

/**
 * Validates a number-or-schedule hyperparameter: a number must be finite and > 0 (or ≥ 0 with
 * `allowZero`), a schedule must pass checkSchedule.
 */
export function checkScheduled(fn: string, name: string, value: unknown, allowZero = false): Scheduled {
  if (typeof value === 'number' || value === undefined || value === null) return allowZero ? checkNonNegative(fn, name, value) : checkRate(fn, name, value);
  return checkSchedule(fn, name, value);
}

/** The schedule's value at `step`, checked finite (and ≥ 0 unless `signed`) before anything is written. */
export function scheduledValue(fn: string, name: string, schedule: Schedule, step: number, signed = false): number {
  const v = valueAt(schedule, step);
  if (typeof v !== 'number' || !Number.isFinite(v) || (!signed && v < 0)) {
    throw invalidRange(fn, `${name}(${step})`, signed ? 'a finite number' : 'a finite number ≥ 0', v);
  }
  return v;
}

function checkCount(fn: string, state: unknown): number {
  const c = state !== null && typeof state === 'object' ? (state as ScheduleState).count : undefined;
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) throw new TypeError(`${fn}: invalid argument. state.count must be an integer ≥ 0 made by init(params). Value: ${String(c)}.`);
  return c;
}

/**
 * The transformation behind a scheduled factor: out = sign·s(count)·g (+ decay: g + s(count)·params).
 * Private: the public entry points are scaleBySchedule, scaleByLearningRate and addDecayedWeights.
 */
export function scheduledTransform(fn: string, name: string, schedule: Schedule, mode: 'scale' | 'negate' | 'decay'): GradientTransformation<ScheduleState> {
  return {
    init: (params) => { checkParams(`${fn}.init`, 'params', params); return { count: 0 }; },
    update(grads, state, params) {
      checkParams(`${fn}.update`, 'grads', grads);
      if (mode === 'decay') checkParams(`${fn}.update`, 'params', params, grads.length);
      const count = checkCount(`${fn}.update`, state);
      const v = scheduledValue(`${fn}.update`, name, schedule, count, mode === 'scale');
      const out: Params = grads instanceof Float32Array ? new Float32Array(grads.length) : new Float64Array(grads.length);
      if (mode === 'decay') { const p = params!; for (let i = 0; i < grads.length; i++) out[i] = grads[i] + v * p[i]; }
      else { const c = mode === 'negate' ? -v : v; for (let i = 0; i < grads.length; i++) out[i] = c * grads[i]; }
      return [out, { count: count + 1 }];
    },
  };
}

/**
 * Multiplies the updates by a schedule's value at the step (optax's scale_by_schedule); the step
 * count is the state, so the state stays plain data whatever the schedule.
 * @param schedule a ScheduleSpec or a function of the step (values finite).
 * @returns the transformation; state { count }.
 * @throws {TypeError} not a schedule. @throws {RangeError} an invalid ScheduleSpec; at update, a non-finite value.
 * @example
 * ```ts
 * import { linearSchedule, scaleBySchedule } from 'sublinear/optim';
 * const t = scaleBySchedule(linearSchedule({ init: 1, end: 0, steps: 2 }));
 * let s = t.init(new Float64Array(1)), u;
 * [u, s] = t.update(new Float64Array([4]), s); // [4]
 * [u, s] = t.update(new Float64Array([4]), s); // [2]
 * ```
 */
export function scaleBySchedule(schedule: Schedule): GradientTransformation<ScheduleState> {
  return scheduledTransform('scaleBySchedule', 'schedule', checkSchedule('scaleBySchedule', 'schedule', schedule), 'scale');
}
