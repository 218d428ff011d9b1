import { map, type OperatorFunction } from 'rxjs';
import { checkBoolean, checkOptions } from '../lib/core/errors.js';
import type { GradientEvent } from './event.js';

/** The error a gradient stream fails with when a step's loss or gradient is NaN or ±Infinity. */
export class NonFiniteError extends RangeError {
  override name = 'NonFiniteError';
  constructor(readonly step: number, readonly what: string, readonly value: number) {
    super(`training diverged at step ${step}: ${what} is ${value}`);
  }
}

/**
 * Passes events through and errors the stream with a NonFiniteError at the first NaN or ±Infinity loss
 * (or gradient entry, with `checkGradient`). Like `map(identity)`, but a divergence becomes a stream error.
 *
 * @example
 * ```ts
 * import { of } from 'rxjs';
 * import { failOnNonFinite } from 'sublinear/streams';
 * of({ step: 0, loss: 1, gradient: new Float64Array(1) }, { step: 1, loss: NaN, gradient: new Float64Array(1) })
 *   .pipe(failOnNonFinite())
 *   .subscribe({ error: (e) => console.log(e.message) }); // training diverged at step 1: loss is NaN
 * ```
 * @param options - `checkGradient` (default false) also scans every gradient entry, O(D) per event.
 * @returns an operator on gradient events.
 */
export function failOnNonFinite<E extends GradientEvent>(options: { checkGradient?: boolean } = {}): OperatorFunction<E, E> {
  const o = checkOptions('failOnNonFinite', 'options', options, ['checkGradient']);
  const checkGradient = checkBoolean('failOnNonFinite', 'options.checkGradient', o.checkGradient, false);
  return map((event) => {
    if (!Number.isFinite(event.loss)) throw new NonFiniteError(event.step, 'loss', event.loss);
    if (checkGradient) {
      const g = event.gradient;
      for (let i = 0; i < g.length; i++) if (!Number.isFinite(g[i])) throw new NonFiniteError(event.step, `gradient[${i}]`, g[i]);
    }
    return event;
  });
}
