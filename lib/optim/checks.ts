/** Private validation helpers of the optim layer (the public factories and updates call them once). */
import { checkFinite, checkPositive, invalidRange, invalidType } from '../core/errors.js';

/** A flat parameter (or gradient, or update) vector. */
export type Params = Float32Array | Float64Array;

/** A TypeError unless `value` is a Float32Array or Float64Array (of `length`, when given: RangeError). */
export function checkParams(fn: string, name: string, value: unknown, length?: number): Params {
  if (!(value instanceof Float32Array || value instanceof Float64Array)) throw invalidType(fn, name, 'a Float32Array or Float64Array', value);
  if (length !== undefined && value.length !== length) {
    throw invalidRange(fn, `${name}.length`, `${length} (the length the state was initialized with; call init(params) again for new parameters)`, value.length);
  }
  return value;
}

/** A RangeError unless 0 ≤ value < 1 (a decay rate). */
export function checkDecay(fn: string, name: string, value: unknown): number {
  const v = checkFinite(fn, name, value);
  if (!(v >= 0 && v < 1)) throw invalidRange(fn, name, 'a number in [0, 1)', v);
  return v;
}

/** A RangeError unless value > 0 (a learning rate or a norm bound). */
export function checkRate(fn: string, name: string, value: unknown): number {
  return checkPositive(fn, name, value);
}

/** A RangeError unless value ≥ 0 (an ε or a weight decay). */
export function checkNonNegative(fn: string, name: string, value: unknown): number {
  return checkPositive(fn, name, value, true);
}

/** A TypeError unless `value` is an object (undefined gives {}). */
export function checkHyper<T extends object>(fn: string, value: T | undefined): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidType(fn, 'options', 'an object of hyperparameters', value);
  return value;
}

/** A new zeroed array of the same kind and length as `like`. */
export function zerosLike(like: Params): Params {
  return like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length);
}

/** A TypeError unless `state` is an object holding the typed array `field` of `length`. */
export function checkStateArray(fn: string, state: unknown, field: string, length: number): void {
  const v = state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[field] : undefined;
  if (!((v instanceof Float32Array || v instanceof Float64Array) && v.length === length)) {
    throw invalidType(fn, `state.${field}`, `a typed array of length ${length} made by init(params) of this transform (the gradients have length ${length})`, v);
  }
}
