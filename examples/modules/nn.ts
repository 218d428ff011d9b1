/** sublinear/nn: sparse Gauss–Newton (threshold-search trees, implicit weights) and a small MLP. */
import { Rng } from 'sublinear/core';
import { Mlp, SparseGaussNewton, trainMlp } from 'sublinear/nn';
import { adam } from 'sublinear/optim';

export function run(): string[] {
  const rng = new Rng(1), n = 8, d = 64;
  const X = { rows: n, cols: d, data: rng.fillGaussian(new Float64Array(n * d)) };
  const y = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));
  const trainer = new SparseGaussNewton(X, y, { width: 512, seed: 1 });
  const losses: number[] = [];
  for (let t = 0; t < 4; t++) losses.push(trainer.step().loss);
  const images = { rows: 64, cols: 8, data: Float64Array.from({ length: 64 * 8 }, () => rng.uniform()) }; // pixels in [0, 1)
  const net = new Mlp({ sizes: [8, 16, 8] });
  const params = net.initParams(1);
  const start = net.loss(params, images, images);
  trainMlp(net, params, { inputs: images, targets: images }, adam({ lr: 1e-2 }), { steps: 30, batchSize: 16 });
  const end = net.loss(params, images, images);
  return [
    `sparse Gauss–Newton losses: ${losses.map((l) => l.toExponential(6)).join(' ')}`,
    `MLP autoencoder loss: ${start.toFixed(6)} → ${end.toFixed(6)} (${end < start ? 'fell' : 'DID NOT FALL'})`,
  ];
}
