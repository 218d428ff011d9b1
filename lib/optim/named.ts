import { invalidRange, invalidType } from '../core/errors.js';
import { checkParams } from './checks.js';
import { cloneState } from './clone-state.js';
import type { GradientTransformation, NamedParams, Params } from './transform.js';

/** State of multiTransform / perTensor: one sub-state per tensor name. */
export type NamedState = Record<string, unknown>;

function checkNamed(fn: string, name: string, value: unknown): NamedParams {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Array.isArray(value)) {
    throw invalidType(fn, name, 'a record of Float32Array/Float64Array tensors', value);
  }
  for (const [k, v] of Object.entries(value)) checkParams(fn, `${name}.${k}`, v);
  return value as NamedParams;
}

/**
 * Optimizes named tensors, each with the flat transformation its label picks: e.g. SONew for
 * weight matrices and Adam for biases and other 1-D tensors. Each tensor has its own state (so
 * SONew's band and graft stay inside a tensor).
 * @param transforms flat transformations by label.
 * @param labelOf the label of a tensor, from its name and values (called at init).
 * @returns a transformation over NamedParams.
 * @throws {TypeError} transforms not a record of transformations; at init, a label without a transform.
 * @example
 * ```ts
 * import { adam, applyUpdates, multiTransform, sonew } from 'sublinear/optim';
 * const opt = multiTransform(
 *   { sonew: sonew({ lr: 1e-3, band: 2 }), adam: adam({ lr: 1e-3 }) },
 *   (name) => (name.endsWith('bias') ? 'adam' : 'sonew'),
 * );
 * const params = { 'w': new Float32Array(6).fill(0.5), 'bias': new Float32Array(2) };
 * let state = opt.init(params);
 * const grads = { 'w': new Float32Array(6).fill(0.1), 'bias': new Float32Array([1, -1]) };
 * const [updates, next] = opt.update(grads, state, params);
 * applyUpdates(params, updates);
 * state = next;
 * ```
 */
export function multiTransform(
  transforms: Record<string, GradientTransformation<any, Params>>,
  labelOf: (name: string, tensor: Params) => string,
): GradientTransformation<NamedState, NamedParams> {
  const fn = 'multiTransform';
  if (transforms === null || typeof transforms !== 'object') throw invalidType(fn, 'transforms', 'a record of GradientTransformations', transforms);
  for (const [k, t] of Object.entries(transforms)) {
    if (t === null || typeof t !== 'object' || typeof t.init !== 'function' || typeof t.update !== 'function') throw invalidType(fn, `transforms.${k}`, 'a GradientTransformation { init, update }', t);
  }
  if (typeof labelOf !== 'function') throw invalidType(fn, 'labelOf', 'a function (name, tensor) => label', labelOf);
  const labels = new Map<string, string>();
  const labelFor = (name: string, tensor: Params): string => {
    let label = labels.get(name);
    if (label === undefined) {
      label = labelOf(name, tensor);
      if (typeof label !== 'string' || !Object.hasOwn(transforms, label)) throw invalidRange(fn, `labelOf('${name}')`, `one of ${Object.keys(transforms).join(', ')}`, label);
      labels.set(name, label);
    }
    return label;
  };
  return {
    init(params) {
      checkNamed(`${fn}.init`, 'params', params);
      const state: NamedState = {};
      for (const [name, p] of Object.entries(params)) state[name] = transforms[labelFor(name, p)].init(p);
      return state;
    },
    update(grads, state, params) {
      checkNamed(`${fn}.update`, 'grads', grads);
      if (state === null || typeof state !== 'object') throw invalidType(`${fn}.update`, 'state', 'the record made by init(params)', state);
      for (const name of Object.keys(grads)) {
        if (!Object.hasOwn(state, name)) throw invalidRange(`${fn}.update`, `grads.${name}`, `a tensor named at init (${Object.keys(state).join(', ')})`, grads[name]);
      }
      // Validate every tensor before any tensor's state is written (a transform without validate runs on a copy).
      for (const [name, g] of Object.entries(grads)) transforms[labelFor(name, g)].validate?.(g, state[name], params?.[name]);
      const allValidate = Object.entries(grads).every(([name, g]) => typeof transforms[labelFor(name, g)].validate === 'function');
      const work = allValidate ? state : cloneState(state);
      const updates: NamedParams = {}, next: NamedState = {};
      for (const [name, g] of Object.entries(grads)) {
        [updates[name], next[name]] = transforms[labelFor(name, g)].update(g, work[name], params?.[name]);
      }
      return [updates, next];
    },
  };
}

/**
 * Applies one flat transformation to each named tensor separately (each with its own state).
 * @param transform the flat transformation.
 * @returns a transformation over NamedParams.
 * @throws {TypeError} transform without init/update.
 * @example
 * ```ts
 * import { adam, perTensor } from 'sublinear/optim';
 * const opt = perTensor(adam({ lr: 0.1 }));
 * const p = { a: new Float64Array(2), b: new Float64Array(3) };
 * const [u] = opt.update({ a: new Float64Array([1, 1]), b: new Float64Array([1, 2, 3]) }, opt.init(p), p);
 * ```
 */
export function perTensor(transform: GradientTransformation<any, Params>): GradientTransformation<NamedState, NamedParams> {
  if (transform === null || typeof transform !== 'object' || typeof transform.init !== 'function' || typeof transform.update !== 'function') {
    throw invalidType('perTensor', 'transform', 'a GradientTransformation { init, update }', transform);
  }
  return multiTransform({ all: transform }, () => 'all');
}
