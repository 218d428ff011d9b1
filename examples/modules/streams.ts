/** sublinear/streams: a training loop as an RxJS stream (clip, adam), metrics, and a progress bar with no terminal. */
import { lastValueFrom, pipe, toArray } from 'rxjs';
import { adam } from 'sublinear/optim';
import { applyTransform, clipByNorm, metrics, progressBar, trainingLoop } from 'sublinear/streams';

export async function run(): Promise<string[]> {
  const events = await lastValueFrom(trainingLoop({
    params: new Float64Array([4, -3]),
    lossAndGradient: (x) => ({ loss: x[0] ** 2 + 10 * x[1] ** 2, gradient: new Float64Array([2 * x[0], 20 * x[1]]) }),
    pipeline: pipe(clipByNorm(10), applyTransform(adam({ lr: 0.1 }))),
    steps: 300,
  }).pipe(metrics(), progressBar({ total: 300 }), toArray()));
  const first = events[0], last = events[events.length - 1];
  return [
    `steps: ${events.length}`,
    `loss: ${first.loss.toFixed(3)} → ${last.loss.toExponential(6)}`,
    `last gradient norm: ${last.metrics.gradientNorm.toExponential(6)}`,
  ];
}
