import { map, type OperatorFunction } from 'rxjs';
import { nrm2 } from '../lib/core/blas.js';
import { checkPositive } from '../lib/core/errors.js';
import { copyVector, vectorNorm, type GradientEvent } from './event.js';
import { NonFiniteError } from './fail-on-non-finite.js';

/**
 * Scales each event's gradient so its Euclidean norm is at most `maxNorm` (a copy; the source's array
 * is untouched). Like optax's `clip_by_global_norm`, applied to each event of a stream.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { clipByNorm } from 'sublinear/streams';
 * of({ step: 0, loss: 1, gradient: new Float64Array([3, 4]) })
 *   .pipe(clipByNorm(1))
 *   .subscribe((e) => console.log(e.gradient)); // Float64Array [0.6, 0.8]
 * ```
 * @param maxNorm - the largest gradient norm let through, > 0.
 * @returns an operator on gradient events.
 * @throws {RangeError} maxNorm not finite and > 0. In the stream: NonFiniteError (a RangeError) for a NaN or ±Infinity gradient entry.
 */
export function clipByNorm<E extends GradientEvent>(maxNorm: number): OperatorFunction<E, E> {
  checkPositive('clipByNorm', 'maxNorm', maxNorm);
  return map((event) => {
    let norm = vectorNorm(event.gradient);
    if (norm <= maxNorm) return event;
    if (!Number.isFinite(norm)) {
      // A NaN or ±Infinity entry cannot be clipped: refuse it instead of emitting NaN. Finite entries
      // whose squares overflow get the scaled norm.
      const g = event.gradient;
      for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) throw new NonFiniteError(event.step, `gradient[${i}]`, g[i]);
      norm = nrm2(g.length, g);
    }
    const gradient = copyVector(event.gradient);
    const scale = maxNorm / norm;
    for (let i = 0; i < gradient.length; i++) gradient[i] *= scale;
    return { ...event, gradient };
  });
}
