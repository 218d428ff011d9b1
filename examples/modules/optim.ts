/** sublinear/optim: sonew, shampoo and adam on a separable quadratic; the loss must fall. */
import { adam, applyUpdates, shampoo, sonew, type GradientTransformation, type Params } from 'sublinear/optim';

function minimize<S>(opt: GradientTransformation<S, Params>, steps: number): [number, number] {
  const params = new Float64Array(100).fill(1);
  const loss = () => params.reduce((s, x, i) => s + ((i % 10) + 1) * x * x / 2, 0);
  const first = loss();
  let state = opt.init(params);
  for (let step = 0; step < steps; step++) {
    const grads = params.map((x, i) => ((i % 10) + 1) * x);
    const [updates, next] = opt.update(grads, state, params);
    applyUpdates(params, updates);
    state = next;
  }
  return [first, loss()];
}

export function run(): string[] {
  const [s0, s1] = minimize(sonew({ lr: 1e-2, band: 4 }), 50);
  const [a0, a1] = minimize(adam({ lr: 0.05 }), 50);
  const [h0, h1] = minimize(shampoo({ lr: 0.05, shape: [10, 10], updateEvery: 5 }), 50);
  return [
    `shampoo: ${h0.toFixed(3)} → ${h1.toExponential(9)} (${h1 < h0 ? 'fell' : 'DID NOT FALL'})`,
    `sonew: ${s0.toFixed(3)} → ${s1.toExponential(9)} (${s1 < s0 ? 'fell' : 'DID NOT FALL'})`,
    `adam: ${a0.toFixed(3)} → ${a1.toExponential(9)} (${a1 < a0 ? 'fell' : 'DID NOT FALL'})`,
  ];
}
