import { defer, map, type OperatorFunction } from 'rxjs';
import { checkFunction, checkOptions, invalidRange, invalidType } from '../lib/core/errors.js';
import { vectorNorm, type GradientEvent } from './event.js';

/** Running figures attached to each event by `metrics`. */
export interface StepMetrics {
  /** ‖gradient‖₂ of this event. */
  readonly gradientNorm: number;
  /** ‖update‖₂ when the event carries an update, else NaN. */
  readonly updateNorm: number;
  /** Bias-corrected EMA of the loss. */
  readonly lossEma: number;
  /** Smallest loss seen so far. */
  readonly bestLoss: number;
  /** Wall-clock milliseconds since the previous event (NaN for the first). */
  readonly msSinceLast: number;
  /** Events seen so far, this one included. */
  readonly count: number;
}

/**
 * Attaches running metrics (gradient and update norms, a loss EMA, the best loss, time between events)
 * to each event as `event.metrics`. Like `scan`, but emits the event itself, enriched.
 *
 * @example
 * ```ts
 * import { from } from 'rxjs';
 * import { metrics } from 'sublinear/streams';
 * from([4, 2].map((loss, step) => ({ step, loss, gradient: new Float64Array([3, 4]) })))
 *   .pipe(metrics({ lossDecay: 0.5 }))
 *   .subscribe((e) => console.log(e.metrics.gradientNorm, e.metrics.bestLoss)); // 5 4, then 5 2
 * ```
 * @param options - `lossDecay` in [0, 1) for the loss EMA (default 0.9); `now` a clock in ms
 *   (default performance.now), replaceable in tests.
 * @returns an operator adding `metrics` to each event.
 * @throws {RangeError} lossDecay outside [0, 1).
 */
export function metrics<E extends GradientEvent>(options: { lossDecay?: number; now?: () => number } = {}): OperatorFunction<E, E & { metrics: StepMetrics }> {
  const o = checkOptions('metrics', 'options', options, ['lossDecay', 'now']);
  const decay = o.lossDecay ?? 0.9;
  if (typeof decay !== 'number') throw invalidType('metrics', 'options.lossDecay', 'a number in [0, 1)', decay);
  if (!(decay >= 0 && decay < 1)) throw invalidRange('metrics', 'options.lossDecay', 'a number in [0, 1)', decay);
  const now = checkFunction<() => number>('metrics', 'options.now', o.now, true) ?? (() => performance.now());
  // defer: each subscription gets its own running figures.
  return (source) => defer(() => {
    let ema = 0, count = 0, best = Infinity, last = NaN;
    return source.pipe(
      map((event) => {
        const t = now();
        count++;
        ema = decay * ema + (1 - decay) * event.loss;
        best = Math.min(best, event.loss);
        const m: StepMetrics = {
          gradientNorm: vectorNorm(event.gradient),
          updateNorm: event.update ? vectorNorm(event.update) : NaN,
          lossEma: ema / (1 - decay ** count),
          bestLoss: best,
          msSinceLast: t - last,
          count,
        };
        last = t;
        return { ...event, metrics: m };
      }),
    );
  });
}
