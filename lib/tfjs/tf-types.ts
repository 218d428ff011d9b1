/**
 * The parts of the tfjs namespace this adapter uses, typed from @tensorflow/tfjs-core with type-only
 * imports: nothing here loads tfjs at run time, so `sublinear/tfjs` imports without it installed, and
 * every function that needs tfjs takes your `tf` namespace (from @tensorflow/tfjs or tfjs-core).
 */
import type * as tfc from '@tensorflow/tfjs-core';
import { invalidRange, invalidType } from '../core/errors.js';

/** A tfjs tensor (from @tensorflow/tfjs-core). */
export type TfTensor = tfc.Tensor;
/** A tfjs variable. */
export type TfVariable = tfc.Variable;
/** A tfjs scalar. */
export type TfScalar = tfc.Scalar;
/** tfjs's `{ name, tensor }`. */
export interface TfNamedTensor { name: string; tensor: tfc.Tensor }
/** tfjs's serializable configuration object. */
export type TfConfigDict = tfc.serialization.ConfigDict;
/** tfjs's `{ [name]: tensor }`. */
export type TfNamedTensorMap = tfc.NamedTensorMap;
/** tfjs's abstract optimizer class. */
export type TfOptimizer = tfc.Optimizer;

/**
 * The tfjs namespace as this package uses it: pass `import * as tf from '@tensorflow/tfjs'` (or
 * tfjs-core with a backend).
 */
export interface TfNamespace {
  tensor: typeof tfc.tensor;
  scalar: typeof tfc.scalar;
  tidy: typeof tfc.tidy;
  dispose: typeof tfc.dispose;
  variableGrads: typeof tfc.variableGrads;
  engine: typeof tfc.engine;
  Optimizer: typeof tfc.Optimizer;
  serialization: { registerClass: typeof tfc.serialization.registerClass };
}

/** A TypeError unless `tf` looks like the tfjs namespace (the members this package calls). */
export function checkTf(fn: string, tf: unknown): TfNamespace {
  const t = tf as Partial<TfNamespace> | null;
  const ok = t !== null && typeof t === 'object' && typeof t.tensor === 'function' && typeof t.tidy === 'function' && typeof t.variableGrads === 'function'
    && typeof t.engine === 'function' && typeof t.Optimizer === 'function' && typeof t.serialization?.registerClass === 'function';
  if (!ok) throw invalidType(fn, 'tf', "the tfjs namespace (import * as tf from '@tensorflow/tfjs')", tf);
  return t as TfNamespace;
}

/** A TypeError unless `value` is a live (not disposed) tfjs tensor. */
export function checkTensor(fn: string, name: string, value: unknown): TfTensor {
  const t = value as Partial<TfTensor> | null;
  if (t === null || typeof t !== 'object' || !Array.isArray(t.shape) || typeof t.dtype !== 'string' || typeof t.dataSync !== 'function') {
    throw invalidType(fn, name, 'a tf.Tensor', value);
  }
  if (t.isDisposed) throw invalidType(fn, name, 'a live tf.Tensor (this one is disposed)', value);
  return t as TfTensor;
}

/** A RangeError naming the first key of `options` that is not in `allowed` (a misspelled option). */
export function checkKnownKeys(fn: string, name: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw invalidRange(fn, `${name}.${key}`, `absent: the options are ${allowed.join(', ')}`, (options as Record<string, unknown>)[key]);
  }
}
