import { map, scan, type OperatorFunction } from 'rxjs';
import { invalidRange, invalidType } from '../lib/core/errors.js';
import { emptyLike, type GradientEvent } from './event.js';

/**
 * Replaces each gradient by its bias-corrected exponential moving average: like `scan`, with
 * m_t = decay·m_{t−1} + (1 − decay)·g_t as the accumulator, emitted as m_t / (1 − decay^{t+1}).
 * Each emitted gradient is a fresh array.
 *
 * @example
 * ```ts
 * import { from } from 'rxjs';
 * import { emaGradient } from 'sublinear/streams';
 * from([1, 3].map((g, step) => ({ step, loss: 0, gradient: new Float64Array([g]) })))
 *   .pipe(emaGradient(0.5))
 *   .subscribe((e) => console.log(e.gradient[0])); // 1, then (0.5·1 + 0.5·3)/(1 − 0.25) = 2.333…
 * ```
 * @param decay - in [0, 1); 0 passes gradients through unchanged.
 * @returns an operator on gradient events.
 * @throws {RangeError} decay outside [0, 1); a gradient whose length differs from the first one's.
 */
export function emaGradient<E extends GradientEvent>(decay: number): OperatorFunction<E, E> {
  if (typeof decay !== 'number') throw invalidType('emaGradient', 'decay', 'a number in [0, 1)', decay);
  if (!(decay >= 0 && decay < 1)) throw invalidRange('emaGradient', 'decay', 'a number in [0, 1)', decay);
  interface Acc { average: Float64Array | null; count: number; event: E | null }
  const seed: Acc = { average: null, count: 0, event: null };
  return (source) =>
    source.pipe(
      scan((acc: Acc, event: E): Acc => {
        const g = event.gradient;
        if (acc.average !== null && acc.average.length !== g.length) {
          throw invalidRange('emaGradient', 'event.gradient.length', `${acc.average.length} (the length of earlier gradients)`, g.length);
        }
        const average = acc.average ?? new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) average[i] = decay * average[i] + (1 - decay) * g[i];
        const count = acc.count + 1;
        const correction = 1 - decay ** count;
        const gradient = emptyLike(g);
        for (let i = 0; i < g.length; i++) gradient[i] = average[i] / correction;
        return { average, count, event: { ...event, gradient } };
      }, seed),
      map((acc) => acc.event!),
    );
}
