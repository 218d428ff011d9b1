import { map, type OperatorFunction } from 'rxjs';
import { invalidRange, invalidType } from '../lib/core/errors.js';
import type { Sketch } from '../lib/sketch/sketch.js';
import type { GradientEvent, Vector } from './event.js';

/**
 * Replaces each gradient g (length N) by its sketch S g (length s), e.g. to log, compare or
 * communicate gradients in s ≪ N numbers: inner products and norms of sketched gradients approximate
 * the originals within the sketch's distortion. Like `map(g => S g)`; `update` and `params` are
 * dropped because they no longer match the gradient's length.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { createSketch } from 'sublinear/sketch';
 * import { sketchGradient } from 'sublinear/streams';
 * const S = createSketch({ kind: 'srht', rows: 64, cols: 1000, seed: 7 });
 * of({ step: 0, loss: 1, gradient: new Float64Array(1000).fill(0.01) })
 *   .pipe(sketchGradient(S))
 *   .subscribe((e) => console.log(e.gradient.length)); // 64
 * ```
 * @param sketch - a Sketch from `createSketch` with `cols` equal to the gradient length.
 * @returns an operator on gradient events.
 * @throws {TypeError} not a sketch. The stream errors with a RangeError for a gradient of the wrong length.
 */
export function sketchGradient<E extends GradientEvent>(sketch: Sketch): OperatorFunction<E, Omit<E, 'update' | 'params'> & GradientEvent> {
  if (sketch === null || typeof sketch !== 'object' || typeof sketch.applyVector !== 'function' || !Number.isInteger(sketch.cols)) throw invalidType('sketchGradient', 'sketch', 'a Sketch from createSketch', sketch);
  return map((event) => {
    if (event.gradient.length !== sketch.cols) throw invalidRange('sketchGradient', 'event.gradient.length', `${sketch.cols} (the sketch's cols)`, event.gradient.length);
    const { update: _u, params: _p, ...rest } = event;
    return { ...rest, gradient: sketch.applyVector(event.gradient) as Vector };
  });
}
