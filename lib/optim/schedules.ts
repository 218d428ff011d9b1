import { checkFinite, checkInteger, invalidRange, invalidType } from '../core/errors.js';

/**
 * A schedule as plain data (optax's schedules, described instead of closed over): it survives
 * `structuredClone`, `postMessage` and JSON, and `scheduleValue` evaluates it. Steps count from 0.
 *
 * - `constant`: value.
 * - `linear`: init → end over `steps` steps starting at `begin` (default 0), then end.
 * - `cosine`: init·((1 − alpha)·(½(1 + cos(π·min(t, decaySteps)/decaySteps)))^exponent + alpha).
 * - `warmupCosine`: linear init → peak over `warmupSteps`, then cosine from peak to `end` over the
 *   remaining `decaySteps − warmupSteps` steps (decaySteps counts the warmup, as in optax).
 * - `piecewiseConstant`: init, multiplied by `scales[i]` from step `boundaries[i]` on (cumulative).
 * - `join`: `schedules[0]` until `boundaries[0]`, then `schedules[1]` evaluated at t − boundaries[0], ….
 */
export type ScheduleSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'linear'; init: number; end: number; steps: number; begin?: number }
  | { kind: 'cosine'; init: number; decaySteps: number; alpha?: number; exponent?: number }
  | { kind: 'warmupCosine'; init: number; peak: number; warmupSteps: number; decaySteps: number; end?: number; exponent?: number }
  | { kind: 'piecewiseConstant'; init: number; boundaries: number[]; scales: number[] }
  | { kind: 'join'; schedules: Schedule[]; boundaries: number[] };

/**
 * A plain-data ScheduleSpec, or your own function of the step. A function works anywhere a schedule
 * is taken, but it is not cloneable: an optimizer built with one cannot be described to a worker or
 * a checkpoint as data (its state still can: the step count lives in the state).
 */
export type Schedule = ScheduleSpec | ((step: number) => number);

/** A hyperparameter that is a number, or a schedule of the step. */
export type Scheduled = number | Schedule;

const KINDS = ['constant', 'linear', 'cosine', 'warmupCosine', 'piecewiseConstant', 'join'] as const;
const KEYS: Record<ScheduleSpec['kind'], readonly string[]> = {
  constant: ['value'],
  linear: ['init', 'end', 'steps', 'begin'],
  cosine: ['init', 'decaySteps', 'alpha', 'exponent'],
  warmupCosine: ['init', 'peak', 'warmupSteps', 'decaySteps', 'end', 'exponent'],
  piecewiseConstant: ['init', 'boundaries', 'scales'],
  join: ['schedules', 'boundaries'],
};

function positive(fn: string, name: string, v: unknown): number {
  const x = checkFinite(fn, name, v);
  if (!(x > 0)) throw invalidRange(fn, name, 'a finite number > 0', x);
  return x;
}

function increasingSteps(fn: string, name: string, v: unknown, length?: number): number[] {
  if (!Array.isArray(v)) throw invalidType(fn, name, 'an array of step numbers', v);
  if (length !== undefined && v.length !== length) throw invalidRange(fn, `${name}.length`, `${length}`, v.length);
  v.forEach((b, i) => {
    checkInteger(fn, `${name}[${i}]`, b);
    if (i > 0 && !(b > v[i - 1])) throw invalidRange(fn, `${name}[${i}]`, `a step > ${name}[${i - 1}] (${v[i - 1]})`, b);
  });
  return v;
}

/**
 * Validates a schedule (recursively for `join`): a TypeError for the wrong kind of value, a
 * RangeError for an unknown kind or key, a non-finite number or steps out of order.
 * @param fn the public function, for the message. @param name the argument's name.
 * @param value the schedule.
 * @returns value, unchanged.
 */
export function checkSchedule(fn: string, name: string, value: unknown): Schedule {
  if (typeof value === 'function') return value as (step: number) => number;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidType(fn, name, 'a schedule ({ kind, … } or a function of the step)', value);
  const s = value as Record<string, unknown> & { kind: unknown };
  if (!(KINDS as readonly unknown[]).includes(s.kind)) throw invalidRange(fn, `${name}.kind`, `one of ${KINDS.map((k) => `'${k}'`).join(', ')}`, s.kind);
  const kind = s.kind as ScheduleSpec['kind'];
  for (const key of Object.keys(s)) {
    if (key !== 'kind' && !KEYS[kind].includes(key)) throw invalidRange(fn, `${name}.${key}`, `absent: a '${kind}' schedule takes ${KEYS[kind].join(', ')}`, s[key]);
  }
  const num = (key: string, dflt?: number) => checkFinite(fn, `${name}.${key}`, s[key] ?? dflt);
  switch (kind) {
    case 'constant': num('value'); break;
    case 'linear': num('init'); num('end'); positive(fn, `${name}.steps`, s.steps); checkInteger(fn, `${name}.begin`, s.begin ?? 0); break;
    case 'cosine': num('init'); positive(fn, `${name}.decaySteps`, s.decaySteps); num('alpha', 0); positive(fn, `${name}.exponent`, s.exponent ?? 1); break;
    case 'warmupCosine': {
      num('init'); num('peak'); num('end', 0); positive(fn, `${name}.exponent`, s.exponent ?? 1);
      const warm = checkInteger(fn, `${name}.warmupSteps`, s.warmupSteps);
      const decay = checkFinite(fn, `${name}.decaySteps`, s.decaySteps);
      if (!(decay > warm)) throw invalidRange(fn, `${name}.decaySteps`, `a number > warmupSteps (${warm}): it counts the warmup`, decay);
      break;
    }
    case 'piecewiseConstant': {
      num('init');
      const b = increasingSteps(fn, `${name}.boundaries`, s.boundaries);
      if (!Array.isArray(s.scales)) throw invalidType(fn, `${name}.scales`, 'an array of numbers, one per boundary', s.scales);
      if (s.scales.length !== b.length) throw invalidRange(fn, `${name}.scales.length`, `${b.length} (one per boundary)`, s.scales.length);
      s.scales.forEach((x, i) => checkFinite(fn, `${name}.scales[${i}]`, x));
      break;
    }
    case 'join': {
      if (!Array.isArray(s.schedules) || s.schedules.length === 0) throw invalidType(fn, `${name}.schedules`, 'a non-empty array of schedules', s.schedules);
      s.schedules.forEach((c, i) => checkSchedule(fn, `${name}.schedules[${i}]`, c));
      increasingSteps(fn, `${name}.boundaries`, s.boundaries, s.schedules.length - 1);
      break;
    }
  }
  return value as ScheduleSpec;
}

/**
 * The value of a schedule at a step (a pure function of its arguments). Trusts a schedule that
 * checkSchedule (or a schedule factory) accepted.
 * @param schedule a ScheduleSpec or a function of the step.
 * @param step the step, an integer ≥ 0.
 * @returns the schedule's value.
 * @throws {RangeError} step not an integer ≥ 0.
 * @example
 * ```ts
 * import { scheduleValue } from 'sublinear/optim';
 * console.log(scheduleValue({ kind: 'linear', init: 1, end: 0, steps: 10 }, 5)); // 0.5
 * ```
 */
export function scheduleValue(schedule: Schedule, step: number): number {
  checkInteger('scheduleValue', 'step', step);
  return valueAt(schedule, step);
}

/** scheduleValue without the step check (the transforms' inner loop). */
export function valueAt(s: Schedule, t: number): number {
  if (typeof s === 'function') return s(t);
  switch (s.kind) {
    case 'constant': return s.value;
    case 'linear': {
      const c = Math.min(Math.max(t - (s.begin ?? 0), 0), s.steps);
      return (s.init - s.end) * (1 - c / s.steps) + s.end;
    }
    case 'cosine': {
      const alpha = s.alpha ?? 0, c = Math.min(t, s.decaySteps);
      const cos = 0.5 * (1 + Math.cos((Math.PI * c) / s.decaySteps));
      return s.init * ((1 - alpha) * cos ** (s.exponent ?? 1) + alpha);
    }
    case 'warmupCosine': {
      const end = s.end ?? 0;
      if (t < s.warmupSteps) return valueAt({ kind: 'linear', init: s.init, end: s.peak, steps: s.warmupSteps }, t);
      const alpha = s.peak === 0 ? 0 : end / s.peak;
      return valueAt({ kind: 'cosine', init: s.peak, decaySteps: s.decaySteps - s.warmupSteps, alpha, exponent: s.exponent }, t - s.warmupSteps);
    }
    case 'piecewiseConstant': {
      let v = s.init;
      for (let i = 0; i < s.boundaries.length && t >= s.boundaries[i]; i++) v *= s.scales[i];
      return v;
    }
    case 'join': {
      let i = 0;
      while (i < s.boundaries.length && t >= s.boundaries[i]) i++;
      return valueAt(s.schedules[i], i === 0 ? t : t - s.boundaries[i - 1]);
    }
  }
}
