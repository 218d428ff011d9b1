import { checkFinite, invalidType } from '../core/errors.js';
import { checkDecay, checkHyper, checkParams, checkRate, checkStateArray, checkNonNegative, zerosLike } from './checks.js';
import type { GradientTransformation, Params } from './transform.js';
import { checkScheduled, scheduledTransform, type ScheduleState } from './scale-by-schedule.js';
import type { Schedule, Scheduled } from './schedules.js';

/** The state of a transformation that keeps none. */
export type EmptyState = Record<string, never>;

function stateless(fn: string, map: (g: Params, out: Params, params: Params | undefined) => void, needsParams = false): GradientTransformation<EmptyState> {
  return {
    init: (params) => { checkParams(`${fn}.init`, 'params', params); return {}; },
    update(grads, state, params) {
      checkParams(`${fn}.update`, 'grads', grads);
      if (needsParams) checkParams(`${fn}.update`, 'params', params, grads.length);
      const out = zerosLike(grads);
      map(grads, out, params);
      return [out, state];
    },
  };
}

/**
 * Multiplies the updates by a constant.
 * @param factor the constant (finite).
 * @returns the transformation (no state).
 * @throws {RangeError} a non-finite factor.
 * @example
 * ```ts
 * import { scale } from 'sublinear/optim';
 * const t = scale(0.5);
 * console.log(t.update(new Float64Array([2, 4]), t.init(new Float64Array(2)))[0]); // [1, 2]
 * ```
 */
export function scale(factor: number): GradientTransformation<EmptyState> {
  const c = checkFinite('scale', 'factor', factor);
  return stateless('scale', (g, out) => { for (let i = 0; i < g.length; i++) out[i] = c * g[i]; });
}

/**
 * Multiplies the updates by −lr: the last step of every recipe (a descent direction becomes a step).
 * @param lr the learning rate: a number > 0, or a schedule of the step (see ScheduleSpec).
 * @returns the transformation (no state for a number; `{ count }` for a schedule).
 * @throws {RangeError} lr not a finite number > 0, an invalid schedule; at update, a scheduled value not finite ≥ 0.
 * @example
 * ```ts
 * import { scaleByLearningRate } from 'sublinear/optim';
 * const t = scaleByLearningRate(0.1);
 * console.log(t.update(new Float64Array([1]), t.init(new Float64Array(1)))[0]); // [-0.1]
 * ```
 */
export function scaleByLearningRate(lr: number): GradientTransformation<EmptyState>;
export function scaleByLearningRate(lr: Schedule): GradientTransformation<ScheduleState>;
export function scaleByLearningRate(lr: Scheduled): GradientTransformation<EmptyState | ScheduleState>;
export function scaleByLearningRate(lr: Scheduled): GradientTransformation<any> {
  if (typeof lr !== 'number') return scheduledTransform('scaleByLearningRate', 'lr', checkScheduled('scaleByLearningRate', 'lr', lr) as Schedule, 'negate');
  const c = -checkRate('scaleByLearningRate', 'lr', lr);
  return stateless('scaleByLearningRate', (g, out) => { for (let i = 0; i < g.length; i++) out[i] = c * g[i]; });
}

/**
 * Adds weightDecay·params to the updates (decoupled weight decay when placed before the learning rate).
 * @param weightDecay the coefficient: a number ≥ 0, or a schedule of the step.
 * @returns the transformation (no state for a number; `{ count }` for a schedule); its update needs params.
 * @throws {RangeError} a negative or non-finite coefficient. @throws {TypeError} update without params.
 * @example
 * ```ts
 * import { addDecayedWeights } from 'sublinear/optim';
 * const t = addDecayedWeights(0.1), p = new Float64Array([10]);
 * console.log(t.update(new Float64Array([1]), t.init(p), p)[0]); // [2]
 * ```
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<EmptyState>;
export function addDecayedWeights(weightDecay: Schedule): GradientTransformation<ScheduleState>;
export function addDecayedWeights(weightDecay: Scheduled): GradientTransformation<EmptyState | ScheduleState>;
export function addDecayedWeights(weightDecay: Scheduled): GradientTransformation<any> {
  if (typeof weightDecay !== 'number') return scheduledTransform('addDecayedWeights', 'weightDecay', checkScheduled('addDecayedWeights', 'weightDecay', weightDecay, true) as Schedule, 'decay');
  const c = checkNonNegative('addDecayedWeights', 'weightDecay', weightDecay);
  return stateless('addDecayedWeights', (g, out, p) => { for (let i = 0; i < g.length; i++) out[i] = g[i] + c * p![i]; }, true);
}

/**
 * Scales the updates down so their Euclidean norm is at most maxNorm (unchanged when already below).
 * @param maxNorm the bound (> 0).
 * @returns the transformation (no state).
 * @throws {RangeError} maxNorm not a finite number > 0.
 * @example
 * ```ts
 * import { clipByGlobalNorm } from 'sublinear/optim';
 * const t = clipByGlobalNorm(1);
 * console.log(t.update(new Float64Array([3, 4]), t.init(new Float64Array(2)))[0]); // [0.6, 0.8]
 * ```
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<EmptyState> {
  const bound = checkRate('clipByGlobalNorm', 'maxNorm', maxNorm);
  return stateless('clipByGlobalNorm', (g, out) => {
    let big = 0;
    for (let i = 0; i < g.length; i++) big = Math.max(big, Math.abs(g[i]));
    let ss = 0;
    if (big > 0) for (let i = 0; i < g.length; i++) { const v = g[i] / big; ss += v * v; }
    const norm = big * Math.sqrt(ss);
    const c = norm > bound ? bound / norm : 1;
    for (let i = 0; i < g.length; i++) out[i] = c * g[i];
  });
}

/** State of trace: the running momentum, one entry per parameter. */
export interface TraceState {
  /** t ← decay·t + g, same dtype and length as the parameters. */
  trace: Params;
}

/**
 * Momentum: t ← decay·t + g; the update is t (or g + decay·t with nesterov).
 * @param options decay in [0, 1) (default 0.9); nesterov (default false).
 * @returns the transformation.
 * @throws {RangeError} decay outside [0, 1). @throws {TypeError} options not an object.
 * @example
 * ```ts
 * import { trace } from 'sublinear/optim';
 * const t = trace({ decay: 0.5 });
 * let s = t.init(new Float64Array(1)), u;
 * [u, s] = t.update(new Float64Array([1]), s);
 * [u, s] = t.update(new Float64Array([1]), s); // u = [1.5]
 * ```
 */
export function trace(options?: { decay?: number; nesterov?: boolean }): GradientTransformation<TraceState> {
  const o = checkHyper('trace', options);
  const decay = checkDecay('trace', 'options.decay', o.decay ?? 0.9);
  const nesterov = o.nesterov ?? false;
  if (typeof nesterov !== 'boolean') throw invalidType('trace', 'options.nesterov', 'a boolean', nesterov);
  return {
    init: (params) => ({ trace: zerosLike(checkParams('trace.init', 'params', params)) }),
    update(grads, state) {
      checkParams('trace.update', 'grads', grads);
      checkStateArray('trace.update', state, 'trace', grads.length);
      const t = state.trace, out = zerosLike(grads);
      for (let i = 0; i < grads.length; i++) {
        const v = decay * t[i] + grads[i];
        t[i] = v;
        out[i] = nesterov ? grads[i] + decay * v : v;
      }
      return [out, state];
    },
  };
}
