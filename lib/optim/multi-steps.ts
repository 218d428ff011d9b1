import { checkInteger, invalidType } from '../core/errors.js';
import { checkParams, checkStateArray, zerosLike } from './checks.js';
import type { GradientTransformation } from './transform.js';

/** State of multiSteps. */
export interface MultiStepsState<S> {
  /** Gradients accumulated since the last inner step, 0 … every − 1. */
  miniStep: number;
  /** Inner steps taken. */
  gradientStep: number;
  /** Sum of the gradients since the last inner step, in float64, one entry per parameter. */
  accumulated: Float64Array;
  /** The inner transformation's state. */
  inner: S;
}

/**
 * Gradient accumulation (optax's MultiSteps): `every` calls make one inner step on the mean of their
 * gradients; the other calls return zero updates. The sum is kept in float64, and the mean is rounded
 * to the gradients' dtype before the inner step, so multiSteps(t, k) is exactly t on the mean of k.
 * @param inner the transformation that steps on the mean.
 * @param every how many gradients per step (integer ≥ 1).
 * @returns the transformation; state MultiStepsState.
 * @throws {TypeError} inner without init/update. @throws {RangeError} every not an integer ≥ 1.
 * @example
 * ```ts
 * import { multiSteps, sgd } from 'sublinear/optim';
 * const opt = multiSteps(sgd({ lr: 1 }), 2);
 * let s = opt.init(new Float64Array(1)), u;
 * [u, s] = opt.update(new Float64Array([1]), s); // [0]: accumulating
 * [u, s] = opt.update(new Float64Array([3]), s); // [-2]: one step on the mean
 * ```
 */
export function multiSteps<S>(inner: GradientTransformation<S>, every: number): GradientTransformation<MultiStepsState<S>> {
  const fn = 'multiSteps';
  if (inner === null || typeof inner !== 'object' || typeof inner.init !== 'function' || typeof inner.update !== 'function') throw invalidType(fn, 'inner', 'a GradientTransformation { init, update }', inner);
  const k = checkInteger(fn, 'every', every, 1);
  return {
    init: (params) => ({ miniStep: 0, gradientStep: 0, accumulated: new Float64Array(checkParams(`${fn}.init`, 'params', params).length), inner: inner.init(params) }),
    update(grads, state, params) {
      const n = checkParams(`${fn}.update`, 'grads', grads).length;
      checkStateArray(`${fn}.update`, state, 'accumulated', n);
      const mini = state.miniStep;
      if (!Number.isInteger(mini) || mini < 0 || mini >= k) throw invalidType(`${fn}.update`, 'state.miniStep', `an integer in [0, ${k}) made by init(params)`, mini);
      const acc = state.accumulated;
      if (mini + 1 < k) {
        for (let i = 0; i < n; i++) acc[i] += grads[i];
        return [zerosLike(grads), { ...state, miniStep: mini + 1 }];
      }
      const mean = zerosLike(grads);
      for (let i = 0; i < n; i++) mean[i] = (acc[i] + grads[i]) / k;
      const [updates, next] = inner.update(mean, state.inner, params);
      acc.fill(0);
      return [updates, { miniStep: 0, gradientStep: state.gradientStep + 1, accumulated: acc, inner: next }];
    },
  };
}
