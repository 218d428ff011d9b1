import { defer, map, type OperatorFunction } from 'rxjs';
import { invalidType } from '../lib/core/errors.js';
import type { GradientTransformation } from '../lib/optim/transform.js';
import type { GradientEvent, Vector } from './event.js';

/**
 * Runs an optimizer transform (sonew, adam, …) on each event's gradient and attaches the result as
 * `event.update`. Like `scan` with the transform's state as the accumulator: the state is made by
 * `transform.init` from the first event's parameters (or its gradient's shape when the event carries
 * none), is private to each subscription, and moves on with every event.
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { adam } from 'sublinear/optim';
 * import { applyTransform, trainingLoop } from 'sublinear/streams';
 * trainingLoop({
 *   params: new Float64Array([0, 0]),
 *   lossAndGradient: (x) => ({ loss: (x[0] - 1) ** 2 + (x[1] + 2) ** 2, gradient: new Float64Array([2 * (x[0] - 1), 2 * (x[1] + 2)]) }),
 *   pipeline: applyTransform(adam({ lr: 0.1 })),
 *   steps: 200,
 * }).pipe(map((e) => e.loss)).subscribe((loss) => console.log(loss)); // falls towards 0
 * ```
 * @param transform - a GradientTransformation from `sublinear/optim`.
 * @returns an operator adding `update` to each event.
 * @throws {TypeError} transform without init and update.
 */
export function applyTransform<V extends Vector, E extends GradientEvent<V>, S>(transform: GradientTransformation<S, V>): OperatorFunction<E, E & { update: V }> {
  if (transform === null || typeof transform !== 'object' || typeof transform.init !== 'function' || typeof transform.update !== 'function') {
    throw invalidType('applyTransform', 'transform', 'a GradientTransformation { init, update }', transform);
  }
  return (source) => defer(() => {
    let state: S | undefined;
    return source.pipe(
      map((event) => {
        const params = event.params;
        if (state === undefined) state = transform.init(params ?? (new (event.gradient.constructor as new (n: number) => V)(event.gradient.length)));
        const [update, next] = transform.update(event.gradient as V, state, params as V | undefined);
        state = next;
        return { ...event, update };
      }),
    );
  });
}
