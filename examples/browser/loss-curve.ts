/**
 * A live loss curve: logistic regression on 400 synthetic points in 8 dimensions, trained as an RxJS
 * stream (trainingLoop → clipByNorm → Adam), one step per timer tick (asyncScheduler), so the page
 * redraws the SVG polyline as the events arrive. With `?report`, the final numbers are POSTed to /result.
 */
import { asyncScheduler, pipe } from 'rxjs';
import { Rng } from 'sublinear/core';
import { adam } from 'sublinear/optim';
import { applyTransform, clipByNorm, metrics, trainingLoop } from 'sublinear/streams';

const n = 400, d = 8, steps = 120;
const rng = new Rng(5);
const truth = rng.fillGaussian(new Float64Array(d));
const X = rng.fillGaussian(new Float64Array(n * d));
const y = Float64Array.from({ length: n }, (_, i) => {
  let s = 0;
  for (let k = 0; k < d; k++) s += X[i * d + k] * truth[k];
  return s > 0 ? 1 : 0;
});

/** Mean logistic loss and its gradient at weights w. */
function lossAndGradient(w: Float64Array): { loss: number; gradient: Float64Array } {
  const gradient = new Float64Array(d);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let k = 0; k < d; k++) z += X[i * d + k] * w[k];
    const p = 1 / (1 + Math.exp(-z));
    loss += Math.max(z, 0) - z * y[i] + Math.log1p(Math.exp(-Math.abs(z)));
    for (let k = 0; k < d; k++) gradient[k] += ((p - y[i]) * X[i * d + k]) / n;
  }
  return { loss: loss / n, gradient };
}

const polyline = document.getElementById('loss')!;
const status = document.getElementById('status')!;
const losses: number[] = [];
const draw = (): void => {
  const top = losses[0];
  polyline.setAttribute('points', losses.map((l, i) => `${(i / (steps - 1)) * 620 + 10},${310 - (l / top) * 300}`).join(' '));
};

trainingLoop({
  params: new Float64Array(d),
  lossAndGradient,
  pipeline: pipe(clipByNorm(1), applyTransform(adam({ lr: 0.1 }))),
  steps,
  scheduler: asyncScheduler,
}).pipe(metrics()).subscribe({
  next: (e) => {
    losses.push(e.loss);
    draw();
    status.textContent = `step ${e.step + 1}/${steps}: loss ${e.loss.toFixed(4)}, EMA ${e.metrics.lossEma.toFixed(4)}`;
  },
  error: (e: unknown) => { status.textContent = `failed: ${String(e)}`; },
  complete: () => {
    status.textContent = `done: ${losses.length} steps, loss ${losses[0].toFixed(4)} → ${losses[losses.length - 1].toFixed(4)}`;
    if (new URLSearchParams(location.search).has('report')) {
      void fetch('/result', { method: 'POST', body: JSON.stringify({ losses, points: polyline.getAttribute('points')!.split(' ').length }) });
    }
  },
});
