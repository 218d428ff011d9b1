import { invalidRange, invalidType } from '../core/errors.js';
import { checkParams } from './checks.js';
import { applyUpdates, type GradientTransformation, type NamedParams, type Params } from './transform.js';

/**
 * One optimizer step applied in place: `update` then `applyUpdates(params, updates)`, returning the
 * next state. Where the transformation has a fused `step` (the adam and rmsprop recipes with a
 * constant lr), that runs instead: params and state are written by one pass of the fused op and no
 * updates array is made, with the same params and state bit for bit. With params, grads and state
 * resident (`wasmArray` from sublinear/core; the recipes' init makes the state resident) the step
 * copies nothing.
 *
 * @param opt - the transformation (an optimizer from this module, or any `{ init, update }`).
 * @param params - the parameters, written in place.
 * @param grads - the gradients (not written).
 * @param state - the state from `opt.init(params)` or the previous step (updated in place where the transformation does so).
 * @returns the next state; keep only it.
 * @throws {TypeError} opt not a transformation, params or grads not typed arrays (or records of them).
 * @throws {RangeError} lengths that differ; whatever `opt.update` throws (nothing is written then).
 * @example
 * ```ts
 * import { adam, applyStep } from 'sublinear/optim';
 * const opt = adam({ lr: 0.1 }), p = new Float32Array([1, 2]);
 * let state = opt.init(p);
 * state = applyStep(opt, p, new Float32Array([1, -1]), state);
 * console.log(p); // ≈ [0.9, 2.1]: what update + applyUpdates give, in one pass
 * ```
 */
export function applyStep<S, P extends Params | NamedParams>(opt: GradientTransformation<S, P>, params: P, grads: P, state: S): S {
  if (opt === null || typeof opt !== 'object' || typeof opt.update !== 'function') throw invalidType('applyStep', 'opt', 'a GradientTransformation { init, update }', opt);
  if ((params instanceof Float32Array || params instanceof Float64Array) && typeof opt.step === 'function') {
    checkParams('applyStep', 'grads', grads, params.length);
    return opt.step(params, grads, state);
  }
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw invalidType('applyStep', 'params', 'a Float32Array, a Float64Array or a record of them', params);
  if (params instanceof Float32Array || params instanceof Float64Array) checkParams('applyStep', 'grads', grads, params.length);
  else checkRecords(params as NamedParams, grads as NamedParams);
  const [updates, next] = opt.update(grads, state, params);
  applyUpdates(params, updates);
  return next;
}

/** Named params and grads: typed arrays under the same names, of the same lengths (checked before update writes the state). */
function checkRecords(params: NamedParams, grads: NamedParams): void {
  if (grads === null || typeof grads !== 'object' || Array.isArray(grads)) throw invalidType('applyStep', 'grads', 'a record of typed arrays like params', grads);
  const names = Object.keys(params);
  for (const name of names) {
    checkParams('applyStep', `params.${name}`, params[name]);
    checkParams('applyStep', `grads.${name}`, grads[name], params[name].length);
  }
  if (Object.keys(grads).length !== names.length) throw invalidRange('applyStep', 'grads', `the same names as params (${names.join(', ')})`, grads);
}
