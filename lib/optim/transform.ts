import { invalidRange, invalidType } from '../core/errors.js';
import { axpy } from '../core/kernels/ops.js';
import { checkParams, type Params } from './checks.js';
import { cloneState } from './clone-state.js';

export type { Params } from './checks.js';

/** Named tensors: one flat vector per tensor (`{ 'dense1.weight': …, 'dense1.bias': … }`). */
export type NamedParams = Record<string, Params>;

/**
 * An optimizer step as a pair of pure functions (optax style). `init(params)` makes the state, a
 * plain object of typed arrays and numbers (structured-clonable: it can go to a worker or a
 * checkpoint). `update(grads, state, params?)` returns the updates (add them to the parameters with
 * applyUpdates) and the next state. For speed, update may write into `state`'s arrays and return the
 * same object: keep only the returned state. Updates are always new arrays; grads are never written.
 */
export interface GradientTransformation<S, P = Params> {
  init(params: P): S;
  update(grads: P, state: S, params?: P): [updates: P, state: S];
  /**
   * Optional: throws exactly what `update(grads, state, params)` would throw for bad input, and
   * writes nothing. chain and multiTransform call it on every link before the first link writes, so
   * a refused update leaves every sub-state as it was. A transformation without it runs on a
   * structured clone of its state inside chain (same result, one copy per step).
   */
  validate?(grads: P, state: S, params?: P): void;
  /**
   * Optional: `update` then `applyUpdates(params, updates)` in one go, params written in place and no
   * updates array made (the adam and rmsprop recipes' fused ops); the same params and state bit for
   * bit. Returns the next state. Call it through `applyStep`, which falls back to update + applyUpdates.
   */
  step?(params: P, grads: P, state: S): S;
}

/** The state type of a transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S, unknown> ? S : never;

/**
 * Applies transformations one after another: the updates of each are the gradients of the next. The
 * state is the array of the sub-states, in order.
 *
 * @param transforms the transformations, first applied first.
 * @returns their composition.
 * @throws {TypeError} a transform without init/update; at update, a state that this chain's init did not make.
 * @example
 * ```ts
 * import { applyUpdates, chain, clipByGlobalNorm, scaleByAdam, scaleByLearningRate } from 'sublinear/optim';
 * const opt = chain(clipByGlobalNorm(1), scaleByAdam(), scaleByLearningRate(1e-3));
 * const params = new Float64Array([1, 2, 3]);
 * let state = opt.init(params);
 * const [updates, next] = opt.update(new Float64Array([0.1, -0.2, 0.3]), state, params);
 * applyUpdates(params, updates);
 * state = next;
 * ```
 */
export function chain<P = Params, T extends GradientTransformation<any, P>[] = GradientTransformation<any, P>[]>(
  ...transforms: T
): GradientTransformation<{ [K in keyof T]: StateOf<T[K]> }, P> {
  return chainAs('chain', ...transforms);
}

/** chain, reporting a state of the wrong shape as `${fn}.update` (the recipes name themselves). */
export function chainAs<P = Params, T extends GradientTransformation<any, P>[] = GradientTransformation<any, P>[]>(
  fn: string, ...transforms: T
): GradientTransformation<{ [K in keyof T]: StateOf<T[K]> }, P> {
  transforms.forEach((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.init !== 'function' || typeof t.update !== 'function') {
      throw invalidType(fn, `transforms[${i}]`, 'a GradientTransformation { init, update }', t);
    }
  });
  type S = { [K in keyof T]: StateOf<T[K]> };
  const allValidate = transforms.every((t) => typeof t.validate === 'function');
  const validate = (grads: P, state: S, params?: P) => {
    if (!Array.isArray(state) || state.length !== transforms.length) {
      throw invalidType(`${fn}.update`, 'state', `the array of ${transforms.length} sub-states made by ${fn === 'chain' ? "this chain's" : 'its'} init(params)`, state);
    }
    // Every link sees updates of the gradients' shape, so checking each against grads checks them all.
    for (let i = 0; i < transforms.length; i++) transforms[i].validate?.(grads, state[i], params);
  };
  return {
    init: (params) => transforms.map((t) => t.init(params)) as unknown as S,
    ...(allValidate ? { validate } : {}),
    update(grads, state, params) {
      validate(grads, state, params);
      const next: unknown[] = new Array(transforms.length);
      let updates = grads;
      // When a link cannot validate up front, every link works on a copy, so a throw anywhere leaves the caller's state as it was.
      const work = allValidate ? state : cloneState(state);
      for (let i = 0; i < transforms.length; i++) [updates, next[i]] = transforms[i].update(updates, work[i], params);
      return [updates, next as unknown as S];
    },
  };
}

/**
 * In place, params += updates (flat vectors, or named tensors name by name).
 *
 * @param params the parameters, written in place.
 * @param updates the updates of a transformation.
 * @returns params.
 * @throws {TypeError} not typed arrays, or names that differ. @throws {RangeError} lengths that differ.
 * @example
 * ```ts
 * import { applyUpdates } from 'sublinear/optim';
 * const p = new Float32Array([1, 2]);
 * applyUpdates(p, new Float32Array([0.5, -1])); // p = [1.5, 1]
 * ```
 */
export function applyUpdates<P extends Params | NamedParams>(params: P, updates: P): P {
  if (params instanceof Float32Array || params instanceof Float64Array) {
    const u = checkParams('applyUpdates', 'updates', updates, params.length);
    // p ← p + 1·u through the axpy op (wasm by default): the same bits as p[i] += u[i], one pass in SIMD
    axpy(params.length, 1, u, 1, 0, params, 1, 0);
    return params;
  }
  if (params === null || typeof params !== 'object') throw invalidType('applyUpdates', 'params', 'a Float32Array, a Float64Array or a record of them', params);
  const named = params as NamedParams, upd = updates as NamedParams;
  if (upd === null || typeof upd !== 'object') throw invalidType('applyUpdates', 'updates', 'a record of typed arrays', upd);
  for (const name of Object.keys(named)) {
    checkParams('applyUpdates', `params.${name}`, named[name]);
    checkParams('applyUpdates', `updates.${name}`, upd[name], named[name].length);
  }
  if (Object.keys(upd).length !== Object.keys(named).length) throw invalidRange('applyUpdates', 'updates', `the same names as params (${Object.keys(named).join(', ')})`, upd);
  for (const name of Object.keys(named)) applyUpdates(named[name], upd[name]);
  return params;
}
