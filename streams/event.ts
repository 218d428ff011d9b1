import { invalidType } from '../lib/core/errors.js';

/** A flat parameter or gradient vector. */
export type Vector = Float64Array | Float32Array;

/**
 * One step of training as it flows down a gradient stream. Every array in an event is owned by the
 * event: sources and operators copy before emitting, so a subscriber may keep an event for as long as
 * it likes and no later step will overwrite it.
 */
export interface GradientEvent<V extends Vector = Vector> {
  /** 0-based step index. */
  readonly step: number;
  /** The loss at the parameters the gradient was taken at. */
  readonly loss: number;
  /** ∇loss (or whatever direction the source produced), length D. */
  readonly gradient: V;
  /** A snapshot of the parameters the gradient was taken at, when the source provides it. */
  readonly params?: V;
  /** The update to add to the parameters, once an optimizer transform has run. */
  readonly update?: V;
  /** What the trainer knows about this step (active counts, solver iterations, …). */
  readonly diagnostics?: Readonly<Record<string, number>>;
  /** Milliseconds per phase of this step. */
  readonly timings?: Readonly<Record<string, number>>;
}

/** A fresh copy of a vector of the same type. */
export function copyVector<V extends Vector>(v: V): V {
  checkVector('copyVector', 'v', v);
  return v.slice() as V;
}

/** A zeroed vector of the same type and length as `like`. */
export function emptyLike<V extends Vector>(like: V): V {
  return new (like.constructor as new (n: number) => V)(like.length);
}

/** Euclidean norm of a vector, accumulated in float64. */
export function vectorNorm(v: Vector): number {
  checkVector('vectorNorm', 'v', v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** A TypeError unless `v` is a Float64Array or Float32Array. */
export function checkVector(fn: string, name: string, v: unknown): Vector {
  if (!(v instanceof Float64Array || v instanceof Float32Array)) throw invalidType(fn, name, 'a Float64Array or Float32Array', v);
  return v;
}
