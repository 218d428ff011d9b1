import { checkInteger, invalidType } from '../core/errors.js';
import { checkParams, zerosLike } from './checks.js';
import type { GradientTransformation, Params } from './transform.js';

/** State of applyIfFinite. */
export interface ApplyIfFiniteState<S> {
  /** Non-finite gradients in a row, up to now (0 after a finite one). */
  notfiniteCount: number;
  /** Whether the last gradient was finite. */
  lastFinite: boolean;
  /** Non-finite gradients seen in all, finite or not applied. */
  totalNotfinite: number;
  /** The inner transformation's state, left as it was by every skipped step. */
  inner: S;
}

function hasNonFinite(g: Params): boolean {
  let acc = 0;
  for (let i = 0; i < g.length; i++) acc += g[i] - g[i]; // NaN iff some entry is NaN or ±Infinity
  return acc !== 0;
}

/**
 * Skips steps whose gradients hold a NaN or ±Infinity (optax's apply_if_finite): such a step returns
 * zero updates and leaves the inner state untouched, and is counted in `notfiniteCount` (in a row)
 * and `totalNotfinite`. After more than `maxConsecutiveErrors` non-finite steps in a row the inner
 * transformation is applied anyway (so a run that is truly broken shows it).
 * @param inner the transformation to protect (any flat transformation or recipe).
 * @param maxConsecutiveErrors how many non-finite steps in a row to skip (integer ≥ 0).
 * @returns the transformation; state ApplyIfFiniteState.
 * @throws {TypeError} inner without init/update. @throws {RangeError} maxConsecutiveErrors not an integer ≥ 0.
 * @example
 * ```ts
 * import { adam, applyIfFinite } from 'sublinear/optim';
 * const opt = applyIfFinite(adam({ lr: 0.1 }), 3);
 * let state = opt.init(new Float64Array(2)), u;
 * [u, state] = opt.update(new Float64Array([NaN, 1]), state); // u = [0, 0], skipped
 * console.log(state.totalNotfinite, state.lastFinite); // 1 false
 * ```
 */
export function applyIfFinite<S>(inner: GradientTransformation<S>, maxConsecutiveErrors: number): GradientTransformation<ApplyIfFiniteState<S>> {
  const fn = 'applyIfFinite';
  if (inner === null || typeof inner !== 'object' || typeof inner.init !== 'function' || typeof inner.update !== 'function') throw invalidType(fn, 'inner', 'a GradientTransformation { init, update }', inner);
  const max = checkInteger(fn, 'maxConsecutiveErrors', maxConsecutiveErrors);
  return {
    init: (params) => ({ notfiniteCount: 0, lastFinite: true, totalNotfinite: 0, inner: inner.init(params) }),
    update(grads, state, params) {
      checkParams(`${fn}.update`, 'grads', grads);
      if (state === null || typeof state !== 'object' || !Number.isInteger(state.notfiniteCount) || !Number.isInteger(state.totalNotfinite) || !('inner' in state)) {
        throw invalidType(`${fn}.update`, 'state', 'the ApplyIfFiniteState made by init(params)', state);
      }
      const finite = !hasNonFinite(grads);
      const notfiniteCount = finite ? 0 : state.notfiniteCount + 1;
      const totalNotfinite = finite ? state.totalNotfinite : state.totalNotfinite + 1;
      if (!finite && notfiniteCount <= max) {
        return [zerosLike(grads), { notfiniteCount, lastFinite: false, totalNotfinite, inner: state.inner }];
      }
      const [updates, next] = inner.update(grads, state.inner, params);
      return [updates, { notfiniteCount, lastFinite: finite, totalNotfinite, inner: next }];
    },
  };
}
