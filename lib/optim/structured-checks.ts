/** Private validation helpers of the structured transforms (shampoo, galore): option keys, shapes, finite gradients. */
import { checkInteger, invalidRange, invalidType } from '../core/errors.js';
import type { Params } from './transform.js';

/** A matrix shape [rows, cols] for a tensor of a given length, or a function of the length (undefined: 1-D). */
export type TensorShape = readonly [rows: number, cols: number] | ((length: number) => readonly [rows: number, cols: number] | undefined);

/** A RangeError naming the first key of `options` that is not in `known`. */
export function checkKnownKeys(fn: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw invalidRange(fn, `options.${key}`, `one of the known options (${known.join(', ')})`, key);
  }
}

/** Validates a shape option at the factory: a pair of integers ≥ 1, a function, or undefined. */
export function checkShapeOption(fn: string, shape: unknown): TensorShape | undefined {
  if (shape === undefined || typeof shape === 'function') return shape as TensorShape | undefined;
  if (!Array.isArray(shape) || shape.length !== 2) throw invalidType(fn, 'options.shape', 'a pair [rows, cols] or a function (length) => [rows, cols] | undefined', shape);
  checkInteger(fn, 'options.shape[0]', shape[0], 1);
  checkInteger(fn, 'options.shape[1]', shape[1], 1);
  return shape as unknown as TensorShape;
}

/** The [rows, cols] of the tensor `name` of `length` under `shape`, or undefined for a 1-D tensor; a RangeError when rows·cols ≠ length. */
export function resolveShape(fn: string, name: string, shape: TensorShape | undefined, length: number): readonly [number, number] | undefined {
  if (shape === undefined) return undefined;
  const s = typeof shape === 'function' ? shape(length) : shape;
  if (s === undefined || s === null) return undefined;
  if (!Array.isArray(s) || s.length !== 2) throw invalidType(fn, 'options.shape(length)', 'a pair [rows, cols] or undefined', s);
  const rows = checkInteger(fn, 'options.shape[0]', s[0], 1), cols = checkInteger(fn, 'options.shape[1]', s[1], 1);
  if (rows * cols !== length) throw invalidRange(fn, `${name}.length`, `${rows * cols} (rows·cols of options.shape [${rows}, ${cols}])`, length);
  return [rows, cols];
}

/** A RangeError naming the first NaN or ±Infinity of the gradients (checked before any state is written). */
export function checkFiniteGrads(fn: string, grads: Params): void {
  for (let i = 0; i < grads.length; i++) {
    if (!Number.isFinite(grads[i])) throw invalidRange(fn, `grads[${i}]`, 'a finite number', grads[i]);
  }
}

/** A TypeError unless `state` is an object with an integer count ≥ 0; returns it. */
export function checkCount(fn: string, state: unknown): number {
  const c = state !== null && typeof state === 'object' ? (state as { count?: unknown }).count : undefined;
  if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) throw invalidType(fn, 'state.count', 'an integer ≥ 0 made by init(params)', c);
  return c;
}
